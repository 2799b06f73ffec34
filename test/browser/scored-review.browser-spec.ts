import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * The 数据局's scored review (issue 18 item 2), the journey: the bureau reviewer opens a
 * declaration in 数据局审核, presses 审核通过 and gets the scoring form (four dimensions, the
 * total and the grade as the scores are typed); 中 says it must be returned; 良 asks for the
 * amendments, which the service also insists on; the reviewer flags an indicator from the form
 * (a review comment on it) and approves → the submitter reads the scored review in the history
 * and beside the approved version. The declaration is prepared through the API.
 */

let c: Console;
let w: BrowserWorld;
let id: number;
const INDICATOR = '开展建设项目数量';

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
  const d = await createValidDeclaration(c.api, await w.token('submitter'), {
    projectName: '城市运行数据平台',
  });
  id = d.id;
  await fire(c.api, id, 'SUBMIT', await w.token('submitter'));
  await fire(c.api, id, 'APPROVE', await w.token('deptReviewer'));
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

describe('绩效目标审核评分', () => {
  it('the bureau reviewer scores the targets, flags an indicator and approves with the amendments', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto(`/declarations/${id}`);
      await login(page, w.users.bureauReviewer.username, PASSWORD);
      await page.waitForURL(`**/declarations/${id}`);
      await page.locator('.title-row').getByText('数据局审核', { exact: true }).waitFor();
      await page.getByRole('button', { name: '审核通过', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '审核通过 · 绩效目标审核评分' });
      await dialog.waitFor();
      const form = dialog.getByRole('region', { name: '绩效目标审核评分' });
      const score = (word: string, value: string) => form.getByLabel(`${word}评分`).fill(value);
      const opinion = (word: string, value: string) => form.getByLabel(`${word}意见`).fill(value);

      // 中: the form says it cannot be approved.
      await score('完整性', '70');
      await score('相关性', '65');
      await score('适当性', '60');
      await score('可行性', '62');
      await form.locator('[data-test="review-grade"]').getByText('中').waitFor();
      expect(await form.locator('[data-test="review-total"]').innerText()).toBe('64.25');
      await form.getByText('评级为「中」的绩效目标须退回修改，不能审核通过。').waitFor();
      await snap(page, 'scored-review-01-fair');

      // 良, with an opinion on each dimension.
      await score('完整性', '90');
      await score('相关性', '85');
      await score('适当性', '80');
      await score('可行性', '80');
      await form.locator('[data-test="review-grade"]').getByText('良').waitFor();
      expect(await form.locator('[data-test="review-total"]').innerText()).toBe('83.75');
      await opinion('完整性', '申报表各项内容填写完整');
      await opinion('相关性', '绩效指标与项目资金用途相关');
      await opinion('适当性', '数量指标目标值偏低，与资金规模不够匹配');
      await opinion('可行性', '实施方案基本可行');

      // The amendments are asked for, and the service refuses without them.
      await dialog.getByRole('button', { name: '确定审核通过' }).click();
      await form.getByText('评级为良的绩效目标审核通过时，须写明需要修改完善的内容').waitFor();

      // A flag on one indicator: a review comment the submitter reads beside it.
      await form.getByLabel('选择要提出意见的指标').click();
      await page.getByRole('option', { name: INDICATOR }).click();
      await form.getByLabel('对该指标的意见').fill('目标值低于上年实际完成数，建议提高至 160 个');
      await form.getByRole('button', { name: '提出指标意见' }).click();
      await form.locator('[data-test="flagged-indicator"]').getByText(`三级指标“${INDICATOR}”`).waitFor();
      await form
        .getByPlaceholder('写明申报单位需要修改完善的内容')
        .fill('请在执行中将建设项目数量目标提高至 160 个');
      await snap(page, 'scored-review-02-good-form');
      await dialog.getByRole('button', { name: '确定审核通过' }).click();
      await page.locator('.title-row').getByText('已批复', { exact: true }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('the submitter reads the scored review in the history and with the approved version', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto(`/declarations/${id}`);
      await login(page, w.users.submitter.username, PASSWORD);
      await page.waitForURL(`**/declarations/${id}`);
      await page.getByRole('tab', { name: /审核意见与历史|历史/ }).click();
      const card = page.locator('.history [data-test="scored-review"]');
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain('加权合计 83.75 分');
      expect(text).toContain('良');
      expect(text).toContain('数量指标目标值偏低，与资金规模不够匹配');
      expect(text).toContain('修改意见：请在执行中将建设项目数量目标提高至 160 个');
      expect(text).toContain(`三级指标“${INDICATOR}”：目标值低于上年实际完成数，建议提高至 160 个`);
      await card.scrollIntoViewIfNeeded();
      await snap(page, 'scored-review-03-history');
      await page.getByRole('tab', { name: '已批准版本' }).click();
      await page.getByText('第 1 版的审核评分').waitFor();
      await snap(page, 'scored-review-04-version');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
