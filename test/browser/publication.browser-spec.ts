import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { here, login, menu, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * 绩效目标公开: the 数据局's reviewer opens 公开, publishes two approved declarations and keeps the
 * third unpublished (the dialog insists on the reason), downloads the public table; then someone
 * without an account opens the public verify page, uploads the table and sees every project
 * verified; one changed target in the file fails, naming the project and the cell.
 */

let c: Console;
let w: BrowserWorld;
let dir: string;
const NAMES = ['数据治理平台建设', '政务云资源保障', '安全保密专项'];

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const sub = await w.token('submitter');
  const dept = await w.token('deptReviewer');
  const bureau = await w.token('bureauReviewer');
  for (const name of NAMES) {
    const d = await createValidDeclaration(c.api, sub, { projectName: name });
    await fire(c.api, d.id, 'SUBMIT', sub);
    await fire(c.api, d.id, 'APPROVE', dept);
    await fire(c.api, d.id, 'APPROVE', bureau);
  }
  dir = mkdtempSync(join(tmpdir(), 'pd-publication-browser-'));
}, 240_000);

afterAll(async () => {
  await c?.stop();
});

describe('绩效目标公开', () => {
  it('the bureau publishes two, keeps one with its reason and downloads the public table', async () => {
    const { page, context, problems } = await newPage(c);
    await page.goto('/login');
    await login(page, w.users.bureauReviewer.username, PASSWORD);
    expect(await menu(page)).toContain('公开');
    await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '公开' }).click();
    await page.getByRole('heading', { name: '绩效目标公开', exact: true }).waitFor();
    expect(here(page)).toBe('/publication');
    const year = new Date().getFullYear();
    if (year !== 2026) {
      await page.goto('/publication?year=2026');
      await page.getByRole('heading', { name: '绩效目标公开', exact: true }).waitFor();
    }
    await page.getByText('本年度已批准 3 个项目，已公开 0 个').waitFor();
    const row = (name: string) => page.locator('.el-table__body-wrapper tr.el-table__row', { hasText: name });
    for (const name of NAMES.slice(0, 2)) {
      await row(name).getByRole('button', { name: '公开', exact: true }).click();
      await page.getByText(`已公开：${name}`).waitFor();
    }
    await page.getByText('本年度已批准 3 个项目，已公开 2 个').waitFor();
    await row(NAMES[2]).getByRole('button', { name: '不公开…' }).click();
    const dialog = page.getByRole('dialog', { name: '不公开：填写非公开原因' });
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText('请填写非公开原因').waitFor();
    await dialog.getByRole('textbox').fill('涉及国家秘密');
    await snap(page, 'publication-reason');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByText(`已设为不公开：${NAMES[2]}`).waitFor();
    await row(NAMES[2]).getByText('非公开原因：涉及国家秘密').waitFor();
    expect(await row(NAMES[0]).locator('[data-test="decision"]').innerText()).toBe('公开');
    await snap(page, 'publication-bureau');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载公开表（Excel）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('2026年度绩效目标公开表.xlsx');
    await download.saveAs(join(dir, 'table.xlsx'));
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('anyone opens the public page of the table without an account', async () => {
    const { page, context } = await newPage(c);
    await page.goto('/api/public/targets/table.html?year=2026');
    await page.getByRole('heading', { name: '2026年度绩效目标公开表' }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain(NAMES[0]);
    expect(text).toContain(NAMES[1]);
    expect(text).not.toContain(NAMES[2]);
    expect(text).toContain('内容哈希（SHA-256）');
    await snap(page, 'publication-public-html');
    await context.close();
  }, 90_000);

  it('anyone verifies the downloaded table without logging in; a changed cell fails naming the project', async () => {
    const { page, context, problems } = await newPage(c);
    await page.goto('/public/verify');
    await page.getByRole('heading', { name: '绩效目标公开表核验' }).waitFor();
    expect(here(page)).toBe('/public/verify');
    await page.locator('[data-test="file"]').setInputFiles(join(dir, 'table.xlsx'));
    await page.getByRole('button', { name: '开始核验' }).click();
    await page.getByText('核验通过', { exact: true }).waitFor();
    await page.getByText('共核验 2 个项目，全部与批准版本完全一致，审计链校验通过').waitFor();
    await snap(page, 'publication-verify-ok');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'table.xlsx')));
    let done = false;
    wb.worksheets[0].eachRow((r) =>
      r.eachCell((cell) => {
        if (!done && cell.value === '≥90.00(%)') {
          cell.value = '≥80.00(%)';
          done = true;
        }
      }),
    );
    writeFileSync(join(dir, 'changed.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    await page.locator('[data-test="file"]').setInputFiles(join(dir, 'changed.xlsx'));
    await page.getByRole('button', { name: '开始核验' }).click();
    await page.getByText('核验未通过', { exact: true }).waitFor();
    const failed = page.locator('.el-table__body-wrapper tr.el-table__row', { hasText: NAMES[0] });
    await failed.getByText('不一致', { exact: true }).waitFor();
    await failed
      .getByText(
        '第 5 条三级指标（业务需求部门满意度）的年度指标值：表中为“≥80.00(%)”，批准版本为“≥90.00(%)”',
      )
      .waitFor();
    await snap(page, 'publication-verify-failed');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
