import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { cleanEvaluationBody, cleanMonitoringBody } from '../support/lifecycle';
import { LARGE, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * The indicator library (指标库, issue 18 item 1) in the console. Prepared through the API: a 2026
 * 数字化建设 whose first indicator was picked from the library, approved, monitored and
 * self-evaluated (actual 142 of ≥150 个), and its 2027 draft copied forward. In the browser: the
 * submitter opens the 2027 draft, reads last year's target, actual and score beside the target,
 * and picks a second indicator from the library (its INDICATOR_NOT_IN_LIBRARY finding goes);
 * the bureau reviewer proposes a new entry on the 指标库 page and cannot approve it; another
 * bureau reviewer gives the 初审.
 */

let c: Console;
let w: BrowserWorld;
let next: number;
/** The 2027 draft's indicator 项目完成及时性. */
let timelinessId: number;
let secondReviewer: string;

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const sub = await w.token('submitter');
  const bureau = await w.token('bureauReviewer');
  const d = await createValidDeclaration(c.api, sub, { projectName: '数字化建设' });
  const entries = (
    await c.api.get(`/api/library/entries?year=2026&search=${encodeURIComponent('开展建设项目数量')}`, sub)
  ).body.items as Array<{ id: number; name: string }>;
  const linked = await c.api.post(
    `/api/declarations/${d.id}/indicators/${d.indicatorIds[0]}/library-link`,
    { version: d.version, libraryEntryId: entries.find((e) => e.name === '开展建设项目数量')!.id },
    sub,
  );
  expect(linked.status).toBe(200);
  await fire(c.api, d.id, 'SUBMIT', sub);
  await fire(c.api, d.id, 'APPROVE', await w.token('deptReviewer'));
  await fire(c.api, d.id, 'APPROVE', bureau);
  await c.api.post('/api/workflow/open-monitoring', { year: 2026 }, bureau);
  const version = async () => (await c.api.get(`/api/declarations/${d.id}`, sub)).body.version as number;
  expect(
    (
      await c.api.put(
        `/api/declarations/${d.id}/monitoring`,
        cleanMonitoringBody(await version(), d.indicatorIds),
        sub,
      )
    ).status,
  ).toBe(200);
  await fire(c.api, d.id, 'SUBMIT', sub);
  await fire(c.api, d.id, 'APPROVE', await w.token('deptReviewer'));
  await fire(c.api, d.id, 'APPROVE', bureau);
  await c.api.post('/api/workflow/open-evaluation', { year: 2026 }, bureau);
  const body = cleanEvaluationBody(await version(), d.indicatorIds);
  body.entries[0] = { indicatorId: d.indicatorIds[0], actual: '142' };
  (body.entries[0] as Record<string, unknown>).deviationAnalysis = '部分项目延期至次年开工';
  expect((await c.api.put(`/api/declarations/${d.id}/evaluation`, body, sub)).status).toBe(200);
  const made = await c.api.post(`/api/declarations/${d.id}/next-year`, {}, sub);
  expect(made.status).toBe(201);
  next = made.body.id;
  timelinessId = (made.body.indicators as Array<{ id: number; name: string }>).find(
    (i) => i.name === '项目完成及时性',
  )!.id;
  const created = await c.api.post(
    '/api/users',
    {
      username: 'zhou.chushen',
      displayName: '周初审',
      password: PASSWORD,
      roles: ['bureau_reviewer'],
      departmentId: w.ids.bureau,
    },
    w.admin,
  );
  expect(created.status).toBe(201);
  secondReviewer = 'zhou.chushen';
}, 240_000);

afterAll(async () => {
  await c?.stop();
}, 60_000);

describe('指标库 in the editor', () => {
  it("shows last year's target, actual and score beside a linked target, and picks another indicator from the library", async () => {
    const { context, page, problems } = await newPage(c, LARGE);
    try {
      await page.goto(`/declarations/${next}`);
      await page.waitForURL(/\/login/);
      await login(page, w.users.submitter.username, PASSWORD);
      // The first page of a fresh console on a busy machine may take its time.
      await page.getByRole('heading', { name: '绩效指标' }).waitFor({ timeout: 60_000 });
      const lineage = page.locator('.lineage').first();
      await lineage.waitFor();
      const text = (await lineage.innerText()).replace(/\s+/g, ' ');
      expect(text).toMatch(/^2026年 目标 ≥150\.00\(个\)，实际 142，得分 \d+\.\d{2}\/\d+\.\d{2}$/);
      await page
        .getByText(/^指标库 ZB\d{4}$/)
        .first()
        .waitFor();
      const findings = page.getByRole('region', { name: '校验结果' }).last();
      await findings.getByText('三级指标“项目完成及时性”未选自指标库，为单位自行设置的指标').waitFor();
      await lineage.scrollIntoViewIfNeeded();
      await snap(page, 'library-01-lineage');

      // 项目完成及时性: pick it from the library.
      await page.locator(`[data-field="ind-i${timelinessId}-pick"]`).click();
      const dialog = page.getByRole('dialog', { name: '从指标库选择' });
      await dialog.getByText('仅列出 2027 年度可选用的在库指标').waitFor();
      await dialog.getByLabel('名称或编码').fill('项目完成及时性');
      await dialog.getByLabel('名称或编码').press('Enter');
      const candidate = dialog.locator('tr', { hasText: '项目完成及时性' }).first();
      await candidate.waitFor();
      await snap(page, 'library-02-picker');
      await candidate.getByRole('button', { name: '选用' }).click();
      await page.getByText(/已关联指标库指标 ZB\d{4}“项目完成及时性”/).waitFor();
      await page.locator(`[data-field="ind-i${timelinessId}-library"]`).waitFor();
      await page.locator(`[data-field="ind-i${timelinessId}-library"]`).scrollIntoViewIfNeeded();
      await findings
        .getByText('三级指标“项目完成及时性”未选自指标库，为单位自行设置的指标')
        .waitFor({ state: 'detached' });
      await snap(page, 'library-03-picked');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('指标库 page', () => {
  it('lets the bureau propose a new entry that only another bureau reviewer may approve', async () => {
    const { context, page, problems } = await newPage(c, LARGE);
    try {
      await page.goto('/library');
      await page.waitForURL(/\/login/);
      await login(page, w.users.bureauReviewer.username, PASSWORD);
      await page.getByRole('heading', { name: '指标库', level: 1 }).waitFor();
      await page.getByText('共 118 条').waitFor();
      await snap(page, 'library-04-entries');

      await page.getByRole('button', { name: '新增入库' }).click();
      const dialog = page.getByRole('dialog', { name: '申请新增入库' });
      await dialog.locator('input[data-test="f-code"], [data-test="f-code"] input').fill('ZB0200');
      await dialog.locator('input[data-test="f-name"], [data-test="f-name"] input').fill('数据共享交换次数');
      await dialog
        .locator('textarea[data-test="f-definition"], [data-test="f-definition"] textarea')
        .fill('年度内通过平台完成的数据共享交换次数');
      await dialog.locator('input[data-test="f-unit"], [data-test="f-unit"] input').fill('次');
      await dialog
        .locator('textarea[data-test="f-reason"], [data-test="f-reason"] textarea')
        .fill('新增共享交换考核指标');
      await snap(page, 'library-05-propose');
      await dialog.getByRole('button', { name: '提交申请' }).click();
      await page.getByText('已提交申请，待另一名数据局审核人初审').waitFor();

      await page.getByRole('tab', { name: '变更申请' }).click();
      const proposal = page.locator('tr', { hasText: '数据共享交换次数' });
      await proposal.getByText('待初审').waitFor();
      await proposal.getByText('不能审批本人提出的指标库变更申请（不相容职责分离）').waitFor();
      await expect(proposal.getByRole('button', { name: '初审通过' }).isDisabled()).resolves.toBe(true);
      await snap(page, 'library-06-own-proposal');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    const second = await newPage(c, LARGE);
    try {
      await second.page.goto('/library?tab=proposals');
      await second.page.waitForURL(/\/login/);
      await login(second.page, secondReviewer, PASSWORD);
      const proposal = second.page.locator('tr', { hasText: '数据共享交换次数' });
      await proposal.getByRole('button', { name: '初审通过' }).click();
      await second.page.getByText('已审批').first().waitFor();
      await proposal.getByText('待复审').waitFor();
      await proposal.getByText('初审：周初审').waitFor();
      await snap(second.page, 'library-07-first-approval');
      expect(second.problems).toEqual([]);
    } finally {
      await second.context.close();
    }
  }, 120_000);
});
