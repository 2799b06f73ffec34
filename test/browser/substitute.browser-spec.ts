import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * Substitutes (issue 16 item 2) in the console: 李审核 (the unit's reviewer) names 孙代理 for this
 * week on 代理设置; 孙代理's queue marks the submitted item 代理：李审核; 孙代理 approves it from the
 * declaration page, and its history says the approval was made for 李审核. The item is
 * submitted through the API; the rest is done in the browser, each person from the login page.
 */

let c: Console;
let w: BrowserWorld;
let id: number;
const PROJECT = '代理审核项目';
const STAND_IN = { username: 'sun.daili', displayName: '孙代理' };

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const made = await c.api.post(
    '/api/users',
    { ...STAND_IN, password: PASSWORD, roles: ['dept_reviewer'], departmentId: w.ids.unit },
    w.admin,
  );
  if (made.status !== 201) throw new Error(`user: ${made.status} ${made.text}`);
  const sub = await w.token('submitter');
  const d = await createValidDeclaration(c.api, sub, { projectName: PROJECT });
  await fire(c.api, d.id, 'SUBMIT', sub);
  id = d.id;
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

describe('a substitute approving from their queue', () => {
  it('the reviewer names a substitute on 代理设置', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto('/reviews');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await login(page, w.users.deptReviewer.username, PASSWORD);
    await page.getByRole('link', { name: '代理设置' }).click();
    await page.getByRole('heading', { name: '代理设置', level: 1 }).waitFor();
    await page.locator('[data-test="substitute"]').click();
    await page.getByRole('option', { name: /孙代理/ }).click();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 8 * 3_600_000 + 6 * 86_400_000).toISOString().slice(0, 10);
    await page.getByPlaceholder('开始日期').fill(today);
    await page.getByPlaceholder('结束日期').fill(later);
    await page.getByPlaceholder('结束日期').press('Enter');
    await page.getByPlaceholder('例如：出差、休假（可选）').fill('出差');
    await page.getByRole('button', { name: '保存代理' }).click();
    await page.getByText('已设置审核代理').waitFor();
    const list = page.locator('[data-test="delegation-list"]');
    await list.getByText('代理中').waitFor();
    await list.getByText('孙代理').waitFor();
    await snap(page, 'substitute-named');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('the substitute sees the item marked, approves it, and the history names the absent reviewer', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto('/reviews');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await login(page, STAND_IN.username, PASSWORD);
    const row = page.locator('[data-test="queue-row"]').filter({ hasText: PROJECT });
    await row.locator('[data-test="delegated"]').getByText('代理：李审核').waitFor();
    await snap(page, 'substitute-queue');
    await row.getByRole('link', { name: PROJECT }).click();
    await page.getByRole('heading', { name: PROJECT, level: 1 }).waitFor();
    await page.getByRole('button', { name: '审核通过', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '审核通过' });
    await dialog.locator('label').filter({ hasText: /^优$/ }).click();
    await dialog.getByRole('button', { name: '确定审核通过' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.title-row').getByText('数据局审核', { exact: true }).waitFor();
    await page.getByRole('tab', { name: '审核意见与历史' }).click();
    const history = page.getByRole('list', { name: '流转记录' });
    await history.getByText('操作人：孙代理（单位审核人）').waitFor();
    await history.getByText('代 李审核 审核').waitFor();
    await snap(page, 'substitute-history');
    const transitions = (await c.api.get(`/api/declarations/${id}/transitions`, await w.token('submitter')))
      .body;
    expect(transitions[transitions.length - 1].onBehalfOf).toMatchObject({ id: w.users.deptReviewer.id });
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
