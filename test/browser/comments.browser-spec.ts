import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createValidDeclaration } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * Review comments (issue 16 item 1), the journey of the issue: the unit's reviewer opens two
 * anchored comments (one on an indicator, one on a header field) and returns the declaration,
 * the dialog listing what the return carries → the submitter sees them on the fields, edits,
 * replies and resolves them → resubmits → the reviewer sees what changed since the return. The
 * declaration is prepared through the API; the browser does the rest.
 */

let c: Console;
let w: BrowserWorld;
let id: number;
let indicatorId: number;
const INDICATOR = '开展建设项目数量';

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const sub = await w.token('submitter');
  const d = await createValidDeclaration(c.api, sub, { projectName: '政务云运维服务' });
  id = d.id;
  indicatorId = d.indicatorIds[0];
  const submitted = await c.api.post(
    `/api/declarations/${id}/transitions`,
    { event: 'SUBMIT', version: d.version },
    sub,
  );
  expect(submitted.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

const badge = (page: Page, anchor: string) => page.locator(`[data-comment-anchor="${anchor}"]`);
const drawer = (page: Page) => page.locator('.comment-drawer');
const stateIs = (page: Page, label: string) =>
  page.locator('.title-row').getByText(label, { exact: true }).waitFor();

async function comment(page: Page, anchor: string, text: string): Promise<void> {
  await badge(page, anchor).click();
  await drawer(page).getByLabel('审核意见内容').fill(text);
  await drawer(page).getByRole('button', { name: '提出意见' }).click();
  await drawer(page).locator('[data-thread]').getByText(text).waitFor();
}

async function closeDrawer(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await drawer(page).waitFor({ state: 'hidden' });
}

describe('审核意见', () => {
  it('the reviewer comments on an indicator and on 项目名称, and returns with both', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/login');
      await login(page, w.users.deptReviewer.username, PASSWORD);
      await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '审核' }).click();
      await page.getByRole('link', { name: '政务云运维服务' }).click();
      await page.waitForURL(`**/declarations/${id}`);
      await stateIs(page, '单位内部审核');
      // The reviewer of the stage may comment on every field and indicator.
      expect(await badge(page, 'projectName').innerText()).toContain('+ 意见');
      expect(await badge(page, `indicator-${indicatorId}`).innerText()).toContain('+ 意见');

      await comment(page, `indicator-${indicatorId}`, '数量指标偏低，请对照上年实际完成值调整');
      await snap(page, 'comments-01-reviewer-drawer');
      await closeDrawer(page);
      await comment(page, 'projectName', '项目名称应与立项批复一致');
      await closeDrawer(page);
      await expect(badge(page, 'projectName').innerText()).resolves.toContain('意见 1');
      await expect(badge(page, `indicator-${indicatorId}`).innerText()).resolves.toContain('意见 1');
      await page.locator('.comments-panel').getByText('2 条待解决').waitFor();
      await snap(page, 'comments-02-reviewer-badges');

      await page.getByRole('button', { name: '退回', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '退回' });
      const carried = dialog.getByRole('region', { name: '随退回带回的审核意见' });
      await carried.getByText('退回时将带回以下 2 条未解决的审核意见').waitFor();
      expect(await carried.innerText()).toContain(`三级指标“${INDICATOR}”`);
      expect(await carried.innerText()).toContain('项目名称');
      await page.getByLabel('退回原因').fill('请按审核意见修改后再提交');
      await snap(page, 'comments-03-return-dialog');
      await dialog.getByRole('button', { name: '确定退回' }).click();
      await stateIs(page, '编制中');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the submitter sees them on the fields, edits, replies and resolves them, and resubmits', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto(`/declarations/${id}`);
      await login(page, w.users.submitter.username, PASSWORD);
      await page.waitForURL(`**/declarations/${id}`);
      await stateIs(page, '编制中');
      await expect(badge(page, 'projectName').innerText()).resolves.toContain('意见 1');
      await expect(badge(page, `indicator-${indicatorId}`).innerText()).resolves.toContain('意见 1');
      // Only the fields with comments carry a badge for the submitter.
      await expect(badge(page, 'annualGoal').count()).resolves.toBe(0);
      await page.locator('.comments-panel').getByText('2 条待解决').waitFor();
      await snap(page, 'comments-04-submitter-editor');

      // The history says what the return carried.
      await page.getByRole('tab', { name: /审核意见与历史|历史/ }).click();
      const carried = page.locator('.history .carried');
      await carried.getByText('随退回带回的审核意见（2 条）').waitFor();
      expect(await carried.innerText()).toContain('项目名称应与立项批复一致');
      await snap(page, 'comments-05-history-carried');
      await page.getByRole('tab', { name: /申报表/ }).click();

      // The fixes, saved.
      await page.getByLabel('项目名称', { exact: true }).fill('政务云运维服务（2026年度）');
      await page.getByLabel(`「${INDICATOR}」的年度指标值`).fill('≥180.00(个)');
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await page.getByText('所有修改已保存').waitFor();

      // A reply, then resolved, on each.
      await badge(page, 'projectName').click();
      const thread = drawer(page).locator('[data-thread]');
      await thread.getByRole('textbox').fill('已按立项批复修改名称');
      await thread.getByRole('button', { name: '回复' }).click();
      await thread.getByText('已按立项批复修改名称').waitFor();
      await thread.getByRole('textbox').fill('名称已改');
      await thread.getByRole('button', { name: '标记已解决' }).click();
      await thread.getByText('已解决', { exact: true }).waitFor();
      await snap(page, 'comments-06-submitter-resolved');
      await closeDrawer(page);
      await badge(page, `indicator-${indicatorId}`).click();
      await drawer(page).locator('[data-thread]').getByRole('button', { name: '标记已解决' }).click();
      await drawer(page).locator('[data-thread]').getByText('已解决', { exact: true }).waitFor();
      await closeDrawer(page);
      await expect(badge(page, 'projectName').innerText()).resolves.toContain('意见已解决');
      await page.locator('.comments-panel').getByText('全部已解决').waitFor();

      await page.getByRole('button', { name: '提交', exact: true }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /提交|确定/ })
        .click();
      await stateIs(page, '单位内部审核');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the reviewer sees what changed since the return', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto(`/declarations/${id}`);
      await login(page, w.users.deptReviewer.username, PASSWORD);
      await page.waitForURL(`**/declarations/${id}`);
      const since = page.locator('[data-since-return]');
      await since.getByText('退回后的修改').waitFor();
      const text = await since.innerText();
      expect(text).toContain('政务云运维服务（2026年度）');
      expect(text).toContain('≥150.00(个)');
      expect(text).toContain('≥180.00(个)');
      expect(text).toContain('已解决');
      await snap(page, 'comments-07-changes-since-return');
      // The resolved threads stay beside the fields, and the reviewer may reopen them.
      await badge(page, 'projectName').click();
      await drawer(page).locator('[data-thread]').getByRole('button', { name: '重新打开' }).waitFor();
      await snap(page, 'comments-08-reviewer-thread');
      await closeDrawer(page);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
