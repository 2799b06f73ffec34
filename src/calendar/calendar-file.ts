import { CommonErrors } from '../common/common.messages';
import { AppError, renderProblem } from '../common/errors';
import { isIsoDate } from '../common/time';
import { CalendarErrors, WEEKDAYS_ZH } from './calendar.messages';
import { dayNoOfDate, isWeekend, type CalendarDay, type CalendarYear } from './working-days';

/**
 * A year's calendar as a file or an upload, read and checked (docs/spec/domain.md §12). The
 * shape of `config/holidays/<year>.json` and of `PUT /api/work-calendars/:year`:
 *
 *   { "year": 2026, "source": "国务院办公厅关于2026年部分节假日安排的通知…", "sourceUrl": "https://…",
 *     "provisional": false, "note": "…",
 *     "holidays": [ { "name": "元旦", "off": ["2026-01-01", …], "work": ["2026-01-04"] }, … ] }
 *
 * or, instead of `holidays`, a simple table (`table`), one day a line, the columns separated by
 * a tab, a comma or spaces: `2026-01-01 放假 元旦`, `2026-01-04 上班 元旦`; a first line of
 * headers (日期 类型 名称) and lines starting with # are skipped. What a spreadsheet copies is
 * such a table. Every problem is a 400 naming its field (or line) in words.
 */

const TOP_FIELDS = ['year', 'source', 'sourceUrl', 'provisional', 'note', 'holidays', 'table'];
const HOLIDAY_FIELDS = ['name', 'off', 'work'];
const OFF_WORDS = ['放假', '休', '休息', 'off'];
const WORK_WORDS = ['上班', '班', '调休上班', 'work'];
export const MAX_HOLIDAYS = 40;
const MAX_TABLE_LINES = 400;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, field: string, max: number, required: boolean): string | null {
  if (v === undefined || v === null || v === '') {
    if (required) throw CommonErrors.FIELD_REQUIRED({}, { field });
    return null;
  }
  if (typeof v !== 'string') throw CommonErrors.FIELD_TEXT({}, { field });
  const t = v.trim();
  if (!t) {
    if (required) throw CommonErrors.FIELD_NOT_BLANK({}, { field });
    return null;
  }
  if ([...t].length > max) throw CommonErrors.FIELD_TOO_LONG({ max }, { field });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(t))
    throw CommonErrors.FIELD_PATTERN({}, { field });
  return t;
}

function unknownFields(v: Record<string, unknown>, allowed: string[], prefix: string): void {
  const extra = Object.keys(v).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw CommonErrors.FIELD_UNKNOWN({}, { field: `${prefix}${extra}` });
}

/** Collects the named days, refusing a day outside the year, a day named twice, a 上班 day that is a weekday. */
class Days {
  private readonly byDate = new Map<string, CalendarDay>();
  constructor(private readonly year: number) {}

  add(date: unknown, off: boolean, name: string, field: string, problem?: (e: Error) => Error): void {
    const fail = (e: Error) => (problem ? problem(e) : e);
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw fail(CommonErrors.FIELD_DATE({}, { field }));
    if (!isIsoDate(date)) throw fail(CommonErrors.FIELD_DATE_INVALID({ value: date }, { field }));
    if (Number(date.slice(0, 4)) !== this.year)
      throw fail(CalendarErrors.CALENDAR_DATE_OUTSIDE_YEAR({ date, year: this.year }, { field }));
    if (this.byDate.has(date)) throw fail(CalendarErrors.CALENDAR_DATE_TWICE({ date }, { field }));
    const day = dayNoOfDate(date);
    if (!off && !isWeekend(day)) {
      const weekday = WEEKDAYS_ZH[new Date(`${date}T00:00:00Z`).getUTCDay()];
      throw fail(CalendarErrors.CALENDAR_WORKDAY_NOT_WEEKEND({ date, weekday }, { field }));
    }
    this.byDate.set(date, { date, off, name });
  }

  sorted(): CalendarDay[] {
    return [...this.byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  }
}

function holidayList(v: unknown, days: Days): void {
  if (!Array.isArray(v)) throw CommonErrors.FIELD_LIST({}, { field: 'holidays' });
  if (v.length > MAX_HOLIDAYS)
    throw CommonErrors.FIELD_LIST_TOO_LONG({ max: MAX_HOLIDAYS }, { field: 'holidays' });
  v.forEach((h, i) => {
    const at = `holidays[${i}]`;
    if (!isObject(h)) throw CommonErrors.FIELD_OBJECT({}, { field: at });
    unknownFields(h, HOLIDAY_FIELDS, `${at}.`);
    const name = text(h.name, `${at}.name`, 20, true)!;
    for (const [key, off] of [
      ['off', true],
      ['work', false],
    ] as const) {
      const list = h[key];
      if (list === undefined && key === 'work') continue;
      if (!Array.isArray(list)) throw CommonErrors.FIELD_LIST({}, { field: `${at}.${key}` });
      if (key === 'off' && !list.length)
        throw CommonErrors.FIELD_LIST_TOO_SHORT({ min: 1 }, { field: `${at}.${key}` });
      if (list.length > 31) throw CommonErrors.FIELD_LIST_TOO_LONG({ max: 31 }, { field: `${at}.${key}` });
      list.forEach((date, j) => days.add(date, off, name, `${at}.${key}[${j}]`));
    }
  });
}

function table(v: unknown, days: Days): void {
  if (typeof v !== 'string') throw CommonErrors.FIELD_TEXT({}, { field: 'table' });
  const lines = v.split(/\r?\n/);
  if (lines.length > MAX_TABLE_LINES)
    throw CommonErrors.FIELD_LIST_TOO_LONG({ max: MAX_TABLE_LINES }, { field: 'table' });
  let named = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const cells = line
      .split(/\t|,|，|\s+/)
      .map((c) => c.trim())
      .filter(Boolean);
    if (i === 0 && cells[0] === '日期') return;
    const lineError = (problem: { zh: string; en: string }) =>
      CalendarErrors.CALENDAR_TABLE_LINE({ line: i + 1, problem }, { field: 'table' });
    if (cells.length < 3)
      throw lineError({
        zh: '须有三列：日期、放假或上班、节日名称',
        en: 'three columns: date, off or work, holiday name',
      });
    const [date, kind, ...rest] = cells;
    const off = OFF_WORDS.includes(kind) ? true : WORK_WORDS.includes(kind) ? false : null;
    if (off === null)
      throw lineError({
        zh: `第二列须为“放假”或“上班”，而不是“${kind.slice(0, 20)}”`,
        en: `the second column is off or work, not "${kind.slice(0, 20)}"`,
      });
    const name = rest.join(' ');
    if ([...name].length > 20)
      throw lineError({ zh: '节日名称不能超过 20 个字', en: 'the name has at most 20 characters' });
    // The date's own problems, in the line's words.
    days.add(date.replace(/\//g, '-'), off, name, 'table.date', (e) =>
      e instanceof AppError ? lineError({ zh: renderProblem(e, 'zh'), en: renderProblem(e, 'en') }) : e,
    );
    named++;
  });
  if (!named) throw CommonErrors.FIELD_NOT_BLANK({}, { field: 'table' });
}

/** A year's calendar from a file's or an upload's JSON, for `year`; throws the first problem as a 400. */
export function readCalendar(year: number, body: unknown): CalendarYear {
  if (!isObject(body)) throw CommonErrors.FIELD_OBJECT({}, { field: '' });
  unknownFields(body, TOP_FIELDS, '');
  if (body.year !== undefined && body.year !== year && body.year !== String(year))
    throw CalendarErrors.CALENDAR_YEAR_MISMATCH(
      { year, given: JSON.stringify(body.year).slice(0, 20) },
      { field: 'year' },
    );
  const source = text(body.source, 'source', 300, true)!;
  const sourceUrl = text(body.sourceUrl, 'sourceUrl', 500, false);
  if (sourceUrl !== null && !/^https?:\/\/\S+$/.test(sourceUrl))
    throw CommonErrors.FIELD_PATTERN({}, { field: 'sourceUrl' });
  if (body.provisional !== undefined && typeof body.provisional !== 'boolean')
    throw CommonErrors.FIELD_BOOLEAN({}, { field: 'provisional' });
  text(body.note, 'note', 1000, false);
  if ((body.holidays === undefined) === (body.table === undefined))
    throw CalendarErrors.CALENDAR_BODY_SHAPE({}, { field: 'holidays' });
  const days = new Days(year);
  if (body.holidays !== undefined) holidayList(body.holidays, days);
  else table(body.table, days);
  return { year, provisional: body.provisional === true, source, sourceUrl, days: days.sorted() };
}
