import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PASSWORD } from '../support/http-client';
import { login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, FIXTURE, type BrowserWorld } from './world';

/**
 * Journey 1 in one sitting, from the login page and through the console only: a submitter
 * imports the summary table's text, fixes the two missing targets of 数据运营服务费 in the
 * editor, and submits it. (declarations.browser-spec.ts and editor.browser-spec.ts look at each
 * half in detail.)
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

describe('journey 1: import, fix the two missing targets, submit', () => {
  it('goes from the login page to a submitted 数据运营服务费 without leaving the console', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/');
      await page.waitForURL(/\/login/);
      await login(page, w.users.submitter.username, PASSWORD);
      await page.waitForURL('**/declarations');

      await page.getByRole('link', { name: '导入' }).click();
      await page.getByLabel('汇总表文本').fill(readFileSync(FIXTURE, 'utf8'));
      await page.getByRole('button', { name: '预览' }).click();
      await page.getByText('预览：共 9 个申报，126 个绩效指标').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('已导入 9 个申报（草稿）').waitFor({ timeout: 60_000 });
      await snap(page, 'journey-1-01-imported');

      await page
        .locator('[data-test=imported-declarations]')
        .getByRole('link', { name: '数据运营服务费' })
        .click();
      await page.getByRole('heading', { name: '数据运营服务费', exact: true }).waitFor();
      const submit = page.getByRole('button', { name: '提交', exact: true });
      await submit.waitFor();
      await expect(submit.isDisabled()).resolves.toBe(true);

      const findings = page.getByRole('region', { name: '校验结果' }).last();
      for (const [name, target] of [
        ['需求响应及时率', '≥95.00(%)'],
        ['异议核实工单完成及时率', '≥90.00(%)'],
      ] as const) {
        // Each finding takes the user to its field.
        await findings.getByRole('button', { name: `三级指标“${name}”缺少年度指标值` }).click();
        const input = page.getByLabel(`「${name}」的年度指标值`);
        await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
        await input.fill(target);
      }
      await snap(page, 'journey-1-02-targets-fixed');
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await page.getByText('所有修改已保存').waitFor();
      await findings.getByText('错误 0').waitFor();

      await expect(submit.isDisabled()).resolves.toBe(false);
      await submit.click();
      const confirm = page.getByRole('dialog').getByRole('button', { name: /提交|确定/ });
      if (await confirm.count()) await confirm.first().click();
      await page.getByText('只读：当前状态或角色不可修改申报内容').waitFor();
      await snap(page, 'journey-1-03-submitted');

      // What the unit's reviewer will find: 数据运营服务费 in review with both targets.
      const token = await w.token('submitter');
      const list = (await c.api.get('/api/declarations?limit=50', token)).body.items as Array<{
        id: number;
        projectName: string;
        state: string;
      }>;
      const ops = list.find((d) => d.projectName === '数据运营服务费')!;
      expect(ops.state).toBe('internalReview');
      const view = (await c.api.get(`/api/declarations/${ops.id}`, token)).body as {
        indicators: Array<{ name: string; target: { display: string } | null }>;
      };
      const targetOf = (n: string) => view.indicators.find((i) => i.name === n)?.target?.display;
      expect(targetOf('需求响应及时率')).toBe('≥95.00(%)');
      expect(targetOf('异议核实工单完成及时率')).toBe('≥90.00(%)');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
