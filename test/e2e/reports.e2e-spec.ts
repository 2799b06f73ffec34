import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createValidDeclaration, fire, VALID_HEADER } from '../support/factories';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Mid-year monitoring and year-end self-evaluation (domain.md §5, §6) through the API, one
 * story: the worked example 数字化建设 (8 indicators) is approved, monitored (lights, warnings,
 * SUBMIT blocked by a deviation without reason, review), evaluated (93.33 → 优), reviewed to
 * `closed`; the forms open in Excel and hold the computed figures; bad input is refused
 * naming entry and field, with nothing saved.
 */

let t: TestApp;
let w: World;
let u: World['users'];
let sub: string;

/** The worked example of domain.md §6, in form order. */
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

/** The example declaration (A), another approved one (B) and a draft (C). */
let A: number;
let ids: number[];
let B: number;
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

/** The self-evaluation of domain.md §6's worked example. */
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

/** A refused PUT: 4xx whose message names `field`, and the declaration's version unchanged. */
async function refused(url: string, body: unknown, field: string, status = 400): Promise<Res> {
  const id = Number(/declarations\/(\d+)/.exec(url)![1]);
  const before = await versionOf(id);
  const res = await t.put(url, body, sub);
  expect({ status: res.status, message: res.body.message }).toEqual({
    status,
    message: expect.stringContaining(field),
  });
  expect(await versionOf(id)).toBe(before);
  return res;
}

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  u = w.users;
  sub = u.submitter.token;
  ({ id: A, indicatorIds: ids } = await createExample());
  await approve(A);
  B = (await createValidDeclaration(t, sub, { projectName: '第二个项目' })).id;
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
    const draft = await t.get(monitoringUrl(C), sub);
    expect(draft.status).toBe(409);
    // DECLARATION_NO_APPROVED_TARGETS (declarations.messages.ts) names the state in words and as a code.
    expect(draft.body).toMatchObject({ code: 'DECLARATION_NO_APPROVED_TARGETS', state: 'drafting' });
    expect(draft.body.message).toContain('当前状态：编制中');
  });

  it('opens for the year: every approved declaration goes to monitoring.reporting', async () => {
    const res = await t.post('/api/workflow/open-monitoring', { year: 2026 }, u.bureauReviewer.token);
    expect(res.status).toBe(200);
    expect(res.body.opened).toBe(2);
    expect((await decl(A)).state).toBe('monitoring.reporting');
    expect((await decl(B)).state).toBe('monitoring.reporting');
  });

  it('answers a blank report for the approved indicators before the first save', async () => {
    const res = await t.get(monitoringUrl(A), sub);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      declarationId: A,
      state: 'monitoring.reporting',
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
    });
    expect(res.body.entries).toHaveLength(8);
    expect(res.body.entries[0]).toEqual({
      indicatorId: ids[0],
      name: '开展建设项目数量',
      level1: 'output',
      level2: 'quantity',
      target: '≥150.00(个)',
      actualToDate: null,
      forecast: null,
      likelihood: null,
      deviationReasons: [],
      correctiveMeasures: null,
      remark: null,
      deviation: null,
      light: null,
    });
    const codes = res.body.findings.map((f: { code: string }) => f.code);
    expect(codes).toContain('MON_BUDGET_EXECUTED_MISSING');
    expect(codes).toContain('MON_FORECAST_MISSING');
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
      lights: { red: 1, yellow: 2, green: 5, unknown: 0 },
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
    expect(res.body.worst.map((x: { name: string; light: string }) => `${x.name}:${x.light}`)).toEqual([
      '项目预算变更率:red',
      '开展建设项目数量:yellow',
      '社会治理和城市管理水平:yellow',
    ]);
    const byCode = (code: string) => res.body.findings.filter((f: { code: string }) => f.code === code);
    expect(byCode('MON_FORECAST_ABOVE_BUDGET')).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'budget.forecastFullYear' }),
    ]);
    expect(byCode('MON_DEVIATION_REASON_MISSING')).toEqual([
      expect.objectContaining({ severity: 'error', path: 'entries[2].deviationReasons' }),
    ]);
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
    );
    expect(unknownIndicator.body.message).toContain('approved targets');
    await refused(monitoringUrl(A), withEntry(1, { likelihood: 'maybe' }), 'entries[1].likelihood');
    await refused(monitoringUrl(A), withEntry(0, { forecast: '142个' }), 'entries[0].forecast');
    await refused(monitoringUrl(A), withEntry(3, { forecast: 'done' }), 'entries[3].forecast');
    await refused(
      monitoringUrl(A),
      withEntry(2, { deviationReasons: [{ category: 'weather', note: 'x' }] }),
      'entries[2].deviationReasons[0].category',
    );
    await refused(
      monitoringUrl(A),
      { ...good, budget: { ...good.budget, executedToDate: 196501800 } },
      'budget.executedToDate',
    );
    await refused(
      monitoringUrl(A),
      { ...good, budget: { ...good.budget, executedToDate: '1,000.00' } },
      'budget.executedToDate',
    );
    await refused(monitoringUrl(A), { ...good, periodEndMonth: 13 }, 'periodEndMonth');
    await refused(monitoringUrl(A), withEntry(0, { color: 'red' }), 'entries[0].color');
    await refused(monitoringUrl(A), { ...good, budgetLight: 'green' }, 'budgetLight');
    const { version: _v, ...noVersion } = good;
    await refused(monitoringUrl(A), noVersion, 'version');
    await refused(monitoringUrl(A), { ...good, version: v - 1 }, 'version', 409);
    // The stored report is the one saved before.
    const stored = (await t.get(monitoringUrl(A), sub)).body;
    expect(stored.version).toBe(v);
    expect(stored.entries[2].deviationReasons).toEqual([{ category: 'institutional', note: '' }]);
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
        reported: true,
        budgetLight: 'yellow',
        red: 1,
        yellow: 2,
        worst: [
          { indicatorId: ids[2], name: '项目预算变更率', light: 'red' },
          { indicatorId: ids[0], name: '开展建设项目数量', light: 'yellow' },
          { indicatorId: ids[5], name: '社会治理和城市管理水平', light: 'yellow' },
        ],
      }),
      expect.objectContaining({
        declarationId: B,
        state: 'monitoring.reporting',
        reported: false,
        budgetLight: null,
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
    expect((await t.get('/api/monitoring/summary', u.bureauReviewer.token)).status).toBe(400);
    expect((await t.get('/api/monitoring/summary?year=20x6', u.bureauReviewer.token)).status).toBe(400);
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

describe('year-end self-evaluation', () => {
  it('is not editable in monitoring (409 naming the state)', async () => {
    const res = await t.put(evaluationUrl(B), evaluationBody(await versionOf(B)), sub);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'DECLARATION_STATE_NOT_EDITABLE', state: 'monitoring.reporting' });
    expect(res.body.message).toContain('「绩效监控 · 填报中」');
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
    await refused(evaluationUrl(A), evaluationBody(v, { 0: { actual: '142个' } }), 'entries[0].actual');
    await refused(
      evaluationUrl(A),
      evaluationBody(v, { 3: { achievement: 'done' } }),
      'entries[3].achievement',
    );
    await refused(
      evaluationUrl(A),
      evaluationBody(v, { 4: { indicatorId: 999_999 } }),
      'entries[4].indicatorId',
    );
    await refused(evaluationUrl(A), evaluationBody(v, { 5: { score: 7 } }), 'entries[5].score');
    await refused(
      evaluationUrl(A),
      { ...evaluationBody(v), budget: { executed: 466691775 } },
      'budget.executed',
    );
    expect((await t.get(evaluationUrl(A), sub)).body.saved).toBe(false);
  });

  it('saves a qualitative score outside its band as a finding that blocks SUBMIT', async () => {
    const v = await versionOf(A);
    const res = await t.put(evaluationUrl(A), evaluationBody(v, { 5: { score: '9.00' } }), sub);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(v + 1);
    expect(res.body.entries[5]).toMatchObject({ givenScore: '9.00', score: null });
    expect(res.body.findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'EVAL_SCORE_OUT_OF_BAND',
        path: 'entries[5].score',
      }),
    );
    const submit = await t.post(
      `/api/declarations/${A}/transitions`,
      { event: 'SUBMIT', version: v + 1 },
      sub,
    );
    expect(submit.status).toBe(422);
    expect(submit.body.findings.map((f: { code: string }) => f.code)).toContain('EVAL_SCORE_OUT_OF_BAND');
  });

  it('scores the worked example of domain.md §6: 93.33, 优', async () => {
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
    });
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
