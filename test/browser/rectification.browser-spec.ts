import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { cleanMonitoringBody } from '../support/lifecycle';
import { lowEvaluationBody } from '../support/rectification';
import { login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * Rectification (整改, issue 18 item 5) in the console. Prepared through the API: a 2026
 * declaration whose self-evaluation (graded 中, two indicators missed) the bureau approved, which
 * opened three items, and its 2027 copy sent to the unit's review. In the browser, from the login
 * page: the submitter finds the items under 整改, opens one, uploads a file and 提交整改情况; the
 * bureau reviewer finds it 待验收 and 验收通过; the unit reviewer sees 整改未验收 2 项 on the 2027
 * row of the queue and the items on the 2027 declaration's page.
 */

let c: Console;
let w: BrowserWorld;
let id: number;
let nextId: number;
const PROJECT = '数字化建设';

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const sub = await w.token('submitter');
  const dept = await w.token('deptReviewer');
  const bureau = await w.token('bureauReviewer');
  const d = await createValidDeclaration(c.api, sub, { projectName: PROJECT });
  const approve = async () => {
    await fire(c.api, d.id, 'SUBMIT', sub);
    await fire(c.api, d.id, 'APPROVE', dept, { rating: '良' });
    await fire(c.api, d.id, 'APPROVE', bureau, { rating: '良' });
  };
  const version = async () => (await c.api.get(`/api/declarations/${d.id}`, sub)).body.version as number;
  await fire(c.api, d.id, 'SUBMIT', sub);
  await fire(c.api, d.id, 'APPROVE', dept);
  await fire(c.api, d.id, 'APPROVE', bureau);
  expect((await c.api.post('/api/workflow/open-monitoring', { year: 2026 }, bureau)).status).toBe(200);
  expect(
    (
      await c.api.put(
        `/api/declarations/${d.id}/monitoring`,
        cleanMonitoringBody(await version(), d.indicatorIds),
        sub,
      )
    ).status,
  ).toBe(200);
  await approve();
  expect((await c.api.post('/api/workflow/open-evaluation', { year: 2026 }, bureau)).status).toBe(200);
  expect(
    (
      await c.api.put(
        `/api/declarations/${d.id}/evaluation`,
        lowEvaluationBody(await version(), d.indicatorIds),
        sub,
      )
    ).status,
  ).toBe(200);
  await approve();
  id = d.id;
  const next = await c.api.post(`/api/declarations/${id}/next-year`, {}, sub);
  expect(next.status).toBe(201);
  nextId = next.body.id;
  await fire(c.api, nextId, 'SUBMIT', sub);
}, 240_000);

afterAll(async () => {
  await c?.stop();
});

describe('整改', () => {
  it('the submitter closes an item with evidence and a file; the bureau accepts it', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto('/rectification');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await login(page, w.users.submitter.username, PASSWORD);
    await page.getByRole('heading', { name: '整改事项', level: 1 }).waitFor();
    const rows = page.locator('[data-test="rectification-table"] .el-table__body tr');
    // The list loads after the heading: count once its rows are there.
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(3);
    await page.getByText('整改中 3 项（其中逾期 0 项） · 待验收 0 项 · 已验收 0 项').waitFor();
    await page.getByText('指标“开展建设项目数量”未完成年度目标', { exact: false }).first().waitFor();
    await snap(page, 'rectification-list');

    // The grade's item: open it, upload the evidence file, close it with the evidence.
    await rows.filter({ hasText: '自评等级偏低' }).getByRole('link').click();
    await page.locator('[data-test="item-status"]').getByText('整改中').waitFor();
    const dir = mkdtempSync(join(tmpdir(), 'rect-'));
    const file = join(dir, '整改台账.pdf');
    writeFileSync(file, '%PDF-1.4 整改台账');
    await page.locator('[data-test="evidence-file"]').setInputFiles(file);
    await page.getByText('整改台账.pdf（1 KB）').waitFor();
    await page.getByRole('button', { name: '提交整改情况' }).click();
    await page
      .locator('textarea[data-test="step-text"]')
      .fill('已制定整改方案，完成项目实施和资金使用问题排查');
    await page.locator('[data-test="step-submit"]').click();
    await page.locator('[data-test="item-status"]').getByText('待验收').waitFor();
    await page.locator('[data-test="evidence"]').getByText('已制定整改方案').waitFor();
    await snap(page, 'rectification-closed');
    expect(problems).toEqual([]);
    await context.close();

    // The bureau: the closed item, accepted.
    const bureau = await newPage(c);
    await bureau.page.goto('/rectification?status=closed');
    await login(bureau.page, w.users.bureauReviewer.username, PASSWORD);
    const closed = bureau.page.locator('[data-test="rectification-table"] .el-table__body tr');
    await closed.first().getByRole('link').waitFor();
    await expect(closed.count()).resolves.toBe(1);
    await closed.first().getByRole('link').click();
    await bureau.page.getByRole('button', { name: '验收通过' }).click();
    await bureau.page.locator('.el-message-box').getByRole('button', { name: '验收通过' }).click();
    await bureau.page.locator('[data-test="item-status"]').getByText('已验收').waitFor();
    await snap(bureau.page, 'rectification-accepted');
    expect(bureau.problems).toEqual([]);
    await bureau.context.close();
  }, 180_000);

  it('the unit reviewer sees the open items on the 2027 row of the queue and on its page', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto('/reviews');
    await login(page, w.users.deptReviewer.username, PASSWORD);
    const badge = page.locator('[data-test="rectifications"]');
    await badge.waitFor();
    await expect(badge.innerText()).resolves.toBe('整改未验收 2 项');
    await snap(page, 'rectification-queue');
    await page.goto(`/declarations/${nextId}`);
    const card = page.locator('[data-test="rectification-card"]');
    await card.getByText('整改事项（未验收 2 项）').waitFor();
    await card.getByText('开展建设项目数量', { exact: false }).waitFor();
    await card.getByText('2026 年度').first().waitFor();
    await snap(page, 'rectification-next-year');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
