import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels } from '../common/i18n';

/**
 * The catalogue of the working-day calendar (节假日安排, issue 18 item 6):
 * `GET /api/work-calendars`, `GET/PUT /api/work-calendars/:year`.
 */
export const CalendarErrors = defineErrors('calendar', {
  CALENDAR_YEAR_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ year: number }>) =>
      `${p.year} 年还没有节假日安排；该年按周六、周日休息计算工作日（暂定），管理员可上传该年的安排`,
    en: (p: L<{ year: number }>) =>
      `there is no calendar for ${p.year}; weekends alone count as days off (provisional) until an administrator loads one`,
  },
  CALENDAR_YEAR_INVALID: {
    status: 400,
    zh: (p: L<{ value: string }>) => `年度须为 2000 到 2100 之间的四位数年份，而不是“${p.value}”`,
    en: (p: L<{ value: string }>) => `the year is four digits from 2000 to 2100, not "${p.value}"`,
  },
  CALENDAR_YEAR_MISMATCH: {
    status: 400,
    zh: (p: L<{ year: number; given: string }>) =>
      `${p.label}：文件中的年份「${p.given}」与要上传的年份 ${p.year} 不一致`,
    en: (p: L<{ year: number; given: string }>) => `${p.label}: the file is for "${p.given}", not ${p.year}`,
  },
  CALENDAR_DATE_OUTSIDE_YEAR: {
    status: 400,
    zh: (p: L<{ date: string; year: number }>) => `${p.label}：${p.date} 不在 ${p.year} 年内`,
    en: (p: L<{ date: string; year: number }>) => `${p.label}: ${p.date} is not in ${p.year}`,
  },
  CALENDAR_DATE_TWICE: {
    status: 400,
    zh: (p: L<{ date: string }>) => `${p.label}：${p.date} 出现了不止一次（每天只能是放假或上班之一）`,
    en: (p: L<{ date: string }>) => `${p.label}: ${p.date} is named more than once`,
  },
  CALENDAR_WORKDAY_NOT_WEEKEND: {
    status: 400,
    zh: (p: L<{ date: string; weekday: string }>) =>
      `${p.label}：${p.date} 是${p.weekday}，本来就上班；调休上班日应为周六或周日`,
    en: (p: L<{ date: string; weekday: string }>) =>
      `${p.label}: ${p.date} is a ${p.weekday}, a working day anyway; a make-up working day is a Saturday or Sunday`,
  },
  CALENDAR_TABLE_LINE: {
    status: 400,
    zh: (p: L<{ line: number; problem: { zh: string; en: string } }>) =>
      `节假日表第 ${p.line} 行：${p.problem.zh}`,
    en: (p: L<{ line: number; problem: { zh: string; en: string } }>) =>
      `holiday table, line ${p.line}: ${p.problem.en}`,
  },
  CALENDAR_BODY_SHAPE: {
    status: 400,
    zh: () =>
      '请求正文须包含节假日（holidays）或节假日表（table）之一，不能两者都有：节假日按节日列出放假和调休上班日期，节假日表每行为“日期 放假/上班 节日名称”',
    en: () =>
      'send either holidays (per holiday its days off and working days) or table (one line a day), not both',
  },
});

defineFieldLabels({
  holidays: { zh: '节假日', en: 'holidays' },
  'holidays[]': { zh: '节日', en: 'holiday' },
  'holidays.name': { zh: '节日名称', en: 'name' },
  'holidays.off': { zh: '放假日期', en: 'days off' },
  'holidays.work': { zh: '调休上班日期', en: 'make-up working days' },
  provisional: { zh: '暂定', en: 'provisional' },
  source: { zh: '依据（通知名称及文号）', en: 'source' },
  sourceUrl: { zh: '依据链接', en: 'source link' },
  table: { zh: '节假日表', en: 'holiday table' },
  note: { zh: '说明', en: 'note' },
  'table.date': { zh: '日期', en: 'date' },
});

/** What a day of the calendar is. */
export const CALENDAR_DAY_KINDS = defineEnumeration('calendarDayKind', {
  off: { zh: '放假', en: 'day off' },
  work: { zh: '上班', en: 'working day' },
});

/** Where a year's calendar comes from. */
export const CALENDAR_ORIGINS = defineEnumeration('calendarOrigin', {
  shipped: { zh: '随系统发布', en: 'shipped' },
  uploaded: { zh: '管理员上传', en: 'uploaded' },
});
export type CalendarOrigin = (typeof CALENDAR_ORIGINS)[number];

export const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
