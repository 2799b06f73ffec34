import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { englishIn, namesField } from '../support/errors';
import { createValidDeclaration, fire, VALID_HEADER } from '../support/factories';
import { cleanMonitoringBody } from '../support/lifecycle';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Mid-year monitoring and year-end self-evaluation (docs/spec/domain.md §5, §6) through the API, one
 * story: the worked example 数字化建设 (8 indicators) is approved, monitored (lights, warnings,
 * SUBMIT blocked by a deviation without reason, review), evaluated (93.33 → 优), reviewed to
 * `closed`; the forms open in Excel and hold the computed figures; bad input is refused
 * with a code naming entry and field, with nothing saved; everything a person reads comes in
 * Chinese with the form's words (English on request); PUT replaces a report, PATCH changes
 * only what it sends.
 */

let t: TestApp;
let w: World;
let u: World['users'];
let sub: string;

/** The worked example of docs/spec/domain.md §6, in form order. */
const EXAMPLE = [
  { level1: 'output', level2: 'quantity', name: '开展建设项目数量', target: '≥150.00(个)' },
  { level1: 'output', level2: 'quality', name: '非重大项目验收通过率', target: '=100.00(%)' },
  { level1: 'output', level2: 'quality', name: '项目预算变更率', target: '≤15.00(%)' },
  { level1: 'output', level2: 'timeliness', name: '项目完成及时性', target: '及时' },
  { level1: 'benefit', level2: 'social', name: '政务服务能力支撑情况', target: '有效提升' },
  { level1: 'benefit', level2: 'social', name: '社会治理和城市管理水平', target: '有效提升' },
  { level1: 'benefit', level2: 'sustainability', name: '系统长效运行保障', target: '有效健全' },
  { level1: 'satisfaction', level2: 'serviceSatisfaction', name: '业务需求部门满意度', target: '≥90.00(%)' },
];

/** The example declaration (A), another approved one (B, the factory's five indicators) and a draft (C). */
let A: number;
let ids: number[];
let B: number;
let bIds: number[];
let C: number;

const decl = async (id: number) => (await t.get(`/api/declarations/${id}`, sub)).body;
const versionOf = async (id: number) => (await decl(id)).version as number;
const monitoringUrl = (id: number) => `/api/declarations/${id}/monitoring`;
const evaluationUrl = (id: number) => `/api/declarations/${id}/evaluation`;

async function createExample(): Promise<{ id: number; indicatorIds: number[] }> {
  const res = await t.post('/api/declarations', VALID_HEADER, sub);
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  let version = res.body.version as number;
  const indicatorIds: number[] = [];
  for (const ind of EXAMPLE) {
    const r = await t.post(`/api/declarations/${res.body.id}/indicators`, { version, ...ind }, sub);
    if (r.status !== 201) throw new Error(`indicator: ${r.status} ${r.text}`);
    version = r.body.version;
    indicatorIds.push(r.body.indicator.id);
  }
  return { id: res.body.id, indicatorIds };
}

async function approve(id: number): Promise<void> {
  await fire(t, id, 'SUBMIT', sub);
  await fire(t, id, 'APPROVE', u.deptReviewer.token);
  await fire(t, id, 'APPROVE', u.bureauReviewer.token);
}

async function sheetOf(res: Res): Promise<ExcelJS.Worksheet> {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
  return wb.worksheets[0];
}

/** The row of the (first) cell holding exactly `text`. */
function rowOf(ws: ExcelJS.Worksheet, text: string): number {
  let found = 0;
  ws.eachRow((row, r) =>
    row.eachCell((c) => {
      if (!found && c.value === text) found = r;
    }),
  );
  if (!found) throw new Error(`no cell "${text}"`);
  return found;
}

const value = (ws: ExcelJS.Worksheet, r: number, c: number) => ws.getCell(r, c).value;

/** The monitoring report of the story: lights yellow/green/red/green/green/yellow/green/green. */
function monitoringBody(version: number, opts: { reasonOnRed: boolean }) {
  return {
    version,
    periodEndMonth: 7,
    budget: {
      adjustedBudget: '491254500.00',
      executedToDate: '196501800.00', // 40.00 % of the budget, time progress 58.33 %: ratio 68.57
      forecastFullYear: '500000000.00', // above the budget: a warning
    },
    goalProgress: '按计划推进，部分项目立项延迟',
    entries: [
      {
        indicatorId: ids[0],
        actualToDate: '80',
        forecast: '142',
        likelihood: 'possible',
        deviationReasons: [{ category: 'other', note: '部分项目立项延迟' }],
        correctiveMeasures: '加快立项审批',
      },
      { indicatorId: ids[1], actualToDate: '100', forecast: '100', likelihood: 'certain' },
      {
        indicatorId: ids[2],
        actualToDate: '20',
        forecast: '25',
        likelihood: 'possible',
        deviationReasons: opts.reasonOnRed
          ? [{ category: 'institutional', note: '需求调整频繁' }]
          : [{ category: 'institutional', note: '' }],
        correctiveMeasures: '建立变更评审机制',
      },
      { indicatorId: ids[3], actualToDate: '按计划推进', forecast: 'achieved', likelihood: 'certain' },
      { indicatorId: ids[4], forecast: 'achieved', likelihood: 'certain' },
      {
        indicatorId: ids[5],
        actualToDate: '部分提升',
        forecast: 'partial',
        likelihood: 'possible',
        deviationReasons: [{ category: 'staffing', note: '协同人员不足' }],
        correctiveMeasures: '完善协同机制',
        remark: '下半年重点推进',
      },
      { indicatorId: ids[6], forecast: 'achieved', likelihood: 'certain' },
      { indicatorId: ids[7], actualToDate: '91', forecast: '92', likelihood: 'certain' },
    ],
  };
}

/** The self-evaluation of docs/spec/domain.md §6's worked example. */
function evaluationBody(version: number, overrides: Record<number, Record<string, unknown>> = {}) {
  const entries: Record<string, unknown>[] = [
    { indicatorId: ids[0], actual: '142', deviationAnalysis: '部分项目延期至下一年度，加强进度管理' },
    { indicatorId: ids[1], actual: '100' },
    { indicatorId: ids[2], actual: '18', deviationAnalysis: '需求调整导致变更，建立变更评审' },
    { indicatorId: ids[3], actual: '按期完成', achievement: 'achieved' },
    { indicatorId: ids[4], actual: '有效提升', achievement: 'achieved' },
    {
      indicatorId: ids[5],
      actual: '部分提升',
      achievement: 'partial',
      score: '7.00',
      deviationAnalysis: '协同机制待完善',
    },
    { indicatorId: ids[6], actual: '有效健全', achievement: 'achieved' },
    { indicatorId: ids[7], actual: '92.5' },
  ].map((e, i) => ({ ...e, ...(overrides[i] ?? {}) }));
  return {
    version,
    budget: { initialBudget: '491254500.00', adjustedBudget: '491254500.00', executed: '466691775.00' },
    goalAchievement: '完成年度建设任务',
    entries,
  };
}

/**
 * A refused write: `status` with `code` (when given) naming `field`, a message without
 * developer English (but for an unknown field's own name), and the declaration's version
 * unchanged.
 */
async function refused(
  url: string,
  body: unknown,
  field: string,
  code?: string,
  opts: { status?: number; method?: 'PUT' | 'PATCH' } = {},
): Promise<Res> {
  const id = Number(/declarations\/(\d+)/.exec(url)![1]);
  const before = await versionOf(id);
  const res = await t.request(opts.method ?? 'PUT', url, { token: sub, body });
  expect({ status: res.status, names: namesField(res.body, field) }).toEqual({
    status: opts.status ?? 400,
    names: true,
  });
  if (code) {
    expect(res.body.code).toBe(code);
    if (code !== 'FIELD_UNKNOWN') expect(englishIn(res.body.message)).toBeNull();
  }
  expect(await versionOf(id)).toBe(before);
  return res;
}

const en = { 'accept-language': 'en' };
interface FindingBody {
  severity: string;
  code: string;
  message: string;
  path: string;
  indicatorId?: number;
}
const findingsOf = (body: { findings: FindingBody[] }, code: string) =>
  body.findings.filter((f) => f.code === code);

/** Every finding's message is Chinese with the form's words: no developer English. */
function expectChinese(findings: { code: string; message: string }[]): void {
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.map((f) => [f.code, englishIn(f.message)])).toEqual(findings.map((f) => [f.code, null]));
}

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  u = w.users;
  sub = u.submitter.token;
  ({ id: A, indicatorIds: ids } = await createExample());
  await approve(A);
  ({ id: B, indicatorIds: bIds } = await createValidDeclaration(t, sub, { projectName: '第二个项目' }));
  await approve(B);
  C = (await createValidDeclaration(t, sub, { projectName: '草稿' })).id;
}, 60_000);
afterAll(async () => t?.close());

describe('mid-year monitoring', () => {
  it('is not editable before monitoring is opened (409 naming the state), and needs approved targets', async () => {
    const res = await t.put(monitoringUrl(A), monitoringBody(await versionOf(A), { reasonOnRed: true }), sub);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'DECLARATION_STATE_NOT_EDITABLE', state: 'approved' });
    expect(res.body.message).toContain('「已批复」');
    const patch = await t.patch(monitoringUrl(A), { version: await versionOf(A), goalProgress: 'x' }, sub);
    expect(patch.status).toBe(409);
    expect(patch.body).toMatchObject({ code: 'DECLARATION_STATE_NOT_EDITABLE', state: 'approved' });
    const draft = await t.get(monitoringUrl(C), sub);
    expect(draft.status).toBe(409);
    expect(draft.body).toMatchObject({ code: 'REPORT_NO_APPROVED_TARGETS', state: 'drafting' });
    expect(draft.body.message).toBe(
      '该申报尚无批准的绩效目标（当前状态：编制中），运行监控须以最新批准的绩效目标为准',
    );
    const evaluation = await t.get(evaluationUrl(C), sub);
    expect(evaluation.body).toMatchObject({ code: 'REPORT_NO_APPROVED_TARGETS', state: 'drafting' });
    expect(evaluation.body.message).toContain('绩效自评须以最新批准的绩效目标为准');
    const english = await t.request('GET', monitoringUrl(C), { token: sub, headers: en });
    expect(english.body.message).toBe(
      'this declaration has no approved targets yet (state: drafting); the monitoring report measures against the latest approved version',
    );
  });

  it('opens for the year: every approved declaration goes to monitoring.reporting', async () => {
    const res = await t.post('/api/workflow/open-monitoring', { year: 2026 }, u.bureauReviewer.token);
    expect(res.status).toBe(200);
    expect(res.body.opened).toBe(2);
    // Each item names its project, so the answer reads as a list of projects.
    const opened = (res.body.items as Array<{ opened: boolean; projectName: string | null }>).filter(
      (i) => i.opened,
    );
    expect(opened.map((i) => i.projectName).every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
    expect((await decl(A)).state).toBe('monitoring.reporting');
    expect((await decl(B)).state).toBe('monitoring.reporting');
  });

  it('answers a blank report for the approved indicators before the first save', async () => {
    const res = await t.get(monitoringUrl(A), sub);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      declarationId: A,
      state: 'monitoring.reporting',
      stateLabel: expect.stringContaining('填报中'),
      saved: false,
      periodEndMonth: 7,
      budget: {
        initialBudget: '491254500.00',
        adjustedBudget: '491254500.00',
        executedToDate: null,
        forecastFullYear: null,
      },
      executionRate: null,
      timeProgress: '58.33',
      ratio: null,
      budgetLight: null,
      budgetLightLabel: null,
    });
    expect(englishIn(res.body.stateLabel)).toBeNull();
    expect(res.body.entries).toHaveLength(8);
    expect(res.body.entries[0]).toEqual({
      indicatorId: ids[0],
      name: '开展建设项目数量',
      level1: 'output',
      level1Label: '产出指标',
      level2: 'quantity',
      level2Label: '数量指标',
      target: '≥150.00(个)',
      actualToDate: null,
      forecast: null,
      forecastLabel: null,
      likelihood: null,
      likelihoodLabel: null,
      deviationReasons: [],
      correctiveMeasures: null,
      remark: null,
      deviation: null,
      light: null,
      lightLabel: null,
    });
    expect(findingsOf(res.body, 'MON_BUDGET_EXECUTED_MISSING')).toEqual([
      {
        severity: 'error',
        code: 'MON_BUDGET_EXECUTED_MISSING',
        path: 'budget.executedToDate',
        message: '缺少1-7月执行数',
      },
    ]);
    expect(findingsOf(res.body, 'MON_FORECAST_MISSING')[0]).toEqual({
      severity: 'error',
      code: 'MON_FORECAST_MISSING',
      path: 'entries[0].forecast',
      indicatorId: ids[0],
      message: '指标「开展建设项目数量」缺少全年预计完成值（年度指标值 ≥150.00(个)）',
    });
    expectChinese(res.body.findings);
    // Readers in scope see it; another department does not know it exists.
    expect((await t.get(monitoringUrl(A), u.auditor.token)).status).toBe(200);
    expect((await t.get(monitoringUrl(A), u.submitterB.token)).status).toBe(404);
  });

  it('saves a report and lights money and targets; a deviation without reason blocks SUBMIT', async () => {
    const version = await versionOf(A);
    const res = await t.put(monitoringUrl(A), monitoringBody(version, { reasonOnRed: false }), sub);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: version + 1,
      saved: true,
      executionRate: '40.00',
      timeProgress: '58.33',
      ratio: '68.57',
      budgetLight: 'yellow',
      budgetLightLabel: '黄灯',
      lights: { red: 1, yellow: 2, green: 5, unknown: 0 },
    });
    expect(res.body.entries.map((e: { lightLabel: string }) => e.lightLabel)).toEqual([
      '黄灯',
      '绿灯',
      '红灯',
      '绿灯',
      '绿灯',
      '黄灯',
      '绿灯',
      '绿灯',
    ]);
    expect(res.body.entries[0]).toMatchObject({
      likelihood: 'possible',
      likelihoodLabel: '有可能',
      deviationReasons: [{ category: 'other', categoryLabel: '其他', note: '部分项目立项延迟' }],
      forecastLabel: null,
    });
    expect(res.body.entries[5]).toMatchObject({
      forecast: 'partial',
      forecastLabel: '部分达成年度指标并具有一定效果',
    });
    expect(res.body.entries.map((e: { light: string }) => e.light)).toEqual([
      'yellow',
      'green',
      'red',
      'green',
      'green',
      'yellow',
      'green',
      'green',
    ]);
    expect(res.body.entries.map((e: { deviation: boolean }) => e.deviation)).toEqual([
      true,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(
      res.body.worst.map(
        (x: { name: string; light: string; lightLabel: string }) => `${x.name}:${x.light}:${x.lightLabel}`,
      ),
    ).toEqual([
      '项目预算变更率:red:红灯',
      '开展建设项目数量:yellow:黄灯',
      '社会治理和城市管理水平:yellow:黄灯',
    ]);
    expect(findingsOf(res.body, 'MON_FORECAST_ABOVE_BUDGET')).toEqual([
      {
        severity: 'warning',
        code: 'MON_FORECAST_ABOVE_BUDGET',
        path: 'budget.forecastFullYear',
        message: '全年预计执行数 500000000.00 元超过全年预算数 491254500.00 元',
      },
    ]);
    expect(findingsOf(res.body, 'MON_DEVIATION_REASON_MISSING')).toEqual([
      {
        severity: 'error',
        code: 'MON_DEVIATION_REASON_MISSING',
        path: 'entries[2].deviationReasons',
        indicatorId: ids[2],
        message: '指标「项目预算变更率」预计红灯（存在偏差），须填写偏差原因（类别及说明）',
      },
    ]);
    expectChinese(res.body.findings);
    // In English on request, the same findings and words.
    const english = await t.request('GET', monitoringUrl(A), { token: sub, headers: en });
    expect(english.body.budgetLightLabel).toBe('yellow');
    expect(english.body.entries[0]).toMatchObject({ likelihoodLabel: 'possible', level1Label: 'output' });
    expect(findingsOf(english.body, 'MON_DEVIATION_REASON_MISSING')[0].message).toBe(
      'Indicator "项目预算变更率" is red, a deviation: give its reason (category and note)',
    );
    expect((await t.get(`/api/declarations/${A}/findings`, sub)).body).toEqual(res.body.findings);
    expect((await t.get(monitoringUrl(A), u.deptReviewer.token)).body).toEqual(res.body);

    const submit = await t.post(
      `/api/declarations/${A}/transitions`,
      { event: 'SUBMIT', version: version + 1 },
      sub,
    );
    expect(submit.status).toBe(422);
    expect(submit.body.findings.map((f: { code: string }) => f.code)).toEqual([
      'MON_DEVIATION_REASON_MISSING',
    ]);
    expect(submit.body.findings[0].message).toBe(
      '指标「项目预算变更率」预计红灯（存在偏差），须填写偏差原因（类别及说明）',
    );
    expect((await decl(A)).state).toBe('monitoring.reporting');
  });

  it('refuses structural garbage naming entry and field, saving nothing', async () => {
    const v = await versionOf(A);
    const good = monitoringBody(v, { reasonOnRed: true });
    const withEntry = (j: number, patch: Record<string, unknown>) => ({
      ...good,
      entries: good.entries.map((e, i) => (i === j ? { ...e, ...patch } : e)),
    });
    const unknownIndicator = await refused(
      monitoringUrl(A),
      withEntry(3, { indicatorId: 999_999 }),
      'entries[3].indicatorId',
      'REPORT_INDICATOR_NOT_APPROVED',
    );
    expect(unknownIndicator.body.message).toBe(
      '第4条指标条目的指标编号：编号 999999 的指标不在本申报最新批准的绩效目标中',
    );
    const likelihood = await refused(
      monitoringUrl(A),
      withEntry(1, { likelihood: 'maybe' }),
      'entries[1].likelihood',
      'FIELD_ONE_OF',
    );
    expect(likelihood.body.message).toBe(
      '第2条指标条目的完成目标可能性：须为以下之一：确定能、有可能、完全不可能',
    );
    const englishLikelihood = await t.request('PUT', monitoringUrl(A), {
      token: sub,
      body: withEntry(1, { likelihood: 'maybe' }),
      headers: en,
    });
    expect(englishLikelihood.body.message).toBe(
      'entry 2, likelihood: must be one of certain, possible, impossible',
    );
    const forecast = await refused(
      monitoringUrl(A),
      withEntry(0, { forecast: '142个' }),
      'entries[0].forecast',
      'REPORT_NOT_A_NUMBER',
    );
    expect(forecast.body.message).toContain('指标「开展建设项目数量」的年度指标值为 ≥150.00(个)，请只填数字');
    const qualitative = await refused(
      monitoringUrl(A),
      withEntry(3, { forecast: 'done' }),
      'entries[3].forecast',
      'REPORT_ACHIEVEMENT_EXPECTED',
    );
    expect(qualitative.body.message).toContain(
      '达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差',
    );
    const category = await refused(
      monitoringUrl(A),
      withEntry(2, { deviationReasons: [{ category: 'weather', note: 'x' }] }),
      'entries[2].deviationReasons[0].category',
      'FIELD_ONE_OF',
    );
    expect(category.body.message).toContain('经费保障、制度保障、人员保障、硬件条件保障、其他');
    await refused(
      monitoringUrl(A),
      { ...good, budget: { ...good.budget, executedToDate: 196501800 } },
      'budget.executedToDate',
      'FIELD_MONEY',
    );
    const money = await refused(
      monitoringUrl(A),
      { ...good, budget: { ...good.budget, executedToDate: '1,000.00' } },
      'budget.executedToDate',
      'FIELD_MONEY',
    );
    expect(money.body.message).toMatch(/^1-N月执行数：金额须为/);
    await refused(monitoringUrl(A), { ...good, periodEndMonth: 13 }, 'periodEndMonth', 'FIELD_RANGE');
    await refused(monitoringUrl(A), withEntry(0, { color: 'red' }), 'entries[0].color', 'FIELD_UNKNOWN');
    await refused(monitoringUrl(A), { ...good, budgetLight: 'green' }, 'budgetLight', 'FIELD_UNKNOWN');
    const { version: _v, ...noVersion } = good;
    const version = await refused(monitoringUrl(A), noVersion, 'version', 'FIELD_REQUIRED');
    expect(version.body.message).toBe('版本号：必须填写');
    const stale = await refused(monitoringUrl(A), { ...good, version: v - 1 }, 'version', undefined, {
      status: 409,
    });
    expect(stale.body.currentVersion).toBe(v);
    // Several problems: one message each, in details.
    const several = await refused(
      monitoringUrl(A),
      { ...withEntry(1, { likelihood: 'maybe' }), periodEndMonth: 0 },
      'entries[1].likelihood',
      'VALIDATION_FAILED',
    );
    expect(several.body.details.map((d: { code: string; field: string }) => [d.code, d.field])).toEqual([
      ['FIELD_RANGE', 'periodEndMonth'],
      ['FIELD_ONE_OF', 'entries[1].likelihood'],
    ]);
    // The stored report is the one saved before.
    const stored = (await t.get(monitoringUrl(A), sub)).body;
    expect(stored.version).toBe(v);
    expect(stored.entries[2].deviationReasons).toEqual([
      { category: 'institutional', categoryLabel: '制度保障', note: '' },
    ]);
  });

  it('lets only the owning department’s submitters write', async () => {
    const body = monitoringBody(await versionOf(A), { reasonOnRed: true });
    expect((await t.put(monitoringUrl(A), body, u.submitterB.token)).status).toBe(404);
    expect((await t.put(monitoringUrl(A), body, u.deptReviewer.token)).status).toBe(403);
    expect((await t.put(monitoringUrl(A), body, u.auditor.token)).status).toBe(403);
  });

  it('is submitted once every deviation has its reason, then is no longer editable', async () => {
    const res = await t.put(monitoringUrl(A), monitoringBody(await versionOf(A), { reasonOnRed: true }), sub);
    expect(res.status).toBe(200);
    expect(res.body.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    await fire(t, A, 'SUBMIT', sub);
    expect((await decl(A)).state).toBe('monitoring.internalReview');
    const late = await t.put(
      monitoringUrl(A),
      monitoringBody(await versionOf(A), { reasonOnRed: true }),
      sub,
    );
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({
      code: 'DECLARATION_STATE_NOT_EDITABLE',
      state: 'monitoring.internalReview',
    });
    expect(late.body.message).toContain('「绩效监控 · 单位内部审核」');
  });

  it('gives the bureau a year overview: budget light, red/yellow counts and the worst indicators', async () => {
    const res = await t.get('/api/monitoring/summary?year=2026', u.bureauReviewer.token);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        declarationId: A,
        projectName: '数字化建设',
        departmentId: w.deptA,
        state: 'monitoring.internalReview',
        stateLabel: expect.stringContaining('单位内部审核'),
        reported: true,
        budgetLight: 'yellow',
        budgetLightLabel: '黄灯',
        red: 1,
        yellow: 2,
        worst: [
          { indicatorId: ids[2], name: '项目预算变更率', light: 'red', lightLabel: '红灯' },
          { indicatorId: ids[0], name: '开展建设项目数量', light: 'yellow', lightLabel: '黄灯' },
          { indicatorId: ids[5], name: '社会治理和城市管理水平', light: 'yellow', lightLabel: '黄灯' },
        ],
      }),
      expect.objectContaining({
        declarationId: B,
        state: 'monitoring.reporting',
        reported: false,
        budgetLight: null,
        budgetLightLabel: null,
        red: 0,
        yellow: 0,
        worst: [],
      }),
    ]);
    expect(res.body.totals).toEqual({
      declarations: 2,
      reported: 1,
      budgetLights: { red: 0, yellow: 1, green: 0, none: 1 },
      red: 1,
      yellow: 2,
    });
    expect(res.body.departments).toEqual([
      expect.objectContaining({ departmentId: w.deptA, departmentName: '运营管理部', declarations: 2 }),
    ]);
    expect((await t.get('/api/monitoring/summary?year=2026', u.deptReviewer.token)).body.items).toHaveLength(
      2,
    );
    expect((await t.get('/api/monitoring/summary?year=2026', u.otherReviewer.token)).body.items).toEqual([]);
    expect((await t.get('/api/monitoring/summary?year=2025', u.auditor.token)).body.items).toEqual([]);
    expect((await t.get('/api/monitoring/summary?year=2026', sub)).status).toBe(403);
    const noYear = await t.get('/api/monitoring/summary', u.bureauReviewer.token);
    expect(noYear.body).toMatchObject({
      statusCode: 400,
      code: 'FIELD_REQUIRED',
      field: 'year',
      message: '年度：必须填写',
    });
    const badYear = await t.get('/api/monitoring/summary?year=20x6', u.bureauReviewer.token);
    expect(badYear.body).toMatchObject({
      statusCode: 400,
      code: 'FIELD_RANGE',
      field: 'year',
      message: '年度：须在 2000 到 2100 之间',
    });
    const unknown = await t.get('/api/monitoring/summary?year=2026&dept=1', u.bureauReviewer.token);
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'FIELD_UNKNOWN', field: 'dept' });
  });

  it('is reviewed twice → monitored; the form holds the computed figures', async () => {
    await fire(t, A, 'APPROVE', u.deptReviewer.token);
    await fire(t, A, 'APPROVE', u.bureauReviewer.token);
    expect((await decl(A)).state).toBe('monitored');

    const ws = await sheetOf(await t.get(`${monitoringUrl(A)}/export.xlsx`, u.auditor.token));
    expect(value(ws, 1, 1)).toBe('项目支出绩效运行监控表');
    expect(value(ws, 6, 3)).toBe(491254500); // 年初预算数 as a number (#,##0.00)
    expect(value(ws, 6, 7)).toBe(196501800);
    expect(value(ws, 6, 9)).toBe('40.00%');
    expect(value(ws, 6, 12)).toBe('58.33%');
    expect(value(ws, 6, 14)).toBe('黄');
    const first = rowOf(ws, '开展建设项目数量');
    expect(EXAMPLE.map((_, i) => value(ws, first + i, 15))).toEqual([
      '黄',
      '绿',
      '红',
      '绿',
      '绿',
      '黄',
      '绿',
      '绿',
    ]);
    expect(value(ws, first, 7)).toBe('有可能');
    expect(value(ws, first + 2, 9)).toBe('需求调整频繁'); // 制度保障 column
    expect((await t.get(`${monitoringUrl(A)}/export.xlsx`, u.submitterB.token)).status).toBe(404);
  });
});

describe('saves that erase nothing: PUT replaces a monitoring report, PATCH changes only what it sends', () => {
  /** The fields of an entry that the submitter writes (the rest is computed). */
  const written = (e: Record<string, unknown>) => ({
    indicatorId: e.indicatorId,
    actualToDate: e.actualToDate,
    forecast: e.forecast,
    likelihood: e.likelihood,
    deviationReasons: e.deviationReasons,
    correctiveMeasures: e.correctiveMeasures,
    remark: e.remark,
  });
  const lastChanges = async (id: number, action: string) => {
    const rows = await t.dataSource.query(
      `SELECT changes FROM audit_events WHERE declaration_id = ${id} AND action = '${action}' ORDER BY seq DESC`,
    );
    return JSON.parse(rows[0].changes) as { field: string; before: unknown; after: unknown }[];
  };
  const patch = (body: Record<string, unknown>) => t.patch(monitoringUrl(B), body, sub);

  it('PUT is a whole replacement: saving one entry drops the other entries and the budget block', async () => {
    const v = await versionOf(B);
    const full = await t.put(monitoringUrl(B), cleanMonitoringBody(v, bIds), sub);
    expect(full.status).toBe(200);
    expect(full.body.entries).toHaveLength(5);
    const one = await t.put(
      monitoringUrl(B),
      { version: v + 1, entries: [{ indicatorId: bIds[0], forecast: '140', likelihood: 'possible' }] },
      sub,
    );
    expect(one.status).toBe(200);
    expect(one.body.entries.map((e: { indicatorId: number }) => e.indicatorId)).toEqual([bIds[0]]);
    expect(one.body.entries[0]).toMatchObject({ forecast: '140', actualToDate: null });
    expect(one.body.budget).toMatchObject({ executedToDate: null, forecastFullYear: null });
    expect(one.body.goalProgress).toBeNull();
    expect(findingsOf(one.body, 'MON_ENTRY_MISSING').map((f) => f.indicatorId)).toEqual(bIds.slice(1));
  });

  it('PATCH changes one field of one entry and keeps every other entry, field and the budget block', async () => {
    const v = await versionOf(B);
    const before = (await t.put(monitoringUrl(B), cleanMonitoringBody(v, bIds), sub)).body;
    const res = await patch({ version: v + 1, entries: [{ indicatorId: bIds[0], forecast: '140' }] });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(v + 2);
    expect(res.body.entries.map(written)).toEqual(
      before.entries.map((e: Record<string, unknown>, i: number) => ({
        ...written(e),
        ...(i === 0 ? { forecast: '140' } : {}),
      })),
    );
    expect(res.body.entries[0]).toMatchObject({ actualToDate: '150', likelihood: 'certain' });
    expect(res.body.budget).toEqual(before.budget);
    expect(res.body.goalProgress).toBe('按计划推进');
    expect(res.body.periodEndMonth).toBe(7);
    expect((await t.get(monitoringUrl(B), sub)).body).toEqual(res.body);
    // Audited in the same save: the one field that changed (and the lights it moved), nothing else.
    const changes = await lastChanges(B, 'monitoring.saved');
    expect(changes).toContainEqual({ field: `entries[${bIds[0]}].forecast`, before: '150', after: '140' });
    expect(changes.filter((c) => /^(entries|budget|goal|period)/.test(c.field))).toHaveLength(1);
  });

  it('PATCH merges the budget block, and null clears a field on purpose', async () => {
    let v = await versionOf(B);
    const merged = await patch({
      version: v,
      budget: { executedToDate: '100000000.00' },
      goalProgress: null,
      periodEndMonth: 6,
      entries: [{ indicatorId: bIds[2], remark: '下半年验收' }],
    });
    expect(merged.status).toBe(200);
    expect(merged.body.budget).toEqual({
      initialBudget: '491254500.00',
      adjustedBudget: '491254500.00',
      executedToDate: '100000000.00',
      forecastFullYear: '491254500.00',
    });
    expect(merged.body).toMatchObject({ goalProgress: null, periodEndMonth: 6, timeProgress: '50.00' });
    expect(written(merged.body.entries[2])).toEqual({
      indicatorId: bIds[2],
      actualToDate: '按计划推进',
      forecast: 'achieved',
      likelihood: 'certain',
      deviationReasons: [],
      correctiveMeasures: null,
      remark: '下半年验收',
    });
    v = merged.body.version;
    const cleared = await patch({
      version: v,
      budget: { forecastFullYear: null },
      periodEndMonth: null,
      entries: [{ indicatorId: bIds[2], remark: null }],
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.budget).toMatchObject({ adjustedBudget: '491254500.00', forecastFullYear: null });
    expect(cleared.body.periodEndMonth).toBe(7);
    expect(cleared.body.entries[2]).toMatchObject({ remark: null, forecast: 'achieved' });
    expect(findingsOf(cleared.body, 'MON_BUDGET_FORECAST_MISSING')).toHaveLength(1);
    const whole = await patch({ version: cleared.body.version, budget: null });
    expect(whole.body.budget).toMatchObject({ executedToDate: null, forecastFullYear: null });
    expect(whole.body.entries).toHaveLength(5);
  });

  it('PATCH takes the form’s words for codes, and refuses bad input naming entry and field, saving nothing', async () => {
    const v = await versionOf(B);
    const words = await patch({
      version: v,
      entries: [
        {
          indicatorId: bIds[2],
          forecast: '部分达成年度指标并具有一定效果',
          likelihood: '有可能',
          deviationReasons: [{ category: '经费保障', note: '资金下达滞后' }],
          correctiveMeasures: '加快执行',
        },
      ],
    });
    expect(words.status).toBe(200);
    expect(words.body.entries[2]).toMatchObject({
      forecast: 'partial',
      forecastLabel: '部分达成年度指标并具有一定效果',
      likelihood: 'possible',
      likelihoodLabel: '有可能',
      deviationReasons: [{ category: 'funding', categoryLabel: '经费保障', note: '资金下达滞后' }],
      light: 'yellow',
      lightLabel: '黄灯',
    });
    const w = v + 1;
    const patchOpts = { method: 'PATCH' as const };
    await refused(
      monitoringUrl(B),
      { version: w, entries: [{ indicatorId: 999_999, remark: 'x' }] },
      'entries[0].indicatorId',
      'REPORT_INDICATOR_NOT_APPROVED',
      patchOpts,
    );
    await refused(
      monitoringUrl(B),
      { version: w, entries: [{ remark: 'x' }] },
      'entries[0].indicatorId',
      'FIELD_REQUIRED',
      patchOpts,
    );
    await refused(monitoringUrl(B), { version: w, entries: null }, 'entries', 'FIELD_NOT_NULL', patchOpts);
    await refused(
      monitoringUrl(B),
      { version: w, entries: [{ indicatorId: bIds[0], likelihood: '也许' }] },
      'entries[0].likelihood',
      'FIELD_ONE_OF',
      patchOpts,
    );
    await refused(
      monitoringUrl(B),
      { version: w, budget: { spent: '1.00' } },
      'budget.spent',
      'FIELD_UNKNOWN',
      patchOpts,
    );
    await refused(monitoringUrl(B), { version: w, lights: {} }, 'lights', 'FIELD_UNKNOWN', patchOpts);
    await refused(monitoringUrl(B), { goalProgress: 'x' }, 'version', 'FIELD_REQUIRED', patchOpts);
    await refused(monitoringUrl(B), { version: w - 1, goalProgress: 'x' }, 'version', undefined, {
      ...patchOpts,
      status: 409,
    });
    const body = { version: w, goalProgress: 'x' };
    expect((await t.patch(monitoringUrl(B), body, u.submitterB.token)).status).toBe(404);
    expect((await t.patch(monitoringUrl(B), body, u.deptReviewer.token)).status).toBe(403);
    expect((await t.get(monitoringUrl(B), sub)).body.entries[2].likelihood).toBe('possible');
  });
});

describe('year-end self-evaluation', () => {
  it('is not editable in monitoring (409 naming the state)', async () => {
    const res = await t.put(evaluationUrl(B), evaluationBody(await versionOf(B)), sub);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'DECLARATION_STATE_NOT_EDITABLE', state: 'monitoring.reporting' });
    expect(res.body.message).toContain('「绩效监控 · 填报中」');
    const patch = await t.patch(evaluationUrl(B), { version: await versionOf(B), goalAchievement: 'x' }, sub);
    expect(patch.status).toBe(409);
    expect(patch.body).toMatchObject({
      code: 'DECLARATION_STATE_NOT_EDITABLE',
      state: 'monitoring.reporting',
    });
  });

  it('opens for the year: monitored declarations go to evaluation.reporting', async () => {
    const res = await t.post('/api/workflow/open-evaluation', { year: 2026 }, u.bureauReviewer.token);
    expect(res.status).toBe(200);
    expect(res.body.opened).toBe(1);
    expect((await decl(A)).state).toBe('evaluation.reporting');
  });

  it('answers a blank evaluation with the default weights before the first save', async () => {
    const res = await t.get(evaluationUrl(A), sub);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      saved: false,
      budget: { initialBudget: '491254500.00', adjustedBudget: '491254500.00', executed: null },
      budgetWeight: '10.00',
      totalWeight: '100.00',
      budgetRate: null,
      budgetScore: '0.00',
    });
    expect(res.body.entries.map((e: { weight: string }) => e.weight)).toEqual([
      '12.50',
      '12.50',
      '12.50',
      '12.50',
      '10.00',
      '10.00',
      '10.00',
      '10.00',
    ]);
    expect(res.body.entries[5]).toMatchObject({
      name: '社会治理和城市管理水平',
      target: '有效提升',
      actual: null,
      achievement: null,
      score: null,
    });
  });

  it('refuses structural garbage naming entry and field, saving nothing', async () => {
    const v = await versionOf(A);
    const actual = await refused(
      evaluationUrl(A),
      evaluationBody(v, { 0: { actual: '142个' } }),
      'entries[0].actual',
      'REPORT_NOT_A_NUMBER',
    );
    expect(actual.body.message).toBe(
      '第1条指标条目的实际完成值：指标「开展建设项目数量」的年度指标值为 ≥150.00(个)，请只填数字（单位：个，不写单位），例如 "97"',
    );
    const achievement = await refused(
      evaluationUrl(A),
      evaluationBody(v, { 3: { achievement: 'done' } }),
      'entries[3].achievement',
      'FIELD_ONE_OF',
    );
    expect(achievement.body.message).toBe(
      '第4条指标条目的达成情况：须为以下之一：达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差',
    );
    await refused(
      evaluationUrl(A),
      evaluationBody(v, { 4: { indicatorId: 999_999 } }),
      'entries[4].indicatorId',
      'REPORT_INDICATOR_NOT_APPROVED',
    );
    await refused(
      evaluationUrl(A),
      evaluationBody(v, { 4: { indicatorId: ids[3] } }),
      'entries[4].indicatorId',
      'REPORT_ENTRY_DUPLICATE',
    );
    const score = await refused(
      evaluationUrl(A),
      evaluationBody(v, { 5: { score: 7 } }),
      'entries[5].score',
      'REPORT_POINTS_INVALID',
    );
    expect(score.body.message).toBe('第6条指标条目的得分：须为不小于 0、最多两位小数的分数文本，例如 "7.00"');
    await refused(
      evaluationUrl(A),
      { ...evaluationBody(v), budget: { executed: 466691775 } },
      'budget.executed',
      'FIELD_MONEY',
    );
    expect((await t.get(evaluationUrl(A), sub)).body.saved).toBe(false);
  });

  it('saves a qualitative score outside its band as a finding that blocks SUBMIT', async () => {
    const v = await versionOf(A);
    const res = await t.put(evaluationUrl(A), evaluationBody(v, { 5: { score: '9.00' } }), sub);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(v + 1);
    expect(res.body.entries[5]).toMatchObject({ givenScore: '9.00', score: null });
    expect(res.body.findings).toContainEqual({
      severity: 'error',
      code: 'EVAL_SCORE_OUT_OF_BAND',
      path: 'entries[5].score',
      indicatorId: ids[5],
      message:
        '指标「社会治理和城市管理水平」评定为「部分达成年度指标并具有一定效果」，得分 9.00 分超出该评定的得分范围（不低于 6 分且低于 8 分）',
    });
    expectChinese(res.body.findings);
    const submit = await t.post(
      `/api/declarations/${A}/transitions`,
      { event: 'SUBMIT', version: v + 1 },
      sub,
    );
    expect(submit.status).toBe(422);
    expect(submit.body.findings.map((f: { code: string }) => f.code)).toContain('EVAL_SCORE_OUT_OF_BAND');
  });

  it('scores the worked example of docs/spec/domain.md §6: 93.33, 优', async () => {
    const v = await versionOf(A);
    const res = await t.put(evaluationUrl(A), evaluationBody(v), sub);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      version: v + 1,
      budgetRate: '95.00',
      budgetScore: '9.50',
      subtotals: { output: '46.83', benefit: '27.00', satisfaction: '10.00' },
      totalScore: '93.33',
      grade: '优',
      gradeLabel: '优',
      stateLabel: expect.stringContaining('填报中'),
    });
    expect(res.body.entries[3]).toMatchObject({ achievement: 'achieved', achievementLabel: '达成年度指标' });
    expect(res.body.entries[0]).toMatchObject({ level1Label: '产出指标', level2Label: '数量指标' });
    const english = await t.request('GET', evaluationUrl(A), { token: sub, headers: en });
    expect(english.body).toMatchObject({ grade: '优', gradeLabel: 'excellent' });
    expect(english.body.entries[3].achievementLabel).toBe('achieved the annual target');
    expect(res.body.entries.map((e: { score: string }) => e.score)).toEqual([
      '11.83',
      '12.50',
      '10.00',
      '12.50',
      '10.00',
      '7.00',
      '10.00',
      '10.00',
    ]);
    expect(res.body.entries.map((e: { met: boolean }) => e.met)).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(res.body.entries[0]).toMatchObject({ computedScore: '11.83', weight: '12.50' });
    expect(res.body.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect((await t.get(evaluationUrl(A), u.auditor.token)).body).toEqual(res.body);

    // Stored on the row for lists, and audited with field-level changes.
    const [row] = await t.dataSource.query(
      `SELECT total_score, grade FROM evaluation_reports WHERE declaration_id = ${A}`,
    );
    expect(row).toEqual({ total_score: '93.33', grade: '优' });
    const events = await t.dataSource.query(
      `SELECT changes FROM audit_events WHERE declaration_id = ${A} AND action = 'evaluation.saved' ORDER BY seq`,
    );
    expect(events).toHaveLength(2);
    const changes = JSON.parse(events[1].changes) as { field: string; before: unknown; after: unknown }[];
    expect(changes).toContainEqual({ field: 'totalScore', before: expect.any(String), after: '93.33' });
    expect(changes).toContainEqual({ field: `entries[${ids[5]}].score`, before: '9.00', after: '7.00' });
  });

  it('PATCH changes only the entry field and budget amount sent; PUT replaces the whole evaluation', async () => {
    const written = (e: Record<string, unknown>) => ({
      indicatorId: e.indicatorId,
      actual: e.actual,
      achievement: e.achievement,
      givenScore: e.givenScore,
      overrideReason: e.overrideReason,
      deviationAnalysis: e.deviationAnalysis,
    });
    const v = await versionOf(A);
    const before = (await t.get(evaluationUrl(A), sub)).body;
    const res = await t.patch(
      evaluationUrl(A),
      { version: v, entries: [{ indicatorId: ids[5], score: '6.50' }] },
      sub,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: v + 1, totalScore: '92.83', grade: '优' });
    expect(res.body.entries.map(written)).toEqual(
      before.entries.map((e: Record<string, unknown>, i: number) => ({
        ...written(e),
        ...(i === 5 ? { givenScore: '6.50' } : {}),
      })),
    );
    expect(res.body.budget).toEqual(before.budget);
    expect(res.body.goalAchievement).toBe('完成年度建设任务');
    const [event] = await t.dataSource.query(
      `SELECT changes FROM audit_events WHERE declaration_id = ${A} AND action = 'evaluation.saved' ORDER BY seq DESC`,
    );
    const changes = JSON.parse(event.changes) as { field: string }[];
    expect(changes.map((c) => c.field).sort()).toEqual([`entries[${ids[5]}].score`, 'totalScore']);

    const budget = await t.patch(
      evaluationUrl(A),
      {
        version: v + 1,
        budget: { executed: '442129050.00' },
        entries: [{ indicatorId: ids[6], achievement: '达成年度指标' }],
      },
      sub,
    );
    expect(budget.body.budget).toEqual({
      initialBudget: '491254500.00',
      adjustedBudget: '491254500.00',
      executed: '442129050.00',
    });
    expect(budget.body.budgetRate).toBe('90.00');
    expect(budget.body.entries[6]).toMatchObject({
      achievement: 'achieved',
      achievementLabel: '达成年度指标',
    });
    await refused(
      evaluationUrl(A),
      { version: v + 2, entries: [{ indicatorId: ids[5], score: 7 }] },
      'entries[0].score',
      'REPORT_POINTS_INVALID',
      { method: 'PATCH' },
    );

    // PUT is the whole evaluation: one entry sent, one entry kept, the budget gone.
    const one = await t.put(
      evaluationUrl(A),
      { version: v + 2, entries: [{ indicatorId: ids[0], actual: '150' }] },
      sub,
    );
    expect(one.status).toBe(200);
    expect(one.body.entries).toHaveLength(1);
    expect(one.body.budget.executed).toBeNull();
    expect(findingsOf(one.body, 'EVAL_ENTRY_MISSING')).toHaveLength(7);
    // The worked example again, for the review and the form.
    const again = await t.put(evaluationUrl(A), evaluationBody(v + 3), sub);
    expect(again.body.totalScore).toBe('93.33');
  });

  it('is submitted, approved twice → closed; the form holds the scores', async () => {
    await fire(t, A, 'SUBMIT', sub);
    await fire(t, A, 'APPROVE', u.deptReviewer.token);
    await fire(t, A, 'APPROVE', u.bureauReviewer.token);
    expect((await decl(A)).state).toBe('closed');
    const late = await t.put(evaluationUrl(A), evaluationBody(await versionOf(A)), sub);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'DECLARATION_STATE_NOT_EDITABLE', state: 'closed' });
    expect(late.body.message).toContain('「已完结」');

    const ws = await sheetOf(await t.get(`${evaluationUrl(A)}/export.xlsx`, u.bureauReviewer.token));
    expect(value(ws, 1, 1)).toBe('项目支出绩效自评表');
    expect(value(ws, 6, 5)).toBe(466691775); // 全年执行数
    expect([value(ws, 6, 6), value(ws, 6, 7), value(ws, 6, 8)]).toEqual(['10.00', '95.00%', '9.50']);
    const first = rowOf(ws, '开展建设项目数量');
    expect(EXAMPLE.map((_, i) => value(ws, first + i, 7))).toEqual([
      '11.83',
      '12.50',
      '10.00',
      '12.50',
      '10.00',
      '7.00',
      '10.00',
      '10.00',
    ]);
    const total = rowOf(ws, '总分');
    expect([value(ws, total, 6), value(ws, total, 7)]).toEqual(['100.00', '93.33']);
    expect(value(ws, total + 1, 6)).toBe('优');
    expect((await t.get(`${evaluationUrl(A)}/export.xlsx`, u.submitterB.token)).status).toBe(404);
  });
});
