import type ExcelJS from 'exceljs';
import type JSZipType from 'jszip';

/**
 * exceljs is loaded on first use: it costs about 0.4 s of start-up, and most requests never
 * touch a workbook (start-up target 2 s).
 */
let excel: Promise<typeof ExcelJS> | null = null;
function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then(
    (m) => (m as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS),
  );
  return excel;
}

let jszip: Promise<typeof JSZipType> | null = null;
function loadJsZip(): Promise<typeof JSZipType> {
  jszip ??= import('jszip').then(
    (m) => (m as { default?: typeof JSZipType }).default ?? (m as unknown as typeof JSZipType),
  );
  return jszip;
}

import { formatMoney, parseMoney, type Fen } from '../common/money';
import { xmlSafe } from '../common/safe-text';
import { ExportsErrors, type CellLocation } from './exports.messages';
import { columnLetters, inspectXlsx, notXlsx, type UploadLimits, type XlsxPart } from './xlsx-inspect';

/**
 * Shared layout helpers for the workbooks of this folder: a government-form look (宋体, thin
 * borders everywhere, bold centred labels, wrapped text) and the exact writing/reading of money.
 *
 * Money (decided once for every workbook): an amount is written as a NUMBER with the format
 * '#,##0.00' (so Excel can sum it) only when that number reads back as exactly the same fen,
 * i.e. when `String(Number("154280000.01"))` parses back to the same cents; otherwise (more
 * significant digits than a double keeps) it is written as the TEXT "1,234,567,890,123,456.78".
 * The reader accepts both, so the round trip is exact either way.
 */

export type Sheet = ExcelJS.Worksheet;

export const FONT_NAME = '宋体';
export const MONEY_FORMAT = '#,##0.00';

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const LABEL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export interface PutOptions {
  /** Bold, centred, grey: a printed label of the form. */
  label?: boolean;
  bold?: boolean;
  size?: number;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle';
  border?: boolean;
  numFmt?: string;
  fill?: ExcelJS.Fill;
}

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'performance-declarations';
  return wb;
}

export function addFormSheet(wb: ExcelJS.Workbook, name: string, widths: number[], landscape = false): Sheet {
  const ws = wb.addWorksheet(uniqueSheetName(wb, name), {
    pageSetup: {
      paperSize: 9, // A4
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    views: [{ showGridLines: false }],
    // Every printed page says which form it belongs to and where it is in the bundle.
    headerFooter: { oddFooter: '&C&"宋体"&9&A　第 &P 页，共 &N 页' },
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

/** Excel's limit on a sheet name, in UTF-16 units (what Excel and exceljs count). */
const SHEET_NAME_MAX = 31;
/** Names Excel keeps for itself (compared case-insensitively): "History" is its change log. */
const RESERVED_SHEET_NAMES = ['history'];

/** The first `max` UTF-16 units of `s`, never ending on half a surrogate pair. */
function cutUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Apostrophes and spaces off both ends (Excel refuses a name opening or closing with '). */
const trimName = (s: string) => s.replace(/^[\s']+|[\s']+$/g, '');

/**
 * A valid, unique worksheet name for `wanted` (a project name, say): no character illegal in
 * XML, none of []:*?/\ , at most 31 UTF-16 units without splitting a surrogate pair, no
 * apostrophe first or last, not "History" in any case, not a name the workbook already has
 * (compared case-insensitively, as Excel does). Anything else made exceljs throw (a 500).
 * An apostrophe inside becomes ’: exceljs writes a sheet's print area as `'name'!$A$1:…`
 * without doubling it, which Excel would report as a damaged file.
 */
export function uniqueSheetName(wb: ExcelJS.Workbook, wanted: string): string {
  let base = trimName(
    xmlSafe(wanted)
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' '),
  );
  base = trimName(cutUnits(base, SHEET_NAME_MAX)).replace(/'/g, '’');
  if (!base) base = 'Sheet';
  const taken = new Set([...RESERVED_SHEET_NAMES, ...wb.worksheets.map((w) => w.name.toLowerCase())]);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = `(${i})`;
    name = trimName(cutUnits(base, SHEET_NAME_MAX - suffix.length)) + suffix;
  }
  return name;
}

/**
 * Writes `value` into the range rows r1..r2 × columns c1..c2 (merged when larger than one cell)
 * and styles every cell of the range, so that borders show on merged ranges too.
 */
export function put(
  ws: Sheet,
  r1: number,
  c1: number,
  r2: number,
  c2: number,
  value: ExcelJS.CellValue,
  opts: PutOptions = {},
): ExcelJS.Cell {
  if (r2 > r1 || c2 > c1) ws.mergeCells(r1, c1, r2, c2);
  const master = ws.getCell(r1, c1);
  // Text stored before safe-text.ts refused control characters would make the sheet malformed XML.
  master.value = typeof value === 'string' ? xmlSafe(value) : value;
  const size = opts.size ?? 10;
  const font: Partial<ExcelJS.Font> = {
    name: FONT_NAME,
    size,
    bold: opts.label || opts.bold,
  };
  let placed = PLACED.get(ws);
  if (!placed) PLACED.set(ws, (placed = []));
  placed.push({ r1, c1, r2, c2, text: shownText(value, opts.numFmt), size });
  const alignment: Partial<ExcelJS.Alignment> = {
    horizontal: opts.horizontal ?? (opts.label ? 'center' : 'left'),
    vertical: opts.vertical ?? 'middle',
    wrapText: true,
  };
  for (let r = r1; r <= r2; r++) {
    for (let c = c1; c <= c2; c++) {
      const cell = ws.getCell(r, c);
      cell.font = font;
      cell.alignment = alignment;
      if (opts.border !== false) cell.border = BORDER;
      if (opts.label) cell.fill = LABEL_FILL;
      if (opts.fill) cell.fill = opts.fill;
      if (opts.numFmt) cell.numFmt = opts.numFmt;
    }
  }
  return master;
}

/** A printed label: bold, centred, grey background. */
export function label(ws: Sheet, r1: number, c1: number, r2: number, c2: number, text: string): ExcelJS.Cell {
  return put(ws, r1, c1, r2, c2, text, { label: true });
}

/** The value to put in a cell for an amount (see the header comment); null for a blank amount. */
export function moneyCellValue(fen: Fen | null): number | string | null {
  if (fen === null) return null;
  const text = formatMoney(fen);
  const n = Number(text);
  try {
    if (Number.isFinite(n) && parseMoney(String(n), 'money', { allowNegative: true }) === fen) return n;
  } catch {
    // more digits than a double keeps: fall through to text
  }
  return withThousands(text);
}

export function putMoney(
  ws: Sheet,
  r1: number,
  c1: number,
  r2: number,
  c2: number,
  fen: Fen | null,
): ExcelJS.Cell {
  return put(ws, r1, c1, r2, c2, moneyCellValue(fen), { horizontal: 'right', numFmt: MONEY_FORMAT });
}

/** "154280000.00" → "154,280,000.00". */
export function withThousands(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** Where a cell is: its sheet and address (`D7`), for the messages of the reader. */
export function placeOf(ws: Sheet, address: string): CellLocation {
  return { sheet: ws.name, cell: address };
}

/** The `field` of a refusal about a cell: Excel's own reference, `'数字化建设'!D7`. */
export function cellField(ws: Sheet, address: string): string {
  return `'${ws.name.replace(/'/g, "''")}'!${address}`;
}

/** The raw value of a cell, following merges to their master and formulas to their result. */
export function rawValue(cell: ExcelJS.Cell): unknown {
  const v: unknown = cell.isMerged ? cell.master.value : cell.value;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    if ('result' in o) return o.result ?? null;
    if ('richText' in o && Array.isArray(o.richText)) {
      return (o.richText as Array<{ text?: string }>).map((t) => t.text ?? '').join('');
    }
    if ('text' in o && typeof o.text === 'string') return o.text;
    if ('error' in o) return null;
  }
  return v ?? null;
}

/** A cell's text exactly as stored; null for an empty cell or an empty string. */
export function cellText(cell: ExcelJS.Cell): string | null {
  const v = rawValue(cell);
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = typeof v === 'string' ? v : String(v as number | boolean);
  return s === '' ? null : s;
}

/** For comparing printed labels: no whitespace, no colons, full-width brackets as ASCII. */
export function normLabel(s: string | null): string {
  return (s ?? '')
    .replace(/[\s:：]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

/** Reads an amount written by `putMoney` (or typed by a person: number or "1,234.50"); `label` is the form's. */
export function readMoney(ws: Sheet, address: string, label: string): Fen | null {
  const v = rawValue(ws.getCell(address));
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  const refuse = () =>
    ExportsErrors.WORKBOOK_MONEY_INVALID(
      {
        ...placeOf(ws, address),
        what: label,
        found: v instanceof Date ? v.toISOString().slice(0, 10) : String(v),
      },
      { field: cellField(ws, address), ...placeOf(ws, address) },
    );
  try {
    if (typeof v === 'number' && Number.isFinite(v))
      return parseMoney(String(v), label, { allowNegative: true });
    if (typeof v === 'string') return parseMoney(v.replace(/[,，\s]/g, ''), label, { allowNegative: true });
  } catch {
    throw refuse();
  }
  throw refuse();
}

// ---------------------------------------------------------------------------------------------
// Row heights: no cell is cut off in print

/** What `put` wrote where, so that `fitRows` can size the rows to it. */
interface Placed {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  text: string | null;
  size: number;
}
const PLACED = new WeakMap<Sheet, Placed[]>();

/** The text a cell shows: an amount with its thousands separators, as the number format prints it. */
function shownText(value: ExcelJS.CellValue, numFmt?: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number')
    return numFmt === MONEY_FORMAT ? withThousands(value.toFixed(2)) : String(value);
  if (typeof value === 'string') return value;
  return null;
}

/** Excel's tallest row, in points. */
const MAX_ROW_HEIGHT = 409;
/** Excel's row height when none is set (15 points for the default font). */
const DEFAULT_ROW_HEIGHT = 15;

/**
 * The lines `text` takes in a cell `width` units wide at `size` points, each paragraph wrapped
 * on its own. Measured as Excel draws: a unit is 7 pixels (one digit of the default font), the
 * cell keeps about 5 of them for its padding and grid line; a half-width character of a
 * `size`-point font is size × 2/3 pixels, a CJK or full-width one twice that. A paragraph longer
 * than a line loses up to one CJK character a line to wrapping (a line does not begin with 。，）,
 * and Latin words wrap whole), so such lines are counted one character shorter: a row a little
 * too tall is better than a line cut off.
 */
export function wrappedLines(text: string, width: number, size = 10): number {
  const inner = Math.max(1, width * 7 - 5);
  const half = (size * 2) / 3;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    const px = displayWidth(paragraph) * half;
    lines += px <= inner ? 1 : Math.ceil(px / Math.max(half, inner - 2 * half));
  }
  return lines;
}

/** The height in points that `lines` lines of a `size`-point font need, with the cell's padding. */
export function linesHeight(lines: number, size = 10): number {
  // 1.45 em a line: the CJK fonts (宋体, Noto CJK) are that tall; Excel's SimSun a little less.
  return lines * size * 1.45 + 5;
}

/**
 * Sets every row's height so that the wrapped text of each cell written by `put` shows whole
 * (the heights already set stay as minimums): a cell on one row sizes its row; a cell merged
 * over several rows grows them evenly when together they are too short. Excel's limit is 409
 * points a row: a text longer than that is cut off whatever is done.
 */
export function fitRows(ws: Sheet): void {
  const placed = PLACED.get(ws) ?? [];
  const height = (r: number) => ws.getRow(r).height ?? DEFAULT_ROW_HEIGHT;
  const need = (p: Placed) =>
    linesHeight(wrappedLines(p.text ?? '', spanWidth(ws, p.c1, p.c2), p.size), p.size);
  for (const p of placed) {
    if (p.r1 !== p.r2 || !p.text) continue;
    const h = need(p);
    if (h > height(p.r1)) ws.getRow(p.r1).height = Math.min(MAX_ROW_HEIGHT, Math.ceil(h));
  }
  for (const p of placed) {
    if (p.r1 === p.r2 || !p.text) continue;
    let total = 0;
    for (let r = p.r1; r <= p.r2; r++) total += height(r);
    const missing = need(p) - total;
    if (missing <= 0) continue;
    const each = Math.ceil(missing / (p.r2 - p.r1 + 1));
    for (let r = p.r1; r <= p.r2; r++) ws.getRow(r).height = Math.min(MAX_ROW_HEIGHT, height(r) + each);
  }
}

// ---------------------------------------------------------------------------------------------
// Print setup: each form on its own page(s), one page wide

/** A4 in points, and the margins of `addFormSheet` (0.5 in left and right, 0.6 in top and bottom). */
const A4 = { short: 595, long: 842 };
const MARGINS = { horizontal: 72, vertical: 86.4 };

/** A column's printed width in points: Excel draws `width` units as width × 7 + 5 pixels. */
const columnPoints = (width: number) => (width * 7 + 5) * 0.75;

/** How many pages tall `rows` print at the scale that fits the columns to one page wide. */
export function printedPages(ws: Sheet, lastColumn: number, lastRow: number): number {
  const landscape = ws.pageSetup.orientation === 'landscape';
  const pageWidth = (landscape ? A4.long : A4.short) - MARGINS.horizontal;
  const pageHeight = (landscape ? A4.short : A4.long) - MARGINS.vertical;
  let width = 0;
  for (let c = 1; c <= lastColumn; c++) width += columnPoints(ws.getColumn(c).width ?? 9);
  const scale = Math.min(1, pageWidth / width);
  let height = 0;
  for (let r = 1; r <= lastRow; r++) height += ws.getRow(r).height ?? DEFAULT_ROW_HEIGHT;
  return (height * scale) / pageHeight;
}

/**
 * Prints rows 1..lastRow × columns A..lastColumn (nothing else on the sheet), one page wide.
 * A form that fits on a page (or nearly: up to 10 % smaller) is printed on exactly one page;
 * a longer one runs over as many pages as it needs, with `repeatRows` (the header of its
 * table) at the top of each. Page breaks are left to the printer: within a form there is no
 * forced one, and each form is a sheet of its own, so a form always starts a page.
 */
export function setupPrint(
  ws: Sheet,
  lastColumn: number,
  lastRow: number,
  repeatRows?: [number, number],
): void {
  const onePage = printedPages(ws, lastColumn, lastRow) <= 1.1;
  ws.pageSetup.printArea = `A1:${columnLetters(lastColumn)}${lastRow}`;
  ws.pageSetup.fitToPage = true;
  ws.pageSetup.fitToWidth = 1;
  ws.pageSetup.fitToHeight = onePage ? 1 : 0;
  if (!onePage && repeatRows) ws.pageSetup.printTitlesRow = `${repeatRows[0]}:${repeatRows[1]}`;
}

/**
 * Width in Excel character units: CJK and full-width characters count 2, and so do the
 * punctuation and symbols a CJK font draws full width (— … “ ” ≥ ≤ ①), and characters
 * beyond the BMP (CJK extensions).
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2010-\u2bff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      ) || ch.length > 1
        ? 2
        : 1;
  return w;
}

/** The width of columns c1..c2. */
export function spanWidth(ws: Sheet, c1: number, c2: number): number {
  let w = 0;
  for (let c = c1; c <= c2; c++) w += ws.getColumn(c).width ?? 9;
  return w;
}

export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

/** Loads exceljs and JSZip now (the parse worker does it before it takes its first upload). */
export async function preloadWorkbookLibraries(): Promise<void> {
  await Promise.all([loadExcel(), loadJsZip()]);
}

/**
 * Loads an uploaded xlsx: inspected first (xlsx-inspect.ts: sizes, parts, cell references,
 * counts, each within `limits`), then read by exceljs from the checked parts. Anything that is
 * not an xlsx, or is beyond a limit, is refused (exports.messages.ts, UPLOAD_*).
 */
export async function loadWorkbook(buf: Buffer, limits: UploadLimits): Promise<ExcelJS.Workbook> {
  if (!Buffer.isBuffer(buf) || buf.length === 0) throw notXlsx('empty');
  return loadInspected(await inspectXlsx(buf, limits));
}

/**
 * exceljs reads a workbook rebuilt (stored, not compressed) from the inspected parts, so it
 * sees exactly the bytes that were checked: a zip that another reader (exceljs uses JSZip)
 * would list differently from yauzl cannot slip an unchecked part past the inspection.
 */
export async function loadInspected(parts: XlsxPart[]): Promise<ExcelJS.Workbook> {
  const JSZip = await loadJsZip();
  const zip = new JSZip();
  for (const p of parts) zip.file(p.name, p.data, { binary: true, createFolders: false });
  const stored = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(stored as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw notXlsx('unreadable', (e instanceof Error ? e.message : String(e)).slice(0, 120));
  }
  return wb;
}

export const LIGHT_FILL: Record<'红' | '黄' | '绿', ExcelJS.Fill> = {
  红: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF4D4F' } },
  黄: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFD666' } },
  绿: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF73D13D' } },
};
