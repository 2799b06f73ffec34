import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { englishIn } from '../support/errors';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 13 item 6: one route gives every enumeration with its Chinese and English words, every
 * finding code with its severity and words, and every error code with its status, to any
 * signed-in user; a browser may keep it five minutes and revalidate it by ETag.
 */

let t: TestApp;
let w: World;

beforeAll(async () => {
  // An agency's own severity for one rule: the reference data says what applies here.
  t = await startTestApp({ FINDING_SEVERITIES: '{"NO_COST_INDICATOR":"warning"}' });
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

interface Entry {
  value: string;
  zh: string;
  en: string;
}
interface Reference {
  enumerations: Record<string, Entry[]>;
  findings: Array<Entry & { severity: string; source: string }>;
  errors: Array<{ code: string; status: number; module: string }>;
}

const STATES = [
  'drafting',
  'internalReview',
  'bureauReview',
  'approved',
  'adjustment.drafting',
  'adjustment.internalReview',
  'adjustment.bureauReview',
  'monitoring.reporting',
  'monitoring.internalReview',
  'monitoring.bureauReview',
  'monitored',
  'evaluation.reporting',
  'evaluation.internalReview',
  'evaluation.bureauReview',
  'closed',
];

async function reference(token: string): Promise<Reference> {
  const res = await t.get('/api/reference', token);
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /api/reference', () => {
  it('answers every signed-in user, whatever the role, the same data', async () => {
    const bodies = [];
    for (const key of ['submitter', 'deptReviewer', 'bureauReviewer', 'auditor', 'admin'] as const)
      bodies.push(JSON.stringify(await reference(w.users[key].token)));
    expect(new Set(bodies).size).toBe(1);
    expect((await t.get('/api/reference')).status).toBe(401);
  });

  it('gives each value of every enumeration with its words in both languages, Chinese without English', async () => {
    const ref = await reference(w.users.submitter.token);
    expect(Object.keys(ref.enumerations).length).toBeGreaterThan(0);
    for (const [name, entries] of Object.entries(ref.enumerations)) {
      expect({ name, empty: entries.length === 0 }).toEqual({ name, empty: false });
      for (const e of entries) {
        expect(Object.keys(e).sort()).toEqual(['en', 'value', 'zh']);
        expect({ name, value: e.value, english: englishIn(e.zh), en: e.en.length > 0 }).toEqual({
          name,
          value: e.value,
          english: null,
          en: true,
        });
      }
    }
    expect(ref.enumerations.state.map((e) => e.value)).toEqual(STATES);
    const words = Object.fromEntries(ref.enumerations.state.map((e) => [e.value, e.zh]));
    expect(words).toMatchObject({
      drafting: '编制中',
      internalReview: '单位内部审核',
      bureauReview: '数据局审核',
      'adjustment.internalReview': '目标调整 · 单位内部审核',
      'monitoring.reporting': '绩效监控 · 填报中',
      closed: '已完结',
    });
    expect(ref.enumerations.queueSort).toEqual([
      { value: 'oldest', zh: '等待最久优先', en: 'oldest first' },
      { value: 'due', zh: '截止日期最近优先', en: 'nearest due date first' },
    ]);
  });

  it('lists every finding code with the severity that applies here and its words', async () => {
    const ref = await reference(w.users.auditor.token);
    const byCode = Object.fromEntries(ref.findings.map((f) => [f.value, f]));
    expect(byCode.TARGET_MISSING).toMatchObject({
      severity: 'error',
      zh: '三级指标缺少年度指标值',
      source: 'form',
    });
    // FINDING_SEVERITIES of this installation turned the rule's `info` into a warning.
    expect(byCode.NO_COST_INDICATOR).toMatchObject({ severity: 'warning', zh: '缺少成本指标' });
    expect(byCode.LAYOUT_REPAIRED).toMatchObject({ severity: 'info', source: 'import' });
    expect(byCode.MON_ENTRY_MISSING).toMatchObject({ severity: 'error', source: 'monitoring' });
    expect(byCode.EVAL_BUDGET_RATE_LOW).toMatchObject({ severity: 'warning', source: 'evaluation' });
    for (const f of ref.findings) {
      expect(['error', 'warning', 'info']).toContain(f.severity);
      // Words, not the code: a finding without words would show its code to people.
      expect({ code: f.value, zh: f.zh === f.value, en: f.en === f.value, english: englishIn(f.zh) }).toEqual(
        {
          code: f.value,
          zh: false,
          en: false,
          english: null,
        },
      );
    }
  });

  it('lists every error code with its status', async () => {
    const ref = await reference(w.users.submitter.token);
    const byCode = Object.fromEntries(ref.errors.map((e) => [e.code, e]));
    expect(byCode.DECLARATION_STATE_UNKNOWN).toEqual({
      code: 'DECLARATION_STATE_UNKNOWN',
      status: 400,
      module: 'queues',
    });
    expect(byCode.FIELD_UNKNOWN).toMatchObject({ status: 400 });
    expect(byCode.ROUTE_NOT_FOUND).toMatchObject({ status: 404 });
    expect(ref.errors.every((e) => Number.isInteger(e.status) && e.status >= 400)).toBe(true);
  });

  it('may be kept by the browser five minutes and revalidated by its ETag; a refusal is never stored', async () => {
    const token = w.users.submitter.token;
    const first = await t.get('/api/reference', token);
    expect(first.headers['cache-control']).toBe('private, max-age=300');
    expect(first.headers.pragma).toBeUndefined();
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await t.request('GET', '/api/reference', { token, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('private, max-age=300');
    const changed = await t.request('GET', '/api/reference', {
      token,
      headers: { 'if-none-match': '"other"' },
    });
    expect(changed.status).toBe(200);
    const refused = await t.get('/api/reference');
    expect({ status: refused.status, cacheControl: refused.headers['cache-control'] }).toEqual({
      status: 401,
      cacheControl: 'no-store',
    });
    // Every other API answer stays no-store.
    expect((await t.get('/api/auth/me', token)).headers['cache-control']).toBe('no-store');
  });

  /**
   * The enumerations the modules of issue 13 register (workflow, auth and org, audit,
   * declarations, reports). Fails until every one of them is registered: the route lists what
   * the registry holds and needs no change when a module adds one.
   */
  it('has every enumeration a client needs', async () => {
    const ref = await reference(w.users.submitter.token);
    const required = [
      'state',
      'event',
      'rating',
      'role',
      'departmentKind',
      'auditAction',
      'auditOutcome',
      'level1',
      'level2',
      'projectNature',
      'projectCategory',
      'likelihood',
      'deviationCategory',
      'light',
      'grade',
      'achievement',
    ];
    expect(required.filter((name) => !ref.enumerations[name]?.length)).toEqual([]);
  });
});
