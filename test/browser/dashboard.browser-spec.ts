import { SHIPPED_CALENDARS } from '../../src/calendar/shipped';
import { WorkCalendar } from '../../src/calendar/working-days';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { cleanEvaluationBody, cleanMonitoringBody } from '../support/lifecycle';
import { here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, importFixture, type BrowserWorld } from './world';

/**
 * 年度看板: the 数据局's reviewer logs in, opens the dashboard and reads, per department, the
 * year's declarations by state, the budget lights and the grades, as charts and as a table whose
 * numbers are the API's; an item past its review deadline is listed and opens its declaration;
 * another year without declarations says so; the year is in the URL (back returns to it).
 */

let c: Console;
let w: BrowserWorld;
/** The API's answer for 2026, as the bureau reviewer reads it. */
let api: {
  departments: Array<{
    departmentName: string;
    declarations: number;
    states: Record<string, number>;
    lights: Record<string, number>;
    grades: Record<string, number>;
  }>;
  totals: { declarations: number; states: Record<string, number> };
  overdue: { count: number; items: Array<{ declarationId: number; projectName: string }> };
};
let overdueId: number;
/** Whole days past its due day. */
let daysLate: number;
/** The API's words for the states (GET /api/reference). */
let stateWords: Record<string, string>;

const DAY = 86_400_000;

async function ok(res: Promise<{ status: number; text: string; body: any }>, what: string) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.body;
}

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  // 运营管理部: the summary table's nine drafts.
  await importFixture(c, w);
  const sub = await w.token('submitter');
  const dept = await w.token('deptReviewer');
  const bureau = await w.token('bureauReviewer');
  // 应用开发部 gets a submitter and a draft of its own: a second department in the charts.
  await ok(
    c.api.post(
      '/api/users',
      {
        username: 'liu.tianbao',
        displayName: '刘填报',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.ids.app,
      },
      w.admin,
    ),
    'user liu.tianbao',
  );
  await createValidDeclaration(c.api, await c.api.login('liu.tianbao'), { projectName: '应用开发平台运维' });
  // Two of 运营管理部's declarations through monitoring (one into evaluation, self-evaluated):
  // a budget light each, and a grade.
  const monitored = await createValidDeclaration(c.api, sub, { projectName: '数据治理平台建设' });
  const evaluated = await createValidDeclaration(c.api, sub, { projectName: '政务云资源保障' });
  for (const d of [monitored, evaluated]) {
    await fire(c.api, d.id, 'SUBMIT', sub);
    await fire(c.api, d.id, 'APPROVE', dept);
    await fire(c.api, d.id, 'APPROVE', bureau);
  }
  await ok(c.api.post('/api/workflow/open-monitoring', { year: 2026 }, bureau), 'open monitoring');
  const version = async (id: number) => (await ok(c.api.get(`/api/declarations/${id}`, sub), 'get')).version;
  for (const d of [monitored, evaluated])
    await ok(
      c.api.put(
        `/api/declarations/${d.id}/monitoring`,
        cleanMonitoringBody(await version(d.id), d.indicatorIds),
        sub,
      ),
      'monitoring',
    );
  await fire(c.api, evaluated.id, 'SUBMIT', sub);
  await fire(c.api, evaluated.id, 'APPROVE', dept);
  await fire(c.api, evaluated.id, 'APPROVE', bureau);
  await ok(c.api.post('/api/workflow/open-evaluation', { year: 2026 }, bureau), 'open evaluation');
  await ok(
    c.api.put(
      `/api/declarations/${evaluated.id}/evaluation`,
      cleanEvaluationBody(await version(evaluated.id), evaluated.indicatorIds),
      sub,
    ),
    'evaluation',
  );
  // One waits for the unit's review: overdue.
  const waiting = await createValidDeclaration(c.api, sub, { projectName: '数据安全运营服务' });
  await fire(c.api, waiting.id, 'SUBMIT', sub);
  overdueId = waiting.id;
  const env = readFileSync(`/proc/${c.service.proc.pid}/environ`, 'utf8').split('\0');
  const dbPath = env.find((e) => e.startsWith('DATABASE_PATH='))!.slice('DATABASE_PATH='.length);
  const db = new Database(dbPath);
  // Twenty days ago: past its due day (five working days, weekends and holidays off) whatever today is.
  const enteredAt = new Date(Date.now() - 20 * DAY).toISOString();
  daysLate = Math.floor(
    (Date.now() - Date.parse(new WorkCalendar(SHIPPED_CALENDARS).due(enteredAt, 5).dueAt)) / DAY,
  );
  db.prepare('UPDATE declarations SET state_entered_at = ? WHERE id = ?').run(enteredAt, overdueId);
  db.close();
  api = await ok(c.api.get('/api/dashboard?year=2026', bureau), 'dashboard');
  const reference = await ok(c.api.get('/api/reference', bureau), 'reference');
  stateWords = Object.fromEntries(
    (reference.enumerations.state as Array<{ value: string; zh: string }>).map((v) => [v.value, v.zh]),
  );
}, 240_000);

afterAll(async () => {
  await c?.stop();
});

/** The department table's body rows as the cells' texts. */
async function tableRows(page: Page): Promise<string[][]> {
  const rows = page.locator('.department-table .el-table__body-wrapper tr.el-table__row');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++)
    out.push((await rows.nth(i).locator('td').allInnerTexts()).map((s) => s.trim()));
  return out;
}

describe('年度看板', () => {
  it('shows the bureau reviewer each department by state, light and grade, with the API’s numbers', async () => {
    // What the fixture gives: two departments; lights, a grade and the overdue item are there.
    expect(api.departments.map((d) => d.departmentName)).toEqual(['运营管理部', '应用开发部']);
    expect(api.totals.declarations).toBe(13);
    expect(Object.values(api.departments[0].lights).reduce((a, b) => a + b, 0)).toBe(2);
    expect(Object.values(api.departments[0].grades).reduce((a, b) => a + b, 0)).toBe(1);
    expect(api.overdue.items.map((i) => i.declarationId)).toEqual([overdueId]);

    const { page, context, problems } = await newPage(c);
    await page.goto('/login');
    await login(page, w.users.bureauReviewer.username, PASSWORD);
    await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '年度看板' }).click();
    await page.getByRole('heading', { name: '年度看板', exact: true }).waitFor();
    await page.getByText('共 13 份申报表，涉及 2 个部门').waitFor();
    // Three charts, drawn (a canvas each), each labelled with its numbers.
    await page.locator('.dashboard-chart canvas').nth(2).waitFor();
    expect(await page.locator('.dashboard-chart canvas').count()).toBe(3);
    const states = page.getByRole('img', { name: /^各部门申报表状态：/ });
    await expect(states.getAttribute('aria-label')).resolves.toContain('编制中 10');
    await expect(states.getAttribute('aria-label')).resolves.toContain('单位内部审核 1');
    const lights = await page.getByRole('img', { name: /^绩效监控亮灯/ }).getAttribute('aria-label');
    for (const [light, n] of Object.entries(api.departments[0].lights))
      expect(lights).toContain(`${{ red: '红灯', yellow: '黄灯', green: '绿灯' }[light]} ${n}`);
    const grades = await page.getByRole('img', { name: /^绩效自评等级/ }).getAttribute('aria-label');
    for (const [grade, n] of Object.entries(api.departments[0].grades))
      expect(grades).toContain(`${grade} ${n}`);
    expect(here(page)).toBe('/dashboard');
    await snap(page, 'dashboard-year');

    // The table under the charts: the API's numbers, department by department.
    const rows = await tableRows(page);
    expect(rows.map((r) => r[0])).toEqual(['运营管理部', '应用开发部']);
    for (const [i, d] of api.departments.entries()) {
      const [, declarations, , red, yellow, green, good, fine, fair, poor] = rows[i];
      expect(Number(declarations)).toBe(d.declarations);
      expect([red, yellow, green].map(Number)).toEqual(
        ['red', 'yellow', 'green'].map((k) => d.lights[k] ?? 0),
      );
      expect([good, fine, fair, poor].map(Number)).toEqual(
        ['优', '良', '中', '差'].map((k) => d.grades[k] ?? 0),
      );
      for (const [state, n] of Object.entries(d.states))
        expect(rows[i][2]).toContain(`${stateWords[state]} ${n}`);
      expect(rows[i][2].split('、')).toHaveLength(Object.keys(d.states).length);
    }
    expect(rows[1][2]).toBe('编制中 1');
    await page.locator('.department-table').scrollIntoViewIfNeeded();
    await snap(page, 'dashboard-table');

    // The overdue item: its department, its stage, how late; it opens the declaration.
    const overdue = page.locator('.overdue-table .el-table__body-wrapper tr.el-table__row');
    await expect(overdue.count()).resolves.toBe(1);
    const cells = (await overdue.first().locator('td').allInnerTexts()).map((s) => s.trim());
    expect(cells.slice(0, 3)).toEqual(['数据安全运营服务', '运营管理部', '单位内部审核']);
    expect(cells[4]).toBe(`${daysLate} 天`);
    await page.getByText('共 1 项', { exact: true }).waitFor();
    await page.getByRole('link', { name: '数据安全运营服务' }).click();
    await page.waitForURL(`**/declarations/${overdueId}`);
    await page.goBack();
    await page.getByRole('heading', { name: '年度看板', exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('says so for a year without declarations, and keeps the year in the URL', async () => {
    const { page, context, problems } = await newPage(c);
    await page.goto('/login');
    await login(page, w.users.bureauReviewer.username, PASSWORD);
    await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '年度看板' }).click();
    await page.getByText('共 13 份申报表，涉及 2 个部门').waitFor();
    // From the keyboard: the year's list opens with Enter.
    await page.getByRole('combobox', { name: '年度' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: '2025 年度' }).click();
    await page.waitForURL('**/dashboard?year=2025');
    await page.getByText('2025 年度还没有申报表。').waitFor();
    expect(await page.locator('.dashboard-chart canvas').count()).toBe(0);
    await snap(page, 'dashboard-empty');
    // Back to where the menu led: the current year, without a query.
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/dashboard' && u.search === '');
    await page.getByText('共 13 份申报表，涉及 2 个部门').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows a submitter only the own department', async () => {
    const { page, context, problems } = await newPage(c);
    await page.goto('/login?redirect=/dashboard%3Fyear%3D2026');
    await login(page, 'liu.tianbao', PASSWORD);
    await page.getByRole('heading', { name: '年度看板', exact: true }).waitFor();
    await page.getByText('共 1 份申报表，涉及 1 个部门').waitFor();
    expect((await tableRows(page)).map((r) => r[0])).toEqual(['应用开发部']);
    await page.getByText('本年度没有超过审核期限的事项。').waitFor();
    await snap(page, 'dashboard-submitter');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
