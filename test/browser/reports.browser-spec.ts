import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { EXCELLENT_REVIEW } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, importFixture, type BrowserWorld } from './world';

/**
 * Journeys 3 and 4 of issue 14, from the login page: the 数据局 has opened monitoring; the
 * submitter fills the 监控表 of 数字化建设 with one indicator far off its target, saves and sees
 * the API's red light, submits; both reviewers approve on the same page. Then the evaluation:
 * the submitter enters the worked example of docs/spec/domain.md §6, sees the scores, the total
 * 93.33 and the grade 优, submits; both reviewers approve; the declaration is closed.
 * What comes before (import, submit, approve, open the phases) is prepared through the API.
 */

let c: Console;
let w: BrowserWorld;
let id: number;
let projectName: string;
let tokens: { sub: string; dept: string; bureau: string };

const ok = <T = any>(res: { status: number; text: string; body: T }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
};

async function fire(event: string, token: string): Promise<void> {
  const d = ok(await c.api.get(`/api/declarations/${id}`, token), 'declaration');
  // The 数据局's approval of the targets takes the scored review (issue 18 item 2).
  const scored = d.actions.find((a: { event: string }) => a.event === event)?.needs?.review;
  const review = scored ? { review: EXCELLENT_REVIEW } : {};
  ok(
    await c.api.post(`/api/declarations/${id}/transitions`, { event, version: d.version, ...review }, token),
    event,
  );
}

const stateOf = async () => ok(await c.api.get(`/api/declarations/${id}`, tokens.sub), 'state').state;

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  await importFixture(c, w);
  tokens = {
    sub: await w.token('submitter'),
    dept: await w.token('deptReviewer'),
    bureau: await w.token('bureauReviewer'),
  };
  const list = ok(await c.api.get('/api/declarations?year=2026&q=数字化建设', tokens.sub), 'list');
  const found = (list.items as Array<{ id: number; projectName: string }>).find(
    (d) => !d.projectName.includes('运维'),
  );
  if (!found) throw new Error('数字化建设 is not among the imported declarations');
  id = found.id;
  projectName = found.projectName;
  // Its findings hold no error (the two missing targets are 数据运营服务费's): it may go on.
  const findings = ok(await c.api.get(`/api/declarations/${id}/findings`, tokens.sub), 'findings') as Array<{
    severity: string;
  }>;
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  await fire('SUBMIT', tokens.sub);
  await fire('APPROVE', tokens.dept);
  await fire('APPROVE', tokens.bureau);
  const opened = ok(
    await c.api.post('/api/workflow/open-monitoring', { year: 2026 }, tokens.bureau),
    'open monitoring',
  );
  expect(opened.opened).toBe(1);
  expect(await stateOf()).toBe('monitoring.reporting');
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).waitFor();

/** An Element Plus select, by its label: opened, the option chosen, closed again. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  // The select's box takes the click (its placeholder covers the input).
  await page
    .getByRole('combobox', { name: label, exact: true })
    .locator('xpath=ancestor::div[contains(@class, "el-select__wrapper")]')
    .click();
  const popper = page.locator('.el-select__popper[aria-hidden="false"]');
  await popper.getByRole('option', { name: option, exact: true }).click();
  await popper.waitFor({ state: 'hidden' });
}

async function openArea(page: Page, menuItem: string, title: string): Promise<void> {
  await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: menuItem }).click();
  await heading(page, title);
}

/**
 * One of the report's actions (DeclarationActions): clicked; a dialog it opens (a rating, a
 * confirmation) is confirmed as it stands. Resolves when the page shows the new state.
 */
async function act(page: Page, action: string, stateLabel: string): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const state = page.locator('.sub').getByText(stateLabel, { exact: true });
  const dialog = page.locator('.el-dialog:visible, .el-message-box:visible').last();
  const stateShown = state.waitFor().then(() => 'state' as const);
  // Either may lose the race and time out later: never an unhandled rejection.
  stateShown.catch(() => undefined);
  const which = await Promise.race([
    stateShown,
    dialog.waitFor().then(
      () => 'dialog' as const,
      () => 'state' as const,
    ),
  ]);
  if (which === 'dialog') {
    await dialog.locator('.el-button--primary').last().click();
    await state.waitFor();
  }
}

/** 保存, and the API's answer to it (a message from an earlier save may still be on screen). */
async function save(page: Page): Promise<number> {
  const [res] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && /\/(monitoring|evaluation)$/.test(r.url()),
    ),
    page.getByRole('button', { name: '保存', exact: true }).first().click(),
  ]);
  return res.status();
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL('**/login');
}

const indicator = (page: Page, name: string) =>
  page.locator('[data-test=indicator]').filter({ has: page.getByText(name, { exact: true }) });

describe('journey 3: the 监控表 shows the red light the API computes, and is reviewed', () => {
  it('is filled by the submitter, saved (red light), submitted, and approved by both reviewers', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/');
      await page.waitForURL('**/login');
      await login(page, w.users.submitter.username, PASSWORD);
      await page.waitForURL('**/declarations');

      await openArea(page, '监控', '绩效运行监控');
      const row = page.getByRole('row').filter({ hasText: projectName });
      await row.getByText('尚未填报').waitFor();
      await row.getByText('绩效监控 · 填报中').waitFor();
      expect(new URL(page.url()).searchParams.get('year')).toBeNull();
      await snap(page, 'reports-01-monitoring-list');

      // Filters live in the URL: a stage filter is a link one can come back to.
      await choose(page, '阶段', '绩效监控 · 单位内部审核');
      await page.waitForURL(/stage=internalReview/);
      await page.getByText('该年度没有处于绩效监控阶段的项目', { exact: false }).waitFor();
      await page.goBack();
      await row.getByText('尚未填报').waitFor();

      await row.getByRole('link', { name: projectName }).click();
      await page.waitForURL(`**/monitoring/${id}`);
      await heading(page, '项目支出绩效运行监控表');
      await snap(page, 'reports-02-monitoring-blank');

      // The budget: half spent by July, all of it forecast.
      await page.getByLabel('1–7 月执行数（元）').fill('245627250.00');
      await page.getByLabel('全年预计执行数（元）').fill('491254500.00');
      await page.getByLabel('总体目标完成情况').fill('重点项目建设按计划推进，部分建设项目立项滞后');

      const quantitative: Array<[string, string]> = [
        ['开展建设项目数量', '60'],
        ['非重大项目验收通过率', '100'],
        ['项目预算变更率', '10'],
        ['业务需求部门满意度', '95'],
      ];
      const qualitative = [
        '项目完成及时性',
        '政务服务能力支撑情况',
        '社会治理和城市管理水平',
        '系统长效运行保障',
      ];
      for (const [name, forecast] of quantitative) {
        await page
          .getByLabel(`${name} 1–7 月执行情况`, { exact: true })
          .fill(name === '开展建设项目数量' ? '35' : forecast);
        await page.getByLabel(`${name} 全年预计完成值`, { exact: true }).fill(forecast);
        await choose(page, `${name} 完成目标可能性`, name === '开展建设项目数量' ? '有可能' : '确定能');
      }
      for (const name of qualitative) {
        await page.getByLabel(`${name} 1–7 月执行情况`, { exact: true }).fill('按计划推进');
        await choose(page, `${name} 全年预计完成值`, '达成年度指标');
        await choose(page, `${name} 完成目标可能性`, '确定能');
      }
      // The one far off its target: 60 of ≥150 projects, with its reasons and measures.
      const far = '开展建设项目数量';
      await page.getByLabel(`${far} 经费保障`, { exact: true }).check();
      await page.getByLabel(`${far} 经费保障说明`, { exact: true }).fill('部分项目资金下达滞后');
      await page.getByLabel(`${far} 人员保障`, { exact: true }).check();
      await page.getByLabel(`${far} 人员保障说明`, { exact: true }).fill('建设项目管理人员不足');
      await page
        .getByLabel(`${far} 完成目标采取的措施`, { exact: true })
        .fill('加快立项审批，增派项目管理人员');

      // A forecast that is not a number is refused: the API's words beside that field.
      const blank = ok(await c.api.get(`/api/declarations/${id}/monitoring`, tokens.sub), 'monitoring');
      const refused = await c.api.patch(
        `/api/declarations/${id}/monitoring`,
        {
          version: blank.version,
          entries: [{ indicatorId: blank.entries[0].indicatorId, forecast: '六十' }],
        },
        tokens.sub,
      );
      expect(refused.status).toBe(400);
      expect(blank.entries[0].name).toBe(far);
      const [problem] = refused.body.details as Array<{ field: string; message: string }>;
      expect(problem.field).toBe('entries[0].forecast');
      await page.getByLabel(`${far} 全年预计完成值`, { exact: true }).fill('六十');
      expect(await save(page)).toBe(400);
      const note = indicator(page, far).locator('.field-note.error');
      await note.getByText(problem.message, { exact: true }).waitFor();
      await snap(page, 'reports-03a-monitoring-refused');
      await page.getByLabel(`${far} 全年预计完成值`, { exact: true }).fill('60');

      expect(await save(page)).toBe(200);
      await page.getByText('已保存，亮灯已按最新填报更新').waitFor();
      expect(await note.count()).toBe(0);

      // The lights are the API's: the page shows what GET …/monitoring answers.
      const saved = ok(await c.api.get(`/api/declarations/${id}/monitoring`, tokens.sub), 'monitoring');
      const farEntry = saved.entries.find((e: { name: string }) => e.name === far);
      expect(farEntry.light).toBe('red');
      const farLight = indicator(page, far).locator('[data-light]');
      expect(await farLight.getAttribute('data-light')).toBe('red');
      expect((await farLight.innerText()).trim()).toBe(farEntry.lightLabel);
      expect(farEntry.lightLabel).toBe('红灯');
      for (const e of saved.entries as Array<{ name: string; light: string; lightLabel: string }>) {
        const tag = indicator(page, e.name).locator('[data-light]');
        expect(await tag.getAttribute('data-light')).toBe(e.light);
      }
      expect(saved.lights).toEqual({ red: 1, yellow: 0, green: 7, unknown: 0 });
      expect(await page.locator('[data-test=budget-light]').getAttribute('data-light')).toBe(
        saved.budgetLight,
      );
      expect(await page.locator('[data-test=ratio]').innerText()).toBe(`${saved.ratio}%`);
      expect(saved.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
      await farLight.scrollIntoViewIfNeeded();
      await snap(page, 'reports-03-monitoring-red-light');

      // Someone else saves meanwhile (another tab): this page's next save is refused with
      // the conflict in words, and what was typed stays on screen until reloading.
      const other = ok(
        await c.api.patch(
          `/api/declarations/${id}/monitoring`,
          { version: saved.version, goalProgress: '另一窗口修改的总体目标完成情况' },
          tokens.sub,
        ),
        'patch',
      );
      await page.getByLabel('总体目标完成情况').fill('本页的修改');
      expect(await save(page)).toBe(409);
      await page.getByText('监控表已被修改').waitFor();
      expect(await page.getByLabel('总体目标完成情况').inputValue()).toBe('本页的修改');
      await page.getByText('监控表已被修改').scrollIntoViewIfNeeded();
      await snap(page, 'reports-04-monitoring-conflict');
      await page.getByRole('button', { name: '重新加载' }).click();
      await page.getByText('监控表已被修改').waitFor({ state: 'hidden' });
      expect(await page.getByLabel('总体目标完成情况').inputValue()).toBe(other.goalProgress);

      // The workbook, as the API builds it, downloaded with the session's token.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 Excel' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^绩效运行监控表-.*2026\.xlsx$/);
      const file = readFileSync((await download.path())!);
      expect(file.subarray(0, 2).toString()).toBe('PK');

      await act(page, '提交', '绩效监控 · 单位内部审核');
      expect(await stateOf()).toBe('monitoring.internalReview');
      await page.getByText('当前状态下监控表只读。').waitFor();
      expect(await page.getByRole('button', { name: '保存', exact: true }).count()).toBe(0);
      await snap(page, 'reports-05-monitoring-submitted');
      await logout(page);

      // The unit's reviewer: the year's overview counts the red light; the report opens
      // read-only with the same lights; 审核通过.
      await login(page, w.users.deptReviewer.username, PASSWORD);
      await page.waitForURL((u) => u.pathname !== '/login');
      await openArea(page, '监控', '绩效运行监控');
      const reviewRow = page.getByRole('row').filter({ hasText: projectName });
      await reviewRow.getByText('红 1 · 黄 0').waitFor();
      await snap(page, 'reports-06-monitoring-review-list');
      await reviewRow.getByRole('link', { name: projectName }).click();
      await heading(page, '项目支出绩效运行监控表');
      expect(await indicator(page, far).locator('[data-light]').getAttribute('data-light')).toBe('red');
      expect(await page.getByLabel(`${far} 全年预计完成值`, { exact: true }).isDisabled()).toBe(true);
      await snap(page, 'reports-07-monitoring-review');
      await act(page, '审核通过', '绩效监控 · 数据局审核');
      expect(await stateOf()).toBe('monitoring.bureauReview');
      await logout(page);

      await login(page, w.users.bureauReviewer.username, PASSWORD);
      await page.waitForURL((u) => u.pathname !== '/login');
      await page.goto(`/monitoring/${id}`);
      await heading(page, '项目支出绩效运行监控表');
      await act(page, '审核通过', '已监控');
      expect(await stateOf()).toBe('monitored');
      await snap(page, 'reports-08-monitoring-approved');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 360_000);
});

describe('journey 4: the 自评表 is scored and graded by the API, approved, and the declaration closed', () => {
  it('is filled with the worked example, shows 93.33 and 优, and ends closed after both reviews', async () => {
    const opened = ok(
      await c.api.post('/api/workflow/open-evaluation', { year: 2026 }, tokens.bureau),
      'open evaluation',
    );
    expect(opened.opened).toBe(1);
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/evaluation');
      await page.waitForURL(/\/login\?redirect=/);
      await login(page, w.users.submitter.username, PASSWORD);
      await page.waitForURL('**/evaluation');
      await heading(page, '绩效自评');
      const row = page.getByRole('row').filter({ hasText: projectName });
      await row.getByText('尚未填报').waitFor();
      await snap(page, 'reports-10-evaluation-list');
      await row.getByRole('link', { name: projectName }).click();
      await page.waitForURL(`**/evaluation/${id}`);
      await heading(page, '项目支出绩效自评表');
      await snap(page, 'reports-11-evaluation-blank');

      // docs/spec/domain.md §6, worked example: budget 491,254,500.00, executed 466,691,775.00.
      await page.getByLabel('全年执行数（元）').fill('466691775.00');
      await page.getByLabel('总体目标完成情况').fill('年度目标基本完成，建设项目数量略低于目标');
      const actuals: Array<[string, string]> = [
        ['开展建设项目数量', '142'],
        ['非重大项目验收通过率', '100'],
        ['项目预算变更率', '18'],
        ['业务需求部门满意度', '92.5'],
      ];
      for (const [name, actual] of actuals)
        await page.getByLabel(`${name} 实际完成值`, { exact: true }).fill(actual);
      for (const name of ['项目完成及时性', '政务服务能力支撑情况', '系统长效运行保障'])
        await choose(page, `${name} 达成情况`, '达成年度指标');
      await choose(page, '社会治理和城市管理水平 达成情况', '部分达成年度指标并具有一定效果');
      await page.getByLabel('社会治理和城市管理水平 评定得分', { exact: true }).fill('7.00');

      // First save without the deviation analyses: the API's findings sit beside their fields.
      expect(await save(page)).toBe(200);
      await page.getByText('已保存，得分与等级已按最新填报计算').waitFor();
      const first = ok(await c.api.get(`/api/declarations/${id}/evaluation`, tokens.sub), 'evaluation');
      const missing = (first.findings as Array<{ code: string; path: string; message: string }>).filter(
        (f) => f.code === 'EVAL_DEVIATION_ANALYSIS_MISSING',
      );
      expect(missing).toHaveLength(3);
      for (const f of missing) {
        const j = Number(/entries\[(\d+)\]/.exec(f.path)![1]);
        const name = first.entries[j].name;
        await indicator(page, name).getByText(f.message, { exact: true }).first().waitFor();
      }
      await page.getByRole('button', { name: '提交', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: '提交', exact: true }).isDisabled()).toBe(true);
      await indicator(page, '开展建设项目数量').scrollIntoViewIfNeeded();
      await snap(page, 'reports-12-evaluation-findings');

      await page
        .getByLabel('开展建设项目数量 偏差原因分析及改进措施', { exact: true })
        .fill('部分项目立项滞后，下年度提前开展项目储备');
      await page
        .getByLabel('项目预算变更率 偏差原因分析及改进措施', { exact: true })
        .fill('需求调整导致预算变更，将加强需求论证');
      await page
        .getByLabel('社会治理和城市管理水平 偏差原因分析及改进措施', { exact: true })
        .fill('部分场景尚在试点，下年度扩大应用范围');
      expect(await save(page)).toBe(200);
      await page.getByText('已保存，得分与等级已按最新填报计算').last().waitFor();

      // The API's scores, total and grade, shown as computed: the worked example's figures.
      const ev = ok(await c.api.get(`/api/declarations/${id}/evaluation`, tokens.sub), 'evaluation');
      expect(ev.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
      expect(ev.totalScore).toBe('93.33');
      expect(ev.grade).toBe('优');
      await page.locator('[data-test=total-score]').getByText('93.33', { exact: true }).waitFor();
      expect((await page.locator('[data-test=grade]').innerText()).trim()).toBe(ev.gradeLabel);
      expect(await page.locator('[data-test=budget-rate]').innerText()).toBe('95.00%');
      const expected: Record<string, string> = {
        开展建设项目数量: '11.83',
        非重大项目验收通过率: '12.50',
        项目预算变更率: '10.00',
        项目完成及时性: '12.50',
        政务服务能力支撑情况: '10.00',
        社会治理和城市管理水平: '7.00',
        系统长效运行保障: '10.00',
        业务需求部门满意度: '10.00',
      };
      for (const [j, e] of (ev.entries as Array<{ name: string; score: string }>).entries()) {
        expect(e.score).toBe(expected[e.name]);
        expect(await page.locator(`[data-test=score-${j}]`).innerText()).toBe(e.score);
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await snap(page, 'reports-13-evaluation-scored');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出 Excel' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^绩效自评表-.*2026\.xlsx$/);

      await act(page, '提交', '绩效自评 · 单位内部审核');
      expect(await stateOf()).toBe('evaluation.internalReview');
      await logout(page);

      await login(page, w.users.deptReviewer.username, PASSWORD);
      await page.waitForURL((u) => u.pathname !== '/login');
      await openArea(page, '自评', '绩效自评');
      const reviewRow = page.getByRole('row').filter({ hasText: projectName });
      await reviewRow.getByText('93.33').waitFor();
      await snap(page, 'reports-14-evaluation-review-list');
      await reviewRow.getByRole('link', { name: projectName }).click();
      await heading(page, '项目支出绩效自评表');
      await page.locator('[data-test=total-score]').getByText('93.33', { exact: true }).waitFor();
      await act(page, '审核通过', '绩效自评 · 数据局审核');
      await logout(page);

      await login(page, w.users.bureauReviewer.username, PASSWORD);
      await page.waitForURL((u) => u.pathname !== '/login');
      await page.goto(`/evaluation/${id}`);
      await heading(page, '项目支出绩效自评表');
      await act(page, '审核通过', '已完结');
      expect(await stateOf()).toBe('closed');
      await page.getByText('当前状态下自评表只读。').waitFor();
      await snap(page, 'reports-15-evaluation-closed');

      // The closed declaration is listed under its stage, the filter kept in the URL.
      await page.goto('/evaluation?year=2026&stage=done');
      await heading(page, '绩效自评');
      await page.getByRole('row').filter({ hasText: projectName }).getByText('已完结').waitFor();
      expect(here(page)).toBe('/evaluation?year=2026&stage=done');
      await snap(page, 'reports-16-evaluation-closed-list');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 360_000);
});
