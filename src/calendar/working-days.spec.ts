import { describe, expect, it } from '@jest/globals';
import { readCalendar } from './calendar-file';
import { SHIPPED_CALENDARS } from './shipped';
import { beijingDate } from '../common/time';
import { dayNoOf, dayNoOfDate, WorkCalendar } from './working-days';

const calendar = new WorkCalendar(SHIPPED_CALENDARS);
/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('working days (the shipped 2026 and 2027 calendars)', () => {
  it.each([
    // entered (Beijing time), working days, due day, provisional
    ['2026-12-01T10:00:00', 5, '2026-12-08', false], // Tuesday: Wed Thu Fri Mon Tue
    ['2026-12-04T18:00:00', 5, '2026-12-11', false], // Friday
    ['2026-12-05T09:00:00', 5, '2026-12-11', false], // Saturday: the same due day as Friday
    ['2026-12-06T23:59:59', 5, '2026-12-11', false], // Sunday, a second before midnight
    ['2026-12-07T00:00:00', 5, '2026-12-14', false], // Monday
    // 国庆 10/1–10/7 off, 10/10 (Saturday) works: Thu 8, Fri 9, Sat 10, Mon 12, Tue 13.
    ['2026-09-30T15:00:00', 5, '2026-10-13', false],
    // 9/20 (Sunday) works: entered on the Saturday before, it counts as the first day.
    ['2026-09-19T10:00:00', 1, '2026-09-20', false],
    // 春节: 2/14 (Saturday) works, 2/15–2/23 off.
    ['2026-02-13T10:00:00', 5, '2026-02-27', false],
    // 元旦 2027 (provisional: 2027's notice is not out): 12/29, 12/30, 12/31, 1/4, 1/5.
    ['2026-12-28T10:00:00', 5, '2027-01-05', true],
    ['2026-12-28T10:00:00', 3, '2026-12-31', false],
    ['2026-12-24T10:00:00', 10, '2027-01-08', true],
  ])('entered %s with %i working days: due %s (provisional %s)', (entered, days, dueDate, provisional) => {
    const due = calendar.due(bj(entered), days);
    expect(due).toEqual({ dueDate, dueAt: bj(`${dueDate}T23:59:59.999`), provisional });
  });

  it('the due day never decreases with the entry day, and earliestEntryDueFrom is its inverse', () => {
    for (const days of [1, 5, 10]) {
      let last = 0;
      for (let d = dayNoOfDate('2025-12-01'); d < dayNoOfDate('2027-12-31'); d++) {
        const due = calendar.dueDay(d, days);
        expect(due).toBeGreaterThanOrEqual(last);
        last = due;
        // Every entry from the inverse of its due day on is due then or later, the day before earlier.
        const from = calendar.earliestEntryDueFrom(due, days);
        expect(dayNoOf(from)).toBeLessThanOrEqual(d);
        expect(calendar.dueDay(dayNoOf(from), days)).toBeGreaterThanOrEqual(due);
        expect(calendar.dueDay(dayNoOf(from) - 1, days)).toBeLessThan(due);
      }
    }
  });

  it('overdue once the due day is over, in Beijing time', () => {
    const entered = bj('2026-09-30T15:00:00'); // due 2026-10-13
    const limit = calendar.overdueBefore(bj('2026-10-14T00:00:00'), 5);
    expect(entered < limit).toBe(true);
    expect(entered < calendar.overdueBefore(bj('2026-10-13T23:59:59'), 5)).toBe(false);
    // Entries of 9/30–10/7 are all due 10/13; those of 10/8 on are due 10/14 or later.
    expect(beijingDate(limit)).toBe('2026-10-08');
  });

  it('counts the working days left', () => {
    expect(calendar.workingDaysBetween(dayNoOfDate('2026-12-28'), dayNoOfDate('2027-01-05'))).toBe(5);
    expect(calendar.workingDaysBetween(dayNoOfDate('2026-10-01'), dayNoOfDate('2026-10-09'))).toBe(2);
    expect(calendar.workingDaysBetween(dayNoOfDate('2026-10-09'), dayNoOfDate('2026-10-09'))).toBe(0);
  });

  it('a year without a calendar counts weekends only, provisional', () => {
    const none = new WorkCalendar([]);
    expect(none.due(bj('2026-09-30T15:00:00'), 5)).toMatchObject({
      dueDate: '2026-10-07',
      provisional: true,
    });
  });

  it('an uploaded year replaces the shipped one', () => {
    const y2027 = readCalendar(2027, {
      source: '国务院办公厅关于2027年部分节假日安排的通知',
      table:
        '日期\t类型\t名称\n2027-01-01\t放假\t元旦\n2027-01-02\t放假\t元旦\n2027-01-03\t放假\t元旦\n2027-01-04\t放假\t元旦',
    });
    const c = new WorkCalendar([...SHIPPED_CALENDARS.filter((y) => y.year !== 2027), y2027]);
    expect(c.due(bj('2026-12-28T10:00:00'), 5)).toMatchObject({ dueDate: '2027-01-06', provisional: false });
  });
});
