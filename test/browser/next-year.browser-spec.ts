import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * Next year's declaration (issue 16 item 3) in the console: on an approved 2026 declaration the
 * submitter clicks 生成下一年度申报, lands on the 2027 draft with the same indicators, a link back
 * to 2026, and the findings that compare the targets with last year's (TARGET_UNCHANGED); the
 * 2026 page then links forward instead of offering the button again. The 2026 declaration is
 * prepared through the API; what is tested is done in the browser, from the login page.
 */

let c: Console;
let w: BrowserWorld;
let id: number;
const PROJECT = '数字化建设';

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const sub = await w.token('submitter');
  const d = await createValidDeclaration(c.api, sub, { projectName: PROJECT });
  await fire(c.api, d.id, 'SUBMIT', sub);
  await fire(c.api, d.id, 'APPROVE', await w.token('deptReviewer'));
  await fire(c.api, d.id, 'APPROVE', await w.token('bureauReviewer'));
  id = d.id;
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

describe('生成下一年度申报', () => {
  it('creates and opens the 2027 draft from the approved 2026 declaration, with its findings against history', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto(`/declarations/${id}`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await login(page, w.users.submitter.username, PASSWORD);
    await page.getByRole('heading', { name: PROJECT, level: 1 }).waitFor();
    await page.locator('.title-row').getByText('已批复', { exact: true }).waitFor();
    const button = page.getByRole('button', { name: '生成下一年度申报' });
    await button.waitFor();
    await snap(page, 'next-year-source');
    await button.click();

    await page.getByText('已生成 2027 年度申报草稿').waitFor();
    await page.locator('.title-row').getByText('编制中', { exact: true }).waitFor();
    expect(here(page)).toMatch(/^\/declarations\/\d+$/);
    expect(here(page)).not.toBe(`/declarations/${id}`);
    await page.getByRole('link', { name: '上一年度：2026 年度申报' }).waitFor();
    await page.locator('.facts').getByText('2027', { exact: true }).waitFor();
    const findings = page.getByRole('region', { name: '校验结果' });
    await findings
      .getByText('三级指标“开展建设项目数量”的年度指标值 ≥150.00(个) 已连续 2 年未变（自2026年起）')
      .waitFor();
    await snap(page, 'next-year-draft');

    // Back on 2026: a link to 2027, no second button.
    await page.getByRole('link', { name: '上一年度：2026 年度申报' }).click();
    await page.getByRole('link', { name: '下一年度：2027 年度申报' }).waitFor();
    await expect(page.getByRole('button', { name: '生成下一年度申报' }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
