import type ExcelJS from 'exceljs';
import { defaults } from '../../config/defaults';
import { InputError } from '../common/input-error';
import type { Fen } from '../common/money';
import {
  COUNT_LIMITS,
  tooManyIndicators,
  LEVEL1_LABEL,
  LEVEL2_LABEL,
  LEVEL2_OF,
  assertWithinTextLimits,
  type DeclarationContent,
  type IndicatorContent,
  type Level1,
  type Level2,
  type Target,
} from '../declarations/declaration-content';
import { parseTarget } from '../declarations/target-notation';
import {
  addFormSheet,
  cellText,
  fitHeight,
  label,
  loadInspected,
  loadWorkbook,
  newWorkbook,
  normLabel,
  put,
  putMoney,
  rawValue,
  readMoney,
  spanWidth,
  toBuffer,
  where,
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

export interface DeclarationMeta {
  /** Printed under the form; the caller chooses the wording (e.g. 已审核). */
  state?: string;
  departmentName?: string;
}

const COL_WIDTHS = [12, 16, 18, 16, 22, 14, 16, 10];
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
  for (const { content, meta } of items) {
    const withWeights = hasWeights(content);
    const last = withWeights ? 8 : 7;
    const ws = addFormSheet(wb, content.projectName || '申报表', COL_WIDTHS.slice(0, last));
    const end = writeDeclarationBlock(ws, 1, content, withWeights);
    writeMeta(ws, end, last, meta);
  }
  if (items.length === 0) addFormSheet(wb, '申报表', COL_WIDTHS.slice(0, 7));
  return toBuffer(wb);
}

export async function summaryWorkbook(
  rows: Array<{ departmentName: string; state: string; content: DeclarationContent }>,
  year: number,
  opts: { title?: string } = {},
): Promise<Buffer> {
  const wb = await newWorkbook();
  const anyWeights = rows.some((r) => hasWeights(r.content));
  const last = anyWeights ? 8 : 7;
  const ws = addFormSheet(wb, `${year}年度汇总表`, COL_WIDTHS.slice(0, last));
  const depts = [...new Set(rows.map((r) => r.departmentName.trim()))];
  const title =
    opts.title ??
    (depts.length === 1 && depts[0]
      ? `${depts[0]} ${year} 年度项目绩效目标汇总表`
      : `${year} 年度项目绩效目标汇总表`);
  put(ws, 1, 1, 1, last, title, { bold: true, size: 16, horizontal: 'center', border: false });
  ws.getRow(1).height = 32;

  let row = 3;
  for (const r of rows) {
    const end = writeDeclarationBlock(ws, row, r.content, hasWeights(r.content));
    row = writeMeta(ws, end, last, { departmentName: r.departmentName, state: r.state }) + 1;
  }

  // Totals (合计) of the funds of every declaration listed.
  const sum = (pick: (c: DeclarationContent) => Fen | null): Fen =>
    rows.reduce((acc, r) => acc + (pick(r.content) ?? 0n), 0n);
  put(ws, row, 1, row, last, `合计（${rows.length} 个项目）`, { label: true, size: 11 });
  ws.getRow(row).height = 22;
  const totals: Array<[string, string | Fen]> = [
    ['项目个数', String(rows.length)],
    ['绩效指标个数', String(rows.reduce((n, r) => n + r.content.indicators.length, 0))],
    ['项目资金总额合计（元）', sum((c) => c.funds.total)],
    ['年度资金申请总额合计（元）', sum((c) => c.funds.annualRequest)],
    ['其中：当年财政拨款（元）', sum((c) => c.funds.currentAppropriation)],
    ['上年结转资金（元）', sum((c) => c.funds.carryover)],
    ['其他资金（元）', sum((c) => c.funds.other)],
  ];
  for (const [text, value] of totals) {
    row++;
    label(ws, row, 1, row, 5, text);
    if (typeof value === 'bigint') putMoney(ws, row, 6, row, last, value);
    else put(ws, row, 6, row, last, Number(value), { horizontal: 'right' });
    ws.getRow(row).height = 20;
  }
  return toBuffer(wb);
}

function hasWeights(content: DeclarationContent): boolean {
  return content.indicators.some((i) => i.weight !== null);
}

function writeMeta(ws: Sheet, end: number, last: number, meta?: DeclarationMeta): number {
  const parts: string[] = [];
  if (meta?.departmentName) parts.push(`填报单位：${meta.departmentName}`);
  if (meta?.state) parts.push(`状态：${meta.state}`);
  if (parts.length === 0) return end + 1;
  put(ws, end + 1, 1, end + 1, last, parts.join('　　'), { border: false, size: 9 });
  return end + 2;
}

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
  fitHeight(ws, r, [
    [c.projectName, spanWidth(ws, 2, 3)],
    [c.projectNature, spanWidth(ws, 5, 5)],
    [c.projectCategory, spanWidth(ws, 7, last)],
  ]);
  r++;
  label(ws, r, 1, r, 1, L.competentDepartment);
  put(ws, r, 2, r, 3, c.competentDepartment);
  label(ws, r, 4, r, 4, L.implementingUnit);
  put(ws, r, 5, r, last, c.implementingUnit);
  fitHeight(ws, r, [
    [c.competentDepartment, spanWidth(ws, 2, 3)],
    [c.implementingUnit, spanWidth(ws, 5, last)],
  ]);
  r++;
  label(ws, r, 1, r, 1, L.plannedStart);
  put(ws, r, 2, r, 3, c.plannedStart);
  label(ws, r, 4, r, 4, L.plannedEnd);
  put(ws, r, 5, r, last, c.plannedEnd);
  ws.getRow(r).height = 20;

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
  fitHeight(
    ws,
    r + 1,
    [
      [c.overallGoal, spanWidth(ws, 2, 4)],
      [c.annualGoal, spanWidth(ws, 5, last)],
    ],
    60,
  );

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
    fitHeight(ws, row, [
      [ind.name, spanWidth(ws, 4, 5)],
      [ind.target?.display, spanWidth(ws, 6, 7)],
      [level2Text(ind), spanWidth(ws, 3, 3)],
    ]);
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
 * Reads back workbooks written by `declarationWorkbook` (one form per sheet) or by
 * `summaryWorkbook` (several forms one under the other): every sheet, every form found by its
 * title in column A, in order. Anything unreadable is an InputError naming sheet and cell.
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

/**
 * Bounded by the inspected limits: only the rows that exist are visited when looking for
 * forms (`eachRow`), and no loop runs past `limits.maxRows`, whatever `rowCount` says (one
 * cell at A10000000 made the old loop create ten million rows).
 */
function readWorkbook(wb: ExcelJS.Workbook, limits: UploadLimits): DeclarationContent[] {
  const out: DeclarationContent[] = [];
  const sheets = wb.worksheets.filter((ws) => ws.actualRowCount > 0);
  if (sheets.length === 0) throw new InputError('the workbook has no filled sheet', 'file');
  for (const ws of sheets) {
    const titles: number[] = [];
    ws.eachRow((row, r) => {
      if (r <= limits.maxRows && normLabel(cellText(row.getCell(1))) === FORM_TITLE) titles.push(r);
    });
    if (titles.length === 0) {
      throw new InputError(
        `sheet "${ws.name}": no ${FORM_TITLE} found (column A has no cell reading "${FORM_TITLE}"); only workbooks exported by this service can be read`,
        `sheet "${ws.name}"`,
      );
    }
    for (const t of titles) {
      const content = readDeclarationBlock(ws, t, Math.min(ws.rowCount, limits.maxRows));
      assertWithinTextLimits(content, `sheet "${ws.name}", the form at row ${t}`);
      out.push(content);
    }
  }
  return out;
}

const LEVEL1_BY_LABEL = new Map(
  (Object.entries(LEVEL1_LABEL) as Array<[Level1, string]>).map(([k, v]) => [normLabel(v), k]),
);
const LEVEL2_ENTRIES = Object.entries(LEVEL2_LABEL) as Array<[Level2, string]>;

function expectLabel(ws: Sheet, address: string, expected: string): void {
  const got = cellText(ws.getCell(address));
  if (normLabel(got) !== normLabel(expected)) {
    const shown = expected.replace(/\n/g, '');
    throw new InputError(
      `${where(ws, address)}: expected the label "${shown}", found ${got === null ? 'an empty cell' : `"${got.slice(0, 40)}"`}; the sheet is not laid out as exported by this service`,
      where(ws, address),
    );
  }
}

function readText(ws: Sheet, address: string): string | null {
  return cellText(ws.getCell(address));
}

function readDate(ws: Sheet, address: string, what: string): string | null {
  const v = rawValue(ws.getCell(address));
  if (v === null || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = typeof v === 'string' ? v.trim() : String(v as number);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const field = `${where(ws, address)} (${what})`;
    throw new InputError(`${field}: "${s.slice(0, 40)}" is not a date YYYY-MM-DD`, field);
  }
  return s;
}

function readDeclarationBlock(ws: Sheet, t: number, lastRow: number): DeclarationContent {
  const yearText = readText(ws, `A${t + 1}`) ?? '';
  const ym = /^[(（]\s*(\d{4})\s*年度?\s*[)）]$/.exec(yearText.trim());
  if (!ym) {
    throw new InputError(
      `${where(ws, `A${t + 1}`)}: expected the year as "(2026 年度)", found "${yearText.slice(0, 40)}"`,
      where(ws, `A${t + 1}`),
    );
  }
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
    projectName: readText(ws, `B${t + 2}`),
    projectNature: readText(ws, `E${t + 2}`),
    projectCategory: readText(ws, `G${t + 2}`),
    competentDepartment: readText(ws, `B${t + 3}`),
    implementingUnit: readText(ws, `E${t + 3}`),
    plannedStart: readDate(ws, `B${t + 4}`, L.plannedStart),
    plannedEnd: readDate(ws, `E${t + 4}`, L.plannedEnd),
    funds: {
      total: readMoney(ws, `C${t + 5}`, '项目资金总额'),
      annualRequest: readMoney(ws, `F${t + 5}`, '年度资金申请总额'),
      currentAppropriation: readMoney(ws, `F${t + 6}`, '当年财政拨款'),
      carryover: readMoney(ws, `F${t + 7}`, '上年结转资金'),
      other: readMoney(ws, `F${t + 8}`, '其他资金'),
    },
    overallGoal: readText(ws, `B${t + 10}`),
    annualGoal: readText(ws, `E${t + 10}`),
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
      throw tooManyIndicators(`sheet "${ws.name}", the form at row ${t}`);
    content.indicators.push(readIndicatorRow(ws, r, withWeights));
  }
  return content;
}

function readIndicatorRow(ws: Sheet, r: number, withWeights: boolean): IndicatorContent {
  const l1Text = readText(ws, `B${r}`);
  const level1 = LEVEL1_BY_LABEL.get(normLabel(l1Text));
  if (!level1) {
    throw new InputError(
      `${where(ws, `B${r}`)}: "${(l1Text ?? '').slice(0, 40)}" is not a 一级指标 (${Object.values(LEVEL1_LABEL).join('/')})`,
      where(ws, `B${r}`),
    );
  }
  const { level2, costType } = parseLevel2(ws, `C${r}`);
  if (!LEVEL2_OF[level1].includes(level2)) {
    throw new InputError(
      `${where(ws, `C${r}`)}: ${LEVEL2_LABEL[level2]} does not belong to ${LEVEL1_LABEL[level1]}`,
      where(ws, `C${r}`),
    );
  }
  const targetText = readText(ws, `F${r}`);
  let weight: string | null = null;
  if (withWeights) {
    const v = rawValue(ws.getCell(`H${r}`));
    if (typeof v === 'number' && Number.isFinite(v)) weight = v.toFixed(2);
    else if (typeof v === 'string' && v.trim() !== '') {
      weight = v.trim();
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(weight)) {
        const field = `${where(ws, `H${r}`)} (分值)`;
        throw new InputError(`${field}: "${weight.slice(0, 20)}" is not a weight such as "12.50"`, field);
      }
    } else if (v !== null && v !== '') {
      const field = `${where(ws, `H${r}`)} (分值)`;
      throw new InputError(`${field}: not a weight such as "12.50"`, field);
    }
  }
  return {
    level1,
    level2,
    costType,
    name: readText(ws, `D${r}`) ?? '',
    target: readTarget(ws, `F${r}`, targetText),
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
    if (/^[(（][\s\S]*[)）]$/.test(rest)) return { level2: code, costType: rest.slice(1, -1) };
  }
  throw new InputError(
    `${where(ws, address)}: "${text.slice(0, 40)}" is not a 二级指标 (e.g. 数量指标, or 成本指标（经济成本）)`,
    where(ws, address),
  );
}

function readTarget(ws: Sheet, address: string, text: string | null): Target | null {
  if (text === null || text.trim() === '') return null;
  const field = `${where(ws, address)} (年度指标值)`;
  try {
    return parseTarget(text, field);
  } catch (e) {
    if (e instanceof InputError && e.message.includes(ws.name)) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(`${field}: ${why}`, field);
  }
}
