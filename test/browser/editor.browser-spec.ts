import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/http-client';
import { LARGE, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, importFixture, type BrowserWorld } from './world';

/**
 * The 申报表 editor (issue 14): journey 1's second half (the submitter fixes the two missing
 * targets of 数据运营服务费 in the editor, sees the findings clear, saves and submits), journey 6
 * (two tabs edit the same declaration: the second save shows the conflict and the merge loses
 * nothing), the live target reading (the service's parser) and the live funds check.
 */

let c: Console;
let w: BrowserWorld;
let ids: number[];
let token: string;

interface Indicator {
  id: number;
  name: string;
  level2: string;
  target: { display: string } | null;
  weight: string | null;
}
interface View {
  id: number;
  projectName: string;
  version: number;
  state: string;
  overallGoal: string | null;
  annualGoal: string | null;
  funds: Record<string, string | null>;
  indicators: Indicator[];
}

const view = async (id: number): Promise<View> => (await c.api.get(`/api/declarations/${id}`, token)).body;

async function byName(name: string): Promise<View> {
  for (const id of ids) {
    const v = await view(id);
    if (v.projectName === name) return v;
  }
  throw new Error(`no declaration ${name}`);
}

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  ids = await importFixture(c, w);
  token = await w.token('submitter');
}, 180_000);

afterAll(async () => {
  await c?.stop();
}, 60_000);

/** Opens a declaration by its deep link, logging in on the way as 王填报. */
async function open(page: Page, id: number, title: string): Promise<void> {
  await page.goto(`/declarations/${id}`);
  await page.waitForURL(/\/login/);
  await login(page, w.users.submitter.username, PASSWORD);
  await page.waitForURL(`**/declarations/${id}`);
  await page.getByRole('heading', { name: title, exact: true }).waitFor();
  await page.getByRole('heading', { name: '绩效指标' }).waitFor();
}

const findings = (page: Page) => page.getByRole('region', { name: '校验结果' }).last();
const saveButton = (page: Page) => page.getByRole('button', { name: '保存', exact: true });

async function save(page: Page): Promise<void> {
  await saveButton(page).click();
  await page.getByText('所有修改已保存').waitFor();
}

describe('journey 1, second half: fixing the two missing targets of 数据运营服务费', () => {
  it('jumps from each finding to its target, reads the target as typed, saves, sees the findings clear and submits', async () => {
    const d = await byName('数据运营服务费');
    const api = (await c.api.get(`/api/declarations/${d.id}/findings`, token)).body as Array<{
      code: string;
      message: string;
      indicatorId?: number;
    }>;
    const missing = api.filter((f) => f.code === 'TARGET_MISSING');
    expect(missing).toHaveLength(2);

    const { context, page, problems } = await newPage(c);
    try {
      await open(page, d.id, '数据运营服务费');
      // The paper form's blocks, with the imported values.
      await expect(page.getByLabel('项目名称', { exact: true }).inputValue()).resolves.toBe('数据运营服务费');
      await expect(page.getByLabel('年度资金申请总额').inputValue()).resolves.toBe('146880000.00');
      // Submitting is offered but blocked, with the API's reason.
      const submit = page.getByRole('button', { name: '提交', exact: true });
      await expect(submit.isDisabled()).resolves.toBe(true);
      // The findings panel lists both, in the API's words.
      for (const f of missing) await findings(page).getByText(f.message).waitFor();
      await snap(page, 'editor-01-opened');

      for (const [name, target] of [
        ['需求响应及时率', '≥95.00(%)'],
        ['异议核实工单完成及时率', '≥90.00(%)'],
      ] as const) {
        const finding = missing.find((f) => f.message.includes(name))!;
        // Choosing the finding takes the keyboard to that indicator's target.
        await findings(page).getByRole('button', { name: finding.message }).click();
        const input = page.getByLabel(`「${name}」的年度指标值`);
        await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
        // Half typed: the service says what is missing (its own parser, its own words).
        await page.keyboard.type('>=95');
        const refusal = (await c.api.post('/api/reference/targets/parse', { text: '>=95' }, token)).body;
        expect(refusal.ok).toBe(false);
        const reading = page.locator(`[data-reading="「${name}」的年度指标值"]`);
        await reading.getByText(refusal.reading).waitFor();
        if (name === '需求响应及时率') await snap(page, 'editor-02-target-refused');
        await input.fill(target);
        await reading.getByText(`定量指标：不低于 ${target.slice(1, -3)}，计量单位“%”，越高越好`).waitFor();
      }
      await snap(page, 'editor-03-targets-typed');
      await page.getByText('有未保存的修改').waitFor();

      await save(page);
      const saved = await view(d.id);
      expect(saved.indicators.find((i) => i.name === '需求响应及时率')!.target!.display).toBe('≥95.00(%)');
      expect(saved.indicators.find((i) => i.name === '异议核实工单完成及时率')!.target!.display).toBe(
        '≥90.00(%)',
      );
      // Nothing else changed: the other targets as imported.
      expect(saved.indicators.map((i) => i.target?.display ?? null).filter((t) => t === null)).toEqual([]);
      expect(saved.indicators.length).toBe(d.indicators.length);
      // The findings cleared: no error left, and the panel shows none of the two.
      const after = (await c.api.get(`/api/declarations/${d.id}/findings`, token)).body as Array<{
        severity: string;
      }>;
      expect(after.filter((f) => f.severity === 'error')).toEqual([]);
      await findings(page).getByText('错误 0').waitFor();
      for (const f of missing) await expect(findings(page).getByText(f.message).count()).resolves.toBe(0);
      await snap(page, 'editor-04-saved');

      // 提交 now succeeds: the declaration moves to the unit's review and the form turns read-only.
      await submit.waitFor();
      await expect(submit.isDisabled()).resolves.toBe(false);
      await submit.click();
      const confirm = page.getByRole('dialog').getByRole('button', { name: /提交|确定/ });
      if (await confirm.count()) await confirm.first().click();
      await page.getByText('只读：当前状态或角色不可修改申报内容').waitFor();
      expect((await view(d.id)).state).toBe('internalReview');
      await expect(page.getByLabel('「需求响应及时率」的年度指标值').count()).resolves.toBe(0);
      await page.getByRole('cell', { name: '≥95.00(%)' }).first().waitFor();
      await snap(page, 'editor-05-read-only');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

describe('the funds block checks the sums as the user types', () => {
  it('adds the parts in exact decimals and says by how much the annual request differs', async () => {
    const d = await byName('上海市政务外网通信服务项目');
    const { context, page, problems } = await newPage(c);
    try {
      await open(page, d.id, d.projectName);
      // The notation, explained where the targets are typed.
      await page.getByRole('button', { name: '写法说明' }).click();
      await page.getByText('不支持“90~95”式区间').waitFor();
      await snap(page, 'editor-06a-notation-help');
      await page.getByRole('button', { name: '写法说明' }).click();
      const sum = page.locator('[data-check=sum]');
      await page.getByLabel('年度资金申请总额').fill('0.30');
      await page.getByLabel('当年财政拨款').fill('0.10');
      await page.getByLabel('上年结转资金').fill('0.20');
      await page.getByLabel('其他资金').fill('0.01');
      await sum.getByText('与年度资金申请总额相差 0.01 元（须相等）').waitFor();
      expect(await sum.innerText()).toContain('= 0.31');
      await snap(page, 'editor-06-funds-differ');
      // 0.1 + 0.2 is 0.3 here (a float would say 0.30000000000000004).
      await page.getByLabel('其他资金').fill('0');
      await sum.getByText('与年度资金申请总额一致').waitFor();
      expect(await sum.innerText()).toContain('= 0.30');
      await page.getByLabel('项目资金总额').fill('0.29');
      await page.locator('[data-check=total]').getByText('项目资金总额小于年度资金申请总额').waitFor();
      await page.getByLabel('项目资金总额').fill('');
      await page.locator('[data-check=total]').getByText('项目资金总额未填写').waitFor();
      await snap(page, 'editor-07-funds-match');
      // Money that is not money is said so, beside the arithmetic.
      await page.getByLabel('上年结转资金').fill('0.2.0');
      await page.getByText('上年结转资金的金额格式不对').waitFor();
      // Nothing was saved by typing.
      expect((await view(d.id)).funds).toEqual(d.funds);

      // Saving it anyway: the API refuses, and its words stand under the field it names.
      const refused = await c.api.patch(
        `/api/declarations/${d.id}`,
        { version: d.version, funds: { carryover: '0.2.0' } },
        token,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('funds.carryover');
      await saveButton(page).click();
      const beside = page.locator('[data-field="funds.carryover"] .el-form-item__error');
      await beside.waitFor();
      expect(await beside.innerText()).toBe(String(refused.body.message).replace(/^[^：]+：/, ''));
      // The typed text stays, the declaration is unchanged.
      await expect(page.getByLabel('上年结转资金').inputValue()).resolves.toBe('0.2.0');
      expect((await view(d.id)).version).toBe(d.version);
      await snap(page, 'editor-07b-refused-beside-field');

      // An indicator's refused target: beside that target.
      await page.getByLabel('上年结转资金').fill('0.20');
      const first = d.indicators[0];
      await page.getByLabel(`「${first.name}」的年度指标值`).fill('≥95');
      const badTarget = await c.api.patch(
        `/api/declarations/${d.id}/indicators/${first.id}`,
        { version: d.version, target: '≥95' },
        token,
      );
      expect(badTarget.status).toBe(400);
      await saveButton(page).click();
      const cell = page.locator(`[data-field="ind-i${first.id}-target"] [role=alert]`);
      await cell.waitFor();
      expect(await cell.innerText()).toBe(String(badTarget.body.message).replace(/^[^：]+：/, ''));
      // The funds went in (their write came first); the target did not, and is still as typed.
      const after = await view(d.id);
      expect(after.funds.carryover).toBe('0.20');
      expect(after.indicators[0].target!.display).toBe(first.target!.display);
      await expect(page.getByLabel(`「${first.name}」的年度指标值`).inputValue()).resolves.toBe('≥95');
      await page.getByText('有未保存的修改').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('journey 6: two tabs edit the same declaration', () => {
  it('shows the second save what changed, merges both edits and loses nothing', async () => {
    const d = await byName('上海市政务云基础设施服务费');
    const [x, y, z] = d.indicators;
    const a = await newPage(c);
    const b = await newPage(c, LARGE);
    try {
      await open(a.page, d.id, d.projectName);
      await open(b.page, d.id, d.projectName);

      // Tab A: the annual goal, a target, a new 时效指标, and the weight of z.
      await a.page.getByLabel('年度总体目标').fill('甲：年度总体目标已更新');
      await a.page.getByLabel(`「${x.name}」的年度指标值`).fill('≥99.00(%)');
      await a.page.getByRole('button', { name: '在时效指标下添加指标' }).click();
      await a.page.getByLabel('「新指标」的三级指标名称').fill('甲新增及时率');
      await a.page.getByLabel('「甲新增及时率」的年度指标值').fill('≥90(%)');
      await a.page.getByLabel(`「${z.name}」的分值`).fill('10');
      await save(a.page);

      // Tab B, from the older version: the overall goal, y's name, y moved up, and z's weight too.
      await b.page.getByLabel('项目总目标').fill('乙：项目总目标');
      await b.page.getByLabel(`「${y.name}」的三级指标名称`).fill('乙改名指标');
      // By keyboard: the move buttons are real buttons.
      await b.page.getByRole('button', { name: '上移「乙改名指标」' }).focus();
      await b.page.keyboard.press('Enter');
      await b.page
        .getByRole('button', { name: '上移「乙改名指标」' })
        .and(b.page.locator(':disabled'))
        .waitFor();
      await b.page.getByLabel(`「${z.name}」的分值`).fill('12.5');
      await snap(b.page, 'editor-08-large-before-conflict');
      await saveButton(b.page).click();

      const dialog = b.page.getByRole('dialog', { name: '他人已修改此申报表' });
      await dialog.waitFor();
      const theirs = dialog.getByRole('region', { name: '对方已保存的修改' });
      await theirs.getByText('甲：年度总体目标已更新').waitFor();
      await theirs.getByText('≥99.00(%)').waitFor();
      await theirs.getByText('新增时效指标「甲新增及时率」').waitFor();
      const mine = dialog.getByRole('region', { name: '您未保存的修改' });
      await mine.getByText('乙：项目总目标').waitFor();
      await mine.getByText('乙改名指标', { exact: true }).waitFor();
      await mine.getByText('调整数量指标的顺序').waitFor();
      await mine.getByText(`乙改名指标、${x.name}、${z.name}`).waitFor();
      const clash = dialog.getByRole('region', { name: '双方都修改了的地方' });
      await clash.getByText(`「${z.name}」的分值`).waitFor();
      await snap(b.page, 'editor-09-conflict');
      // Closing the dialog loses nothing: B's text is still in the form.
      await dialog.getByRole('button', { name: '暂不处理' }).click();
      await expect(b.page.getByLabel('项目总目标').inputValue()).resolves.toBe('乙：项目总目标');
      await saveButton(b.page).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: '合并并保存（冲突处保留我的修改）' }).click();
      await b.page.getByText('所有修改已保存').waitFor();
      await snap(b.page, 'editor-10-merged');

      const merged = await view(d.id);
      expect(merged.annualGoal).toBe('甲：年度总体目标已更新');
      expect(merged.overallGoal).toBe('乙：项目总目标');
      const ind = (idOf: number) => merged.indicators.find((i) => i.id === idOf)!;
      expect(ind(x.id).target!.display).toBe('≥99.00(%)');
      expect(ind(y.id).name).toBe('乙改名指标');
      expect(ind(z.id).weight).toBe('12.5');
      expect(
        merged.indicators.filter((i) => i.name === '甲新增及时率').map((i) => i.target!.display),
      ).toEqual(['≥90(%)']);
      // y went up one place within its group, before x.
      const order = merged.indicators.map((i) => i.id);
      expect(order.indexOf(y.id)).toBeLessThan(order.indexOf(x.id));
      expect(merged.indicators).toHaveLength(d.indicators.length + 1);
      // B's form shows the merged version; A, reloaded, too.
      await expect(b.page.getByLabel('年度总体目标').inputValue()).resolves.toBe('甲：年度总体目标已更新');
      await a.page.reload();
      await a.page.getByRole('heading', { name: '绩效指标' }).waitFor();
      await expect(a.page.getByLabel('项目总目标').inputValue()).resolves.toBe('乙：项目总目标');
      expect(a.problems).toEqual([]);
      expect(b.problems).toEqual([]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }, 180_000);
});
