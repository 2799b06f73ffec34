import { allEnumerations } from '../common/i18n';
import { parseMoney } from '../common/money';
import { LEVEL1_LABEL, LEVEL2_LABEL } from '../declarations/declaration-content';
import { LIGHT_FILL, MONEY_FORMAT, label, moneyCellValue, put, type Sheet } from '../exports/xlsx-layout';

/**
 * What the two official report forms share, laid out from VIEW MODELS of already-computed
 * display strings (scores, rates and lights are computed elsewhere; nothing is computed here):
 * the title, header and footer rows, the words of codes, and the indicator table, whose
 * columns each report declares beside its fields (`FormLayout`: MONITORING_FORM in
 * monitoring/monitoring-form.ts, EVALUATION_FORM in evaluation/evaluation-form.ts).
 *
 * - 绩效运行监控表 (docs/spec/domain.md §5): `monitoringWorkbook` (monitoring/monitoring-xlsx.ts).
 * - 绩效自评表 (docs/spec/domain.md §6): `evaluationWorkbook` (evaluation/evaluation-xlsx.ts).
 *
 * Conventions of the view models:
 * - Money is a decimal string ("466691775.00"); it is written as a number with '#,##0.00' when
 *   exact (see xlsx-layout.ts), otherwise as the text given (e.g. "" or "—").
 * - Scores, rates, weights, actual values: written verbatim as text ("11.83", "95.00%").
 * - Levels: the code (`output`, `quantity`) or already the Chinese label (产出指标).
 * - Lights: 红/黄/绿 or red/yellow/green; written 红/黄/绿 on a coloured cell.
 * - Likelihood `certain`/`possible`/`impossible` → 确定能/有可能/完全不可能; a qualitative forecast
 *   or achievement `achieved`/`partial`/`notAchieved` → 达成年度指标/部分达成年度指标/未达成年度指标;
 *   the grade 优/良/中/差 or `excellent`/`good`/`fair`/`poor` → 优/良/中/差. A code of an
 *   enumeration registered under the same name (i18n.ts) is written as its Chinese word. Any
 *   other text is written as given: no code reaches the printed form where a word belongs.
 * - Every row is as tall as its wrapped text (a two-line target included), and the form prints
 *   one page wide, its table header repeated on each page when it runs over one.
 */

export type LightVM = '红' | '黄' | '绿' | 'red' | 'yellow' | 'green';
export type DeviationCategory = 'funding' | 'institutional' | 'staffing' | 'hardware' | 'other';

export const DEVIATION_CATEGORY_LABEL: Record<DeviationCategory, string> = {
  funding: '经费保障',
  institutional: '制度保障',
  staffing: '人员保障',
  hardware: '硬件条件保障',
  other: '其他',
};

export interface ReportHeaderVM {
  year: number;
  projectName: string;
  competentDepartment: string;
  implementingUnit: string;
  /** Optional footer: 填报人 and 填报日期. */
  preparedBy?: string;
  preparedAt?: string;
}

export interface IndicatorLevelsVM {
  /** `output` or 产出指标. */
  level1: string;
  /** `quantity` or 数量指标. */
  level2: string;
  /** 成本指标 only: shown as 成本指标（经济成本）. */
  costType?: string | null;
  /** 三级指标. */
  name: string;
  /** 年度指标值, the target's display ("≥95.00(%)"); "" when none. */
  target: string;
}

const LIGHT_ZH: Record<LightVM, '红' | '黄' | '绿'> = {
  红: '红',
  黄: '黄',
  绿: '绿',
  red: '红',
  yellow: '黄',
  green: '绿',
};
const LIKELIHOOD_ZH: Record<string, string> = {
  certain: '确定能',
  possible: '有可能',
  impossible: '完全不可能',
};
const ACHIEVEMENT_ZH: Record<string, string> = {
  achieved: '达成年度指标',
  partial: '部分达成年度指标',
  notAchieved: '未达成年度指标',
};
const GRADE_ZH: Record<string, string> = {
  excellent: '优',
  good: '良',
  fair: '中',
  poor: '差',
};

function lookup(map: Record<string, string>, key: string): string {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key;
}

/**
 * The Chinese word of a code: from the enumeration `name` when a module has registered it
 * (issue 13), else from this file's own table, else the text as given.
 */
export function words(name: string, map: Record<string, string>, value: string): string {
  const registered = allEnumerations()[name]?.find((e) => e.value === value);
  return registered ? registered.zh : lookup(map, value);
}

export function level1Text(v: string): string {
  return words('level1', LEVEL1_LABEL, v);
}

export function level2Text(v: string, costType?: string | null): string {
  const base = words('level2', LEVEL2_LABEL, v);
  return costType ? `${base}（${costType}）` : base;
}

// ---------------------------------------------------------------------------------------------

export function putMoneyText(ws: Sheet, r1: number, c1: number, r2: number, c2: number, text: string) {
  let value: number | string | null = text === '' ? null : text;
  try {
    value = moneyCellValue(parseMoney(text, 'money', { allowNegative: true }));
  } catch {
    // not an amount: written as given
  }
  put(ws, r1, c1, r2, c2, value, {
    horizontal: 'right',
    numFmt: typeof value === 'number' ? MONEY_FORMAT : undefined,
  });
}

export function putText(
  ws: Sheet,
  r1: number,
  c1: number,
  r2: number,
  c2: number,
  text: string | null | undefined,
  right = false,
) {
  put(ws, r1, c1, r2, c2, text === undefined || text === null || text === '' ? null : text, {
    horizontal: right ? 'right' : 'left',
  });
}

export function putLight(ws: Sheet, r1: number, c1: number, r2: number, c2: number, light: LightVM | null) {
  const zh = light === null ? null : (LIGHT_ZH[light] ?? null);
  put(ws, r1, c1, r2, c2, zh, { horizontal: 'center', bold: true, fill: zh ? LIGHT_FILL[zh] : undefined });
}

export function titleRows(ws: Sheet, last: number, title: string, subtitle: string) {
  put(ws, 1, 1, 1, last, title, { bold: true, size: 16, horizontal: 'center', border: false });
  ws.getRow(1).height = 30;
  put(ws, 2, 1, 2, last, subtitle, { horizontal: 'center', border: false });
  ws.getRow(2).height = 20;
}

/** Writes 一级/二级 merged over consecutive equal rows (columns 1 and 2) from `first`. */
export function levelColumns(ws: Sheet, first: number, rows: IndicatorLevelsVM[]) {
  const l1 = rows.map((r) => level1Text(r.level1));
  const l2 = rows.map((r, i) => `${l1[i]}\u0000${level2Text(r.level2, r.costType)}`);
  for (const [col, keys] of [
    [1, l1],
    [2, l2],
  ] as const) {
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && keys[i - 1] === keys[i]) continue;
      let j = i;
      while (j + 1 < rows.length && keys[j + 1] === keys[i]) j++;
      const text = col === 1 ? l1[i] : level2Text(rows[i].level2, rows[i].costType);
      put(ws, first + i, col, first + j, col, text, { horizontal: 'center', bold: col === 1 });
    }
  }
}

/** Writes the 填报人/填报日期 line at `row` when there is one; returns the last row of the form. */
export function footer(ws: Sheet, row: number, last: number, vm: ReportHeaderVM): number {
  const parts: string[] = [];
  if (vm.preparedBy) parts.push(`填报人：${vm.preparedBy}`);
  if (vm.preparedAt) parts.push(`填报日期：${vm.preparedAt}`);
  if (!parts.length) return row - 1;
  put(ws, row, 1, row, last, parts.join('　　'), { border: false, size: 9 });
  return row;
}

/** The Chinese words of the codes a cell may hold, when no module registered them (`words`). */
const FALLBACK_WORDS: Record<string, Record<string, string>> = {
  achievement: ACHIEVEMENT_ZH,
  likelihood: LIKELIHOOD_ZH,
  grade: GRADE_ZH,
};

/** A code put in the Chinese words of the enumeration `name` (`words`). */
export const wordsOf = (name: string, value: string) => words(name, FALLBACK_WORDS[name] ?? {}, value);

/**
 * How a cell of the indicator table is written: `text` left, `center`, `right` (points) as
 * written; `words`, centred, a code in the words of that enumeration; `light`, 红/黄/绿 on its
 * colour; `byCategory`, one column per category (its word below the header), each holding the
 * notes of that category, one per line.
 */
export type FormCell =
  'text' | 'center' | 'right' | 'light' | { words: string } | { byCategory: Record<string, string> };

/** A column of the indicator table, after 一级 | 二级 | 三级 | 年度指标值. */
export interface FormColumn {
  /** The row's property: an entry field's key, or what the report computes (`light`). */
  key: string;
  /**
   * The header: the entry field's label (its catalogue's; report-form-columns.spec.ts checks it);
   * `{period}` stands for the 监控期 (1–7月).
   */
  header: string;
  /** Its width (of each category's column for `byCategory`). */
  width: number;
  cell: FormCell;
}

/** A report's printed form: its sheet, and its indicator table's columns. */
export interface FormLayout {
  sheet: string;
  title: string;
  landscape?: boolean;
  /** The widths of 一级 | 二级 | 三级 | 年度指标值. */
  levelWidths: readonly [number, number, number, number];
  columns: readonly FormColumn[];
}

const span = (c: FormColumn) =>
  'byCategory' in Object(c.cell) ? Object.keys((c.cell as { byCategory: object }).byCategory).length : 1;

/** Every column's width, for `addFormSheet`. */
export const formWidths = (layout: FormLayout): number[] => [
  ...layout.levelWidths,
  ...layout.columns.flatMap((c) => Array<number>(span(c)).fill(c.width)),
];

/** The last column of the form. */
export const formLastColumn = (layout: FormLayout) => formWidths(layout).length;

/**
 * The indicator table from row `h`: its header (two rows when a column is split by category,
 * else one) and a row per indicator. Returns the first row after the table.
 */
export function indicatorTable(
  ws: Sheet,
  h: number,
  layout: FormLayout,
  rows: readonly IndicatorLevelsVM[],
  period = '',
): number {
  const twoRows = layout.columns.some((c) => span(c) > 1);
  const bottom = twoRows ? h + 1 : h;
  ['一级指标', '二级指标', '三级指标', '年度指标值'].forEach((text, k) =>
    label(ws, h, 1 + k, bottom, 1 + k, text),
  );
  let c = 5;
  for (const col of layout.columns) {
    const text = col.header.replace('{period}', period);
    const n = span(col);
    if (n === 1) label(ws, h, c, bottom, c, text);
    else {
      label(ws, h, c, h, c + n - 1, text);
      Object.values((col.cell as { byCategory: Record<string, string> }).byCategory).forEach((word, k) =>
        label(ws, h + 1, c + k, h + 1, c + k, word),
      );
    }
    c += n;
  }
  if (twoRows) {
    ws.getRow(h).height = 22;
    ws.getRow(h + 1).height = 30;
  } else ws.getRow(h).height = 30;

  const first = bottom + 1;
  levelColumns(ws, first, [...rows]);
  rows.forEach((ind, i) => {
    const r = first + i;
    putText(ws, r, 3, r, 3, ind.name);
    put(ws, r, 4, r, 4, ind.target || null, { horizontal: 'center' });
    let c = 5;
    for (const col of layout.columns) {
      putCell(ws, r, c, col.cell, (ind as unknown as Record<string, unknown>)[col.key]);
      c += span(col);
    }
    ws.getRow(r).height = 20;
  });
  return first + rows.length;
}

function putCell(ws: Sheet, r: number, c: number, cell: FormCell, value: unknown) {
  const text = value as string;
  if (cell === 'text') putText(ws, r, c, r, c, text);
  else if (cell === 'right') putText(ws, r, c, r, c, text, true);
  else if (cell === 'center') put(ws, r, c, r, c, text || null, { horizontal: 'center' });
  else if (cell === 'light') putLight(ws, r, c, r, c, value as LightVM | null);
  else if ('words' in cell)
    put(ws, r, c, r, c, text ? wordsOf(cell.words, text) : null, { horizontal: 'center' });
  else
    Object.keys(cell.byCategory).forEach((cat, k) => {
      const notes = (value as Array<{ category: string; note: string }>)
        .filter((d) => d.category === cat)
        .map((d) => d.note)
        .join('\n');
      putText(ws, r, c + k, r, c + k, notes);
    });
}
