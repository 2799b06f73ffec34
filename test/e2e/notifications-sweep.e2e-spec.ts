import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SHIPPED_CALENDARS } from '../../src/calendar/shipped';
import { dayNoOf, startOf, WorkCalendar, type DayNo } from '../../src/calendar/working-days';
import { DeadlineSweep } from '../../src/notifications/deadline-sweep.service';
import { createValidDeclaration, fire } from '../support/factories';
import { kindsAbout } from '../support/notifications';
import { onPostgres } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 16 item 4, the deadline sweep: a review item (a declaration's stay in a review state) is
 * reminded two working days before its deadline and when overdue, to its reviewers; an internal
 * review two working days overdue is escalated to the 数据局 (working days: issue 18 item 6, the
 * shipped calendars, so the days below are found from the day the item entered, whatever today is). Once per item and threshold, with two instances
 * sweeping at the same moment: on PostgreSQL two app instances on one database, on SQLite (one
 * instance by design) two sweeps of the one instance at once.
 */

let a: TestApp;
let b: TestApp | null;
let w: World;
const DAY = 86_400_000;
const calendar = new WorkCalendar(SHIPPED_CALENDARS);
/** Noon of a day in Beijing, in ms. */
const noon = (day: DayNo) => Date.parse(startOf(day)) + DAY / 2;
/** The first day on which an item due on `dueDay` is at most two working days away (due soon). */
function firstSoon(entered: number, dueDay: DayNo): DayNo {
  let d = dayNoOf(new Date(entered).toISOString());
  while (calendar.workingDaysBetween(d, dueDay) > 2) d++;
  return d;
}
const dueDayOf = (entered: number, days: number) =>
  calendar.dueDay(dayNoOf(new Date(entered).toISOString()), days);

beforeAll(async () => {
  a = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  b = onPostgres ? await startTestApp({}, a.db) : null;
  w = await buildWorld(a);
}, 60_000);
afterAll(async () => {
  await b?.stop();
  await a?.close();
});

/** Both instances sweep at once, at `at` ms. */
async function sweepTwice(at: number): Promise<number[]> {
  const iso = new Date(at).toISOString();
  return Promise.all([a.app.get(DeadlineSweep).sweep(iso), (b ?? a).app.get(DeadlineSweep).sweep(iso)]);
}

describe(`the deadline sweep, two sweepers at once (${onPostgres ? 'two instances on PostgreSQL' : 'SQLite'})`, () => {
  it('reminds the reviewers once per threshold, then escalates an internal review to the 数据局', async () => {
    const d = await createValidDeclaration(a, w.users.submitter.token, { projectName: '到期提醒项目' });
    await fire(a, d.id, 'SUBMIT', w.users.submitter.token);
    const entered = Date.parse(
      (await a.get(`/api/declarations/${d.id}`, w.users.submitter.token)).body.stateEnteredAt,
    );
    const reviewer = w.users.deptReviewer.token;

    // Internal review: 5 working days. Nothing the day before it is two working days away; due soon from then.
    const due = dueDayOf(entered, 5);
    const soon1 = firstSoon(entered, due);
    expect(await sweepTwice(Math.max(entered, noon(soon1 - 1)))).toEqual([0, 0]);
    expect(await kindsAbout(a, reviewer, d.id)).toEqual(['review.awaiting']);
    const first = await sweepTwice(noon(soon1));
    expect(first.reduce((x, y) => x + y)).toBe(1);
    await sweepTwice(noon(due));
    expect(await kindsAbout(a, reviewer, d.id)).toEqual(['review.awaiting', 'review.dueSoon']);
    const soon = (await a.get('/api/notifications', reviewer)).body.items[0];
    expect(soon.title).toBe('即将到期：到期提醒项目');
    expect(soon.body).toContain('单位内部审核将于');
    expect(soon.link).toBe(`/declarations/${d.id}`);

    // Overdue once the due day is over, once.
    await sweepTwice(noon(due + 1));
    await sweepTwice(noon(due + 2));
    expect(await kindsAbout(a, reviewer, d.id)).toEqual([
      'review.awaiting',
      'review.dueSoon',
      'review.overdue',
    ]);
    expect(await kindsAbout(a, w.users.bureauReviewer.token, d.id)).toEqual([]);

    // Two working days past the deadline the 数据局 is told, once; the unit reviewer is not told again.
    const escalateOn = calendar.addWorkingDays(due, 2) + 1;
    await sweepTwice(noon(escalateOn - 1));
    expect(await kindsAbout(a, w.users.bureauReviewer.token, d.id)).toEqual([]);
    await sweepTwice(noon(escalateOn));
    await sweepTwice(noon(escalateOn + 1));
    expect(await kindsAbout(a, w.users.bureauReviewer.token, d.id)).toEqual(['review.escalated']);
    const escalated = (await a.get('/api/notifications', w.users.bureauReviewer.token)).body.items[0];
    expect(escalated.title).toBe('逾期督办：到期提醒项目');
    // Counted in working days, as the deadline is: the two that are over (today is not).
    expect(escalated.body).toContain('已逾期 2 个工作日');
    expect(await kindsAbout(a, reviewer, d.id)).toEqual([
      'review.awaiting',
      'review.dueSoon',
      'review.overdue',
    ]);
    // Nobody else: not the submitter, not a reviewer of another unit.
    expect(await kindsAbout(a, w.users.submitter.token, d.id)).toEqual([]);
    expect(await kindsAbout(a, w.users.otherReviewer.token, d.id)).toEqual([]);
  });

  it('a bureau review (10 days) is reminded to the 数据局 and not escalated; a new stay is reminded again', async () => {
    const d = await createValidDeclaration(a, w.users.submitter.token, { projectName: '数据局到期项目' });
    await fire(a, d.id, 'SUBMIT', w.users.submitter.token);
    await fire(a, d.id, 'APPROVE', w.users.deptReviewer.token);
    const entered = Date.now();
    const bureau = w.users.bureauReviewer.token;
    const due = dueDayOf(entered, 10);
    await sweepTwice(noon(firstSoon(entered, due) - 1));
    expect(await kindsAbout(a, bureau, d.id)).toEqual(['review.awaiting']);
    await sweepTwice(noon(firstSoon(entered, due)));
    await sweepTwice(noon(due + 1));
    await sweepTwice(noon(due + 20));
    expect(await kindsAbout(a, bureau, d.id)).toEqual([
      'review.awaiting',
      'review.dueSoon',
      'review.overdue',
    ]);

    // Returned and submitted again: a new stay in review, with reminders of its own.
    await fire(a, d.id, 'RETURN', bureau, { comment: '请补充' });
    await fire(a, d.id, 'SUBMIT', w.users.submitter.token);
    const again = Date.now();
    await sweepTwice(noon(firstSoon(again, dueDayOf(again, 5))));
    expect(await kindsAbout(a, w.users.deptReviewer.token, d.id)).toEqual([
      'review.awaiting',
      'review.awaiting',
      'review.dueSoon',
    ]);
  });
});
