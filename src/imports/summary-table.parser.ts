/**
 * Importer of the summary-table text (汇总表, docs/spec/domain.md §7): the text extracted from a PDF
 * of 财政项目支出绩效目标申报表, one table per project. Pure: text in, content out.
 *
 * Layout. A table starts at a line whose first cell begins with 财政项目支出绩效目标申报表 and
 * runs to the next such line. Cells are tab-separated, but the extraction moved them, so
 * every cell is recognised by its CONTENT, never by its position alone:
 * - a label of the fixed vocabulary, compared with all whitespace removed, full-width
 *   parentheses as ASCII, a trailing colon and a leading `其中:` dropped (项目名称, 项目性质,
 *   项目类别, 主管部门, 实施单位, 计划开始日期, 计划完成日期, 项目资金总额, 年度资金申请总额,
 *   财政资金, 当年财政拨款, 上年结转资金, 其他资金, 项目总目标, 年度总体目标, the indicator header
 *   一级指标/二级指标/三级指标/年度(/项目)指标值, the 一级 and 二级 categories, the cost types
 *   经济成本(指标)/社会成本(指标)/生态环境成本(指标), and the section labels 项目资金(元),
 *   项目绩效目标, 绩效指标);
 * - in the header part, a value belongs to the label before it on the same row; the year is
 *   the `(2026 年度)` cell;
 * - in the indicator part, after the labels of a row come at most two cells: the indicator
 *   name, then its target (`parseTarget`). A single cell is a name without target (the
 *   target stays null; TARGET_MISSING comes from the rule engine). A cell that starts with
 *   a comparator where the name should be cannot be placed.
 * - 一级/二级 (and the cost type) carry down from the rows above (merged cells); a 二级 label
 *   that does not belong to the current 一级 implies its own 一级; 满意度指标 without 二级
 *   implies 服务对象满意度指标.
 * - Project funds: `项目资金总额` → funds.total; `年度资金申请总额` → annualRequest;
 *   `当年财政拨款` → currentAppropriation; `上年结转资金` → carryover; `其他资金` → other.
 *   The form repeats `其中: 财政资金` and `其他资金` on the project-total side (left); those
 *   break down the total, have no field in the content and are read (an amount must be
 *   valid) but not kept. With two `其他资金` on a row the last is the annual one.
 * - Goals: the text under (or after) 项目总目标 / 年度总体目标, matched by column to the label
 *   at or left of it. `<p>`/`<br>` become line breaks, other tags are dropped, the basic
 *   entities (&nbsp; &amp; &lt; &gt; &quot; &#39; &#N; &#xN;) are decoded.
 *
 * LAYOUT_REPAIRED (info, path `line N`) is reported for every indicator row whose layout was
 * inferred: a label or the name not in the column the indicator header gives it (a row
 * shifted left or right), a 二级 label sitting in the name column, an implied 一级 or 二级,
 * a wrapped label (`可持续影 响指标`), and goal text not under its label. Carrying 一级/二级
 * down over blank merged cells is normal and is not reported; neither is the target column
 * moving after a page break (the 7- and 5-cell layouts differ only there).
 *
 * TEXT NORMALISATION (names of indicators, header fields, goals; NOT targets, which come
 * back exactly as written, trimmed):
 *   1. every run of whitespace (tab, NBSP, U+3000 included) becomes one space; trimmed;
 *   2. a space between a CJK character and an ASCII letter or digit, in either order, is
 *      removed (`服务热线 20 秒内` → `服务热线20秒内`, `机房 7x24 小时` → `机房7x24小时`);
 *   3. a space between two CJK characters is removed (a wrapped cell:
 *      `数字化建设 项目` → `数字化建设项目`).
 *   CJK character here: U+2E80–U+2FFF, U+3000–U+303F (CJK punctuation), U+3040–U+30FF,
 *   U+3400–U+4DBF, U+4E00–U+9FFF, U+F900–U+FAFF, U+FF00–U+FFEF (full-width forms).
 *   Spaces between ASCII words, and around ASCII punctuation (`需求, 及时`), stay.
 *
 * All or nothing: the function returns every declaration of the text or throws an
 * AppError (imports.messages.ts) whose field is `line N` and whose message names the line
 * (第 N 行) and the reason (empty or binary text, no table, a table
 * without year or without indicator section or indicators, a row it cannot place, a bad
 * amount, date or target). A text cut off inside a table's indicator section cannot be told
 * from a complete one and is returned as far as it goes (a cut row arrives without target,
 * so TARGET_MISSING blocks its submission); cut anywhere before the first indicator of a
 * table, it throws.
 */
import { AppError } from '../common/errors';
import { parseFormMoney, type Fen } from '../common/money';
import {
  COUNT_LIMITS,
  LEVEL1_LABEL,
  LEVEL2_LABEL,
  LEVEL2_OF,
  assertWithinTextLimits,
  emptyContent,
  tooManyIndicators,
  level1Of,
  type DeclarationContent,
  type Finding,
  type Funds,
  type IndicatorContent,
  type Level1,
  type Level2,
} from '../declarations/declaration-content';
import { isTargetLike, parseTarget } from '../declarations/target-notation';
import { ImportErrors, IMPORT_FINDINGS, type LayoutReason } from './imports.messages';

export interface ParsedDeclaration {
  content: DeclarationContent;
  /** 1-based line of the table's 财政项目支出绩效目标申报表 line. */
  startLine: number;
  /** Findings produced while parsing (LAYOUT_REPAIRED). */
  findings: Finding[];
}

export interface SummaryTableParse {
  declarations: ParsedDeclaration[];
}

const TITLE = '财政项目支出绩效目标申报表';

const CJK =
  '\\u2E80-\\u2FFF\\u3000-\\u303F\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF';
const CJK_CJK = new RegExp(`(?<=[${CJK}]) (?=[${CJK}])`, 'g');
const CJK_ASCII = new RegExp(`(?<=[${CJK}]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=[${CJK}])`, 'g');

/** The text normalisation described at the top of this file. */
export function normaliseText(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(CJK_ASCII, '').replace(CJK_CJK, '');
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Goal text: `<p>`/`<br>` → line breaks, other tags dropped, entities decoded, lines normalised. */
export function goalText(raw: string): string {
  // No two quantifiers over whitespace side by side (`\s*\/?\s*`): on "<" and 200,000
  // spaces they backtracked quadratically (40 s); each space now has one way to match.
  const text = raw
    .replace(/<\s*br(?:\s*\/)?\s*>/gi, '\n')
    .replace(/<\s*(?:\/\s*)?p(\s[^<>]*)?>/gi, '\n')
    .replace(/<\/?[A-Za-z][^<>]*>/g, '')
    .replace(/&(#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]+);/g, (all, e: string) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? all;
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : all;
    });
  return text
    .split('\n')
    .map(normaliseText)
    .filter((l) => l !== '')
    .join('\n');
}

type HeadField =
  | 'projectName'
  | 'projectNature'
  | 'projectCategory'
  | 'competentDepartment'
  | 'implementingUnit'
  | 'plannedStart'
  | 'plannedEnd';
type FundsLabel = keyof Funds | 'totalFiscal';
type GoalField = 'overallGoal' | 'annualGoal';

type Label =
  | { kind: 'title' }
  | { kind: 'year'; year: number }
  | { kind: 'section' }
  | { kind: 'head'; field: HeadField; zh: string; item: string }
  | { kind: 'funds'; field: FundsLabel; zh: string; item: string }
  | { kind: 'goal'; field: GoalField; zh: string; item: string }
  | { kind: 'column'; which: 'l1' | 'l2' | 'name' | 'value' }
  | { kind: 'level1'; value: Level1 }
  | { kind: 'level2'; value: Level2 }
  | { kind: 'cost'; value: string };

const HEAD_LABELS: Record<string, HeadField> = {
  项目名称: 'projectName',
  项目性质: 'projectNature',
  项目类别: 'projectCategory',
  主管部门: 'competentDepartment',
  实施单位: 'implementingUnit',
  计划开始日期: 'plannedStart',
  计划完成日期: 'plannedEnd',
};
const FUNDS_LABELS: Record<string, FundsLabel> = {
  项目资金总额: 'total',
  年度资金申请总额: 'annualRequest',
  财政资金: 'totalFiscal',
  当年财政拨款: 'currentAppropriation',
  上年结转资金: 'carryover',
  其他资金: 'other',
};
const GOAL_LABELS: Record<string, GoalField> = { 项目总目标: 'overallGoal', 年度总体目标: 'annualGoal' };
const SECTION_LABELS = new Set(['项目资金(元)', '项目资金', '项目绩效目标', '绩效目标', '绩效指标']);
const COLUMN_LABELS: Record<string, 'l1' | 'l2' | 'name' | 'value'> = {
  一级指标: 'l1',
  二级指标: 'l2',
  三级指标: 'name',
  '年度(/项目)指标值': 'value',
  '年度(项目)指标值': 'value',
  年度指标值: 'value',
  指标值: 'value',
};
const LEVEL1_BY_LABEL = new Map<string, Level1>(
  (Object.entries(LEVEL1_LABEL) as Array<[Level1, string]>).map(([k, v]) => [v, k]),
);
const LEVEL2_BY_LABEL = new Map<string, Level2>(
  (Object.entries(LEVEL2_LABEL) as Array<[Level2, string]>).map(([k, v]) => [v, k]),
);
const COST_TYPES: Record<string, string> = {
  经济成本指标: '经济成本',
  经济成本: '经济成本',
  社会成本指标: '社会成本',
  社会成本: '社会成本',
  生态环境成本指标: '生态环境成本',
  生态环境成本: '生态环境成本',
};
function labelKey(text: string): string {
  const key = text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  // Trailing colons cut by hand: /[:：]+$/ retries from every colon of a long run (quadratic).
  let end = key.length;
  while (end > 0 && (key[end - 1] === ':' || key[end - 1] === '：')) end--;
  return key.slice(0, end);
}

const YEAR = /^\((\d{4})年度?\)$/;

function classify(text: string): Label | null {
  let key = labelKey(text);
  if (key.startsWith(TITLE)) return { kind: 'title' };
  const year = YEAR.exec(key);
  if (year) return { kind: 'year', year: Number(year[1]) };
  if (SECTION_LABELS.has(key)) return { kind: 'section' };
  key = key.replace(/^其中[:：]?/, '');
  if (key in HEAD_LABELS) return { kind: 'head', field: HEAD_LABELS[key], zh: key, item: HEAD_LABELS[key] };
  if (key in FUNDS_LABELS)
    return { kind: 'funds', field: FUNDS_LABELS[key], zh: key, item: `funds.${FUNDS_LABELS[key]}` };
  if (key in GOAL_LABELS) return { kind: 'goal', field: GOAL_LABELS[key], zh: key, item: GOAL_LABELS[key] };
  if (key in COLUMN_LABELS) return { kind: 'column', which: COLUMN_LABELS[key] };
  const l1 = LEVEL1_BY_LABEL.get(key);
  if (l1) return { kind: 'level1', value: l1 };
  const l2 = LEVEL2_BY_LABEL.get(key);
  if (l2) return { kind: 'level2', value: l2 };
  if (key in COST_TYPES) return { kind: 'cost', value: COST_TYPES[key] };
  return null;
}

interface Cell {
  /** 0-based column. */
  col: number;
  /** Trimmed text, as written. */
  text: string;
  label: Label | null;
}

type ImportRefusal = Exclude<
  keyof typeof ImportErrors,
  `UPLOAD_${string}` | 'IMPORT_FILE_EMPTY' | 'IMPORT_NOT_TEXT' | 'IMPORT_TOO_MANY_DECLARATIONS'
>;

/** Refuses the text at a line: the code's message names it (第 N 行), the field is `line N`. */
function fail(line: number, code: ImportRefusal, params: Record<string, unknown> = {}): never {
  throw ImportErrors[code]({ line, ...params } as never, { field: `line ${line}` });
}

/**
 * What a summary-table text may hold, far beyond a real one (the 2026 table of nine projects
 * has 249 lines of at most a few thousand characters, 7 cells each): more lines, longer lines
 * or more cells on a line are refused (413) before they are parsed. Together with
 * COUNT_LIMITS.indicators they keep the parse linear and small.
 */
export const TEXT_IMPORT_LIMITS = {
  lines: 100_000,
  /** Characters of one line: a row with both goals at their longest (20,000 each) fits. */
  lineLength: 100_000,
  /** Tab-separated cells of one line (the form has at most 8). */
  cellsPerLine: 64,
} as const;

// C0 controls but tab, line feed, form feed and carriage return; DEL; the replacement character.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000B\u000E-\u001F\u007F\uFFFD]/;
const MONEY = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;
const NO_AMOUNT = new Set(['-', '—', '－', '/', '／']);

function parseAmount(text: string, line: number, item: string): Fen | null {
  const t = text.replace(/\s+/g, '').replace(/，/g, ',');
  if (NO_AMOUNT.has(t)) return null;
  if (!MONEY.test(t)) fail(line, 'IMPORT_AMOUNT_INVALID', { item, text });
  try {
    return parseFormMoney(t, item);
  } catch (e) {
    if (e instanceof AppError) fail(line, 'IMPORT_AMOUNT_INVALID', { item, text });
    throw e;
  }
}

function parseDate(text: string, line: number, item: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) {
      return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    }
  }
  return fail(line, 'IMPORT_DATE_INVALID', { item, text });
}

type Reason = LayoutReason;

/** One table, fed row by row. */
class TableParser {
  readonly content = emptyContent(0);
  readonly findings: Finding[] = [];
  private year: number | null = null;
  private yearLine = 0;
  private readonly seen = new Map<string, number>();
  private goalCols: Array<{ field: GoalField; col: number }> = [];
  private readonly goals: Record<GoalField, string[]> = { overallGoal: [], annualGoal: [] };
  private cols: { l1: number; l2: number; name: number } | null = null;
  private l1: Level1 | null = null;
  private l2: Level2 | null = null;
  private costType: string | null = null;
  /** The cost type sits in a column of its own before the name (the name moves one right). */
  private costSubColumn = false;
  private lastLine: number;

  constructor(readonly startLine: number) {
    this.lastLine = startLine;
  }

  row(line: number, cells: Cell[]): void {
    if (cells.length === 0) return;
    this.lastLine = line;
    if (this.cols) this.indicatorRow(line, cells);
    else if (cells.some((c) => c.label?.kind === 'column')) this.columnHeader(line, cells);
    else this.headRow(line, cells);
  }

  private once(item: string, line: number): void {
    const first = this.seen.get(item);
    if (first !== undefined) fail(line, 'IMPORT_FIELD_TWICE', { item, first });
    this.seen.set(item, line);
  }

  private headRow(line: number, cells: Cell[]): void {
    if (cells.some((c) => c.label && ['level1', 'level2', 'cost'].includes(c.label.kind))) {
      fail(line, 'IMPORT_INDICATOR_BEFORE_HEADER');
    }
    const othersOnRow = cells.filter((c) => c.label?.kind === 'funds' && c.label.field === 'other').length;
    let othersSeen = 0;
    let current: { label: Label; hasValue: boolean } | null = null;
    for (const cell of cells) {
      const label = cell.label;
      if (label) {
        if (label.kind === 'year') {
          if (this.year !== null && this.year !== label.year) {
            fail(line, 'IMPORT_YEAR_CONFLICT', {
              year: label.year,
              first: this.year,
              firstLine: this.yearLine,
            });
          }
          this.year = label.year;
          this.yearLine = line;
        }
        if (label.kind === 'goal') {
          this.once(label.item, line);
          this.goalCols.push({ field: label.field, col: cell.col });
          this.goalCols.sort((a, b) => a.col - b.col);
        }
        if (label.kind === 'funds' && label.field === 'other') othersSeen++;
        current = { label, hasValue: false };
        if (label.kind === 'title') {
          const rest = YEAR.exec(labelKey(cell.text).slice(TITLE.length));
          if (rest) this.year = Number(rest[1]);
        }
        continue;
      }
      if (current === null) {
        if (this.goalCols.length > 0) {
          this.goalByColumn(line, cell);
          continue;
        }
        fail(line, 'IMPORT_CELL_UNPLACED', { text: cell.text });
      }
      const { label: l } = current;
      if (l.kind !== 'head' && l.kind !== 'funds' && l.kind !== 'goal') {
        fail(line, 'IMPORT_CELL_UNPLACED', {
          text: cell.text,
          after: cells.find((c) => c.label === l)!.text,
        });
      }
      if (current.hasValue) fail(line, 'IMPORT_TWO_VALUES', { item: l.item, text: cell.text });
      current.hasValue = true;
      if (l.kind === 'head') {
        this.once(l.item, line);
        this.content[l.field] =
          l.field === 'plannedStart' || l.field === 'plannedEnd'
            ? parseDate(cell.text, line, l.item)
            : normaliseText(cell.text);
      } else if (l.kind === 'funds') {
        const amount = parseAmount(cell.text, line, l.item);
        // The project-total side's breakdown (财政资金, the first of two 其他资金) has no field.
        const totalSide =
          l.field === 'totalFiscal' || (l.field === 'other' && othersOnRow > 1 && othersSeen === 1);
        if (!totalSide) {
          this.once(l.item, line);
          this.content.funds[l.field as keyof Funds] = amount;
        }
      } else {
        this.goals[l.field].push(cell.text);
      }
    }
  }

  private goalByColumn(line: number, cell: Cell): void {
    const looksLikeTarget = isTargetLike(cell.text) && !/^<\s*\/?[A-Za-z]/.test(cell.text);
    if (looksLikeTarget) fail(line, 'IMPORT_INDICATOR_BEFORE_HEADER');
    const at = [...this.goalCols].reverse().find((g) => g.col <= cell.col) ?? this.goalCols[0];
    this.goals[at.field].push(cell.text);
    if (at.col !== cell.col) {
      this.repaired(line, [
        {
          code: 'LAYOUT_GOAL_COLUMN',
          params: { column: cell.col + 1, item: at.field, itemColumn: at.col + 1 },
        },
      ]);
    }
  }

  private columnHeader(line: number, cells: Cell[]): void {
    const cols: Partial<Record<'l1' | 'l2' | 'name' | 'value', number>> = {};
    for (const cell of cells) {
      if (cell.label?.kind === 'section') continue;
      if (cell.label?.kind !== 'column') fail(line, 'IMPORT_HEADER_UNEXPECTED', { text: cell.text });
      cols[cell.label.which] = cell.col;
    }
    if (cols.l1 === undefined || cols.l2 === undefined || cols.name === undefined) {
      fail(line, 'IMPORT_HEADER_INCOMPLETE');
    }
    this.cols = { l1: cols.l1, l2: cols.l2, name: cols.name };
  }

  private indicatorRow(line: number, cells: Cell[]): void {
    const cols = this.cols!;
    if (cells.some((c) => c.label?.kind === 'column')) {
      // The header repeated (after a page break).
      this.columnHeader(line, cells);
      return;
    }
    const labels: Cell[] = [];
    const content: Cell[] = [];
    for (const cell of cells) {
      const kind = cell.label?.kind;
      if (kind === 'section') continue;
      if (kind === 'level1' || kind === 'level2' || kind === 'cost') {
        if (content.length > 0)
          fail(line, 'IMPORT_LABEL_AFTER_NAME', { text: cell.text, name: content[0].text });
        labels.push(cell);
      } else if (kind) {
        fail(line, 'IMPORT_LABEL_IN_INDICATORS', { text: cell.text });
      } else {
        content.push(cell);
      }
    }
    const pick = (kind: 'level1' | 'level2' | 'cost'): Cell | undefined => {
      const found = labels.filter((c) => c.label!.kind === kind);
      if (found.length > 1) fail(line, 'IMPORT_TWO_LABELS', { kind });
      return found[0];
    };
    const l1Cell = pick('level1');
    const l2Cell = pick('level2');
    const costCell = pick('cost');
    const reasons: Reason[] = [];
    for (const c of labels) {
      const joined = c.text.replace(/\s+/g, '');
      if (joined !== c.text) reasons.push({ code: 'LAYOUT_WRAPPED_LABEL', params: { text: c.text, joined } });
    }

    if (l1Cell) {
      this.l1 = (l1Cell.label as { value: Level1 }).value;
      this.l2 = null;
      this.costType = null;
      this.costSubColumn = false;
    }
    if (l2Cell) {
      const l2 = (l2Cell.label as { value: Level2 }).value;
      if (this.l1 === null || !LEVEL2_OF[this.l1].includes(l2)) {
        if (l1Cell) fail(line, 'IMPORT_LEVEL2_MISMATCH', { level1: this.l1, level2: l2 });
        this.l1 = level1Of(l2);
        reasons.push({ code: 'LAYOUT_LEVEL1_IMPLIED', params: { level1: this.l1, level2: l2 } });
      }
      this.l2 = l2;
      this.costType = null;
      this.costSubColumn = false;
    }
    if (costCell) {
      const type = (costCell.label as { value: string }).value;
      if (this.l2 !== 'cost') {
        if (l2Cell)
          fail(line, 'IMPORT_COST_TYPE_MISPLACED', {
            text: costCell.text,
            kind: 'level2',
            under: l2Cell.text,
          });
        if (this.l1 !== 'output') {
          if (l1Cell)
            fail(line, 'IMPORT_COST_TYPE_MISPLACED', {
              text: costCell.text,
              kind: 'level1',
              under: l1Cell.text,
            });
          reasons.push({ code: 'LAYOUT_LEVEL1_IMPLIED_BY_COST', params: { text: costCell.text } });
          this.l1 = 'output';
        }
        this.l2 = 'cost';
      }
      this.costType = type;
      // In the 二级 column (instead of 成本指标) it replaces the 二级 label; otherwise it has
      // a column of its own between the 二级 label and the name.
      this.costSubColumn = !(costCell.col === cols.l2 && !l2Cell);
    }

    // Where the header (and a cost-type sub-column) puts each cell.
    const moves: Array<{
      kind: 'level1' | 'level2' | 'cost' | 'name';
      text: string;
      col: number;
      expected: number;
    }> = [];
    if (l1Cell && l1Cell.col !== cols.l1) {
      moves.push({ kind: 'level1', text: l1Cell.text, col: l1Cell.col, expected: cols.l1 });
    }
    if (l2Cell && l2Cell.col !== cols.l2) {
      if (l2Cell.col === cols.name) {
        reasons.push({ code: 'LAYOUT_LEVEL2_IN_NAME_COLUMN', params: { text: l2Cell.text } });
      } else {
        moves.push({ kind: 'level2', text: l2Cell.text, col: l2Cell.col, expected: cols.l2 });
      }
    }
    if (costCell && this.costSubColumn && costCell.col !== cols.name) {
      moves.push({ kind: 'cost', text: costCell.text, col: costCell.col, expected: cols.name });
    }
    const nameCol = cols.name + (this.l2 === 'cost' && this.costSubColumn ? 1 : 0);
    if (content.length > 0 && content[0].col !== nameCol) {
      moves.push({ kind: 'name', text: content[0].text, col: content[0].col, expected: nameCol });
    }
    if (moves.length > 0) {
      const d = moves[0].col - moves[0].expected;
      if (moves.every((m) => m.col - m.expected === d)) {
        reasons.push({
          code: 'LAYOUT_SHIFTED',
          params: {
            columns: Math.abs(d),
            direction: d < 0 ? 'left' : 'right',
            moves: moves.map((m) => ({ kind: m.kind, text: m.text })),
          },
        });
      } else {
        for (const m of moves) {
          reasons.push({
            code: 'LAYOUT_CELL_MOVED',
            params: { kind: m.kind, text: m.text, column: m.col + 1, expected: m.expected + 1 },
          });
        }
      }
    }

    if (content.length === 0) {
      // A row of labels only (a merged label opening a block): nothing to place.
      this.repaired(line, reasons);
      return;
    }
    if (content.length > 2) {
      fail(line, 'IMPORT_ROW_UNPLACEABLE', {
        count: content.length,
        cells: content.slice(0, 4).map((c) => c.text),
      });
    }
    const [nameCell, targetCell] = content;
    if (isTargetLike(nameCell.text)) fail(line, 'IMPORT_TARGET_WITHOUT_NAME', { text: nameCell.text });
    if (this.l2 === null) {
      if (this.l1 === 'satisfaction') {
        this.l2 = 'serviceSatisfaction';
        reasons.push({ code: 'LAYOUT_LEVEL2_IMPLIED', params: {} });
      } else if (this.l1 === null) {
        fail(line, 'IMPORT_INDICATOR_WITHOUT_LEVELS', { name: nameCell.text });
      } else {
        fail(line, 'IMPORT_INDICATOR_WITHOUT_LEVEL2', { name: nameCell.text, level1: this.l1 });
      }
    }
    const target = targetCell ? parseTarget(targetCell.text, `line ${line}`) : null;
    const indicator: IndicatorContent = {
      level1: this.l1!,
      level2: this.l2!,
      costType: this.l2 === 'cost' ? this.costType : null,
      name: normaliseText(nameCell.text),
      target,
      weight: null,
      sourceLine: line,
    };
    if (this.content.indicators.length === COUNT_LIMITS.indicators) {
      throw tooManyIndicators({
        line,
        project: this.content.projectName ?? undefined,
        startLine: this.startLine,
      });
    }
    this.content.indicators.push(indicator);
    this.repaired(line, reasons);
  }

  /**
   * A LAYOUT_REPAIRED finding for the line, its message in Chinese; the rule engine renders it
   * in the reader's language from its parameters (the line and the reasons, as codes).
   */
  private repaired(line: number, reasons: Reason[]): void {
    if (reasons.length === 0) return;
    const params = { line, reasons };
    this.findings.push({
      severity: 'info',
      code: 'LAYOUT_REPAIRED',
      message: IMPORT_FINDINGS.LAYOUT_REPAIRED.zh(params),
      path: `line ${line}`,
      field: `line ${line}`,
      params,
    });
  }

  finish(): ParsedDeclaration {
    const table = { project: this.content.projectName ?? undefined, startLine: this.startLine };
    if (this.year === null) fail(this.startLine, 'IMPORT_NO_YEAR', table);
    if (this.cols === null) fail(this.lastLine, 'IMPORT_NO_INDICATOR_SECTION', table);
    if (this.content.indicators.length === 0) fail(this.lastLine, 'IMPORT_NO_INDICATORS', table);
    this.content.year = this.year;
    for (const field of ['overallGoal', 'annualGoal'] as const) {
      const text = this.goals[field].map(goalText).filter((t) => t !== '');
      this.content[field] = text.length > 0 ? text.join('\n') : null;
    }
    assertWithinTextLimits(this.content, {
      line: this.startLine,
      ...table,
      fieldLines: Object.fromEntries(this.seen),
    });
    this.findings.sort((a, b) => Number(a.path.slice(5)) - Number(b.path.slice(5)));
    return { content: this.content, startLine: this.startLine, findings: this.findings };
  }
}

function cellsOf(line: string, number: number): Cell[] {
  const cells: Cell[] = [];
  const raws = line.split('\t', TEXT_IMPORT_LIMITS.cellsPerLine + 1);
  if (raws.length > TEXT_IMPORT_LIMITS.cellsPerLine)
    fail(number, 'IMPORT_TOO_MANY_CELLS', { max: TEXT_IMPORT_LIMITS.cellsPerLine, rowMax: 8 });
  raws.forEach((raw, col) => {
    const text = raw.trim();
    if (text !== '') cells.push({ col, text, label: classify(text) });
  });
  return cells;
}

/** Parses the summary-table text; all or nothing (see the top of this file). */
export function parseSummaryTable(text: string): SummaryTableParse {
  if (typeof text !== 'string') fail(1, 'IMPORT_TEXT_EMPTY');
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') fail(1, 'IMPORT_TEXT_EMPTY');
  const lines = body.split(/\r\n|\n|\r/, TEXT_IMPORT_LIMITS.lines + 1).map((l) => l.replace(/\f/g, ''));
  if (lines.length > TEXT_IMPORT_LIMITS.lines)
    fail(TEXT_IMPORT_LIMITS.lines + 1, 'IMPORT_TOO_MANY_LINES', { max: TEXT_IMPORT_LIMITS.lines });
  lines.forEach((l, i) => {
    if (l.length > TEXT_IMPORT_LIMITS.lineLength)
      fail(i + 1, 'IMPORT_LINE_TOO_LONG', { length: l.length, max: TEXT_IMPORT_LIMITS.lineLength });
    const bad = BINARY.exec(l);
    if (bad) {
      const codePoint = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      fail(i + 1, 'IMPORT_BINARY', { codePoint, column: bad.index + 1 });
    }
  });

  const declarations: ParsedDeclaration[] = [];
  let table: TableParser | null = null;
  lines.forEach((l, i) => {
    const line = i + 1;
    const cells = cellsOf(l, line);
    if (cells.length > 0 && cells[0].label?.kind === 'title') {
      if (table) declarations.push(table.finish());
      table = new TableParser(line);
    }
    if (table) table.row(line, cells);
    else if (cells.length > 1) fail(line, 'IMPORT_ROW_BEFORE_TABLE');
  });
  if (table === null) fail(1, 'IMPORT_NO_TABLE');
  declarations.push((table as TableParser).finish());
  return { declarations };
}
