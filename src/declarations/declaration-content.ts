import { enumeration, type Bilingual } from '../common/i18n';
import type { Fen } from '../common/money';
import { DeclarationErrors, type Place } from './declarations.messages';

/**
 * The content of one declaration form (财政项目支出绩效目标申报表) as plain data: what the
 * importer produces, the findings engine checks, the exporters lay out and an approved
 * version keeps. No ids, no workflow: just the form.
 */
export type Level1 = 'output' | 'benefit' | 'satisfaction';
export type Level2 =
  | 'quantity'
  | 'quality'
  | 'timeliness'
  | 'cost'
  | 'economic'
  | 'social'
  | 'ecological'
  | 'sustainability'
  | 'serviceSatisfaction';

export const LEVEL2_OF: Record<Level1, readonly Level2[]> = {
  output: ['quantity', 'quality', 'timeliness', 'cost'],
  benefit: ['economic', 'social', 'ecological', 'sustainability'],
  satisfaction: ['serviceSatisfaction'],
};

/** The form's words of the 一级 and 二级 codes, from their enumerations (declarations.messages.ts). */
export const LEVEL1_LABEL = Object.fromEntries(enumeration('level1').map((e) => [e.value, e.zh])) as Record<
  Level1,
  string
>;
export const LEVEL2_LABEL = Object.fromEntries(enumeration('level2').map((e) => [e.value, e.zh])) as Record<
  Level2,
  string
>;

/**
 * Where an indicator sits in the form, in the form's Chinese words: 一级 / 二级 (成本类型) / 三级,
 * e.g. `产出指标 / 数量指标 / 开展建设项目数量`, `产出指标 / 成本指标（经济成本） / 单位成本`.
 * Without a name, the path of the level alone (`产出指标 / 数量指标`).
 */
export function indicatorLabelPath(i: {
  level1: Level1;
  level2?: Level2 | null;
  costType?: string | null;
  name?: string | null;
}): string {
  const parts: string[] = [LEVEL1_LABEL[i.level1] ?? i.level1];
  if (i.level2) {
    const l2 = LEVEL2_LABEL[i.level2] ?? i.level2;
    parts.push(i.level2 === 'cost' && i.costType ? `${l2}（${i.costType}）` : l2);
  }
  if (i.name) parts.push(i.name);
  return parts.join(' / ');
}

export function level1Of(level2: Level2): Level1 {
  for (const l1 of Object.keys(LEVEL2_OF) as Level1[]) if (LEVEL2_OF[l1].includes(level2)) return l1;
  throw new Error(`unknown level2 ${level2}`);
}

/** Parsed target, docs/spec/domain.md §2. `display` is the form's notation and round-trips. */
export interface Target {
  display: string;
  kind: 'quantitative' | 'qualitative';
  comparator: '≥' | '≤' | '=' | '>' | '<' | null;
  /** The number as written ("95.00" keeps its precision); null for qualitative. */
  value: string | null;
  unit: string | null;
  /** The qualitative text; null for quantitative. */
  text: string | null;
  direction: 'higher' | 'lower' | 'exact' | null;
}

export interface Funds {
  total: Fen | null; // 项目资金总额 (may be blank)
  annualRequest: Fen | null; // 年度资金申请总额
  currentAppropriation: Fen | null; // 当年财政拨款
  carryover: Fen | null; // 上年结转资金
  other: Fen | null; // 其他资金
}

export interface IndicatorContent {
  /** The stored indicator's id (contentOf); absent for a form read from a file. */
  id?: number;
  level1: Level1;
  level2: Level2;
  /** 成本指标 only: e.g. 经济成本 / 社会成本 / 生态环境成本; free text. */
  costType: string | null;
  name: string;
  /** null: the form has no target (TARGET_MISSING). */
  target: Target | null;
  /** Decimal string with 2 decimals, or null for the default split. */
  weight: string | null;
  /** Import provenance: the line of the source file, when imported. */
  sourceLine: number | null;
  /**
   * The indicator library entry it was picked from (docs/spec/domain.md §9); null or absent: the
   * unit's own (INDICATOR_NOT_IN_LIBRARY). A form read from a file has none.
   */
  libraryEntryId?: number | null;
}

export interface DeclarationContent {
  year: number;
  projectName: string | null;
  projectNature: string | null;
  projectCategory: string | null;
  competentDepartment: string | null;
  implementingUnit: string | null;
  plannedStart: string | null; // YYYY-MM-DD
  plannedEnd: string | null;
  funds: Funds;
  overallGoal: string | null;
  annualGoal: string | null;
  /** In form order. */
  indicators: IndicatorContent[];
}

/**
 * The longest text each field of the form may hold, in characters. The DTOs, the importer
 * and the target notation all check against these; the columns are sized to them (the goals
 * are unbounded text columns, the cap keeps one form readable).
 */
export const TEXT_LIMITS = {
  projectName: 500,
  projectNature: 100,
  projectCategory: 100,
  competentDepartment: 200,
  implementingUnit: 200,
  overallGoal: 20_000,
  annualGoal: 20_000,
  indicatorName: 500,
  costType: 50,
  /** The whole target as written, and a qualitative target's text. */
  target: 500,
  /** The number of a quantitative target, as written. */
  targetNumber: 40,
  /** The unit in parentheses. */
  targetUnit: 50,
  /** Why an indicator is changed or deleted (kept in the audit trail). */
  changeReason: 2000,
} as const;

/**
 * How many of a thing one declaration holds at most: the form has a few dozen indicators
 * (the 2026 summary table: 126 in nine projects), so 500 is generous, and it keeps one
 * declaration's rows within what one insert, one page and one workbook sheet hold.
 */
export const COUNT_LIMITS = {
  indicators: 500,
} as const;

/**
 * Where a form read from a file is: a table of the summary-table text (the line of its title,
 * its project, and the lines its header fields were read from), or a place in a workbook in
 * both languages (a plain string is taken as the same text in both, for callers not yet
 * converted). The refusal's `field` is `line N` for the text, the place itself otherwise.
 */
export type FormPlace =
  | { line: number; project?: string; startLine?: number; fieldLines?: Partial<Record<string, number>> }
  | Bilingual
  | string;

function placeParams(where: FormPlace): {
  place: Place;
  field: string;
  project?: string;
  startLine?: number;
  fieldLines?: Partial<Record<string, number>>;
} {
  if (typeof where === 'string') return { place: { at: { zh: where, en: where } }, field: where };
  if ('line' in where)
    return {
      place: { line: where.line },
      field: `line ${where.line}`,
      project: where.project,
      startLine: where.startLine,
      fieldLines: where.fieldLines,
    };
  return { place: { at: where }, field: where.en };
}

/** The refusal of a declaration with more than COUNT_LIMITS.indicators (import, add). */
export function tooManyIndicators(where: FormPlace) {
  const { place, field, project, startLine } = placeParams(where);
  return DeclarationErrors.TOO_MANY_INDICATORS(
    { ...place, max: COUNT_LIMITS.indicators, project, startLine },
    { field },
  );
}

/** The header fields with a length limit, in form order. */
const HEADER_TEXT_FIELDS = [
  'projectName',
  'projectNature',
  'projectCategory',
  'competentDepartment',
  'implementingUnit',
  'overallGoal',
  'annualGoal',
] as const;

/**
 * Refuses a form read from a file whose texts do not fit (the API's DTOs refuse the same
 * texts field by field): FORM_TEXT_TOO_LONG naming the field in the form's words, and the line
 * when the text came from the summary table (else `where`, the table or the sheet).
 */
export function assertWithinTextLimits(content: DeclarationContent, where: FormPlace): void {
  const { place, field: at, fieldLines } = placeParams(where);
  const tooLong = (p: Place, field: string, item: string, text: string, max: number): void => {
    if (text.length > max)
      throw DeclarationErrors.FORM_TEXT_TOO_LONG({ ...p, item, length: text.length, max }, { field });
  };
  for (const field of HEADER_TEXT_FIELDS) {
    const text = content[field];
    if (text === null) continue;
    // A header field of the summary-table text: the line it was read from.
    const line = place.line !== undefined ? (fieldLines?.[field] ?? place.line) : undefined;
    if (line !== undefined) tooLong({ line }, `line ${line}`, field, text, TEXT_LIMITS[field]);
    else tooLong(place, `${at}, ${field}`, field, text, TEXT_LIMITS[field]);
  }
  content.indicators.forEach((ind, i) => {
    const p: Place = ind.sourceLine !== null ? { line: ind.sourceLine } : place;
    const field = ind.sourceLine !== null ? `line ${ind.sourceLine}` : `${at}, indicators[${i}]`;
    tooLong(p, field, 'indicators.name', ind.name, TEXT_LIMITS.indicatorName);
    if (ind.costType !== null) tooLong(p, field, 'indicators.costType', ind.costType, TEXT_LIMITS.costType);
  });
}

/** A form with nothing filled in but its year (a new declaration, a table being read). */
export function emptyContent(year: number): DeclarationContent {
  return {
    year,
    projectName: null,
    projectNature: null,
    projectCategory: null,
    competentDepartment: null,
    implementingUnit: null,
    plannedStart: null,
    plannedEnd: null,
    funds: { total: null, annualRequest: null, currentAppropriation: null, carryover: null, other: null },
    overallGoal: null,
    annualGoal: null,
    indicators: [],
  };
}

/**
 * A finding of the rule engine (docs/spec/domain.md §3), or of the monitoring and evaluation reports.
 * `severity`, `code`, `message` and `path` are always there; the rest where it applies (the
 * declaration's rules give `field` always, and `indicatorId`, `labelPath` and `hint` as below).
 */
export interface Finding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  /** In the reader's language (the request's Accept-Language; Chinese by default). */
  message: string;
  /** Where in the content: `projectName`, `funds.total`, `indicators`, `indicators[3].target`, `line 42`. */
  path: string;
  /**
   * The field it is about: of the indicator when `indicatorId` is given or the finding is about
   * one (`target`, `name`), else of the declaration (`funds.total`, `indicators`, `line 42`).
   */
  field?: string;
  /** The stored indicator it is about (absent for a form read from a file, not yet stored). */
  indicatorId?: number;
  /**
   * Where the indicator (or the missing level) sits, in the form's Chinese words:
   * `产出指标 / 数量指标 / 开展建设项目数量`; `效益指标` for a missing 一级.
   */
  labelPath?: string;
  /** What to do about it, in words, in the reader's language. */
  hint?: string;
  /** The message's parameters (e.g. TARGET_LOOKS_QUANTITATIVE's `proposed` notation). */
  params?: Record<string, unknown>;
}
