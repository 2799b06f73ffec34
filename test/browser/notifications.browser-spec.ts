import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { createValidDeclaration } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { ADMIN_PASSWORD, here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * 消息通知 (issue 16 item 4): the submitter submits in the console; the unit's reviewer logs in,
 * sees the bell's unread count, opens the inbox, clicks the message and lands on the declaration
 * with its review actions. A message written while the reviewer's console is open reaches the
 * bell without a reload (the live stream).
 */

let c: Console;
let w: BrowserWorld;

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
}, 180_000);
afterAll(async () => {
  await c?.stop();
});

const bellCount = (page: Page) => page.locator('[data-test=notification-count] sup');

describe('消息通知', () => {
  it('submitted → the reviewer sees the bell count and the message, opens it and lands on the item', async () => {
    const d = await createValidDeclaration(c.api, await w.token('submitter'), {
      projectName: '通知旅程项目',
    });

    // The submitter submits in the console.
    const sub = await newPage(c);
    await sub.page.goto(`/declarations/${d.id}`);
    await login(sub.page, w.users.submitter.username, PASSWORD);
    await sub.page.getByRole('button', { name: '提交', exact: true }).click();
    const confirm = sub.page.getByRole('dialog', { name: '确认提交' });
    await confirm.getByRole('button', { name: '提交', exact: true }).click();
    await sub.page.getByRole('button', { name: '撤回', exact: true }).waitFor();
    expect(sub.problems).toEqual([]);
    await sub.context.close();

    // The reviewer logs in: the bell says one unread message.
    const rev = await newPage(c);
    const { page } = rev;
    await page.goto('/login');
    await login(page, w.users.deptReviewer.username, PASSWORD);
    await page.waitForURL('**/declarations');
    await expect(bellCount(page).innerText()).resolves.toBe('1');
    expect(await page.locator('[data-test=notification-bell]').getAttribute('aria-label')).toBe(
      '消息通知：1 条未读',
    );
    await snap(page, 'notifications-01-bell');

    await page.locator('[data-test=notification-bell]').click();
    await page.waitForURL('**/notifications');
    await page.getByRole('heading', { name: '消息通知', exact: true }).waitFor();
    const item = page.locator('[data-test=notification-item]', { hasText: '待审核：通知旅程项目' });
    await item.waitFor();
    expect(await item.innerText()).toContain('王填报提交了「通知旅程项目」');
    expect(await item.getAttribute('class')).toContain('unread');
    await snap(page, 'notifications-02-inbox');

    // The message opens the declaration, where the reviewer's decisions are; it is read now.
    await item.locator('a').click();
    await page.waitForURL(`**/declarations/${d.id}`);
    expect(here(page)).toBe(`/declarations/${d.id}`);
    await page.getByRole('button', { name: '审核通过', exact: true }).waitFor();
    await bellCount(page).waitFor({ state: 'hidden' });
    await snap(page, 'notifications-03-landed');

    // A new submission while the console is open: the bell counts it without a reload.
    const other = await createValidDeclaration(c.api, await w.token('submitter2'), {
      projectName: '实时提醒项目',
    });
    const token = await w.token('submitter2');
    const v = (await c.api.get(`/api/declarations/${other.id}`, token)).body.version;
    expect(
      (await c.api.post(`/api/declarations/${other.id}/transitions`, { event: 'SUBMIT', version: v }, token))
        .status,
    ).toBe(200);
    await page.waitForFunction(
      () => document.querySelector('[data-test=notification-count] sup')?.textContent?.trim() === '1',
    );
    await page.locator('[data-test=notification-bell]').click();
    await page.locator('[data-test=notification-item]', { hasText: '待审核：实时提醒项目' }).waitFor();
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await bellCount(page).waitFor({ state: 'hidden' });
    expect(rev.problems).toEqual([]);
    await rev.context.close();
  }, 180_000);

  it('the user sets their notification email under 修改密码', async () => {
    const { context, page, problems } = await newPage(c);
    await page.goto('/account/password');
    await login(page, w.users.bureauReviewer.username, PASSWORD);
    const field = page.getByLabel('电子邮箱', { exact: true });
    await field.fill('不是邮箱');
    await page.getByRole('button', { name: '保存邮箱' }).click();
    await page.getByText('须为有效的电子邮箱地址').waitFor();
    await field.fill('zhang.shuju@example.gov.cn');
    await page.getByRole('button', { name: '保存邮箱' }).click();
    await page.getByText('通知邮箱已保存').waitFor();
    await snap(page, 'notifications-04-email');
    const me = await c.api.get('/api/notifications/settings', await w.token('bureauReviewer'));
    expect(me.body.email).toBe('zhang.shuju@example.gov.cn');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('the admin sees the failed emails of its users, without what they say, and sends one again', async () => {
    // A mail server that refused for good: what no API can bring about without one, the database can.
    const db = new Database(c.dbPath);
    try {
      const n = db
        .prepare('SELECT id FROM notifications WHERE user_id = ? ORDER BY id LIMIT 1')
        .get(w.users.deptReviewer.id) as { id: number };
      const at = new Date().toISOString();
      db.prepare(
        `INSERT INTO notification_deliveries (notification_id, user_id, channel, address, status, attempts, next_attempt_at, last_error, created_at)
         VALUES (?, ?, 'email', 'li.shenhe@example.gov.cn', 'dead', 6, ?, '550 5.1.1 mailbox unavailable', ?)`,
      ).run(n.id, w.users.deptReviewer.id, at, at);
    } finally {
      db.close();
    }
    const { context, page, problems } = await newPage(c);
    await page.goto('/admin?tab=deliveries');
    await login(page, 'admin', ADMIN_PASSWORD);
    const row = page.locator('.el-table__row', { hasText: 'li.shenhe@example.gov.cn' });
    await row.waitFor();
    expect(await row.innerText()).toContain('550 5.1.1 mailbox unavailable');
    expect(await row.innerText()).toContain('李审核');
    expect(await page.locator('.el-table').innerText()).not.toContain('通知旅程项目');
    await snap(page, 'notifications-05-dead-letters');
    await row.getByRole('button', { name: '重新发送' }).click();
    await page.getByText('已将发给 李审核 的邮件重新排队发送').waitFor();
    await page.getByText('没有此状态的通知邮件').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
