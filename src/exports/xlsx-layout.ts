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

import { InputError } from '../common/input-error';
import { formatMoney, parseMoney, type Fen } from '../common/money';
import { xmlSafe } from '../common/safe-text';
import { inspectXlsx, type UploadLimits, type XlsxPart } from './xlsx-inspect';

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
 */
export function uniqueSheetName(wb: ExcelJS.Workbook, wanted: string): string {
  let base = trimName(
    xmlSafe(wanted)
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' '),
  );
  base = trimName(cutUnits(base, SHEET_NAME_MAX));
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
  const font: Partial<ExcelJS.Font> = {
    name: FONT_NAME,
    size: opts.size ?? 10,
    bold: opts.label || opts.bold,
  };
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

/** Where a cell is, in the user's terms: `sheet "申报表", cell F7`. */
export function where(ws: Sheet, address: string): string {
  return `sheet "${ws.name}", cell ${address}`;
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

/** Reads an amount written by `putMoney` (or typed by a person: number or "1,234.50"). */
export function readMoney(ws: Sheet, address: string, what: string): Fen | null {
  const v = rawValue(ws.getCell(address));
  const field = `${where(ws, address)} (${what})`;
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InputError(`${field}: not an amount`, field);
    return parseMoney(String(v), field, { allowNegative: true });
  }
  if (typeof v === 'string') return parseMoney(v.replace(/[,，\s]/g, ''), field, { allowNegative: true });
  throw new InputError(`${field}: not an amount in yuan`, field);
}

/** Sets a row height fitting wrapped text: `texts` pairs a text with the width of its (merged) cell. */
export function fitHeight(
  ws: Sheet,
  row: number,
  texts: Array<[string | null | undefined, number]>,
  min = 20,
) {
  let lines = 1;
  for (const [text, width] of texts) {
    if (!text) continue;
    let n = 0;
    for (const line of text.split('\n'))
      n += Math.max(1, Math.ceil(displayWidth(line) / Math.max(1, width - 1)));
    lines = Math.max(lines, n);
  }
  ws.getRow(row).height = Math.max(min, Math.min(409, lines * 14 + 6));
}

/** Width in Excel character units: CJK and full-width characters count 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
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
 * not an xlsx, or is beyond a limit, is an InputError.
 */
export async function loadWorkbook(buf: Buffer, limits: UploadLimits): Promise<ExcelJS.Workbook> {
  if (!Buffer.isBuffer(buf) || buf.length === 0)
    throw new InputError(
      'file: the file is empty, not an xlsx workbook',
      'file',
      400,
      undefined,
      'UPLOAD_NOT_XLSX',
    );
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
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(
      `file: the file is not an xlsx workbook that can be read (${why.slice(0, 120)})`,
      'file',
      400,
      undefined,
      'UPLOAD_NOT_XLSX',
    );
  }
  return wb;
}

export const LIGHT_FILL: Record<'红' | '黄' | '绿', ExcelJS.Fill> = {
  红: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF4D4F' } },
  黄: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFD666' } },
  绿: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF73D13D' } },
};
