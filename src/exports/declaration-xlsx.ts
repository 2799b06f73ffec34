import type ExcelJS from 'exceljs';
import { defaults } from '../../config/defaults';
import type { Fen } from '../common/money';
import {
  COUNT_LIMITS,
  LEVEL1_LABEL,
  LEVEL2_LABEL,
  LEVEL2_OF,
  TEXT_LIMITS,
  type DeclarationContent,
  type IndicatorContent,
  type Level1,
  type Level2,
  type Target,
} from '../declarations/declaration-content';
import { parseTarget } from '../declarations/target-notation';
import { ExportsErrors } from './exports.messages';
import {
  addFormSheet,
  cellField,
  cellText,
  fitRows,
  label,
  loadInspected,
  loadWorkbook,
  moneyCellValue,
  newWorkbook,
  normLabel,
  placeOf,
  put,
  putMoney,
  rawValue,
  readMoney,
  setupPrint,
  toBuffer,
  withThousands,
  type Sheet,
} from './xlsx-layout';
import type { UploadLimits, XlsxPart } from './xlsx-inspect';

/**
 * The declaration form (财政项目支出绩效目标申报表) as a workbook, and back.
 *
 * Layout of one form (block), rows relative to the title row t, columns A..G (+H, see below):
 *
 *   t     财政项目支出绩效目标申报表                                   (merged A:last)
 *   t+1   (2026 年度)                                                  (merged A:last)
 *   t+2   项目名称 | B:C name | 项目性质 | E nature | 项目类别 | G(:H) category
 *   t+3   主管部门 | B:C      | 实施单位 | E:last
 *   t+4   计划开始日期 | B:C  | 计划完成日期 | E:last
 *   t+5   项目资金(元) (A t+5:t+8) | 项目资金总额： | C total | D:E 年度资金申请总额： | F:last
 *   t+6                            | 其中：财政资金 (B t+6:t+7) | C | D:E 其中：当年财政拨款 | F:last
 *   t+7                                                        | D:E 上年结转资金 | F:last
 *   t+8                            | 其他资金 | C | D:E 其他资金 | F:last
 *   t+9   项目绩效目标 (A t+9:t+10) | B:D 项目总目标 | E:last 年度总体目标
 *   t+10                            | B:D overall goal | E:last annual goal
 *   t+11  绩效指标 (A t+11:last row) | 一级指标 | 二级指标 | D:E 三级指标 | F:G 年度(/项目)指标值 | [H 分值]
 *   t+12… one row per indicator; 一级 (B) and 二级 (C) merged over consecutive equal rows.
 *
 * Decisions that make the round trip exact:
 * - Money: see xlsx-layout.ts (a number with '#,##0.00' when the double is exact, else text).
 *   A blank amount (null) is an empty cell. The 财政资金/其他资金 cells under 项目资金总额 are the
 *   official form's but the content has no such figures: they stay blank and are not read.
 * - Cost type: written in the 二级 cell after the label, `成本指标（经济成本）`; consecutive rows
 *   merge only when level 2 AND cost type agree. The reader takes the label as a prefix and the
 *   text between the outer brackets as the cost type (free text, kept verbatim).
 * - Weights: column H 分值 is added only when some indicator has a weight; the weight is written
 *   as the text "12.50" (kept verbatim), blank for the default split (null).
 * - Targets: the `display` text (blank when null), re-parsed with parseTarget on reading.
 * - Dates: the text YYYY-MM-DD (never an Excel date, so no time zone can shift them).
 * - Text: verbatim (newlines kept). An empty string and null both come back as null, and a
 *   CR LF comes back as LF (XML normalises line ends).
 * - `sourceLine` is provenance of an import, not part of the form: it comes back null.
 */

export const FORM_TITLE = '财政项目支出绩效目标申报表';
/** The end of the title of the 汇总表 sheet, by which the reader knows it is not a form. */
export const SUMMARY_TITLE_END = '年度项目绩效目标汇总表';
export const SUMMARY_SHEET = '汇总表';

export interface DeclarationMeta {
  /** Printed under the form, in words (编制中, 绩效监控 · 填报中; see state-words.ts). */
  state?: string;
  departmentName?: string;
}

// Column A holds the longest label (计划开始日期, 项目绩效目标) on one line.
const COL_WIDTHS = [13, 16, 18, 16, 22, 14, 16, 10];
const L = {
  projectName: '项目名称',
  projectNature: '项目性质',
  projectCategory: '项目类别',
  competentDepartment: '主管部门',
  implementingUnit: '实施单位',
  plannedStart: '计划开始日期',
  plannedEnd: '计划完成日期',
  funds: '项目资金\n(元)',
  total: '项目资金总额：',
  annualRequest: '年度资金申请总额：',
  fiscal: '其中：财政资金',
  currentAppropriation: '其中：当年财政拨款',
  carryover: '上年结转资金',
  other: '其他资金',
  goals: '项目绩效目标',
  overallGoal: '项目总目标',
  annualGoal: '年度总体目标',
  indicators: '绩效指标',
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  target: '年度(/项目)指标值',
  weight: '分值',
} as const;

// ---------------------------------------------------------------------------------------------
// Writing

export async function declarationWorkbook(
  content: DeclarationContent,
  meta?: DeclarationMeta,
): Promise<Buffer> {
  return declarationsWorkbook([{ content, meta }]);
}

/** Several declarations, one sheet each (named after the project); `readDeclarationWorkbook` reads them all. */
export async function declarationsWorkbook(
  items: Array<{ content: DeclarationContent; meta?: DeclarationMeta }>,
): Promise<Buffer> {
  const wb = await newWorkbook();
  for (const { content, meta } of items) formSheet(wb, content, meta);
  if (items.length === 0) addFormSheet(wb, '申报表', COL_WIDTHS.slice(0, 7));
  return toBuffer(wb);
}

/** One declaration on a sheet of its own, sized and set up to print on its own page(s). */
function formSheet(wb: ExcelJS.Workbook, content: DeclarationContent, meta?: DeclarationMeta): Sheet {
  const withWeights = hasWeights(content);
  const last = withWeights ? 8 : 7;
  const ws = addFormSheet(wb, content.projectName || '申报表', COL_WIDTHS.slice(0, last));
  const end = writeDeclarationBlock(ws, 1, content, withWeights);
  const lastRow = writeMeta(ws, end, last, meta) - 1;
  fitRows(ws);
  // Over a page, the indicator table's header is repeated at the top of each page.
  setupPrint(ws, last, lastRow, [INDICATOR_HEADER_ROW, INDICATOR_HEADER_ROW]);
  return ws;
}

/** One project of the 汇总表. */
export interface SummaryRow {
  /** The department that owns the declaration (填报部门). */
  departmentName: string;
  /** The state in words (编制中, 已批复; see state-words.ts). */
  state: string;
  content: DeclarationContent;
  /** The form's findings: how many errors (they block SUBMIT) and warnings. */
  findings?: { errors: number; warnings: number };
  /**
   * Where the figures stand, said by the totals: before the first approval, in an adjustment
   * (the figures are the adjustment's draft), or approved.
   */
  standing?: 'unapproved' | 'adjusting' | 'approved';
}

export interface SummaryOptions {
  title?: string;
  /** The export's date (YYYY-MM-DD), printed under the title. */
  exportedOn?: string;
}

/** The 汇总表's columns: label, width, and the 项目资金（元） and 校验发现 groups. */
const SUMMARY_COLUMNS = {
  no: 1,
  name: 2,
  unit: 3,
  department: 4,
  state: 5,
  total: 6,
  annualRequest: 7,
  currentAppropriation: 8,
  carryover: 9,
  other: 10,
  indicators: 11,
  errors: 12,
  warnings: 13,
} as const;
const SUMMARY_LAST = 13;
// 实施单位, 填报部门 and 状态 hold 上海市大数据中心 and 目标调整 · 编制中 on one line.
const SUMMARY_WIDTHS = [5, 24, 17, 17, 17, 15, 15, 15, 14, 13, 7, 7, 7];
const FUND_KEYS = ['total', 'annualRequest', 'currentAppropriation', 'carryover', 'other'] as const;
const FUND_LABELS: Record<(typeof FUND_KEYS)[number], string> = {
  total: '项目资金总额',
  annualRequest: '年度资金申请总额',
  currentAppropriation: '其中：当年财政拨款',
  carryover: '上年结转资金',
  other: '其他资金',
};
/** The 汇总表's header rows and first project row. */
const SUMMARY_HEADER: [number, number] = [3, 4];
const SUMMARY_FIRST = 5;

/**
 * The year's summary: first the 汇总表 sheet, one row per project (name, unit, department,
 * state in words, the five amounts, the number of indicators, the form's errors and warnings)
 * and a totals row that says what it includes; then each project's 申报表 on a sheet of its
 * own (named after the project), so that no form is split across printed pages with another.
 * `readDeclarationWorkbook` reads the forms back and passes over the 汇总表.
 */
export async function summaryWorkbook(
  rows: SummaryRow[],
  year: number,
  opts: SummaryOptions = {},
): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = addFormSheet(wb, SUMMARY_SHEET, SUMMARY_WIDTHS, true);
  const C = SUMMARY_COLUMNS;
  const depts = [...new Set(rows.map((r) => r.departmentName.trim()))];
  const title =
    opts.title ??
    (depts.length === 1 && depts[0]
      ? `${depts[0]} ${year} ${SUMMARY_TITLE_END}`
      : `${year} ${SUMMARY_TITLE_END}`);
  put(ws, 1, 1, 1, SUMMARY_LAST, title, { bold: true, size: 16, horizontal: 'center', border: false });
  ws.getRow(1).height = 32;
  const subtitle = `（金额单位：元${opts.exportedOn ? `；导出日期：${opts.exportedOn}` : ''}）`;
  put(ws, 2, 1, 2, SUMMARY_LAST, subtitle, { horizontal: 'center', border: false });
  ws.getRow(2).height = 20;

  const [h1, h2] = SUMMARY_HEADER;
  const single: Array<[number, string]> = [
    [C.no, '序号'],
    [C.name, '项目名称'],
    [C.unit, '实施单位'],
    [C.department, '填报部门'],
    [C.state, '状态'],
    [C.indicators, '三级指标数'],
  ];
  for (const [c, text] of single) label(ws, h1, c, h2, c, text);
  label(ws, h1, C.total, h1, C.other, '项目资金（元）');
  FUND_KEYS.forEach((k) => label(ws, h2, C[k], h2, C[k], FUND_LABELS[k]));
  label(ws, h1, C.errors, h1, C.warnings, '校验发现');
  label(ws, h2, C.errors, h2, C.errors, '错误');
  label(ws, h2, C.warnings, h2, C.warnings, '警告');
  ws.getRow(h1).height = 22;
  ws.getRow(h2).height = 22;

  rows.forEach((r, i) => {
    const row = SUMMARY_FIRST + i;
    const c = r.content;
    put(ws, row, C.no, row, C.no, i + 1, { horizontal: 'center' });
    put(ws, row, C.name, row, C.name, c.projectName);
    put(ws, row, C.unit, row, C.unit, c.implementingUnit);
    put(ws, row, C.department, row, C.department, r.departmentName || null);
    put(ws, row, C.state, row, C.state, r.state, { horizontal: 'center' });
    for (const k of FUND_KEYS) putMoney(ws, row, C[k], row, C[k], c.funds[k]);
    put(ws, row, C.indicators, row, C.indicators, c.indicators.length, { horizontal: 'right' });
    put(ws, row, C.errors, row, C.errors, r.findings ? r.findings.errors : null, { horizontal: 'right' });
    put(ws, row, C.warnings, row, C.warnings, r.findings ? r.findings.warnings : null, {
      horizontal: 'right',
    });
    ws.getRow(row).height = 20;
  });

  // Totals (合计) of every project listed, saying what they include.
  const t = SUMMARY_FIRST + rows.length;
  // A column with no amount at all stays blank: 0.00 would read as a figure someone wrote.
  const sum = (pick: (c: DeclarationContent) => Fen | null): Fen | null =>
    rows.some((r) => pick(r.content) !== null)
      ? rows.reduce((acc, r) => acc + (pick(r.content) ?? 0n), 0n)
      : null;
  label(ws, t, 1, t, C.state, totalsLabel(rows));
  const totals = Object.fromEntries(FUND_KEYS.map((k) => [k, sum((c) => c.funds[k])])) as Record<
    (typeof FUND_KEYS)[number],
    Fen | null
  >;
  for (const k of FUND_KEYS) {
    putMoney(ws, t, C[k], t, C[k], totals[k]);
    ws.getCell(t, C[k]).font = { ...ws.getCell(t, C[k]).font, bold: true };
  }
  const count = (pick: (r: SummaryRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const bold = { horizontal: 'right', bold: true } as const;
  put(
    ws,
    t,
    C.indicators,
    t,
    C.indicators,
    count((r) => r.content.indicators.length),
    bold,
  );
  const withFindings = rows.some((r) => r.findings);
  put(ws, t, C.errors, t, C.errors, withFindings ? count((r) => r.findings?.errors ?? 0) : null, bold);
  put(ws, t, C.warnings, t, C.warnings, withFindings ? count((r) => r.findings?.warnings ?? 0) : null, bold);
  ws.getRow(t).height = 22;
  put(
    ws,
    t + 1,
    1,
    t + 1,
    SUMMARY_LAST,
    '说明：状态为导出时的状态；校验发现为各申报表按填报规则检查的结果，错误须改正后才能提交，警告请核实。各项目的申报表见后续工作表（以项目名称命名）。',
    { border: false, size: 9 },
  );

  // An amount is a number that Excel does not wrap: each money column is as wide as its widest figure.
  for (const k of FUND_KEYS) {
    const widest = Math.max(
      ...[totals[k], ...rows.map((r) => r.content.funds[k])].map((f) => moneyText(f).length),
    );
    const col = ws.getColumn(C[k]);
    col.width = Math.max(col.width ?? 0, widest + 3);
  }
  fitRows(ws);
  setupPrint(ws, SUMMARY_LAST, t + 1, SUMMARY_HEADER);

  for (const r of rows) formSheet(wb, r.content, { departmentName: r.departmentName, state: r.state });
  return toBuffer(wb);
}

/** 1234500n → "12,345.00" (as the cell prints it); "" for a blank amount. */
function moneyText(fen: Fen | null): string {
  const v = moneyCellValue(fen);
  return v === null ? '' : typeof v === 'number' ? withThousands(v.toFixed(2)) : v;
}

/**
 * 合计（9个项目，含未批复的2个、调整中的1个（按调整稿计）；项目资金总额有1个未填，未填的不计）:
 * what the figures of the totals row include.
 */
export function totalsLabel(rows: SummaryRow[]): string {
  const parts: string[] = [];
  const standing = rows.filter((r) => r.standing);
  if (standing.length) {
    const unapproved = standing.filter((r) => r.standing === 'unapproved').length;
    const adjusting = standing.filter((r) => r.standing === 'adjusting').length;
    const within: string[] = [];
    if (unapproved) within.push(`未批复的${unapproved}个`);
    if (adjusting) within.push(`调整中的${adjusting}个（按调整稿计）`);
    parts.push(within.length ? `含${within.join('、')}` : '均已批复');
  }
  const blanks: string[] = [];
  let someCounted = false;
  for (const [key, name] of [
    ['total', '项目资金总额'],
    ['annualRequest', '年度资金申请总额'],
  ] as const) {
    const blank = rows.filter((r) => r.content.funds[key] === null).length;
    if (blank === 0) continue;
    if (blank === rows.length) blanks.push(`${name}均未填`);
    else {
      blanks.push(`${name}有${blank}个未填`);
      someCounted = true;
    }
  }
  if (blanks.length) parts.push(`${blanks.join('、')}${someCounted ? '，未填的不计' : ''}`);
  const head = `${rows.length}个项目`;
  if (!parts.length) return `合计（${head}）`;
  return `合计（${head}，${parts.join('；')}）`;
}

function hasWeights(content: DeclarationContent): boolean {
  return content.indicators.some((i) => i.weight !== null);
}

/** Writes the line under the form; returns the first row after it. */
function writeMeta(ws: Sheet, end: number, last: number, meta?: DeclarationMeta): number {
  const parts: string[] = [];
  if (meta?.departmentName) parts.push(`填报单位：${meta.departmentName}`);
  if (meta?.state) parts.push(`状态：${meta.state}`);
  if (parts.length === 0) return end + 1;
  put(ws, end + 1, 1, end + 1, last, parts.join('　　'), { border: false, size: 9 });
  return end + 2;
}

/** The row of the indicator table's header in a form whose title is in row 1. */
const INDICATOR_HEADER_ROW = 12;

/** Writes one form with its title at row `t`; returns the last row written. */
function writeDeclarationBlock(ws: Sheet, t: number, c: DeclarationContent, withWeights: boolean): number {
  const last = withWeights ? 8 : 7;
  put(ws, t, 1, t, last, FORM_TITLE, { bold: true, size: 16, horizontal: 'center', border: false });
  ws.getRow(t).height = 30;
  put(ws, t + 1, 1, t + 1, last, `(${c.year} 年度)`, { horizontal: 'center', border: false });
  ws.getRow(t + 1).height = 20;

  // Header
  let r = t + 2;
  label(ws, r, 1, r, 1, L.projectName);
  put(ws, r, 2, r, 3, c.projectName);
  label(ws, r, 4, r, 4, L.projectNature);
  put(ws, r, 5, r, 5, c.projectNature);
  label(ws, r, 6, r, 6, L.projectCategory);
  put(ws, r, 7, r, last, c.projectCategory);
  r++;
  label(ws, r, 1, r, 1, L.competentDepartment);
  put(ws, r, 2, r, 3, c.competentDepartment);
  label(ws, r, 4, r, 4, L.implementingUnit);
  put(ws, r, 5, r, last, c.implementingUnit);
  r++;
  label(ws, r, 1, r, 1, L.plannedStart);
  put(ws, r, 2, r, 3, c.plannedStart);
  label(ws, r, 4, r, 4, L.plannedEnd);
  put(ws, r, 5, r, last, c.plannedEnd);
  for (let i = t + 2; i <= r; i++) ws.getRow(i).height = 20;

  // Funds (元)
  r = t + 5;
  label(ws, r, 1, r + 3, 1, L.funds);
  label(ws, r, 2, r, 2, L.total);
  putMoney(ws, r, 3, r, 3, c.funds.total);
  label(ws, r, 4, r, 5, L.annualRequest);
  putMoney(ws, r, 6, r, last, c.funds.annualRequest);
  label(ws, r + 1, 2, r + 2, 2, L.fiscal);
  put(ws, r + 1, 3, r + 2, 3, null);
  label(ws, r + 1, 4, r + 1, 5, L.currentAppropriation);
  putMoney(ws, r + 1, 6, r + 1, last, c.funds.currentAppropriation);
  label(ws, r + 2, 4, r + 2, 5, L.carryover);
  putMoney(ws, r + 2, 6, r + 2, last, c.funds.carryover);
  label(ws, r + 3, 2, r + 3, 2, L.other);
  put(ws, r + 3, 3, r + 3, 3, null);
  label(ws, r + 3, 4, r + 3, 5, L.other);
  putMoney(ws, r + 3, 6, r + 3, last, c.funds.other);
  for (let i = 0; i < 4; i++) ws.getRow(r + i).height = 20;

  // Goals
  r = t + 9;
  label(ws, r, 1, r + 1, 1, L.goals);
  label(ws, r, 2, r, 4, L.overallGoal);
  label(ws, r, 5, r, last, L.annualGoal);
  ws.getRow(r).height = 20;
  put(ws, r + 1, 2, r + 1, 4, c.overallGoal, { vertical: 'top' });
  put(ws, r + 1, 5, r + 1, last, c.annualGoal, { vertical: 'top' });
  ws.getRow(r + 1).height = 60;

  // Indicators
  const h = t + 11;
  const n = c.indicators.length;
  label(ws, h, 1, h + n, 1, L.indicators);
  label(ws, h, 2, h, 2, L.level1);
  label(ws, h, 3, h, 3, L.level2);
  label(ws, h, 4, h, 5, L.level3);
  label(ws, h, 6, h, 7, L.target);
  if (withWeights) label(ws, h, 8, h, 8, L.weight);
  ws.getRow(h).height = 22;

  const inds = c.indicators;
  const sameL1 = (a: IndicatorContent, b: IndicatorContent) => a.level1 === b.level1;
  const sameL2 = (a: IndicatorContent, b: IndicatorContent) =>
    a.level1 === b.level1 && a.level2 === b.level2 && a.costType === b.costType;
  for (let i = 0; i < n; i++) {
    const row = h + 1 + i;
    const ind = inds[i];
    if (i === 0 || !sameL1(inds[i - 1], ind)) {
      let j = i;
      while (j + 1 < n && sameL1(inds[j + 1], ind)) j++;
      put(ws, row, 2, h + 1 + j, 2, LEVEL1_LABEL[ind.level1], { bold: true, horizontal: 'center' });
    }
    if (i === 0 || !sameL2(inds[i - 1], ind)) {
      let j = i;
      while (j + 1 < n && sameL2(inds[j + 1], ind)) j++;
      put(ws, row, 3, h + 1 + j, 3, level2Text(ind), { horizontal: 'center' });
    }
    put(ws, row, 4, row, 5, ind.name);
    put(ws, row, 6, row, 7, ind.target?.display ?? null, { horizontal: 'center' });
    if (withWeights) put(ws, row, 8, row, 8, ind.weight, { horizontal: 'right' });
    ws.getRow(row).height = 20;
  }
  return h + n;
}

function level2Text(ind: IndicatorContent): string {
  const base = LEVEL2_LABEL[ind.level2];
  return ind.costType === null ? base : `${base}（${ind.costType}）`;
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads back workbooks written by `declarationWorkbook`, `declarationsWorkbook` or
 * `summaryWorkbook` (one form per sheet; the 汇总表 is passed over), or older exports with
 * several forms one under the other: every sheet, every form found by its title in column A,
 * in order. Anything unreadable is refused naming the sheet, the row and the column
 * (exports.messages.ts, WORKBOOK_*).
 */
export async function readDeclarationWorkbook(
  buf: Buffer,
  limits: UploadLimits = defaults.uploads,
): Promise<DeclarationContent[]> {
  return readWorkbook(await loadWorkbook(buf, limits), limits);
}

/** The same, from parts already inspected (the parse worker: src/imports/parse-worker.ts). */
export async function readInspectedWorkbook(
  parts: XlsxPart[],
  limits: UploadLimits,
): Promise<DeclarationContent[]> {
  return readWorkbook(await loadInspected(parts), limits);
}

/** The 汇总表 sheet of `summaryWorkbook`: its title (A1) ends with 年度项目绩效目标汇总表. */
function isSummarySheet(ws: Sheet): boolean {
  return normLabel(cellText(ws.getCell('A1'))).endsWith(normLabel(SUMMARY_TITLE_END));
}

/**
 * Bounded by the inspected limits: only the rows that exist are visited when looking for
 * forms (`eachRow`), and no loop runs past `limits.maxRows`, whatever `rowCount` says (one
 * cell at A10000000 made the old loop create ten million rows).
 */
function readWorkbook(wb: ExcelJS.Workbook, limits: UploadLimits): DeclarationContent[] {
  const out: DeclarationContent[] = [];
  const sheets = wb.worksheets.filter((ws) => ws.actualRowCount > 0 && !isSummarySheet(ws));
  if (sheets.length === 0) throw ExportsErrors.WORKBOOK_NO_FILLED_SHEET({}, { field: 'file' });
  for (const ws of sheets) {
    const titles: number[] = [];
    ws.eachRow((row, r) => {
      if (r <= limits.maxRows && normLabel(cellText(row.getCell(1))) === FORM_TITLE) titles.push(r);
    });
    if (titles.length === 0) {
      throw ExportsErrors.WORKBOOK_NO_FORM(
        { sheet: ws.name, title: FORM_TITLE },
        { field: cellField(ws, 'A1'), sheet: ws.name },
      );
    }
    for (const t of titles) out.push(readDeclarationBlock(ws, t, Math.min(ws.rowCount, limits.maxRows)));
  }
  return out;
}

const LEVEL1_BY_LABEL = new Map(
  (Object.entries(LEVEL1_LABEL) as Array<[Level1, string]>).map(([k, v]) => [normLabel(v), k]),
);
const LEVEL2_ENTRIES = Object.entries(LEVEL2_LABEL) as Array<[Level2, string]>;

/** Where a refusal about a cell points: Excel's reference as the field, and the sheet and cell. */
const at = (ws: Sheet, address: string) => ({ field: cellField(ws, address), ...placeOf(ws, address) });

function expectLabel(ws: Sheet, address: string, expected: string): void {
  const found = cellText(ws.getCell(address));
  if (normLabel(found) !== normLabel(expected)) {
    throw ExportsErrors.WORKBOOK_LABEL_MISMATCH(
      { ...placeOf(ws, address), expected: expected.replace(/\n/g, ''), found },
      at(ws, address),
    );
  }
}

/** A cell's text; refused when longer than the form's field holds (TEXT_LIMITS). */
function readText(ws: Sheet, address: string, limit?: { label: string; max: number }): string | null {
  const text = cellText(ws.getCell(address));
  if (limit && text !== null && text.length > limit.max) {
    throw ExportsErrors.WORKBOOK_TEXT_TOO_LONG(
      { ...placeOf(ws, address), what: limit.label, length: text.length, max: limit.max },
      at(ws, address),
    );
  }
  return text;
}

function readDate(ws: Sheet, address: string, label: string): string | null {
  const v = rawValue(ws.getCell(address));
  if (v === null || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = typeof v === 'string' ? v.trim() : String(v as number);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s))
    throw ExportsErrors.WORKBOOK_DATE_INVALID(
      { ...placeOf(ws, address), what: label, found: s },
      at(ws, address),
    );
  return s;
}

const limitOf = (label: string, max: number) => ({ label, max });

function readDeclarationBlock(ws: Sheet, t: number, lastRow: number): DeclarationContent {
  const yearText = readText(ws, `A${t + 1}`) ?? '';
  const ym = /^[(（]\s*(\d{4})\s*年度?\s*[)）]$/.exec(yearText.trim());
  if (!ym)
    throw ExportsErrors.WORKBOOK_YEAR_INVALID(
      { ...placeOf(ws, `A${t + 1}`), found: yearText },
      at(ws, `A${t + 1}`),
    );
  const labels: Array<[string, string]> = [
    [`A${t + 2}`, L.projectName],
    [`D${t + 2}`, L.projectNature],
    [`F${t + 2}`, L.projectCategory],
    [`A${t + 3}`, L.competentDepartment],
    [`D${t + 3}`, L.implementingUnit],
    [`A${t + 4}`, L.plannedStart],
    [`D${t + 4}`, L.plannedEnd],
    [`A${t + 5}`, L.funds],
    [`B${t + 5}`, L.total],
    [`D${t + 5}`, L.annualRequest],
    [`D${t + 6}`, L.currentAppropriation],
    [`D${t + 7}`, L.carryover],
    [`D${t + 8}`, L.other],
    [`A${t + 9}`, L.goals],
    [`B${t + 9}`, L.overallGoal],
    [`E${t + 9}`, L.annualGoal],
    [`A${t + 11}`, L.indicators],
    [`B${t + 11}`, L.level1],
    [`C${t + 11}`, L.level2],
    [`D${t + 11}`, L.level3],
    [`F${t + 11}`, L.target],
  ];
  for (const [address, text] of labels) expectLabel(ws, address, text);

  const content: DeclarationContent = {
    year: Number(ym[1]),
    projectName: readText(ws, `B${t + 2}`, limitOf(L.projectName, TEXT_LIMITS.projectName)),
    projectNature: readText(ws, `E${t + 2}`, limitOf(L.projectNature, TEXT_LIMITS.projectNature)),
    projectCategory: readText(ws, `G${t + 2}`, limitOf(L.projectCategory, TEXT_LIMITS.projectCategory)),
    competentDepartment: readText(
      ws,
      `B${t + 3}`,
      limitOf(L.competentDepartment, TEXT_LIMITS.competentDepartment),
    ),
    implementingUnit: readText(ws, `E${t + 3}`, limitOf(L.implementingUnit, TEXT_LIMITS.implementingUnit)),
    plannedStart: readDate(ws, `B${t + 4}`, L.plannedStart),
    plannedEnd: readDate(ws, `E${t + 4}`, L.plannedEnd),
    funds: {
      total: readMoney(ws, `C${t + 5}`, '项目资金总额'),
      annualRequest: readMoney(ws, `F${t + 5}`, '年度资金申请总额'),
      currentAppropriation: readMoney(ws, `F${t + 6}`, '当年财政拨款'),
      carryover: readMoney(ws, `F${t + 7}`, '上年结转资金'),
      other: readMoney(ws, `F${t + 8}`, '其他资金'),
    },
    overallGoal: readText(ws, `B${t + 10}`, limitOf(L.overallGoal, TEXT_LIMITS.overallGoal)),
    annualGoal: readText(ws, `E${t + 10}`, limitOf(L.annualGoal, TEXT_LIMITS.annualGoal)),
    indicators: [],
  };

  const h = t + 11;
  const withWeights = normLabel(readText(ws, `H${h}`)) === L.weight;
  const headerA = ws.getCell(h, 1);
  if (!headerA.isMerged) return content; // no indicator rows
  const master = headerA.master.address;
  for (let r = h + 1; r <= lastRow; r++) {
    const a = ws.getCell(r, 1);
    if (!a.isMerged || a.master.address !== master) break;
    if (content.indicators.length === COUNT_LIMITS.indicators)
      throw ExportsErrors.WORKBOOK_TOO_MANY_INDICATORS(
        { sheet: ws.name, row: t, max: COUNT_LIMITS.indicators },
        at(ws, `A${t}`),
      );
    content.indicators.push(readIndicatorRow(ws, r, withWeights));
  }
  return content;
}

function readIndicatorRow(ws: Sheet, r: number, withWeights: boolean): IndicatorContent {
  const l1Text = readText(ws, `B${r}`);
  const level1 = LEVEL1_BY_LABEL.get(normLabel(l1Text));
  if (!level1) {
    throw ExportsErrors.WORKBOOK_LEVEL1_INVALID(
      { ...placeOf(ws, `B${r}`), found: l1Text ?? '', allowed: Object.values(LEVEL1_LABEL) },
      at(ws, `B${r}`),
    );
  }
  const { level2, costType } = parseLevel2(ws, `C${r}`);
  if (!LEVEL2_OF[level1].includes(level2)) {
    throw ExportsErrors.WORKBOOK_LEVEL2_MISMATCH(
      { ...placeOf(ws, `C${r}`), level1: LEVEL1_LABEL[level1], level2: LEVEL2_LABEL[level2] },
      at(ws, `C${r}`),
    );
  }
  let weight: string | null = null;
  if (withWeights) {
    const v = rawValue(ws.getCell(`H${r}`));
    if (typeof v === 'number' && Number.isFinite(v)) weight = v.toFixed(2);
    else if (typeof v === 'string' && v.trim() !== '') {
      weight = v.trim();
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(weight))
        throw ExportsErrors.WORKBOOK_WEIGHT_INVALID(
          { ...placeOf(ws, `H${r}`), found: weight },
          at(ws, `H${r}`),
        );
    } else if (v !== null && v !== '') {
      throw ExportsErrors.WORKBOOK_WEIGHT_INVALID(
        { ...placeOf(ws, `H${r}`), found: v instanceof Date ? v.toISOString() : JSON.stringify(v) },
        at(ws, `H${r}`),
      );
    }
  }
  return {
    level1,
    level2,
    costType,
    name: readText(ws, `D${r}`, limitOf(L.level3, TEXT_LIMITS.indicatorName)) ?? '',
    target: readTarget(ws, `F${r}`),
    weight,
    sourceLine: null,
  };
}

function parseLevel2(ws: Sheet, address: string): { level2: Level2; costType: string | null } {
  const text = readText(ws, address) ?? '';
  for (const [code, lab] of LEVEL2_ENTRIES) {
    if (normLabel(text) === lab) return { level2: code, costType: null };
    if (!text.startsWith(lab)) continue;
    const rest = text.slice(lab.length);
    if (/^[(（][\s\S]*[)）]$/.test(rest)) {
      const costType = rest.slice(1, -1);
      if (costType.length > TEXT_LIMITS.costType)
        throw ExportsErrors.WORKBOOK_TEXT_TOO_LONG(
          { ...placeOf(ws, address), what: '成本类型', length: costType.length, max: TEXT_LIMITS.costType },
          at(ws, address),
        );
      return { level2: code, costType };
    }
  }
  throw ExportsErrors.WORKBOOK_LEVEL2_INVALID({ ...placeOf(ws, address), found: text }, at(ws, address));
}

/** The 年度指标值: blank → null; otherwise the notation (target-notation.ts) or a qualitative text. */
function readTarget(ws: Sheet, address: string): Target | null {
  const text = readText(ws, address, limitOf('年度指标值', TEXT_LIMITS.target));
  if (text === null || text.trim() === '') return null;
  try {
    return parseTarget(text);
  } catch (e) {
    // The notation's own refusal says what is wrong, in English until its module is catalogued.
    const detail =
      e instanceof Error ? e.message.replace(/^target "[^"]*":\s*/, '').slice(0, 160) : undefined;
    throw ExportsErrors.WORKBOOK_TARGET_INVALID(
      { ...placeOf(ws, address), found: text.trim(), ...(detail ? { detail } : {}) },
      at(ws, address),
    );
  }
}
