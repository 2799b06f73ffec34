import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { PRE_ASSESSMENT_PDF } from '../support/pre-assessment';
import { PRE_ASSESSMENT_DEFAULTS } from '../support/test-app';
import { login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * 事前绩效评估 (issue 18 item 4) in the console, with the service's default gate (5,000,000.00 元):
 * a new project of 491,254,500.00 元 shows PRE_ASSESSMENT_MISSING with the other findings; the
 * submitter follows it to the 事前绩效评估 tab, writes the five opinions, picks 通过, saves,
 * attaches the report, and SUBMIT is then allowed; the unit reviewer reads it and downloads the
 * report. The draft is prepared through the API; what is tested is done in the browser.
 */

let c: Console;
let w: BrowserWorld;
let id: number;
const PROJECT = '数据中台建设';

beforeAll(async () => {
  c = await startConsole(PRE_ASSESSMENT_DEFAULTS);
  w = await buildBrowserWorld(c);
  const d = await createValidDeclaration(c.api, await w.token('submitter'), { projectName: PROJECT });
  id = d.id;
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

describe('事前绩效评估', () => {
  it('is required, recorded with its report by the submitter, and lets SUBMIT through', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto(`/declarations/${id}`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await login(page, w.users.submitter.username, PASSWORD);
    await page.getByRole('heading', { name: PROJECT, level: 1 }).waitFor();

    const findings = page.getByRole('region', { name: '校验结果' });
    const missing = findings.getByText(
      '本项目为新增项目，年度资金申请总额 491254500.00 元，达到事前绩效评估标准 5000000.00 元，提交前须录入事前绩效评估（中发〔2018〕34号）',
    );
    await missing.waitFor();
    await snap(page, 'pre-assessment-finding');
    await findings.getByRole('button', { name: '前往填写事前绩效评估 →' }).click();

    await page.getByText('本项目须在提交前录入事前绩效评估').waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('preAssessment');
    const opinions: Record<string, string> = {
      necessity: '项目是全市数据共享交换的基础设施，与部门职能相符，立项依据充分',
      economy: '软硬件费用参照上年合同价和三家询价测算，单价合理',
      goals: '产出与效益指标与资金规模匹配，指标值有历史完成情况支撑',
      feasibility: '分三个阶段实施，采购方式和组织保障明确',
      financing: '资金来源为当年财政拨款，符合预算管理规定',
    };
    for (const [key, text] of Object.entries(opinions))
      await page
        .locator(`textarea[data-field="pa-${key}"], [data-field="pa-${key}"] textarea`)
        .first()
        .fill(text);
    await page.getByRole('radio', { name: '通过', exact: true }).check({ force: true });
    await page.locator('[data-save-pre-assessment]').click();
    await page.getByText('事前绩效评估已保存').waitFor();
    await page.getByText('本项目须经事前绩效评估，已录入').waitFor();

    const file = join(tmpdir(), `事前绩效评估报告-${process.pid}.pdf`);
    writeFileSync(file, PRE_ASSESSMENT_PDF);
    await page.locator('[data-attachment-input]').setInputFiles(file);
    await page
      .locator('[data-download-attachment]')
      .getByText(/事前绩效评估报告-\d+\.pdf/)
      .waitFor();
    await snap(page, 'pre-assessment-form');

    // Back on the form: no pre-assessment finding, and 提交 goes through.
    await page.getByRole('tab', { name: '申报表' }).click();
    await expect(missing.count()).resolves.toBe(0);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: '确认提交' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: '提交', exact: true }).click();
    await page.locator('.title-row').getByText('单位内部审核', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('is read by the unit reviewer, who downloads the report', async () => {
    const { page, problems, context } = await newPage(c);
    await page.goto(`/declarations/${id}?tab=preAssessment`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await login(page, w.users.deptReviewer.username, PASSWORD);
    await page.getByText('项目是全市数据共享交换的基础设施，与部门职能相符，立项依据充分').waitFor();
    await expect(page.locator('[data-field="pa-necessity"]').count()).resolves.toBe(0);
    const download = page.waitForEvent('download');
    await page.locator('[data-download-attachment]').click();
    expect((await download).suggestedFilename()).toMatch(/^事前绩效评估报告-\d+\.pdf$/);
    await snap(page, 'pre-assessment-reviewer');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
