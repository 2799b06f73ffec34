import type ExcelJS from 'exceljs';
import { BORDER, FONT_NAME, LABEL_FILL, newWorkbook, toBuffer } from '../exports/xlsx-layout';
import { columnLetters } from '../exports/xlsx-inspect';
import { render, enumeration, type Lang } from '../common/i18n';
import type { EntryFields } from './library.service';
import { LIBRARY_FIELD_WORDS, LIBRARY_FIELDS, type LibraryField } from './library.messages';
import { LIBRARY_LIMITS } from './library.dto';

/**
 * The library as a workbook (指标库.xlsx): one sheet, one header row, one entry per row; the same
 * layout is the import's template. The status column is written for the reader and ignored on
 * import (出库 is a proposal of its own).
 */
export const SHEET_NAME = '指标库';
const HEADERS = [...LIBRARY_FIELDS.map((f) => LIBRARY_FIELD_WORDS[f].zh), '状态'];
const WIDTHS = [10, 10, 10, 30, 40, 30, 20, 40, 10, 10, 14, 12, 12, 8];

export interface ExportRow extends EntryFields {
  statusLabel: string;
}

export async function libraryWorkbook(rows: ExportRow[], lang: Lang): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  WIDTHS.forEach((w, n) => (ws.getColumn(n + 1).width = w));
  const header = ws.addRow(HEADERS);
  header.eachCell((c) => {
    c.font = { name: FONT_NAME, bold: true, size: 11 };
    c.fill = LABEL_FILL;
    c.border = BORDER;
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  const word = (name: string, v: string) => enumeration(name).find((e) => e.value === v)?.[lang] ?? v;
  for (const r of rows) {
    const row = ws.addRow([
      r.code,
      word('level1', r.level1),
      word('level2', r.level2),
      r.name,
      r.definition ?? '',
      r.formula ?? '',
      r.dataSource ?? '',
      r.scoringStandard ?? '',
      word('libraryDirection', r.direction),
      r.unit ?? '',
      r.sector ?? '',
      r.validFrom,
      r.validTo ?? '',
      r.statusLabel,
    ]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = { name: FONT_NAME, size: 10 };
      c.border = BORDER;
      c.alignment = { vertical: 'top', wrapText: true };
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADERS.length } };
  return toBuffer(wb);
}

/** One problem of an import: the row and column of the sheet, and what is wrong in words. */
export interface CellProblem {
  row: number;
  column: string;
  header: string;
  code: string;
  params: Record<string, unknown>;
}

export interface ImportRow {
  row: number;
  fields: Partial<EntryFields>;
}

const ENUM_OF: Partial<Record<LibraryField, string>> = {
  level1: 'level1',
  level2: 'level2',
  direction: 'libraryDirection',
};
const REQUIRED: LibraryField[] = ['code', 'level1', 'level2', 'name', 'direction', 'validFrom'];

function cellText(c: ExcelJS.Cell): string {
  const v = c.value as unknown;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: string; result?: unknown };
    if (o.richText)
      return o.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (typeof o.text === 'string') return o.text.trim();
    if (o.result !== undefined) return String(o.result).trim();
  }
  return String(v).trim();
}

/**
 * The entry rows of an uploaded library workbook, each cell checked: the header row must be the
 * export's; every problem is named by its row and column (第 3 行 D 列（三级指标名称）：必须填写).
 */
export function readLibrarySheet(wb: ExcelJS.Workbook): {
  rows: ImportRow[];
  problems: CellProblem[];
  header?: CellProblem;
} {
  const ws = wb.getWorksheet(SHEET_NAME) ?? wb.worksheets[0];
  const problems: CellProblem[] = [];
  const rows: ImportRow[] = [];
  if (!ws) return { rows, problems };
  const head = ws.getRow(1);
  for (let n = 0; n < LIBRARY_FIELDS.length; n += 1) {
    const found = cellText(head.getCell(n + 1)).replace(/\s+/g, '');
    const expected = HEADERS[n];
    if (found.replace(/[()（）]/g, '') !== expected.replace(/[()（）]/g, ''))
      return {
        rows,
        problems,
        header: { row: 1, column: columnLetters(n + 1), header: expected, code: 'HEADER', params: { found } },
      };
  }
  const firstOfCode = new Map<string, number>();
  for (let r = 2; r <= ws.rowCount; r += 1) {
    const row = ws.getRow(r);
    const texts = LIBRARY_FIELDS.map((_, n) => cellText(row.getCell(n + 1)));
    if (texts.every((t) => t === '')) continue;
    const fields: Record<string, unknown> = {};
    LIBRARY_FIELDS.forEach((f, n) => {
      const text = texts[n];
      const at = { row: r, column: columnLetters(n + 1), header: LIBRARY_FIELD_WORDS[f].zh };
      const bad = (code: string, params: Record<string, unknown> = {}) =>
        problems.push({ ...at, code, params });
      if (text === '') {
        if (REQUIRED.includes(f)) bad('LIBRARY_CELL_REQUIRED');
        else fields[f] = null;
        return;
      }
      const enumName = ENUM_OF[f];
      if (enumName) {
        const loose = (s: string) => s.replace(/\s+/g, '');
        const e = enumeration(enumName).find((x) => x.value === text || loose(x.zh) === loose(text));
        if (!e)
          bad('LIBRARY_CELL_ONE_OF', {
            values: enumeration(enumName)
              .map((x) => x.zh)
              .join('、'),
          });
        else fields[f] = e.value;
        return;
      }
      if (f === 'validFrom' || f === 'validTo') {
        if (!/^\d{4}$/.test(text) || Number(text) < 2000 || Number(text) > 2100) bad('LIBRARY_CELL_YEAR');
        else fields[f] = Number(text);
        return;
      }
      const max = LIBRARY_LIMITS[f as keyof typeof LIBRARY_LIMITS];
      if (max !== undefined && text.length > max) bad('LIBRARY_CELL_TOO_LONG', { max });
      else if (f === 'code' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text))
        bad('LIBRARY_CELL_RULE', { text: '只能由字母、数字和 . _ - 组成，且以字母或数字开头' });
      else fields[f] = text;
    });
    const code = fields.code as string | undefined;
    if (code) {
      const first = firstOfCode.get(code);
      if (first !== undefined)
        problems.push({
          row: r,
          column: 'A',
          header: LIBRARY_FIELD_WORDS.code.zh,
          code: 'LIBRARY_CELL_DUPLICATE',
          params: { first },
        });
      else firstOfCode.set(code, r);
    }
    rows.push({ row: r, fields: fields as Partial<EntryFields> });
  }
  return { rows, problems };
}

/** A cell problem in words. */
export function problemText(p: CellProblem, lang: Lang): string {
  return render(p.code, p.params, lang);
}
