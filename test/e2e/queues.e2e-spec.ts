import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { englishIn, namesField } from '../support/errors';
import { createValidDeclaration, fire, VALID_HEADER } from '../support/factories';
import { approvedDeclaration, openYear, versionOf } from '../support/lifecycle';
import { PASSWORD, startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';
import { SHIPPED_CALENDARS } from '../../src/calendar/shipped';
import { WorkCalendar } from '../../src/calendar/working-days';
import { Db } from '../../src/database/db.service';

/**
 * Issue 13 items 5 and 6: the caller's queue says what a person needs to pick the next item
 * (project, department, submitter, annual request, findings, days waiting, due date, the last
 * return, an adjustment's changes), filters by year, department and overdue, and orders by
 * waiting time or due date; the declarations list filters by a state named in code or words,
 * by department and by words of the project name; refusals carry a code and the field.
 * Each scenario uses a year of its own, so the others' items never mix in.
 */

let t: TestApp;
let w: World;
let u: World['users'];
/** A submitter of department A with a Chinese name. */
let zhang: { id: number; token: string };
/** A user of the bureau who reviews at both levels. */
let mixed: string;
/** A user of department A who writes and reviews. */
let both: string;

const DAY = 86_400_000;
/** The shipped calendars (2026 from the State Council notice, 2027 provisional): what the service counts with. */
const calendar = new WorkCalendar(SHIPPED_CALENDARS);
/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();

/** Moves a stay's entry time (before anything read the item: the queue remembers facts per version). */
async function enteredAt(id: number, at: string): Promise<void> {
  const db = t.app.get(Db);
  await db.write(async (tx) => {
    const p = db.parameters();
    await tx.query(
      `UPDATE declarations SET state_entered_at = ${p.add(at)} WHERE id = ${p.add(id)}`,
      p.values,
    );
  });
}

async function user(username: string, displayName: string, roles: string[], departmentId: number) {
  const res = await t.post(
    '/api/users',
    { username, displayName, password: PASSWORD, roles, departmentId },
    w.admin,
  );
  if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${res.text}`);
  return { id: res.body.id as number, token: await t.login(username) };
}

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
  u = w.users;
  zhang = await user('zhangsan', '张三', ['submitter'], w.deptA);
  mixed = (await user('mixed', '两级审核', ['dept_reviewer', 'bureau_reviewer'], w.bureauId)).token;
  both = (await user('both', '填报兼审核', ['submitter', 'dept_reviewer'], w.deptA)).token;
}, 60_000);
afterAll(async () => t?.close());
afterEach(() => {
  jest.useRealTimers();
});

const inYear = (year: number, extra: Record<string, unknown> = {}) => ({
  year,
  plannedStart: `${year}-01-01`,
  plannedEnd: `${year}-12-31`,
  ...extra,
});

interface Item {
  declarationId: number;
  state: string;
  enteredAt: string;
  dueAt: string | null;
  [k: string]: unknown;
}

async function queue(token: string, query: string, headers: Record<string, string> = {}): Promise<Res> {
  return t.request('GET', `/api/queues/mine${query ? `?${query}` : ''}`, { token, headers });
}
async function items(token: string, query: string): Promise<Item[]> {
  const res = await queue(token, query);
  expect(res.status).toBe(200);
  return res.body.items;
}
const ids = (list: Item[]) => list.map((i) => i.declarationId);
const itemOf = async (token: string, query: string, id: number) =>
  (await items(token, query)).find((i) => i.declarationId === id);

/** The error and warning counts of GET /findings: what SUBMIT sees. */
async function findingCounts(id: number) {
  const res = await t.get(`/api/declarations/${id}/findings`, u.auditor.token);
  expect(res.status).toBe(200);
  const list = res.body as Array<{ severity: string }>;
  return {
    errors: list.filter((f) => f.severity === 'error').length,
    warnings: list.filter((f) => f.severity === 'warning').length,
  };
}

function expectRefused(res: Res, field: string, code: string) {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status: 400, code });
  expect(namesField(res.body, field)).toBe(true);
  // An unknown parameter is named as the client wrote it (colour); every other word is Chinese.
  const message = String(res.body.message);
  expect(englishIn(code === 'FIELD_UNKNOWN' ? message.replace(`${field}：`, '') : message)).toBeNull();
}

describe('a queue item says what the reviewer needs to pick it', () => {
  it('a resubmitted declaration: project, department, submitter, annual request, findings, days waiting, due date, the return', async () => {
    const d = await createValidDeclaration(t, zhang.token, inYear(2041, { projectName: '智慧园区运维' }));
    // A second indicator of the same name: a warning (INDICATOR_NAME_DUPLICATE), which does not block.
    const dup = await t.post(
      `/api/declarations/${d.id}/indicators`,
      {
        version: d.version,
        level1: 'output',
        level2: 'quantity',
        name: '开展建设项目数量',
        target: '≥10(个)',
      },
      zhang.token,
    );
    expect(dup.status).toBe(201);
    await fire(t, d.id, 'SUBMIT', zhang.token);
    await fire(t, d.id, 'RETURN', u.deptReviewer.token, { comment: '请补充成本指标' });
    await fire(t, d.id, 'SUBMIT', zhang.token);

    const item = (await itemOf(u.deptReviewer.token, 'year=2041', d.id))!;
    expect(item).toMatchObject({
      declarationId: d.id,
      projectName: '智慧园区运维',
      departmentId: w.deptA,
      departmentName: '运营管理部',
      year: 2041,
      state: 'internalReview',
      stateLabel: '单位内部审核',
      adjustment: false,
      changedIndicators: null,
      submittedBy: { id: zhang.id, name: '张三' },
      annualRequest: VALID_HEADER.funds.annualRequest,
      daysWaiting: 0,
      overdue: false,
      lastReturn: { comment: '请补充成本指标', by: 'deptReviewer' },
    });
    const counts = await findingCounts(d.id);
    expect(counts.warnings).toBeGreaterThan(0);
    expect(item.findings).toEqual(counts);
    // Five working days after the day it entered, to the end of that day in Beijing time.
    const due = calendar.due(item.enteredAt, 5);
    expect(item).toMatchObject({ dueAt: due.dueAt, dueDate: due.dueDate, dueProvisional: due.provisional });
    expect(item.workingDaysLeft).toBe(5);

    const en = await queue(u.deptReviewer.token, 'year=2041', { 'accept-language': 'en' });
    expect(en.body.items.find((i: Item) => i.declarationId === d.id).stateLabel).toBe('internal review');
  });

  it('a returned draft counts the errors that now block it; a report counts its own findings', async () => {
    const d = await createValidDeclaration(t, u.submitter.token, inYear(2045, { projectName: '退回后修改' }));
    await fire(t, d.id, 'SUBMIT', u.submitter.token);
    await fire(t, d.id, 'RETURN', u.deptReviewer.token, { comment: '指标不全' });
    const before = (await itemOf(u.submitter.token, 'year=2045', d.id))!;
    expect(before.findings).toEqual(await findingCounts(d.id));
    expect(before.lastReturn).toMatchObject({ comment: '指标不全', by: 'deptReviewer' });
    // The three output indicators removed: NO_OUTPUT_INDICATOR is an error.
    for (const indicatorId of d.indicatorIds.slice(0, 3)) {
      const version = await versionOf(t, d.id, u.submitter.token);
      const res = await t.delete(
        `/api/declarations/${d.id}/indicators/${indicatorId}?version=${version}`,
        u.submitter.token,
      );
      expect(res.status).toBe(200);
    }
    const draft = (await itemOf(u.submitter.token, 'year=2045', d.id))!;
    const counts = await findingCounts(d.id);
    expect(counts.errors).toBeGreaterThan(0);
    expect(draft).toMatchObject({
      state: 'drafting',
      stateLabel: '编制中',
      findings: counts,
      dueAt: null,
      overdue: false,
      lastReturn: { comment: '指标不全' },
    });
    // What the queue showed before the edits is not shown again, nor a name changed since.
    expect(draft.findings).not.toEqual(before.findings);
    expect(draft.version).toBeGreaterThan(before.version as number);
    const renamed = await t.patch(`/api/users/${u.deptReviewer.id}`, { displayName: '王审核' }, w.admin);
    expect(renamed.status).toBe(200);
    expect((await itemOf(u.submitter.token, 'year=2045', d.id))!.lastReturn).toMatchObject({ by: '王审核' });
    await t.patch(`/api/users/${u.deptReviewer.id}`, { displayName: 'deptReviewer' }, w.admin);

    const m = await approvedDeclaration(t, w, inYear(2045, { projectName: '监控填报' }));
    await openYear(t, w, 'monitoring', 2045);
    const report = (await itemOf(u.submitter.token, 'year=2045', m.id))!;
    const reportCounts = await findingCounts(m.id);
    // A report not written yet: every indicator lacks its entry.
    expect(reportCounts.errors).toBeGreaterThan(0);
    expect(report).toMatchObject({
      state: 'monitoring.reporting',
      stateLabel: '绩效监控 · 填报中',
      findings: reportCounts,
      submittedBy: null,
      lastReturn: null,
      adjustment: false,
    });
  });

  it('an adjustment says how many indicators it changes against the approved version; a return of an earlier round is not its reason', async () => {
    const sub = u.submitter.token;
    const d = await createValidDeclaration(t, sub, inYear(2046, { projectName: '调整中的项目' }));
    await fire(t, d.id, 'SUBMIT', sub);
    await fire(t, d.id, 'RETURN', u.deptReviewer.token, { comment: '第一轮退回' });
    await fire(t, d.id, 'SUBMIT', sub);
    await fire(t, d.id, 'APPROVE', u.deptReviewer.token);
    await fire(t, d.id, 'APPROVE', u.bureauReviewer.token);
    await fire(t, d.id, 'REQUEST_ADJUSTMENT', sub, { comment: '预算调整' });
    // One target lowered, one indicator removed, one added: three changes.
    const lowered = await t.patch(
      `/api/declarations/${d.id}/indicators/${d.indicatorIds[0]}`,
      { version: await versionOf(t, d.id, sub), target: '≥100.00(个)' },
      sub,
    );
    expect(lowered.status).toBe(200);
    const removed = await t.delete(
      `/api/declarations/${d.id}/indicators/${d.indicatorIds[4]}?version=${await versionOf(t, d.id, sub)}`,
      sub,
    );
    expect(removed.status).toBe(200);
    const added = await t.post(
      `/api/declarations/${d.id}/indicators`,
      {
        version: await versionOf(t, d.id, sub),
        level1: 'benefit',
        level2: 'economic',
        name: '节约运维成本',
        target: '≥5(%)',
      },
      sub,
    );
    expect(added.status).toBe(201);
    const drafting = (await itemOf(sub, 'year=2046', d.id))!;
    expect(drafting).toMatchObject({ state: 'adjustment.drafting', adjustment: true, changedIndicators: 3 });
    await fire(t, d.id, 'SUBMIT', sub);

    const item = (await itemOf(u.deptReviewer.token, 'year=2046', d.id))!;
    const counts = await findingCounts(d.id);
    expect(counts.warnings).toBeGreaterThan(0);
    expect(item).toMatchObject({
      state: 'adjustment.internalReview',
      stateLabel: '目标调整 · 单位内部审核',
      adjustment: true,
      changedIndicators: 3,
      findings: counts,
      lastReturn: null,
    });
  });
});

describe('filters and order', () => {
  it('by due date: across review stages by the date, items without one last; each order pages on', async () => {
    const sub = u.submitter.token;
    // X reaches bureau review first (due in 10 days), Y internal review after it (due in 5).
    const x = await createValidDeclaration(t, sub, inYear(2043));
    await fire(t, x.id, 'SUBMIT', sub);
    await fire(t, x.id, 'APPROVE', u.deptReviewer.token);
    const y = await createValidDeclaration(t, sub, inYear(2043));
    await fire(t, y.id, 'SUBMIT', sub);
    expect(ids(await items(mixed, 'year=2043'))).toEqual([x.id, y.id]);
    expect(ids(await items(mixed, 'year=2043&sort=due'))).toEqual([y.id, x.id]);
    // The Chinese words of the order are accepted too.
    expect(ids(await items(mixed, `year=2043&sort=${encodeURIComponent('截止日期最近优先')}`))).toEqual([
      y.id,
      x.id,
    ]);
    const first = await queue(mixed, 'year=2043&sort=due&limit=1');
    expect(ids(first.body.items)).toEqual([y.id]);
    expect(first.body.sort).toBe('due');
    const second = await queue(mixed, `year=2043&sort=due&limit=1&cursor=${first.body.nextCursor}`);
    expect(ids(second.body.items)).toEqual([x.id]);
    expect(second.body.nextCursor).toBeNull();
    // A cursor of one order does not continue the other.
    expectRefused(
      await queue(mixed, `year=2043&limit=1&cursor=${first.body.nextCursor}`),
      'cursor',
      'QUEUE_CURSOR_OTHER_SORT',
    );

    // A returned draft (no due date) waits longer than an item in review, and comes last by due date.
    const r = await createValidDeclaration(t, sub, inYear(2044));
    await fire(t, r.id, 'SUBMIT', sub);
    await fire(t, r.id, 'RETURN', u.deptReviewer.token, { comment: '退回' });
    const i = await createValidDeclaration(t, sub, inYear(2044));
    await fire(t, i.id, 'SUBMIT', sub);
    expect(ids(await items(both, 'year=2044'))).toEqual([r.id, i.id]);
    const byDue = await items(both, 'year=2044&sort=due');
    expect(ids(byDue)).toEqual([i.id, r.id]);
    expect(byDue[1].dueAt).toBeNull();
    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Res = await queue(both, `year=2044&sort=due&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...ids(page.body.items));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual([i.id, r.id]);
  });

  it('year, department (with the departments below it) and overdue filter the items and the counts', async () => {
    const a = await createValidDeclaration(t, u.submitter.token, inYear(2042));
    await fire(t, a.id, 'SUBMIT', u.submitter.token);
    const b = await createValidDeclaration(t, u.submitterB.token, inYear(2042));
    await fire(t, b.id, 'SUBMIT', u.submitterB.token);
    const c = await createValidDeclaration(t, u.submitter.token, inYear(2042));
    await fire(t, c.id, 'SUBMIT', u.submitter.token);
    await fire(t, c.id, 'APPROVE', u.deptReviewer.token);

    const rev = u.deptReviewer.token;
    const year = await queue(rev, 'year=2042');
    expect(ids(year.body.items).sort()).toEqual([a.id, b.id].sort());
    expect(year.body.counts).toEqual({ internalReview: 2 });
    const depB = await queue(rev, `year=2042&departmentId=${w.deptB}`);
    expect(ids(depB.body.items)).toEqual([b.id]);
    expect(depB.body.counts).toEqual({ internalReview: 1 });
    expect(ids(await items(rev, `year=2042&departmentId=${w.unitId}`)).sort()).toEqual([a.id, b.id].sort());
    expect(ids(await items(rev, `year=2042&overdue=false`)).sort()).toEqual([a.id, b.id].sort());
    expect(await items(rev, `year=2042&overdue=true`)).toEqual([]);

    // Just after the internal review's due day (5 working days): overdue; the bureau review (10) is not.
    const entered = (await items(rev, 'year=2042')).map((i) => i.enteredAt).sort();
    const afterDue = Date.parse(calendar.due(entered[1], 5).dueAt) + 1;
    expect(afterDue).toBeLessThan(Date.parse(calendar.due(entered[0], 10).dueAt));
    const waited = Math.floor((afterDue - Date.parse(entered[0])) / DAY);
    jest.useFakeTimers({
      now: afterDue,
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
    const later = await t.login('deptreviewer');
    const overdue = await queue(later, 'year=2042&overdue=true');
    expect(ids(overdue.body.items).sort()).toEqual([a.id, b.id].sort());
    expect(overdue.body.counts).toEqual({ internalReview: 2 });
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, daysWaiting: waited, workingDaysLeft: 0 });
    expect(await items(later, 'year=2042&overdue=false')).toEqual([]);
    const bureau = await t.login('bureaureviewer');
    expect(await items(bureau, 'year=2042&overdue=true')).toEqual([]);
    const notYet = await items(bureau, 'year=2042&overdue=false');
    expect(ids(notYet)).toEqual([c.id]);
    expect(notYet[0]).toMatchObject({ overdue: false });
  });

  it('due dates count working days: weekends, 国庆 and 元旦 off, 调休 Saturdays on; 2027 is provisional', async () => {
    const sub = u.submitter.token;
    const make = async (at: string) => {
      const d = await createValidDeclaration(t, sub, inYear(2051));
      await fire(t, d.id, 'SUBMIT', sub);
      await enteredAt(d.id, bj(at));
      return d.id;
    };
    const national = await make('2026-09-30T15:00:00');
    const newYear = await make('2026-12-28T10:00:00');
    const friday = await make('2026-12-04T18:00:00');
    const list = await items(u.deptReviewer.token, 'year=2051&sort=due');
    const of = (id: number) => list.find((i) => i.declarationId === id)!;
    // 10/1–10/7 off, 10/10 (Saturday) works: 10/8, 10/9, 10/10, 10/12, 10/13.
    expect(of(national)).toMatchObject({
      dueDate: '2026-10-13',
      dueAt: bj('2026-10-13T23:59:59.999'),
      dueProvisional: false,
      overdue: true,
    });
    // 12/29, 12/30, 12/31, (元旦 and the weekend), 1/4, 1/5: 2027's notice is not out, so 暂定.
    expect(of(newYear)).toMatchObject({ dueDate: '2027-01-05', dueProvisional: true });
    expect(of(friday)).toMatchObject({ dueDate: '2026-12-11', dueProvisional: false });
    expect(ids(list)).toEqual([national, friday, newYear]);
  }, 60_000);

  it('by due date pages across items that share a due date (Friday, Saturday and Sunday entries), over both stages', async () => {
    const sub = u.submitter.token;
    const make = async (at: string, bureau = false) => {
      const d = await createValidDeclaration(t, sub, inYear(2052));
      await fire(t, d.id, 'SUBMIT', sub);
      if (bureau) await fire(t, d.id, 'APPROVE', u.deptReviewer.token);
      await enteredAt(d.id, bj(at));
      return d.id;
    };
    // Internal review (5 working days): Friday, Saturday and Sunday are all due Friday 12/11.
    const sunday = await make('2026-12-06T20:00:00');
    const friday = await make('2026-12-04T10:00:00');
    const saturday = await make('2026-12-05T09:00:00');
    const saturday2 = await make('2026-12-05T09:00:00');
    const monday = await make('2026-12-07T08:00:00');
    // Bureau review (10 working days): entered Friday 11/27, due 12/11 as well; 11/20, due 12/04.
    const bureauSame = await make('2026-11-27T16:00:00', true);
    const bureauEarly = await make('2026-11-20T16:00:00', true);
    const expected = [bureauEarly, bureauSame, friday, saturday, saturday2, sunday, monday];
    const all = await items(mixed, 'year=2052&sort=due');
    expect(ids(all)).toEqual(expected);
    expect(all.slice(1, 6).map((i) => i.dueDate)).toEqual(Array(5).fill('2026-12-11'));
    for (const limit of [1, 3]) {
      const walked: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Res = await queue(
          mixed,
          `year=2052&sort=due&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        walked.push(...ids(page.body.items));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(expected);
    }
  }, 120_000);

  it('refuses what it cannot read, with a code, the field and the allowed words', async () => {
    const rev = u.deptReviewer.token;
    expectRefused(await queue(rev, 'overdue=maybe'), 'overdue', 'FIELD_BOOLEAN');
    const sort = await queue(rev, 'sort=newest');
    expectRefused(sort, 'sort', 'FIELD_ONE_OF');
    expect(sort.body.message).toBe('排序方式：须为以下之一：等待最久优先、截止日期最近优先');
    expectRefused(await queue(rev, 'year=20x6'), 'year', 'FIELD_RANGE');
    expectRefused(await queue(rev, 'colour=red'), 'colour', 'FIELD_UNKNOWN');
    const dep = await queue(rev, 'departmentId=999999');
    expectRefused(dep, 'departmentId', 'FILTER_DEPARTMENT_UNKNOWN');
    expect(dep.body.message).toBe('所属部门：没有编号为 999999 的部门');
    const en = await queue(rev, 'departmentId=999999', { 'accept-language': 'en' });
    expect(en.body.message).toBe('department: there is no department 999999');
  });
});

describe('bulk decisions', () => {
  it('approve several with one rating: each records it, and an item already decided is refused with its reason', async () => {
    const a = await createValidDeclaration(t, u.submitter.token, inYear(2043));
    await fire(t, a.id, 'SUBMIT', u.submitter.token);
    const b = await createValidDeclaration(t, u.submitter.token, inYear(2043));
    await fire(t, b.id, 'SUBMIT', u.submitter.token);
    const rev = u.deptReviewer.token;
    const listed = await items(rev, 'year=2043');
    const version = (id: number) => listed.find((i) => i.declarationId === id)!.version as number;
    // b is approved by another request first: its queued version is stale.
    await fire(t, b.id, 'APPROVE', rev);

    const res = await t.post(
      '/api/queues/bulk',
      {
        event: 'APPROVE',
        rating: '优',
        items: [a.id, b.id].map((id) => ({ declarationId: id, version: version(id) })),
      },
      rev,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ done: 1, refused: 1 });
    expect(res.body.items[0]).toMatchObject({ declarationId: a.id, ok: true, state: 'bureauReview' });
    expect(res.body.items[1]).toMatchObject({ declarationId: b.id, ok: false, status: 409 });
    expect(englishIn(res.body.items[1].reason)).toBeNull();
    const history = await t.get(`/api/declarations/${a.id}/transitions`, rev);
    expect(history.body.at(-1)).toMatchObject({ event: 'APPROVE', rating: '优', ratingLabel: '优' });

    // A rating the event cannot carry is refused per item, naming the ratings it can.
    const c = await createValidDeclaration(t, u.submitter.token, inYear(2043));
    await fire(t, c.id, 'SUBMIT', u.submitter.token);
    const wrong = await t.post(
      '/api/queues/bulk',
      {
        event: 'APPROVE',
        rating: '差',
        items: [{ declarationId: c.id, version: await versionOf(t, c.id, rev) }],
      },
      rev,
    );
    expect(wrong.body).toMatchObject({ done: 0, refused: 1 });
    expect(wrong.body.items[0]).toMatchObject({ ok: false, code: 'WORKFLOW_RATING_INVALID' });
    expect(wrong.body.items[0].reason).toContain('优');
    // Not a rating at all: the whole request is refused, naming the field.
    expectRefused(
      await t.post(
        '/api/queues/bulk',
        { event: 'APPROVE', rating: 'A+', items: [{ declarationId: c.id, version: 1 }] },
        rev,
      ),
      'rating',
      'FIELD_ONE_OF',
    );
  });
});

describe('the declarations list', () => {
  const list = (token: string, query: string, headers: Record<string, string> = {}) =>
    t.request('GET', `/api/declarations?${query}`, { token, headers });

  it('filters by a state given as its code or its words, and refuses an unknown one listing the states', async () => {
    const draft = await createValidDeclaration(t, u.submitter.token, inYear(2047));
    const review = await createValidDeclaration(t, u.submitter.token, inYear(2047));
    await fire(t, review.id, 'SUBMIT', u.submitter.token);
    const sub = u.submitter.token;
    for (const state of ['drafting', '编制中', ' 编制中 ', 'drafting '.trim()]) {
      const res = await list(sub, `year=2047&state=${encodeURIComponent(state)}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([draft.id]);
      expect(res.body.items[0].stateLabel).toBe('编制中');
    }
    for (const state of ['internalReview', '单位内部审核', 'internal review'])
      expect(
        (await list(sub, `year=2047&state=${encodeURIComponent(state)}`)).body.items.map(
          (i: { id: number }) => i.id,
        ),
      ).toEqual([review.id]);
    // A dotted state in words, with or without the separator's spaces.
    for (const state of ['目标调整 · 单位内部审核', '目标调整·单位内部审核', 'adjustment.internalReview'])
      expect((await list(sub, `state=${encodeURIComponent(state)}`)).status).toBe(200);
    // An empty parameter is no filter (a form's unset field).
    expect((await list(sub, 'year=2047&state=')).body.items).toHaveLength(2);

    const unknown = await list(sub, 'state=foo');
    expectRefused(unknown, 'state', 'DECLARATION_STATE_UNKNOWN');
    expect(unknown.body.message).toMatch(
      /^状态：「foo」不是申报表的状态；可选的状态：编制中、单位内部审核、数据局审核、已批复、/,
    );
    expect(unknown.body.message).toContain('目标调整 · 单位内部审核');
    expect(unknown.body.allowed).toContain('monitoring.reporting');
    expect(unknown.body.allowed).toHaveLength(15);
    const en = await list(sub, 'state=foo', { 'accept-language': 'en' });
    expect(en.body.message).toMatch(
      /^state: "foo" is not a state of a declaration; use one of: drafting, internal review, data bureau review, approved, /,
    );
  });

  it('filters by department with the departments below it, and by every word of the project name', async () => {
    const a = await createValidDeclaration(
      t,
      u.submitter.token,
      inYear(2048, { projectName: '城市数据平台运维' }),
    );
    const b = await createValidDeclaration(
      t,
      u.submitterB.token,
      inYear(2048, { projectName: '数据共享平台建设' }),
    );
    const pct = await createValidDeclaration(
      t,
      u.submitter.token,
      inYear(2048, { projectName: '达标率100%_专项' }),
    );
    const bureau = u.bureauReviewer.token;
    const idsOf = async (query: string) => {
      const res = await list(bureau, query);
      expect(res.status).toBe(200);
      return res.body.items.map((i: { id: number }) => i.id).sort((x: number, y: number) => x - y);
    };
    expect(await idsOf(`year=2048&departmentId=${w.deptB}`)).toEqual([b.id]);
    expect(await idsOf(`year=2048&departmentId=${w.unitId}`)).toEqual([a.id, b.id, pct.id]);
    expect(await idsOf(`year=2048&departmentId=${w.otherUnitId}`)).toEqual([]);
    expectRefused(await list(bureau, 'departmentId=999999'), 'departmentId', 'FILTER_DEPARTMENT_UNKNOWN');
    // Every word must appear, in any order.
    expect(await idsOf(`year=2048&q=${encodeURIComponent('平台 数据')}`)).toEqual([a.id, b.id]);
    expect(await idsOf(`year=2048&q=${encodeURIComponent('平台 运维')}`)).toEqual([a.id]);
    // LIKE's wildcards are matched as written.
    expect(await idsOf(`year=2048&q=${encodeURIComponent('100%')}`)).toEqual([pct.id]);
    expect(await idsOf(`year=2048&q=${encodeURIComponent('%_')}`)).toEqual([pct.id]);
  });

  it('refuses an unknown parameter and a year it cannot read, naming them', async () => {
    const sub = u.submitter.token;
    expectRefused(await list(sub, 'colour=red'), 'colour', 'FIELD_UNKNOWN');
    expectRefused(await list(sub, 'year=next'), 'year', 'FIELD_RANGE');
    expectRefused(await list(sub, 'year=1999'), 'year', 'FIELD_RANGE');
    expectRefused(await list(sub, 'departmentId=abc'), 'departmentId', 'FIELD_ID');
  });
});
