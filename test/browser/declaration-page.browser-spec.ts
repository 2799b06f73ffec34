import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { EXCELLENT_REVIEW } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, importFixture, type BrowserUser, type BrowserWorld } from './world';

/**
 * Journey 2 of issue 14 on the declaration page (/declarations/:id): the unit reviewer returns
 * 数据运营服务费 with a reason; the submitter reads it in the history, fixes and resubmits; the
 * unit reviewer approves with 优 and the 数据局 approves; the history keeps every comment, the
 * versions tab shows version 1, and the 申报表 downloads as a workbook. Before that, while two
 * targets are missing, 提交 is offered disabled with the API's reason. The declaration is
 * prepared through the API (imported, the two targets filled, submitted); what is tested is done
 * in the browser, each person from the login page.
 */

let c: Console;
let w: BrowserWorld;
let id: number;

const PROJECT = '数据运营服务费';
const REASON = '需求响应及时率的目标值偏低，请按上年实际值重新测算后再报';
const INTERNAL_COMMENT = '目标明确，指标完整，同意报数据局';
const BUREAU_COMMENT = '同意批复';

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  await importFixture(c, w);
  const token = await w.token('submitter');
  const list = (await c.api.get('/api/declarations?year=2026&limit=50', token)).body.items as Array<{
    id: number;
    projectName: string;
  }>;
  id = list.find((d) => d.projectName === PROJECT)!.id;
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

/** A person's own browser session, opened on the declaration through the login page. */
async function openAs(user: BrowserUser, path = `/declarations/${id}`) {
  const s = await newPage(c);
  await s.page.goto(path);
  // Not logged in: the console asks for the login first and comes back to the declaration.
  await s.page.getByRole('heading', { name: '登录' }).waitFor();
  await login(s.page, w.users[user].username, PASSWORD);
  await s.page.getByRole('heading', { name: PROJECT, level: 1 }).waitFor();
  return s;
}

const stateTag = (page: Page, label: string) =>
  page.locator('.title-row').getByText(label, { exact: true }).waitFor();

async function version(): Promise<number> {
  return (await c.api.get(`/api/declarations/${id}`, await w.token('submitter'))).body.version;
}

describe('journey 2 on the declaration page', () => {
  it('offers 提交 disabled with the reason while error findings block it, and lists the findings beside the form', async () => {
    const { page, problems, context } = await openAs('submitter');
    expect(here(page)).toBe(`/declarations/${id}`);
    await stateTag(page, '编制中');
    const submit = page.getByRole('button', { name: '提交', exact: true });
    await expect(submit.isDisabled()).resolves.toBe(true);
    // The reason in words beside the buttons (the API's), and as the button's tooltip.
    const reason = '还有 2 个错误需要修改，修改后才能提交';
    await page.getByRole('listitem').filter({ hasText: reason }).waitFor();
    const findings = page.getByRole('region', { name: '校验结果' });
    await findings.getByText('三级指标“需求响应及时率”缺少年度指标值').waitFor();
    await findings.getByText('三级指标“异议核实工单完成及时率”缺少年度指标值').waitFor();
    await snap(page, 'declaration-submit-blocked');
    await page.locator('.disabled-wrap').filter({ has: submit }).hover();
    await page.getByRole('tooltip').filter({ hasText: reason }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('the unit reviewer returns it with a reason, which the dialog requires', async () => {
    // Prepared through the API: the two missing targets filled, then submitted.
    const token = await w.token('submitter');
    const findings = (await c.api.get(`/api/declarations/${id}/findings`, token)).body as Array<{
      code: string;
      indicatorId?: number;
    }>;
    const missing = findings.filter((f) => f.code === 'TARGET_MISSING');
    expect(missing).toHaveLength(2);
    for (const f of missing) {
      const res = await c.api.patch(
        `/api/declarations/${id}/indicators/${f.indicatorId}`,
        { version: await version(), target: '≥90.00(%)' },
        token,
      );
      expect(res.status).toBe(200);
    }
    const submitted = await c.api.post(
      `/api/declarations/${id}/transitions`,
      { event: 'SUBMIT', version: await version() },
      token,
    );
    expect(submitted.status).toBe(200);

    const { page, problems, context } = await openAs('deptReviewer');
    await stateTag(page, '单位内部审核');
    await page.getByRole('button', { name: '退回', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '退回' });
    await dialog.waitFor();
    // No reason: the API's refusal stands under the reason field, and nothing is returned.
    await dialog.getByRole('button', { name: '确定退回' }).click();
    const field = dialog.locator('.el-form-item').filter({ has: page.getByLabel('退回原因') });
    await field.getByText('「退回」时必须填写原因').waitFor();
    await snap(page, 'declaration-return-reason-required');
    await page.getByLabel('退回原因').fill(REASON);
    await dialog.getByRole('button', { name: '确定退回' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await stateTag(page, '编制中');
    await snap(page, 'declaration-returned');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('the submitter reads the reason in the history, fixes the form and resubmits with the button', async () => {
    const { page, problems, context } = await openAs('submitter', `/declarations/${id}?tab=history`);
    const history = page.getByRole('list', { name: '流转记录' });
    await history.getByText(REASON).waitFor();
    await history.getByText('单位内部审核 → 编制中').waitFor();
    await snap(page, 'declaration-history-returned');

    // The fix, through the API; the page shows it after a reload.
    const token = await w.token('submitter');
    const view = (await c.api.get(`/api/declarations/${id}`, token)).body;
    const target = view.indicators.find((i: { name: string }) => i.name === '需求响应及时率');
    const fixed = await c.api.patch(
      `/api/declarations/${id}/indicators/${target.id}`,
      { version: view.version, target: '≥98.00(%)' },
      token,
    );
    expect(fixed.status).toBe(200);
    await page.reload();

    // The tabs are places in the history: back returns to the history, forward to the form.
    await page.getByRole('tab', { name: '申报表' }).click();
    await page.waitForURL(/tab=form/);
    await page.goBack();
    await history.getByText(REASON).waitFor();
    expect(here(page)).toBe(`/declarations/${id}?tab=history`);
    await page.goForward();
    await page.waitForURL(/tab=form/);

    await page.getByRole('button', { name: '提交', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '确认提交' });
    await confirm.waitFor();
    await snap(page, 'declaration-resubmit-confirm');
    await confirm.getByRole('button', { name: '提交', exact: true }).click();
    await stateTag(page, '单位内部审核');
    // Once submitted, the submitter's only action is to withdraw.
    await page.getByRole('button', { name: '撤回', exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('the unit reviewer approves with 优, then the 数据局 approves', async () => {
    const dept = await openAs('deptReviewer');
    await dept.page.getByRole('button', { name: '审核通过', exact: true }).click();
    let dialog = dept.page.getByRole('dialog', { name: '审核通过' });
    await dialog.locator('label').filter({ hasText: /^优$/ }).click();
    await expect(dialog.getByRole('radio', { name: '优' }).isChecked()).resolves.toBe(true);
    await dialog.getByLabel('意见（可选）').fill(INTERNAL_COMMENT);
    await snap(dept.page, 'declaration-approve-dialog');
    await dialog.getByRole('button', { name: '确定审核通过' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await stateTag(dept.page, '数据局审核');
    expect(dept.problems).toEqual([]);
    await dept.context.close();

    const bureau = await openAs('bureauReviewer');
    await stateTag(bureau.page, '数据局审核');
    await bureau.page.getByRole('button', { name: '审核通过', exact: true }).click();
    dialog = bureau.page.getByRole('dialog', { name: '审核通过 · 绩效目标审核评分' });
    // The 数据局's approval of the targets is scored (issue 18 item 2): 优 on each dimension.
    for (const word of ['完整性', '相关性', '适当性', '可行性']) {
      await dialog.getByLabel(`${word}评分`).fill('95');
      await dialog.getByLabel(`${word}意见`).fill(`${word}符合要求`);
    }
    await dialog.locator('[data-test="review-grade"]').getByText('优').waitFor();
    await dialog.getByLabel('意见（可选）').fill(BUREAU_COMMENT);
    await dialog.getByRole('button', { name: '确定审核通过' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await stateTag(bureau.page, '已批复');
    await bureau.page.locator('.facts').getByText('第 1 版').waitFor();
    await snap(bureau.page, 'declaration-approved');
    expect(bureau.problems).toEqual([]);
    await bureau.context.close();
  }, 120_000);

  it('the history keeps every comment and rating, the versions tab shows version 1, and the form downloads as xlsx', async () => {
    const { page, problems, context } = await openAs('submitter');
    await page.getByRole('tab', { name: '审核意见与历史' }).click();
    const history = page.getByRole('list', { name: '流转记录' });
    await history.getByText(REASON).waitFor();
    await history.getByText(INTERNAL_COMMENT).waitFor();
    await history.getByText(BUREAU_COMMENT).waitFor();
    // The unit's rating, and the 数据局's grade from its scores (issue 18 item 2) with the scores.
    await history.getByText('评级：优').first().waitFor();
    await expect(history.getByText('评级：优').count()).resolves.toBe(2);
    const scored = history.locator('[data-test="scored-review"]');
    await expect(scored.innerText()).resolves.toContain('加权合计 95.00 分');
    await expect(scored.innerText()).resolves.toContain('完整性符合要求');
    // Each event says who fired it, by the name colleagues know (not the login name), and as what.
    await history.getByText('操作人：李审核（单位审核人）').first().waitFor();
    await history.getByText('操作人：张数据局（数据局审核人）').waitFor();
    const events = await history.locator('.event').allInnerTexts();
    expect(events).toEqual(['提交', '退回', '提交', '审核通过', '审核通过']);
    await snap(page, 'declaration-history');

    await page.getByRole('tab', { name: '已批准版本' }).click();
    await page.waitForURL(/tab=versions/);
    const table = page.locator('.versions .list');
    await table.getByText('第 1 版').waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(1);
    // Version 1 against the current content: nothing changed since the approval.
    await page.getByText('两者内容相同，没有差异。').waitFor();
    await snap(page, 'declaration-versions');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${PROJECT}-申报表.xlsx`);
    const bytes = readFileSync((await download.path())!);
    // An xlsx is a zip archive.
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(1000);
    await snap(page, 'declaration-exported');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('an adjustment: asked for with its reason, a stale submit reloads, and the reviewer sees what changed against the approved version', async () => {
    // Another project of the table, approved through the API.
    const sub = await w.token('submitter');
    const items = (await c.api.get('/api/declarations?year=2026&limit=50', sub)).body.items as Array<{
      id: number;
      projectName: string;
    }>;
    let other: { id: number; projectName: string } | undefined;
    for (const d of items.filter((x) => x.id !== id)) {
      const f = (await c.api.get(`/api/declarations/${d.id}/findings`, sub)).body as Array<{
        severity: string;
      }>;
      if (!f.some((x) => x.severity === 'error')) {
        other = d;
        break;
      }
    }
    expect(other).toBeDefined();
    const oid = other!.id;
    const fire = async (event: string, user: BrowserUser) => {
      const v = (await c.api.get(`/api/declarations/${oid}`, sub)).body.version;
      // The 数据局's approval takes the scored review (issue 18 item 2).
      const review = user === 'bureauReviewer' && event === 'APPROVE' ? { review: EXCELLENT_REVIEW } : {};
      const res = await c.api.post(
        `/api/declarations/${oid}/transitions`,
        { event, version: v, ...review },
        await w.token(user),
      );
      expect(res.status).toBe(200);
    };
    await fire('SUBMIT', 'submitter');
    await fire('APPROVE', 'deptReviewer');
    await fire('APPROVE', 'bureauReviewer');

    const s = await newPage(c);
    await s.page.goto(`/declarations/${oid}`);
    await login(s.page, w.users.submitter.username, PASSWORD);
    await s.page.getByRole('heading', { name: other!.projectName, level: 1 }).waitFor();
    await s.page.getByRole('button', { name: '申请调整', exact: true }).click();
    const dialog = s.page.getByRole('dialog', { name: '申请调整' });
    await s.page.getByLabel('申请调整原因').fill('年中预算压减，调整部分产出目标');
    await dialog.getByRole('button', { name: '确定申请调整' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const view = (await c.api.get(`/api/declarations/${oid}`, sub)).body;
    await stateTag(s.page, view.stateLabel);
    expect(view.state).toBe('adjustment.drafting');

    // Changed elsewhere (another tab, through the API) while this page still shows the old version.
    const changed = view.indicators.find((i: { target: unknown }) => i.target !== null);
    const before = changed.target.display as string;
    const patched = await c.api.patch(
      `/api/declarations/${oid}/indicators/${changed.id}`,
      { version: view.version, target: '≥1.00(个)', reason: '预算压减' },
      sub,
    );
    expect(patched.status).toBe(200);
    await s.page.getByRole('button', { name: '提交', exact: true }).click();
    await s.page
      .getByRole('dialog', { name: '确认提交' })
      .getByRole('button', { name: '提交', exact: true })
      .click();
    const stale = s.page.getByRole('dialog', { name: '申报表已被修改' });
    await stale.waitFor();
    await snap(s.page, 'declaration-stale');
    await stale.getByRole('button', { name: '重新加载' }).click();
    // Reloaded: the change made elsewhere is listed against the approved version.
    const card = s.page.locator('.adjustment');
    await card.getByText('本次调整相对已批准的第 1 版的变化').waitFor();
    await card.getByText('≥1.00(个)').waitFor();
    await s.page.getByRole('button', { name: '提交', exact: true }).click();
    await s.page
      .getByRole('dialog', { name: '确认提交' })
      .getByRole('button', { name: '提交', exact: true })
      .click();
    // Submitted: the submitter may now only withdraw.
    await s.page.getByRole('button', { name: '撤回', exact: true }).waitFor();
    expect((await c.api.get(`/api/declarations/${oid}`, sub)).body.state).toBe('adjustment.internalReview');
    expect(s.problems).toEqual([]);
    await s.context.close();

    const r = await newPage(c);
    await r.page.goto(`/declarations/${oid}`);
    await login(r.page, w.users.deptReviewer.username, PASSWORD);
    const rcard = r.page.locator('.adjustment');
    await rcard.getByText('本次调整相对已批准的第 1 版的变化').waitFor();
    const row = rcard.getByRole('listitem').filter({ hasText: changed.name });
    await row.getByText('修改指标').waitFor();
    await row.getByText(before, { exact: true }).waitFor();
    await row.getByText('≥1.00(个)', { exact: true }).waitFor();
    await expect(r.page.getByRole('button', { name: '审核通过', exact: true }).isEnabled()).resolves.toBe(
      true,
    );
    await snap(r.page, 'declaration-adjustment-review');
    expect(r.problems).toEqual([]);
    await r.context.close();
  }, 180_000);

  it('says in Chinese when a declaration does not exist or is not the reader’s', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto('/declarations/999999');
    await login(page, w.users.submitter.username, PASSWORD);
    await page.getByRole('heading', { name: '申报表不存在或您无权查看', level: 1 }).waitFor();
    await page.getByRole('button', { name: '返回申报列表' }).waitFor();
    await snap(page, 'declaration-not-found');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
