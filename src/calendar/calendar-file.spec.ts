import { describe, expect, it } from '@jest/globals';
import { AppError } from '../common/errors';
import { readCalendar } from './calendar-file';
import { SHIPPED_CALENDARS } from './shipped';

function problem(year: number, body: unknown): { field?: string; zh: string } {
  try {
    readCalendar(year, body);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { field: e.field, zh: String(e.body('zh').message) };
  }
  throw new Error('accepted');
}

const SOURCE = '国务院办公厅关于2027年部分节假日安排的通知';

describe('a year calendar file', () => {
  it('ships 2026 from the State Council notice and 2027 as provisional', () => {
    const [y2026, y2027] = SHIPPED_CALENDARS;
    expect(y2026).toMatchObject({ year: 2026, provisional: false });
    expect(y2026.days.filter((d) => d.off)).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(y2026.days.filter((d) => !d.off).map((d) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(y2027).toMatchObject({ year: 2027, provisional: true });
  });

  it.each([
    [{ holidays: [] }, 'source', '依据（通知名称及文号）：必须填写'],
    [{ source: SOURCE }, 'holidays', '请求正文须包含节假日（holidays）或节假日表（table）之一'],
    [
      { source: SOURCE, holidays: [{ name: '元旦', off: ['2027-02-30'] }] },
      'holidays[0].off[0]',
      '2027-02-30 不是有效的日期',
    ],
    [
      { source: SOURCE, holidays: [{ name: '元旦', off: ['2026-12-31'] }] },
      'holidays[0].off[0]',
      '2026-12-31 不在 2027 年内',
    ],
    [
      { source: SOURCE, holidays: [{ name: '元旦', off: ['2027-01-01'], work: ['2027-01-04'] }] },
      'holidays[0].work[0]',
      '2027-01-04 是周一，本来就上班；调休上班日应为周六或周日',
    ],
    [
      {
        source: SOURCE,
        holidays: [
          { name: '元旦', off: ['2027-01-01'] },
          { name: '春节', off: ['2027-01-01'] },
        ],
      },
      'holidays[1].off[0]',
      '2027-01-01 出现了不止一次',
    ],
    [
      { source: SOURCE, holidays: [{ name: '', off: ['2027-01-01'] }] },
      'holidays[0].name',
      '第1条节日的节日名称：必须填写',
    ],
    [
      { source: SOURCE, year: 2026, table: '2027-01-01 放假 元旦' },
      'year',
      '文件中的年份「2026」与要上传的年份 2027 不一致',
    ],
    [{ source: SOURCE, table: '2027-01-01 休假 元旦' }, 'table', '节假日表第 1 行：第二列须为“放假”或“上班”'],
    [
      { source: SOURCE, table: '日期 类型 名称\n2027-01-01 放假 元旦\n2027-13-01 放假 元旦' },
      'table',
      '节假日表第 3 行：日期：2027-13-01 不是有效的日期',
    ],
    [{ source: SOURCE, table: '2027-01-01 放假' }, 'table', '节假日表第 1 行：须有三列'],
    [{ source: SOURCE, table: '2027-01-01 放假 元旦', extra: 1 }, 'extra', '「extra」：不是此处可接受的字段'],
  ])('%j is refused on %s: %s', (body, field, zh) => {
    const p = problem(2027, body);
    expect(p.field).toBe(field);
    expect(p.zh).toContain(zh);
  });

  it('reads a table copied from a spreadsheet', () => {
    const c = readCalendar(2027, {
      source: SOURCE,
      table: '日期\t类型\t名称\r\n# 元旦\r\n2027/01/01\t放假\t元旦\r\n2027-01-02,上班,元旦\r\n',
    });
    expect(c.days).toEqual([
      { date: '2027-01-01', off: true, name: '元旦' },
      { date: '2027-01-02', off: false, name: '元旦' },
    ]);
  });
});
