/**
 * Working days (工作日, issue 18 item 6; docs/spec/domain.md §12): the one place that turns an
 * entry time and a number of working days into a due date, and back. Pure: no I/O, no Nest.
 *
 * Days are calendar days in Beijing time (UTC+8, no daylight saving). A day is a working day
 * unless it is a Saturday or Sunday, except where the year's calendar (the State Council's
 * notice, 国务院办公厅关于XXXX年部分节假日安排的通知) says otherwise: its 放假 days are off, its
 * 上班 days (调休, make-up working days on a weekend) are on. A year without a calendar counts
 * weekends only, and says so (`provisional`).
 *
 * A stay that starts on day d with a deadline of n working days is due at the end of the n-th
 * working day after d (the day it starts is not counted, whatever time it starts): entered on
 * Friday, Saturday or Sunday with 5 days, it is due at the end of the next Friday (23:59:59.999
 * Beijing time). So the due date is a step function of the entry time, never decreasing: within
 * one deadline, ordering by entry time orders by due date (the queue relies on it).
 */

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** One day a year's calendar names: off (放假) or on (上班, 调休), and the holiday it belongs to. */
export interface CalendarDay {
  date: string;
  off: boolean;
  name: string;
}

/** A year's calendar as the service holds it (from a shipped file or an admin's upload). */
export interface CalendarYear {
  year: number;
  /** 暂定: not (yet) from the State Council's notice (weekends and the statutory days only). */
  provisional: boolean;
  /** The notice it comes from, in words (title and 文号). */
  source: string;
  sourceUrl: string | null;
  /** Only the days that differ from "Monday–Friday on, Saturday–Sunday off" need be named, in date order. */
  days: CalendarDay[];
}

/** A Beijing calendar day as a number: days since 1970-01-01. */
export type DayNo = number;

export const dayNoOf = (iso: string): DayNo => Math.floor((Date.parse(iso) + BEIJING_MS) / DAY_MS);
export const dayNoOfDate = (date: string): DayNo => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const dateOf = (day: DayNo): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** The first instant of a Beijing day, as stored (ISO UTC). */
export const startOf = (day: DayNo): string => new Date(day * DAY_MS - BEIJING_MS).toISOString();
/** The last instant (millisecond) of a Beijing day. */
export const endOf = (day: DayNo): string => new Date((day + 1) * DAY_MS - BEIJING_MS - 1).toISOString();
/** The Beijing calendar day of an instant, `YYYY-MM-DD`. */
/** Saturday or Sunday (1970-01-01 was a Thursday). */
export const isWeekend = (day: DayNo): boolean => {
  const w = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return w === 0 || w === 6;
};
const yearOf = (day: DayNo): number => Number(dateOf(day).slice(0, 4));

/** When a stay is due, and what a reader should know about it. */
export interface Due {
  /** The last instant of the due day (ISO UTC): overdue once `now` is after it. */
  dueAt: string;
  /** The due day in Beijing time, `YYYY-MM-DD`. */
  dueDate: string;
  /** Some day counted lies in a year without the State Council's calendar (暂定). */
  provisional: boolean;
}

/** The calendar of every known year, asked day by day. */
export class WorkCalendar {
  private readonly named = new Map<DayNo, CalendarDay>();
  private readonly years = new Map<number, CalendarYear>();

  constructor(years: Iterable<CalendarYear>) {
    for (const y of years) {
      this.years.set(y.year, y);
      for (const d of y.days) this.named.set(dayNoOfDate(d.date), d);
    }
  }

  /** The calendar of a year, if one is known. */
  year(year: number): CalendarYear | undefined {
    return this.years.get(year);
  }

  isWorkingDay(day: DayNo): boolean {
    const n = this.named.get(day);
    return n ? !n.off : !isWeekend(day);
  }

  /** A day's year has no calendar, or only a provisional one. */
  isProvisional(day: DayNo): boolean {
    return this.years.get(yearOf(day))?.provisional ?? true;
  }

  /** The n-th working day after `day` (n ≥ 0; the 0-th is `day` itself). */
  addWorkingDays(day: DayNo, n: number): DayNo {
    let d = day;
    for (let counted = 0; counted < n;) if (this.isWorkingDay(++d)) counted++;
    return d;
  }

  /** The working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: DayNo, to: DayNo): number {
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** The due day of a stay entered on `day` with a deadline of n working days. */
  dueDay(day: DayNo, n: number): DayNo {
    return this.addWorkingDays(day, n);
  }

  /** The due date of a stay entered at `enteredAt` with a deadline of `days` working days. */
  due(enteredAt: string, days: number): Due {
    const start = dayNoOf(enteredAt);
    const end = this.dueDay(start, days);
    let provisional = false;
    for (let d = start + 1; d <= end && !provisional; d++) provisional = this.isProvisional(d);
    return { dueAt: endOf(end), dueDate: dateOf(end), provisional };
  }

  /**
   * The earliest entry instant whose stay of n working days is due on `day` or later (the due
   * day never decreases with the entry day, so every later entry is too). The queue's overdue
   * filter and cursor, the dashboard and the reminders' horizon turn due dates into entry times
   * with it.
   */
  earliestEntryDueFrom(day: DayNo, n: number): string {
    // The day before `day` is due after it; walk back while the day before is still due on `day` or later.
    let e = day - 1;
    while (this.dueDay(e - 1, n) >= day) e--;
    return startOf(e);
  }

  /**
   * Overdue at `now`: the due day is over. In entry times: entered before
   * `overdueBefore(now, n)`.
   */
  overdueBefore(now: string, n: number): string {
    return this.earliestEntryDueFrom(dayNoOf(now), n);
  }
}

/** Overdue: the due instant (the end of the due day) has passed. */
export const isOverdue = (dueAt: string, now: string): boolean => dueAt < now;
