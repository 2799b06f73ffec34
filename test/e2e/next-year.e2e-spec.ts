import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire, VALID_HEADER } from '../support/factories';
import {
  approvedDeclaration,
  cleanEvaluationBody,
  monitored,
  openYear,
  versionOf,
  type Declared,
} from '../support/lifecycle';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Next year's declaration from this year's (issue 16 item 3), through the API: a closed 2026
 * declaration with its self-evaluation and a 2026 one with only its monitoring become 2027
 * drafts with the approved content and its lineage; a draft or a second copy is refused in
 * Chinese with a code; the copy is audited on its own chain naming its source; the findings
 * compare each target with last year's actual and with the targets of the years before.
 */

let t: TestApp;
let w: World;
let sub: string;
/** Closed: monitored, evaluated (actuals 150 个, 100 %, 95 %), approved. */
let closed: Declared;
/** In evaluation with no evaluation saved: its monitoring (actual to date 95 %) is the actual. */
let monitoredOnly: Declared;
let draft: { id: number };
/** The 2027 copy of `closed`. */
let next: Record<string, any>;

const findingsOf = async (id: number) =>
  (await t.get(`/api/declarations/${id}/findings`, sub)).body as Array<{
    code: string;
    severity: string;
    message: string;
    hint: string;
    indicatorId?: number;
    params?: Record<string, unknown>;
  }>;
const indicatorByName = (d: { indicators: Array<{ id: number; name: string }> }, name: string) =>
  d.indicators.find((i) => i.name === name)!;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
  closed = await approvedDeclaration(t, w, { projectName: '数字化建设' });
  monitoredOnly = await approvedDeclaration(t, w, { projectName: '监控项目' });
  await openYear(t, w, 'monitoring');
  await monitored(t, w, closed);
  await monitored(t, w, monitoredOnly);
  await openYear(t, w, 'evaluation');
  const ev = await t.put(
    `/api/declarations/${closed.id}/evaluation`,
    cleanEvaluationBody(await versionOf(t, closed.id, sub), closed.indicatorIds),
    sub,
  );
  expect(ev.status).toBe(200);
  await fire(t, closed.id, 'SUBMIT', sub);
  await fire(t, closed.id, 'APPROVE', w.users.deptReviewer.token, { rating: '优' });
  await fire(t, closed.id, 'APPROVE', w.users.bureauReviewer.token, { rating: '优' });
  draft = await createValidDeclaration(t, sub, { projectName: '草稿项目' });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('POST /api/declarations/:id/next-year', () => {
  it('refuses a declaration that is not approved yet, in Chinese with a code', async () => {
    const res = await t.post(`/api/declarations/${draft.id}/next-year`, {}, sub);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NEXT_YEAR_SOURCE_NOT_APPROVED');
    expect(res.body.message).toContain('尚未批复');
    expect(res.body.message).toContain('编制中');
  });

  it('refuses reviewers (403) and submitters of another department (404)', async () => {
    expect(
      (await t.post(`/api/declarations/${closed.id}/next-year`, {}, w.users.bureauReviewer.token)).status,
    ).toBe(403);
    expect(
      (await t.post(`/api/declarations/${closed.id}/next-year`, {}, w.users.submitterB.token)).status,
    ).toBe(404);
  });

  it('copies a closed declaration into a 2027 draft: header, funds, goals, indicators and targets', async () => {
    const source = (await t.get(`/api/declarations/${closed.id}`, sub)).body;
    expect(source.state).toBe('closed');
    const res = await t.post(`/api/declarations/${closed.id}/next-year`, {}, sub);
    expect(res.status).toBe(201);
    next = res.body;
    expect(next).toMatchObject({
      year: 2027,
      state: 'drafting',
      stateLabel: '编制中',
      previousDeclarationId: closed.id,
      projectName: '数字化建设',
      projectNature: VALID_HEADER.projectNature,
      competentDepartment: VALID_HEADER.competentDepartment,
      overallGoal: VALID_HEADER.overallGoal,
      annualGoal: VALID_HEADER.annualGoal,
      // The one-year period moves on with the year.
      plannedStart: '2027-01-01',
      plannedEnd: '2027-12-31',
      funds: VALID_HEADER.funds,
      approvedVersion: null,
    });
    expect(next.id).not.toBe(closed.id);
    expect(next.indicators.map((i: any) => [i.level1, i.level2, i.name, i.target?.display])).toEqual(
      source.indicators.map((i: any) => [i.level1, i.level2, i.name, i.target?.display]),
    );
    expect(next.indicators.map((i: any) => i.id)).not.toEqual(source.indicators.map((i: any) => i.id));
    expect(next.actions.find((a: any) => a.event === 'SUBMIT')).toBeDefined();
  });

  it('links both years (lineage) and refuses a second copy naming the existing one', async () => {
    const back = await t.get(`/api/declarations/${next.id}/lineage`, sub);
    expect(back.status).toBe(200);
    expect(back.body).toEqual({
      previous: {
        id: closed.id,
        year: 2026,
        projectName: '数字化建设',
        state: 'closed',
        stateLabel: '已完结',
      },
      next: null,
    });
    const forward = await t.get(`/api/declarations/${closed.id}/lineage`, w.users.auditor.token);
    expect(forward.body.next).toMatchObject({ id: next.id, year: 2027, state: 'drafting' });

    const again = await t.post(`/api/declarations/${closed.id}/next-year`, {}, sub);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NEXT_YEAR_EXISTS');
    expect(again.body.existingId).toBe(next.id);
    expect(again.body.message).toContain('已有 2027 年度申报');
    const list = await t.get('/api/declarations?year=2027', sub);
    expect(list.body.items.filter((d: any) => d.projectName === '数字化建设')).toHaveLength(1);
  });

  it('is audited on the new declaration’s chain, naming its source, and the chain verifies', async () => {
    const aud = w.users.auditor.token;
    const events = (await t.get(`/api/audit/events?declarationId=${next.id}&limit=100`, aud)).body.items;
    const created = events.find((e: any) => e.action === 'declaration.carried_forward');
    expect(created).toBeDefined();
    expect(created.comment).toContain(`编号 ${closed.id}`);
    expect(created.changes).toEqual(
      expect.arrayContaining([{ field: 'previousDeclarationId', before: null, after: closed.id }]),
    );
    const indicatorEvents = events.filter((e: any) => e.action === 'indicator.created');
    expect(indicatorEvents).toHaveLength(next.indicators.length);
    expect(indicatorEvents[0].comment).toMatch(/复制自 2026 年度三级指标/);
    const verify = await t.get(`/api/audit/verify?declarationId=${next.id}`, aud);
    expect(verify.body.ok).toBe(true);
  });
});

describe('two requests at once', () => {
  it('make one copy: the other is refused with NEXT_YEAR_EXISTS', async () => {
    const source = await approvedDeclaration(t, w, { projectName: '并发项目' });
    const [a, b] = await Promise.all([
      t.post(`/api/declarations/${source.id}/next-year`, {}, sub),
      t.post(`/api/declarations/${source.id}/next-year`, {}, w.users.submitter2.token),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.code).toBe('NEXT_YEAR_EXISTS');
    const list = await t.get('/api/declarations?year=2027&q=并发项目', sub);
    expect(list.body.items).toHaveLength(1);
  });
});

describe('findings against history', () => {
  it('warns where a target is below last year’s evaluated actual, and where it has not changed', async () => {
    const f = await findingsOf(next.id);
    const below = f.filter((x) => x.code === 'TARGET_BELOW_LAST_ACTUAL');
    // 业务需求部门满意度 ≥90.00(%) against 95 achieved; 开展建设项目数量 ≥150 against 150 is not below.
    expect(below).toHaveLength(1);
    expect(below[0]).toMatchObject({
      severity: 'warning',
      indicatorId: indicatorByName(next as any, '业务需求部门满意度').id,
      params: { actual: '95', year: 2026, source: 'evaluation' },
    });
    expect(below[0].message).toBe(
      '三级指标“业务需求部门满意度”的年度指标值 ≥90.00(%) 低于2026年实际完成值 95%',
    );
    expect(below[0].hint).toContain('绩效自评');
    const unchanged = f.filter((x) => x.code === 'TARGET_UNCHANGED');
    // Quantitative targets only, and not =100.00(%) (it cannot be raised).
    expect(unchanged.map((x) => x.params!.name).sort()).toEqual(
      ['业务需求部门满意度', '开展建设项目数量'].sort(),
    );
    expect(unchanged[0].message).toMatch(/已连续 2 年未变（自2026年起）/);
    expect(f.every((x) => x.severity !== 'error')).toBe(true);
  });

  it('a raised target clears both; an indicator re-added by hand is matched by its three levels and name', async () => {
    const d = (await t.get(`/api/declarations/${next.id}`, sub)).body;
    const quantity = indicatorByName(d, '开展建设项目数量');
    let r = await t.patch(
      `/api/declarations/${next.id}/indicators/${quantity.id}`,
      { version: d.version, target: '≥160.00(个)' },
      sub,
    );
    expect(r.status).toBe(200);
    const satisfaction = indicatorByName(d, '业务需求部门满意度');
    r = await t.delete(
      `/api/declarations/${next.id}/indicators/${satisfaction.id}?version=${r.body.version}`,
      sub,
    );
    expect(r.status).toBe(200);
    r = await t.post(
      `/api/declarations/${next.id}/indicators`,
      {
        version: r.body.version,
        level1: 'satisfaction',
        level2: 'serviceSatisfaction',
        name: '业务需求部门 满意度',
        target: '≥92.00(%)',
      },
      sub,
    );
    expect(r.status).toBe(201);
    const f = await findingsOf(next.id);
    expect(f.filter((x) => x.code === 'TARGET_UNCHANGED')).toEqual([]);
    const below = f.filter((x) => x.code === 'TARGET_BELOW_LAST_ACTUAL');
    expect(below).toHaveLength(1);
    expect(below[0]).toMatchObject({ indicatorId: r.body.indicator.id, params: { actual: '95' } });
  });

  it('takes the monitoring’s actual when there is no evaluation', async () => {
    const res = await t.post(`/api/declarations/${monitoredOnly.id}/next-year`, {}, sub);
    expect(res.status).toBe(201);
    const f = await findingsOf(res.body.id);
    const below = f.find((x) => x.code === 'TARGET_BELOW_LAST_ACTUAL');
    expect(below).toMatchObject({ params: { actual: '95', source: 'monitoring', year: 2026 } });
    expect(below!.hint).toContain('绩效运行监控');
  });

  it('counts the years a target has not moved along the lineage (2026 → 2027 → 2028)', async () => {
    // 2027 of 监控项目 approved as copied, then 2028 from it.
    const y2027 = (await t.get(`/api/declarations?year=2027&q=监控项目`, sub)).body.items[0];
    await fire(t, y2027.id, 'SUBMIT', sub);
    await fire(t, y2027.id, 'APPROVE', w.users.deptReviewer.token);
    await fire(t, y2027.id, 'APPROVE', w.users.bureauReviewer.token);
    const res = await t.post(`/api/declarations/${y2027.id}/next-year`, {}, sub);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      year: 2028,
      previousDeclarationId: y2027.id,
      plannedStart: '2028-01-01',
    });
    const f = await findingsOf(res.body.id);
    const unchanged = f.find((x) => x.code === 'TARGET_UNCHANGED' && x.params!.name === '开展建设项目数量');
    expect(unchanged).toMatchObject({ params: { years: 3, since: 2026 } });
    expect(unchanged!.message).toContain('已连续 3 年未变（自2026年起）');
    // 2027 has no report yet: nothing achieved to compare with.
    expect(f.filter((x) => x.code === 'TARGET_BELOW_LAST_ACTUAL')).toEqual([]);
    // The queue's and the list's badges count the same findings.
    const list = (await t.get('/api/declarations?year=2028', sub)).body.items;
    expect(list.find((d: any) => d.id === res.body.id).findings.warnings).toBe(
      f.filter((x) => x.severity === 'warning').length,
    );
  });
});
