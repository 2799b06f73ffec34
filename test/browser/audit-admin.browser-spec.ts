import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/http-client';
import { ADMIN_PASSWORD, here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, importFixture, type BrowserWorld } from './world';

/**
 * Journey 5 (the auditor finds an indicator's change in its timeline, verifies the log,
 * downloads the CSV) and the administrator's work (departments, users, roles within the
 * grant policy), each from the login page.
 */

let c: Console;
let w: BrowserWorld;
let declarationId: number;
let indicatorId: number;
const PROJECT = '“一网通办”运营服务';
const REASON = '根据上年实际完成情况上调目标值';

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const ids = await importFixture(c, w);
  const sub = await w.token('submitter');
  // The declaration of 「一网通办」运营服务 and its indicator 问题工单处理率 (≥95.00(%) in the table).
  const found = await Promise.all(
    ids.map(async (id) => (await c.api.get(`/api/declarations/${id}`, sub)).body),
  );
  const d = found.find((x: { projectName: string }) => x.projectName === PROJECT);
  declarationId = d.id;
  const indicator = d.indicators.find((i: { name: string }) => i.name === '问题工单处理率');
  indicatorId = indicator.id;
  expect(indicator.target.display).toBe('≥95.00(%)');
  const patched = await c.api.patch(
    `/api/declarations/${declarationId}/indicators/${indicatorId}`,
    { version: d.version, target: '≥98.00(%)', reason: REASON },
    sub,
  );
  expect(patched.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).waitFor();

describe('journey 5: the auditor', () => {
  it('finds the indicator change by its declaration, reads its timeline, verifies the log and downloads the CSV', async () => {
    const { context, page, problems } = await newPage(c);
    await page.goto('/');
    await login(page, 'chen.shenji', PASSWORD);
    await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '审计' }).click();
    await heading(page, '审计日志');
    await page.locator('.audit-table .el-table__row').first().waitFor();
    await snap(page, 'audit-log');

    // Filter by the declaration, found by its project name.
    const picker = page.getByRole('combobox', { name: '申报表' });
    await picker.click();
    await picker.fill('一网通办');
    await page.getByRole('option', { name: `2026 ${PROJECT}` }).click();
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL((u) => u.searchParams.get('declarationId') === String(declarationId));
    const change = page.locator('.audit-table .el-table__row', { hasText: REASON });
    await change.waitFor();
    await expect(change.innerText()).resolves.toContain('≥95.00(%) → ≥98.00(%)');
    await expect(change.innerText()).resolves.toContain('wang.tianbao');
    await expect(change.innerText()).resolves.toContain('修改指标');
    // Every row is the declaration's.
    const rows = await page.locator('.audit-table .el-table__row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(r).toContain(`申报表 ${declarationId}`);
    await snap(page, 'audit-filtered');

    // The indicator's timeline, from its event.
    await change.getByRole('link', { name: '指标时间线' }).click();
    await heading(page, '指标变更时间线');
    expect(here(page)).toBe(`/audit/indicators/${indicatorId}`);
    const entry = page.getByRole('article').filter({ hasText: REASON });
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain('≥95.00(%) → ≥98.00(%)');
    expect(text).toContain('wang.tianbao');
    expect(text).toContain('编制中');
    // Its life began with the import, which says where it came from.
    await expect(page.getByRole('article').first().innerText()).resolves.toContain('导入');
    await snap(page, 'audit-timeline');

    // Back to the filtered log.
    await page.goBack();
    await heading(page, '审计日志');
    expect(here(page)).toContain(`declarationId=${declarationId}`);
    await change.waitFor();

    // Verify the whole log, answered in words.
    await page.getByRole('button', { name: '校验完整性' }).click();
    const dialog = page.getByRole('dialog', { name: '校验审计日志' });
    await dialog.getByText('全部日志').click();
    await dialog.getByRole('button', { name: '开始校验' }).click();
    await dialog.getByText('审计日志完整，未发现篡改').waitFor();
    await expect(dialog.innerText()).resolves.toMatch(/共核对 \d+ 条审计记录/);
    await snap(page, 'audit-verify');
    // The routine verify: what came after the last signed checkpoints, said so.
    await dialog.getByText('例行校验（自最近检查点）').click();
    await dialog.getByRole('button', { name: '开始校验' }).click();
    // (Worded apart from the full verify's 共核对 … 条审计记录、… 个签名检查点.)
    await dialog.getByText(/\d+ 条审计记录和 \d+ 条流转记录，全部一致/).waitFor();
    await snap(page, 'audit-verify-routine');
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();

    // The CSV of the filtered log.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\n')[0]).toContain('编号,时间（北京时间）,操作人');
    expect(csv).toContain('≥98.00(%)');
    await page.getByText(/已下载 .*\.csv/).waitFor();
    await snap(page, 'audit-csv');

    // A deep link with the day (Beijing time) and the action: only the change, the form shows the filters.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await page.goto(
      `/audit?declarationId=${declarationId}&action=indicator.updated&from=${today}&to=${today}`,
    );
    await heading(page, '审计日志');
    await change.waitFor();
    await expect(page.locator('.audit-table .el-table__row').count()).resolves.toBe(1);
    const shows = (id: string, text: string) =>
      page.locator('.el-select', { has: page.locator(id), hasText: text }).waitFor();
    await shows('#audit-action', '修改指标');
    await shows('#audit-declaration', `2026 ${PROJECT}`);
    // The day before has none of it.
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/audit?declarationId=${declarationId}&from=${yesterday}&to=${yesterday}`);
    await page.getByText('没有符合条件的审计记录').waitFor();
    await snap(page, 'audit-empty');

    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('the administrator', () => {
  it('creates a department and a user with a role it may grant, resets the password and disables the user', async () => {
    const { context, page, problems } = await newPage(c);
    await page.goto('/');
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '管理' }).click();
    await heading(page, '部门与用户管理');
    await page.getByRole('treeitem', { name: /运营管理部/ }).waitFor();
    await snap(page, 'admin-departments');

    // A child of 上海市大数据中心; a taken code is refused beside the code field.
    await page.getByRole('button', { name: '新建下级部门：上海市大数据中心' }).click();
    const depDialog = page.getByRole('dialog', { name: '新建下级部门' });
    await depDialog.getByLabel('部门编码').fill('SHDSC-OPS');
    await depDialog.getByLabel('部门名称').fill('安全管理部');
    await depDialog.getByRole('button', { name: '创建' }).click();
    await depDialog.locator('.el-form-item__error', { hasText: 'SHDSC-OPS' }).waitFor();
    await snap(page, 'admin-department-error');
    await depDialog.getByLabel('部门编码').fill('SHDSC-SEC');
    await depDialog.getByRole('button', { name: '创建' }).click();
    await page.getByRole('treeitem', { name: /安全管理部/ }).waitFor();
    await depDialog.waitFor({ state: 'hidden' });

    // Users: the roles offered are the API's grants for the chosen department.
    await page.getByRole('tab', { name: '用户' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'users');
    await page.getByRole('cell', { name: 'chen.shenji' }).waitFor();
    await page.getByRole('button', { name: '新建用户' }).click();
    const userDialog = page.getByRole('dialog', { name: '新建用户' });
    await userDialog.getByLabel('用户名').fill('sun.anquan');
    await userDialog.getByLabel('姓名').fill('孙安全');
    await userDialog.getByLabel('初始密码').fill('Anquan-2026-Start!');
    const roles = userDialog.getByRole('group', { name: '角色' });
    // In the bureau itself the bureau admin may give 数据局审核 …
    await userDialog.getByLabel('所属部门').click();
    await page.getByRole('option', { name: '数据局', exact: true }).click();
    await roles.getByRole('checkbox', { name: '数据局审核' }).waitFor({ state: 'attached' });
    await userDialog.getByLabel('所属部门').click();
    await page.getByRole('option', { name: /安全管理部/ }).click();
    await roles.getByRole('checkbox', { name: '填报人' }).waitFor({ state: 'attached' });
    // 数据局审核 is for users of the bureau only: not offered in a department.
    await expect(roles.getByRole('checkbox', { name: '数据局审核' }).count()).resolves.toBe(0);
    await roles.getByText('填报人').click();
    await snap(page, 'admin-user-new');
    await userDialog.getByRole('button', { name: '创建' }).click();
    await userDialog.waitFor({ state: 'hidden' });
    const row = page.locator('.el-table__row', { hasText: 'sun.anquan' });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain('填报人');
    await expect(row.innerText()).resolves.toContain('安全管理部');
    expect(
      (await c.api.post('/api/auth/login', { username: 'sun.anquan', password: 'Anquan-2026-Start!' }))
        .status,
    ).toBe(200);

    // Reset the password: a weak one is refused beside the field, a good one works at once.
    await row.getByRole('button', { name: '重置密码' }).click();
    const reset = page.getByRole('dialog', { name: '重置密码' });
    await reset.getByLabel('新密码').fill('short');
    await reset.getByRole('button', { name: '重置' }).click();
    await reset.locator('.el-form-item__error').waitFor();
    await reset.getByLabel('新密码').fill('Anquan-2026-Reset!');
    await reset.getByRole('button', { name: '重置' }).click();
    await reset.waitFor({ state: 'hidden' });
    await page.getByText('密码已重置').waitFor();
    await snap(page, 'admin-password-reset');
    expect(
      (await c.api.post('/api/auth/login', { username: 'sun.anquan', password: 'Anquan-2026-Reset!' }))
        .status,
    ).toBe(200);

    // Disable: the user can no longer log in.
    await row.getByRole('button', { name: '停用' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用').waitFor();
    await row.getByRole('button', { name: '启用' }).waitFor();
    expect(
      (await c.api.post('/api/auth/login', { username: 'sun.anquan', password: 'Anquan-2026-Reset!' }))
        .status,
    ).not.toBe(200);
    await snap(page, 'admin-users');

    // Deep link to the users tab.
    await page.reload();
    await page.getByRole('cell', { name: 'sun.anquan' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
