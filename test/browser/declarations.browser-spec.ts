import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/http-client';
import { here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, FIXTURE, importFixture, type BrowserWorld } from './world';

/**
 * The 申报 area: the list with its filters and finding badges, 导入 (paste → preview → confirm),
 * 新建申报, and a session the API ends while the list is open. The first half of journey 1 runs
 * from the login page: a submitter imports the summary table and sees nine drafts.
 */

let c: Console;
let w: BrowserWorld;
const TEXT = readFileSync(FIXTURE, 'utf8');

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
}, 120_000);

afterAll(async () => {
  await c?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).waitFor();

interface ListRow {
  id: number;
  projectName: string;
  stateLabel: string;
  funds: { annualRequest: string | null };
  findings: { errors: number; warnings: number };
}

/** The list's rows as the page shows them: project name, state word, badges. */
async function tableRows(
  page: Page,
): Promise<Array<{ name: string; annualRequest: string; state: string; badges: string }>> {
  const rows = page.locator('[data-test=declarations-table] .el-table__body tr');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('td');
    out.push({
      name: (await cells.nth(0).locator('a').innerText()).trim(),
      annualRequest: (await cells.nth(3).innerText()).trim().replace(/,/g, ''),
      state: (await cells.nth(4).innerText()).trim(),
      badges: (await cells.nth(5).innerText()).replace(/\s+/g, ' ').trim(),
    });
  }
  return out;
}

/** Picks an option of an Element Plus select, as a person does: open it, click the word. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.locator('.el-select', { has: page.getByRole('combobox', { name: label }) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const badgesOf = (r: ListRow) =>
  [
    r.findings.errors ? `错误 ${r.findings.errors}` : '',
    r.findings.warnings ? `警告 ${r.findings.warnings}` : '',
    !r.findings.errors && !r.findings.warnings ? '无问题' : '',
  ]
    .filter(Boolean)
    .join(' ');

describe('journey 1, first half: a submitter imports the summary table', () => {
  it('logs in, pastes the table, previews nine declarations with their findings, confirms, and sees nine drafts', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/declarations');
      await page.waitForURL(/\/login/);
      await login(page, w.users.submitter.username, PASSWORD);
      await page.waitForURL('**/declarations');
      await heading(page, '绩效目标申报');
      await page.getByText('还没有申报。').waitFor();
      await snap(page, 'declarations-01-empty');

      await page.getByRole('link', { name: '导入' }).click();
      await page.waitForURL('**/declarations/import');
      await heading(page, '导入申报');
      await page.getByLabel('汇总表文本').fill(TEXT);
      await snap(page, 'declarations-02-import-pasted');

      // The preview: the dry run's declarations and findings, nothing created yet.
      const dry = await c.api.request('POST', '/api/imports/declarations?dryRun=true', {
        token: await w.token('submitter'),
        raw: { payload: TEXT, contentType: 'text/plain; charset=utf-8' },
      });
      expect(dry.status).toBe(200);
      await page.getByRole('button', { name: '预览' }).click();
      const preview = page.locator('[data-test=import-preview]');
      // Parsing 126 indicators in the service's worker takes a while on a busy machine.
      await preview.waitFor({ timeout: 60_000 });
      await page.getByText('预览：共 9 个申报，126 个绩效指标').waitFor();
      const previewRows = preview.locator('[data-test=preview-declarations] .el-table__body tr');
      expect(await previewRows.count()).toBe(9);
      const opsRow = previewRows.filter({ hasText: '数据运营服务费' });
      expect(await opsRow.innerText()).toContain('错误 2');
      // The two missing targets of 数据运营服务费, each with the line it is on.
      const lines = TEXT.split('\n');
      const lineOf = (name: string) => lines.findIndex((l) => l.split('\t').includes(name)) + 1;
      const findings = page.locator('[data-test=preview-findings] .el-table__body tr');
      for (const name of ['需求响应及时率', '异议核实工单完成及时率']) {
        const row = findings.filter({ hasText: `三级指标“${name}”缺少年度指标值` });
        expect(await row.count()).toBe(1);
        const text = await row.innerText();
        expect(text).toContain('错误');
        expect(text).toContain('数据运营服务费');
        expect(text).toContain(`第 ${lineOf(name)} 行`);
      }
      const all = (dry.body.declarations as Array<{ findings: unknown[] }>).flatMap((d) => d.findings);
      expect(await findings.count()).toBe(all.length);
      expect((await c.api.get('/api/declarations', await w.token('submitter'))).body.items).toEqual([]);
      await snap(page, 'declarations-03-import-preview');
      await page.locator('[data-test=preview-findings]').scrollIntoViewIfNeeded();
      await snap(page, 'declarations-03b-import-findings');

      await page.getByRole('button', { name: '确认导入' }).click();
      await page.locator('[data-test=import-done]').waitFor({ timeout: 60_000 });
      await page.getByText('已导入 9 个申报（草稿）').waitFor();
      const links = page.locator('[data-test=imported-declarations] a');
      expect(await links.count()).toBe(9);
      const api = (await c.api.get('/api/declarations?limit=500', await w.token('submitter'))).body
        .items as ListRow[];
      expect(api).toHaveLength(9);
      const opsId = api.find((r) => r.projectName === '数据运营服务费')!.id;
      expect(await links.filter({ hasText: '数据运营服务费' }).getAttribute('href')).toBe(
        `/declarations/${opsId}`,
      );
      await snap(page, 'declarations-04-imported');

      // The list: nine drafts, each with the badges the API counts.
      await page.getByRole('button', { name: '返回申报列表' }).click();
      await page.waitForURL('**/declarations?state=drafting');
      await page.locator('[data-test=declarations-table] .el-table__body tr').nth(8).waitFor();
      const shown = await tableRows(page);
      expect(shown).toHaveLength(9);
      expect(shown).toEqual(
        api.map((r) => ({
          name: r.projectName,
          annualRequest: r.funds.annualRequest ?? '—',
          state: '编制中',
          badges: badgesOf(r),
        })),
      );
      expect(shown.find((r) => r.name === '数据运营服务费')!.badges).toMatch(/^错误 2/);
      await snap(page, 'declarations-05-list-drafts');

      // A row opens its declaration.
      await page.getByRole('link', { name: '数据运营服务费' }).click();
      await page.waitForURL(`**/declarations/${opsId}`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('answers a table it cannot read in words, and changing the text asks for a new preview', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/declarations/import');
      await login(page, w.users.submitter2.username, PASSWORD);
      await page.waitForURL('**/declarations/import');
      const bad = '这不是汇总表\n只是两行文字';
      const refused = await c.api.request('POST', '/api/imports/declarations?dryRun=true', {
        token: await w.token('submitter2'),
        raw: { payload: bad, contentType: 'text/plain; charset=utf-8' },
      });
      expect(refused.status).toBe(400);
      await page.getByLabel('汇总表文本').fill(bad);
      await page.getByRole('button', { name: '预览' }).click();
      const alert = page.locator('[data-test=import-refusal]');
      await alert.waitFor();
      expect(await alert.innerText()).toContain(refused.body.message);
      await snap(page, 'declarations-06-import-refused');
      expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);

      // The upload tab is a deep link of its own.
      await page.getByRole('tab', { name: '上传 xlsx 文件' }).click();
      await page.waitForURL('**/declarations/import?tab=file');
      await page.getByText('选择 xlsx 文件').waitFor();
      await snap(page, 'declarations-07-import-file');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('导入 an xlsx file', () => {
  it('uploads the service’s own export, previews it and imports it as a new draft', async () => {
    const token = await w.token('submitter2');
    const [ops] = (await c.api.get('/api/declarations?q=数据运营服务费&limit=1', token)).body
      .items as ListRow[];
    const xlsx = await c.api.get(`/api/declarations/${ops.id}/export.xlsx`, token);
    expect(xlsx.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'pd-upload-'));
    const path = join(dir, '数据运营服务费.xlsx');
    writeFileSync(path, xlsx.body as Buffer);
    const before = (await c.api.get('/api/declarations?limit=500', token)).body.items.length as number;
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/declarations/import?tab=file');
      await login(page, w.users.submitter2.username, PASSWORD);
      await page.waitForURL('**/declarations/import?tab=file');
      await page.locator('.upload input[type=file]').setInputFiles(path);
      await page.getByText('数据运营服务费.xlsx').waitFor();
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('预览：共 1 个申报').waitFor({ timeout: 60_000 });
      const row = page.locator('[data-test=preview-declarations] .el-table__body tr');
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toContain('数据运营服务费');
      await snap(page, 'declarations-13-import-xlsx-preview');
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('已导入 1 个申报（草稿）').waitFor({ timeout: 60_000 });
      const after = (await c.api.get('/api/declarations?limit=500', token)).body.items as ListRow[];
      expect(after).toHaveLength(before + 1);
      const created = after[after.length - 1];
      expect(created.projectName).toBe('数据运营服务费');
      expect(await page.locator('[data-test=imported-declarations] a').getAttribute('href')).toBe(
        `/declarations/${created.id}`,
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the list: filters in the URL, paging, back and forward, read-only for reviewers', () => {
  it('filters by year and state, pages, and keeps each view in the history', async () => {
    // More than one page (20) of 2026's drafts, fewer than two: the table imported until so.
    const drafts = async () =>
      (await c.api.get('/api/declarations?year=2026&state=drafting&limit=500', await w.token('submitter')))
        .body.items.length as number;
    while ((await drafts()) < 21) await importFixture(c, w);
    const second = (await drafts()) - 20;
    expect(second).toBeLessThanOrEqual(20);
    const reference = (await c.api.get('/api/reference', await w.token('submitter'))).body as {
      enumerations: { state: Array<{ value: string; zh: string }> };
    };
    const word = (s: string) => reference.enumerations.state.find((v) => v.value === s)!.zh;
    const { context, page, problems } = await newPage(c);
    const rowCount = () => page.locator('[data-test=declarations-table] .el-table__body tr').count();
    try {
      await page.goto('/declarations?year=2026&state=drafting');
      await login(page, w.users.submitter.username, PASSWORD);
      await page.waitForURL('**/declarations?year=2026&state=drafting');
      await page.getByText('第 1 页 · 本页 20 条').waitFor();
      expect(await rowCount()).toBe(20);
      await snap(page, 'declarations-08-list-page1');

      await page.getByRole('button', { name: '下一页' }).click();
      await page.getByText(`第 2 页 · 本页 ${second} 条`).waitFor();
      expect(here(page)).toMatch(/^\/declarations\?year=2026&state=drafting&cursor=[^&]+&page=2$/);
      expect(await rowCount()).toBe(second);
      await page.getByRole('button', { name: '上一页' }).click();
      await page.getByText('第 1 页 · 本页 20 条').waitFor();

      // Another state: nothing approved yet, said in words.
      await choose(page, '状态', word('approved'));
      await page.waitForURL('**/declarations?year=2026&state=approved');
      await page.getByText('没有符合条件的申报，请调整年度或状态后再查询。').waitFor();
      await snap(page, 'declarations-09-list-filtered-empty');

      await page.goBack();
      await page.waitForURL('**/declarations?year=2026&state=drafting');
      await page.getByText('第 1 页 · 本页 20 条').waitFor();
      await page.goBack();
      await page.waitForURL(/&page=2$/);
      await page.getByText(`第 2 页 · 本页 ${second} 条`).waitFor();
      await page.goForward();
      await page.goForward();
      await page.waitForURL('**/declarations?year=2026&state=approved');
      await page.getByText('没有符合条件的申报').waitFor();

      // Another year: none.
      await page.goto('/declarations?year=2025');
      await page.getByText('没有符合条件的申报').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows a reviewer the declarations in scope, read-only: no 新建申报, no 导入', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/declarations?year=2026');
      await login(page, w.users.deptReviewer.username, PASSWORD);
      await page.waitForURL('**/declarations?year=2026');
      await page.getByText('第 1 页 · 本页 20 条').waitFor();
      expect(await page.getByRole('link', { name: '新建申报' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: '导入' }).count()).toBe(0);
      const first = await tableRows(page);
      expect(first[0].state).toBe('编制中');
      await snap(page, 'declarations-10-reviewer-list');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('新建申报', () => {
  it('puts the API’s refusal beside its field and opens the new declaration', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/declarations');
      await login(page, w.users.submitter2.username, PASSWORD);
      await page.waitForURL('**/declarations');
      await page.getByRole('link', { name: '新建申报' }).click();
      await page.waitForURL('**/declarations/new');
      await heading(page, '新建申报');

      // The form asks for the name before asking the API.
      await page.getByRole('button', { name: '创建申报' }).click();
      await page.getByText('请输入项目名称').waitFor();

      const token = await w.token('submitter2');
      const refused = await c.api.post(
        '/api/declarations',
        { year: 2027, projectName: '公共数据开放平台运维', funds: { total: '12.345' } },
        token,
      );
      expect(refused.status).toBe(400);
      const problem = (refused.body.details?.[0] ?? refused.body) as { field: string; message: string };
      expect(problem.field).toBe('funds.total');
      await page.getByLabel('项目名称').fill('公共数据开放平台运维');
      await page.getByLabel('项目资金总额').fill('12.345');
      await page.getByRole('button', { name: '创建申报' }).click();
      const item = page.locator('.el-form-item').filter({ has: page.getByLabel('项目资金总额') });
      const error = item.locator('.el-form-item__error');
      await error.waitFor();
      expect(problem.message).toContain((await error.innerText()).trim());
      await snap(page, 'declarations-11-new-refused');

      await page.getByLabel('项目资金总额').fill('1200000.00');
      await page.getByLabel('实施单位').fill('上海市大数据中心');
      await page.getByRole('button', { name: '创建申报' }).click();
      await page.waitForURL(/\/declarations\/\d+$/);
      const id = Number(here(page).split('/').pop());
      const created = (await c.api.get(`/api/declarations/${id}`, token)).body;
      expect(created).toMatchObject({
        projectName: '公共数据开放平台运维',
        implementingUnit: '上海市大数据中心',
        state: 'drafting',
        funds: expect.objectContaining({ total: '1200000.00' }),
      });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('a session the API ends while the list is open', () => {
  it('goes to the login page at the next request and back to the same list afterwards', async () => {
    const { context, page, problems } = await newPage(c);
    const NEXT = 'Another-Passw0rd!';
    try {
      await page.goto('/declarations?year=2026');
      await login(page, w.users.submitter2.username, PASSWORD);
      await page.waitForURL('**/declarations?year=2026');
      await page.locator('[data-test=declarations-table] .el-table__body tr').first().waitFor();

      // A password change elsewhere ends every session of the user.
      const token = await w.token('submitter2');
      const changed = await c.api.post(
        '/api/auth/password',
        { currentPassword: PASSWORD, newPassword: NEXT },
        token,
      );
      expect(changed.status).toBe(204);
      await choose(page, '状态', '编制中');
      await page.waitForURL(/\/login\?redirect=/);
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/declarations?year=2026&state=drafting');
      await snap(page, 'declarations-12-session-ended');

      await login(page, w.users.submitter2.username, NEXT);
      await page.waitForURL('**/declarations?year=2026&state=drafting');
      await page.locator('[data-test=declarations-table] .el-table__body tr').first().waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
