import { InputError } from '../common/input-error';
import type { Fen } from '../common/money';

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

export const LEVEL1_LABEL: Record<Level1, string> = {
  output: '产出指标',
  benefit: '效益指标',
  satisfaction: '满意度指标',
};

export const LEVEL2_LABEL: Record<Level2, string> = {
  quantity: '数量指标',
  quality: '质量指标',
  timeliness: '时效指标',
  cost: '成本指标',
  economic: '经济效益指标',
  social: '社会效益指标',
  ecological: '生态效益指标',
  sustainability: '可持续影响指标',
  serviceSatisfaction: '服务对象满意度指标',
};

export function level1Of(level2: Level2): Level1 {
  for (const l1 of Object.keys(LEVEL2_OF) as Level1[]) if (LEVEL2_OF[l1].includes(level2)) return l1;
  throw new Error(`unknown level2 ${level2}`);
}

/** Parsed target, domain.md §2. `display` is the form's notation and round-trips. */
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

/** The refusal of a declaration with more than COUNT_LIMITS.indicators (import, add). */
export function tooManyIndicators(where: string): InputError {
  return new InputError(
    `${where}: a declaration holds at most ${COUNT_LIMITS.indicators} indicators (绩效指标); this one has more`,
    where,
    400,
    undefined,
    'TOO_MANY_INDICATORS',
  );
}

/** The header fields with a length limit, in form order, with the form's own labels. */
const HEADER_TEXT_FIELDS = [
  ['projectName', '项目名称'],
  ['projectNature', '项目性质'],
  ['projectCategory', '项目类别'],
  ['competentDepartment', '主管部门'],
  ['implementingUnit', '实施单位'],
  ['overallGoal', '项目总目标'],
  ['annualGoal', '年度总体目标'],
] as const;

/**
 * Refuses a form read from a file whose texts do not fit (the API's DTOs refuse the same
 * texts field by field). Names the line when the text came from the summary table.
 */
export function assertWithinTextLimits(content: DeclarationContent, where: string): void {
  const tooLong = (at: string, label: string, text: string, max: number): void => {
    if (text.length > max)
      throw new InputError(
        `${at}: ${label} is ${text.length.toLocaleString('en-US')} characters long; at most ${max.toLocaleString('en-US')} are accepted`,
        at,
      );
  };
  for (const [field, label] of HEADER_TEXT_FIELDS) {
    const text = content[field];
    if (text !== null) tooLong(`${where}, ${field}`, label, text, TEXT_LIMITS[field]);
  }
  content.indicators.forEach((ind, i) => {
    const at = ind.sourceLine !== null ? `line ${ind.sourceLine}` : `${where}, indicators[${i}]`;
    tooLong(at, '三级指标 (indicator name)', ind.name, TEXT_LIMITS.indicatorName);
    if (ind.costType !== null) tooLong(at, '成本类型 (cost type)', ind.costType, TEXT_LIMITS.costType);
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

/** A finding of the rule engine (domain.md §3). */
export interface Finding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** Where: `projectName`, `funds.total`, `indicators[3].target`, `line 42`. */
  path: string;
}
