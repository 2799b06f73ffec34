import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { englishIn } from '../support/errors';
import { createValidDeclaration, fire } from '../support/factories';
import { cleanEvaluationBody, everyPhase, versionOf, type EveryPhase } from '../support/lifecycle';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';
import { SHIPPED_CALENDARS } from '../../src/calendar/shipped';
import { WorkCalendar } from '../../src/calendar/working-days';

/**
 * The 年度看板 (`GET /api/dashboard?year=`): per department of the caller's scope, the year's
 * declarations by state, the budget lights of the monitoring reports and the grades of the
 * self-evaluations, and the review items past their due date. Each reader sees the counts of
 * what it may open, no more.
 */

let t: TestApp;
let w: World;
let u: World['users'];
let phases: EveryPhase;
/** Department A's draft waiting for its unit's review (overdue six days later), and B's draft. */
let waiting: number;
let draftB: number;
/** What the service computed for the saved reports (the dashboard counts them, it does not recompute). */
let light: string;
let grade: string;

const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
  u = w.users;
  // 2026, department A: a draft, one in monitoring.reporting, one in evaluation.reporting (its
  // monitoring report saved, so it has a budget light) with its self-evaluation saved (a grade).
  phases = await everyPhase(t, w, 'victim');
  const sub = u.submitter.token;
  const e = phases.evaluation;
  const saved = await t.put(
    `/api/declarations/${e.id}/evaluation`,
    cleanEvaluationBody(await versionOf(t, e.id, sub), e.indicatorIds),
    sub,
  );
  if (saved.status !== 200) throw new Error(`evaluation: ${saved.status} ${saved.text}`);
  grade = saved.body.grade;
  light = (await t.get(`/api/declarations/${e.id}/monitoring`, sub)).body.budgetLight;
  waiting = (await createValidDeclaration(t, sub, { projectName: '待审核' })).id;
  await fire(t, waiting, 'SUBMIT', sub);
  draftB = (await createValidDeclaration(t, u.submitterB.token, { projectName: '应用草稿' })).id;
}, 120_000);
afterAll(async () => t?.close());
afterEach(() => {
  jest.useRealTimers();
});

const dashboard = (token: string, query = 'year=2026') => t.get(`/api/dashboard?${query}`, token);

describe('GET /api/dashboard', () => {
  it('counts each department of the year by state, budget light and grade, with totals', async () => {
    expect(['green', 'yellow', 'red']).toContain(light);
    expect(['优', '良', '中', '差']).toContain(grade);
    const res = await dashboard(u.bureauReviewer.token);
    expect(res.status).toBe(200);
    const deptA = {
      departmentId: w.deptA,
      departmentName: '运营管理部',
      declarations: 4,
      states: { drafting: 1, 'monitoring.reporting': 1, 'evaluation.reporting': 1, internalReview: 1 },
      lights: { [light]: 1 },
      grades: { [grade]: 1 },
    };
    const deptB = {
      departmentId: w.deptB,
      departmentName: '应用开发部',
      declarations: 1,
      states: { drafting: 1 },
      lights: {},
      grades: {},
    };
    expect(res.body).toMatchObject({ year: 2026, departments: [deptA, deptB] });
    expect(res.body.totals).toEqual({
      declarations: 5,
      states: { drafting: 2, 'monitoring.reporting': 1, 'evaluation.reporting': 1, internalReview: 1 },
      lights: { [light]: 1 },
      grades: { [grade]: 1 },
    });
    // Nothing waits longer than its review deadline yet.
    expect(res.body.overdue).toEqual({ count: 0, limit: 100, items: [] });
  });

  it('shows each reader its own scope only', async () => {
    const departments = async (token: string) =>
      (
        (await dashboard(token)).body.departments as Array<{ departmentId: number; declarations: number }>
      ).map((d) => [d.departmentId, d.declarations]);
    const both = [
      [w.deptA, 4],
      [w.deptB, 1],
    ];
    expect(await departments(u.deptReviewer.token)).toEqual(both);
    expect(await departments(u.auditor.token)).toEqual(both);
    expect(await departments(u.submitter.token)).toEqual([[w.deptA, 4]]);
    expect(await departments(u.submitterB.token)).toEqual([[w.deptB, 1]]);
    // A reviewer of another unit sees nothing of this one.
    const other = await dashboard(u.otherReviewer.token);
    expect(other.body.departments).toEqual([]);
    expect(other.body.totals).toEqual({ declarations: 0, states: {}, lights: {}, grades: {} });
    expect((await dashboard(u.admin.token)).status).toBe(403);
  });

  it('is empty for a year without declarations', async () => {
    const res = await dashboard(u.bureauReviewer.token, 'year=2031');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      year: 2031,
      departments: [],
      totals: { declarations: 0, states: {}, lights: {}, grades: {} },
      overdue: { count: 0, limit: 100, items: [] },
    });
  });

  it('lists a review item past its due date, in words, to those who may open it', async () => {
    // A day after the due day (the service's clock): internal review's deadline is 5 working days
    // after the day it entered (the shipped calendars: weekends and public holidays off).
    const enteredAt = String(
      (await t.get(`/api/declarations/${waiting}`, u.submitter.token)).body.stateEnteredAt,
    );
    const due = new WorkCalendar(SHIPPED_CALENDARS).due(enteredAt, 5);
    jest.useFakeTimers({
      now: Date.parse(due.dueAt) + DAY + 1,
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    const bureau = await t.login('bureaureviewer');
    const res = await dashboard(bureau);
    expect(res.body.overdue.count).toBe(1);
    expect(res.body.overdue.items).toEqual([
      {
        declarationId: waiting,
        projectName: '待审核',
        departmentId: w.deptA,
        departmentName: '运营管理部',
        state: 'internalReview',
        stateLabel: '单位内部审核',
        enteredAt,
        dueAt: due.dueAt,
        dueDate: due.dueDate,
        daysOverdue: 1,
      },
    ]);
    expect((await dashboard(await t.login('deptreviewer'))).body.overdue.items).toHaveLength(1);
    expect((await dashboard(await t.login('submitter'))).body.overdue.count).toBe(1);
    // Not in their scope.
    expect((await dashboard(await t.login('submitterb'))).body.overdue).toEqual({
      count: 0,
      limit: 100,
      items: [],
    });
    expect((await dashboard(await t.login('otherreviewer'))).body.overdue.count).toBe(0);
    // Reviewed: no longer overdue at the unit, and the bureau's 10 days start now.
    await fire(t, waiting, 'APPROVE', await t.login('deptreviewer'));
    expect((await dashboard(bureau)).body.overdue.count).toBe(0);
    expect(draftB).toBeGreaterThan(0);
  });

  it('refuses a missing or malformed year, and other parameters, in words', async () => {
    const noYear = await t.get('/api/dashboard', u.bureauReviewer.token);
    expect(noYear.body).toMatchObject({
      statusCode: 400,
      code: 'FIELD_REQUIRED',
      field: 'year',
      message: '年度：必须填写',
    });
    const badYear = await dashboard(u.bureauReviewer.token, 'year=20x6');
    expect(badYear.body).toMatchObject({
      statusCode: 400,
      code: 'FIELD_RANGE',
      field: 'year',
      message: '年度：须在 2000 到 2100 之间',
    });
    const unknown = await dashboard(u.bureauReviewer.token, 'year=2026&dept=1');
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'FIELD_UNKNOWN', field: 'dept' });
    for (const res of [noYear, badYear, unknown]) expect(englishIn(res.body.message)).toBeNull();
  });
});
