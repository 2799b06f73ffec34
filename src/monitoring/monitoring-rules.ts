/**
 * Mid-year monitoring (绩效运行监控, "双监控": money and targets together; domain.md §5, after
 * 财预〔2019〕136号): execution rate against time progress with its light, a light per indicator,
 * and the findings that decide whether the report may be submitted. Pure: no Nest, no I/O.
 * Decimal arithmetic (decimal.js), round half up; never a JS float.
 *
 * As in scoring.ts, wrong input comes in two kinds:
 * - Structural garbage (a likelihood, category or qualitative forecast not in its list, a
 *   non-numeric forecast on a quantitative indicator, an unknown or repeated indicatorId, a
 *   money string that is not money, a month outside 1..12, unknown fields):
 *   `validateMonitoringInput` throws one InputError (400) naming entry and field; nothing is saved.
 * - Rule violations (MONITORING_FINDINGS): `evaluateMonitoring` reports them as findings; an
 *   `error` blocks SUBMIT, a draft with findings may be saved. It never throws on stored data.
 *
 * Figures, all decimal strings in percent with 2 decimals, rounded half up from the exact
 * quotient: executionRate = executedToDate / adjustedBudget × 100 ("58.33"); timeProgress =
 * N / 12 × 100 ("58.33" for July); ratio = executionRate / timeProgress × 100 computed from the
 * unrounded figures (executed × 1200 / (adjusted × N)). The budget light compares the published
 * (rounded) ratio: below `budgetLight.red` red, below `budgetLight.yellow` yellow, else green.
 *
 * Indicator light (per §5), in this order:
 * 1. likelihood `impossible` → red (either kind).
 * 2. no forecast → null (cannot tell).
 * 3. qualitative: forecast achieved → green, partial → yellow, notAchieved → red (the
 *    likelihood is not asked for green: §5 says so; `possible` still needs corrective measures).
 * 4. quantitative: completion = the §6 score with weight 1 (scoring.ts, rounded to 2 places);
 *    completion < indicatorRedBelow (0.8) → red; no likelihood → null; forecast meets the
 *    target (scoring.ts `met` rule) and likelihood certain → green; else yellow.
 * `deviation` = light is yellow or red (null when the light is null).
 */
import { defaults } from '../../config/defaults';
import { InputError } from '../common/input-error';
import { type Fen, formatMoney } from '../common/money';
import type { Finding, Target } from '../declarations/declaration-content';
import {
  Dec,
  describe,
  resolveEntryIndicator,
  fenToDec,
  finding,
  fmt2,
  InputProblems,
  isBlank,
  jsonType,
  parseNumber,
  type Severity,
  enName,
  zhName,
} from '../evaluation/report-input';
import {
  ACHIEVEMENTS,
  type ApprovedIndicator,
  quantitativeMet,
  quantitativeScore,
} from '../evaluation/scoring';

export type MonitoringConfig = typeof defaults.monitoring;
export type Light = 'green' | 'yellow' | 'red';
export type Likelihood = 'certain' | 'possible' | 'impossible';
export const LIKELIHOODS: readonly Likelihood[] = ['certain', 'possible', 'impossible'];
export type DeviationCategory = 'funding' | 'institutional' | 'staffing' | 'hardware' | 'other';
export const DEVIATION_CATEGORIES: readonly DeviationCategory[] = [
  'funding',
  'institutional',
  'staffing',
  'hardware',
  'other',
];

/** Every finding evaluateMonitoring can raise, with its default severity (overridable by config). */
export const MONITORING_FINDINGS = {
  MON_ENTRY_MISSING: 'error', // an indicator of the approved version has no entry
  MON_ENTRY_UNKNOWN_INDICATOR: 'error', // an entry for an indicator not in the approved version
  MON_ENTRY_DUPLICATE: 'error', // a second entry for the same indicator (ignored)
  MON_TARGET_MISSING: 'error', // the approved indicator has no target: no light
  MON_FORECAST_MISSING: 'error', // no forecast: no light
  MON_FORECAST_INVALID: 'error', // a stored forecast that does not fit the target's kind
  MON_LIKELIHOOD_MISSING: 'error', // no 完成目标可能性
  MON_DEVIATION_REASON_MISSING: 'error', // light not green without a reason note
  MON_CORRECTIVE_MEASURES_MISSING: 'error', // deviation or likelihood ≠ certain without 整改措施
  MON_BUDGET_ADJUSTED_MISSING: 'error', // no adjusted budget (nor initial, nor approved request)
  MON_BUDGET_ADJUSTED_ZERO: 'error', // adjusted budget 0: no execution rate
  MON_BUDGET_EXECUTED_MISSING: 'error', // no 1–N月执行数
  MON_BUDGET_FORECAST_MISSING: 'error', // no 全年预计执行数
  MON_FORECAST_BELOW_EXECUTED: 'error', // forecastFullYear < executedToDate
  MON_EXECUTED_ABOVE_BUDGET: 'warning', // executedToDate > adjustedBudget
  MON_FORECAST_ABOVE_BUDGET: 'warning', // forecastFullYear > adjustedBudget
} as const satisfies Record<string, Severity>;
export type MonitoringFindingCode = keyof typeof MONITORING_FINDINGS;

export type MonitoringIndicator = Pick<ApprovedIndicator, 'id' | 'name' | 'level1' | 'target'>;

export interface DeviationReason {
  category: DeviationCategory;
  note: string;
}

/** One entry of the monitoring payload (api.md "Report payloads"), as validated. */
export interface MonitoringEntryInput {
  indicatorId: number;
  /** Free text or a number in the target's unit; shown, not computed with. */
  actualToDate?: string | null;
  /** Quantitative: a number in the target's unit; qualitative: achieved | partial | notAchieved. */
  forecast?: string | null;
  likelihood?: Likelihood | null;
  deviationReasons?: readonly DeviationReason[];
  correctiveMeasures?: string | null;
  remark?: string | null;
}

/** Money in fen. initialBudget defaults to the approved annualRequest, adjustedBudget to initial. */
export interface MonitoringBudgetInput {
  initialBudget?: Fen | null;
  adjustedBudget?: Fen | null;
  executedToDate?: Fen | null;
  forecastFullYear?: Fen | null;
}

export interface MonitoringInput {
  /** The latest approved version's indicators, in form order. */
  indicators: readonly MonitoringIndicator[];
  /** 1..12. */
  periodEndMonth: number;
  budget: MonitoringBudgetInput;
  entries: readonly MonitoringEntryInput[];
  /** The approved 年度资金申请总额: the default of initialBudget. */
  approvedAnnualRequest?: Fen | null;
}

export interface MonitoringOptions {
  config?: MonitoringConfig;
  /** Severity overrides by finding code (config.findingSeverities). */
  severities?: Readonly<Record<string, Severity>>;
}

export interface MonitoredEntry {
  indicatorId: number;
  light: Light | null;
  deviation: boolean | null;
}

export interface MonitoringResult {
  periodEndMonth: number;
  /** The budget with its defaults applied. */
  budget: {
    initialBudget: Fen | null;
    adjustedBudget: Fen | null;
    executedToDate: Fen | null;
    forecastFullYear: Fen | null;
  };
  /** Percent, 2 decimals; null when the budget does not allow it. */
  executionRate: string | null;
  /** Percent, 2 decimals. */
  timeProgress: string;
  /** executionRate / timeProgress × 100, 2 decimals; null with executionRate. */
  ratio: string | null;
  budgetLight: Light | null;
  /** Per input entry, in input order; unknown or duplicate entries get null light. */
  entries: MonitoredEntry[];
  findings: Finding[];
}

/**
 * The light of one indicator (see the file's header). `forecast` is a number string for a
 * quantitative target, an Achievement for a qualitative one. Returns null when it cannot be
 * told; throws InputError for a forecast that does not fit the target (a caller's bug).
 */
export function indicatorLight(
  target: Target,
  forecast: string | null,
  likelihood: Likelihood | null,
  cfg: Pick<MonitoringConfig, 'indicatorRedBelow'> = defaults.monitoring,
): Light | null {
  if (likelihood === 'impossible') return 'red';
  if (isBlank(forecast)) return null;
  const f = (forecast as string).trim();
  if (target.kind === 'qualitative') {
    if (!(ACHIEVEMENTS as readonly string[]).includes(f)) {
      throw new InputError(`forecast "${f}" is not one of ${ACHIEVEMENTS.join(', ')}`, 'forecast');
    }
    return f === 'achieved' ? 'green' : f === 'partial' ? 'yellow' : 'red';
  }
  if (new Dec(quantitativeScore(target, f, '1')).lt(cfg.indicatorRedBelow)) return 'red';
  if (likelihood === null) return null;
  return likelihood === 'certain' && quantitativeMet(target, f) ? 'green' : 'yellow';
}

/** Computes the report's figures and lights and lists its findings (see the file's header). */
export function evaluateMonitoring(
  input: MonitoringInput,
  options: MonitoringOptions = {},
): MonitoringResult {
  const cfg = options.config ?? defaults.monitoring;
  const n = input.periodEndMonth;
  if (!Number.isInteger(n) || n < 1 || n > 12) {
    throw new InputError(`periodEndMonth: ${n} is not a month 1..12`, 'periodEndMonth');
  }
  const findings: Finding[] = [];
  const add = (code: MonitoringFindingCode, path: string, zh: string, en: string) =>
    findings.push(finding(code, MONITORING_FINDINGS[code], path, zh, en, options.severities));

  // Budget.
  const initialBudget = input.budget.initialBudget ?? input.approvedAnnualRequest ?? null;
  const adjustedBudget = input.budget.adjustedBudget ?? initialBudget;
  const executedToDate = input.budget.executedToDate ?? null;
  const forecastFullYear = input.budget.forecastFullYear ?? null;
  if (adjustedBudget === null) {
    add(
      'MON_BUDGET_ADJUSTED_MISSING',
      'budget.adjustedBudget',
      '缺少全年预算数',
      'the adjusted budget (全年预算数) is missing',
    );
  } else if (adjustedBudget === 0n) {
    add(
      'MON_BUDGET_ADJUSTED_ZERO',
      'budget.adjustedBudget',
      '全年预算数为 0，无法计算执行率',
      'the adjusted budget is 0: no execution rate can be computed',
    );
  }
  if (executedToDate === null) {
    add(
      'MON_BUDGET_EXECUTED_MISSING',
      'budget.executedToDate',
      `缺少 1–${n} 月执行数`,
      `the amount executed in months 1–${n} is missing`,
    );
  }
  if (forecastFullYear === null) {
    add(
      'MON_BUDGET_FORECAST_MISSING',
      'budget.forecastFullYear',
      '缺少全年预计执行数',
      'the forecast full-year execution is missing',
    );
  }
  if (executedToDate !== null && forecastFullYear !== null && forecastFullYear < executedToDate) {
    add(
      'MON_FORECAST_BELOW_EXECUTED',
      'budget.forecastFullYear',
      `全年预计执行数 ${yuan(forecastFullYear)} 元小于 1–${n} 月已执行数 ${yuan(executedToDate)} 元`,
      `the forecast full-year execution ${yuan(forecastFullYear)} is less than the ${yuan(executedToDate)} already executed in months 1–${n}`,
    );
  }
  if (adjustedBudget !== null && executedToDate !== null && executedToDate > adjustedBudget) {
    add(
      'MON_EXECUTED_ABOVE_BUDGET',
      'budget.executedToDate',
      `1–${n} 月执行数 ${yuan(executedToDate)} 元超过全年预算数 ${yuan(adjustedBudget)} 元`,
      `the amount executed in months 1–${n}, ${yuan(executedToDate)}, is above the adjusted budget ${yuan(adjustedBudget)}`,
    );
  }
  if (adjustedBudget !== null && forecastFullYear !== null && forecastFullYear > adjustedBudget) {
    add(
      'MON_FORECAST_ABOVE_BUDGET',
      'budget.forecastFullYear',
      `全年预计执行数 ${yuan(forecastFullYear)} 元超过全年预算数 ${yuan(adjustedBudget)} 元`,
      `the forecast full-year execution ${yuan(forecastFullYear)} is above the adjusted budget ${yuan(adjustedBudget)}`,
    );
  }
  const timeProgress = fmt2(new Dec(n).times(100).div(12));
  let executionRate: string | null = null;
  let ratio: string | null = null;
  let budgetLight: Light | null = null;
  if (adjustedBudget !== null && adjustedBudget !== 0n && executedToDate !== null) {
    const adjusted = fenToDec(adjustedBudget);
    const executed = fenToDec(executedToDate);
    executionRate = fmt2(executed.times(100).div(adjusted));
    ratio = fmt2(executed.times(1200).div(adjusted.times(n)));
    const r = new Dec(ratio);
    budgetLight = r.lt(cfg.budgetLight.red) ? 'red' : r.lt(cfg.budgetLight.yellow) ? 'yellow' : 'green';
  }

  // Entries.
  const indexOfIndicator = new Map(input.indicators.map((ind, i) => [ind.id, i]));
  const entryOf = new Map<number, number>();
  const entries: MonitoredEntry[] = input.entries.map((entry, j) => {
    const none: MonitoredEntry = { indicatorId: entry.indicatorId, light: null, deviation: null };
    const i = indexOfIndicator.get(entry.indicatorId);
    if (i === undefined) {
      add(
        'MON_ENTRY_UNKNOWN_INDICATOR',
        `entries[${j}].indicatorId`,
        `监控条目对应的指标（id ${entry.indicatorId}）不在已批准的绩效目标中`,
        `the entry is for indicator id ${entry.indicatorId}, which is not in the approved targets`,
      );
      return none;
    }
    const ind = input.indicators[i];
    if (entryOf.has(entry.indicatorId)) {
      add(
        'MON_ENTRY_DUPLICATE',
        `entries[${j}].indicatorId`,
        `${zhName(ind.name)}已有监控条目（entries[${entryOf.get(entry.indicatorId)}]），本条不计`,
        `${enName(ind.name)} already has an entry (entries[${entryOf.get(entry.indicatorId)}]); this one is ignored`,
      );
      return none;
    }
    entryOf.set(entry.indicatorId, j);
    return { indicatorId: ind.id, ...entryLight(ind, entry, `entries[${j}]`, add, cfg) };
  });
  input.indicators.forEach((ind, i) => {
    if (!entryOf.has(ind.id)) {
      add(
        'MON_ENTRY_MISSING',
        `indicators[${i}]`,
        `${zhName(ind.name)}尚未填写监控情况（预计完成值、完成目标可能性）`,
        `${enName(ind.name)} has no monitoring entry (forecast, likelihood)`,
      );
    }
  });

  return {
    periodEndMonth: n,
    budget: { initialBudget, adjustedBudget, executedToDate, forecastFullYear },
    executionRate,
    timeProgress,
    ratio,
    budgetLight,
    entries,
    findings,
  };
}

function entryLight(
  ind: MonitoringIndicator,
  entry: MonitoringEntryInput,
  at: string,
  add: (code: MonitoringFindingCode, path: string, zh: string, en: string) => void,
  cfg: MonitoringConfig,
): { light: Light | null; deviation: boolean | null } {
  const zh = zhName(ind.name);
  const en = enName(ind.name);
  const likelihood = entry.likelihood ?? null;
  if (likelihood === null) {
    add(
      'MON_LIKELIHOOD_MISSING',
      `${at}.likelihood`,
      `${zh}缺少完成目标可能性（确定能/有可能/完全不可能）`,
      `${en}: the likelihood of meeting the target (certain, possible, impossible) is missing`,
    );
  }
  let light: Light | null = null;
  if (ind.target === null) {
    add('MON_TARGET_MISSING', at, `${zh}没有年度指标值，无法判断`, `${en} has no target to monitor against`);
  } else if (isBlank(entry.forecast)) {
    add(
      'MON_FORECAST_MISSING',
      `${at}.forecast`,
      `${zh}缺少全年预计完成情况（年度指标值 ${ind.target.display}）`,
      `${en}: the full-year forecast is missing (target ${ind.target.display})`,
    );
    light = likelihood === 'impossible' ? 'red' : null;
  } else {
    const forecast = (entry.forecast as string).trim();
    const fits =
      ind.target.kind === 'quantitative'
        ? parseNumber(forecast) !== null
        : (ACHIEVEMENTS as readonly string[]).includes(forecast);
    if (fits) light = indicatorLight(ind.target, forecast, likelihood, cfg);
    else {
      add(
        'MON_FORECAST_INVALID',
        `${at}.forecast`,
        `${zh}的全年预计完成情况「${forecast}」${ind.target.kind === 'quantitative' ? `不是数字（年度指标值 ${ind.target.display}）` : '应为 achieved / partial / notAchieved'}`,
        `${en}: the forecast "${forecast}" ${ind.target.kind === 'quantitative' ? `is not a number (target ${ind.target.display})` : 'is not achieved, partial or notAchieved'}`,
      );
      light = likelihood === 'impossible' ? 'red' : null;
    }
  }
  const deviation = light === null ? null : light !== 'green';

  if (deviation === true && !(entry.deviationReasons ?? []).some((r) => !isBlank(r.note))) {
    add(
      'MON_DEVIATION_REASON_MISSING',
      `${at}.deviationReasons`,
      `${zh}预计${LIGHT_ZH[light as Light]}（存在偏差），须说明偏差原因（类别及说明）`,
      `${en} is ${light}, a deviation: give its reason (category and note)`,
    );
  }
  if (
    (deviation === true || (likelihood !== null && likelihood !== 'certain')) &&
    isBlank(entry.correctiveMeasures)
  ) {
    const why =
      deviation === true
        ? { zh: `预计${LIGHT_ZH[light as Light]}（存在偏差）`, en: `is ${light}, a deviation` }
        : {
            zh: `完成目标可能性为「${LIKELIHOOD_ZH[likelihood as Likelihood]}」`,
            en: `is only ${likelihood} to meet its target`,
          };
    add(
      'MON_CORRECTIVE_MEASURES_MISSING',
      `${at}.correctiveMeasures`,
      `${zh}${why.zh}，须填写整改措施`,
      `${en} ${why.en}: corrective measures (整改措施) are required`,
    );
  }
  return { light, deviation };
}

const LIGHT_ZH: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
const LIKELIHOOD_ZH: Record<Likelihood, string> = {
  certain: '确定能',
  possible: '有可能',
  impossible: '完全不可能',
};

/** 元 with 2 decimals, as the form writes it. */
const yuan = formatMoney;

// ---------------------------------------------------------------------------------------------
// Structural validation of the PUT payload

/** The monitoring report as stored: what validateMonitoringInput returns. */
export interface MonitoringPayload {
  periodEndMonth: number;
  budget: MonitoringBudgetInput;
  entries: MonitoringEntryInput[];
}

const ENTRY_KEYS = [
  'indicatorId',
  'actualToDate',
  'forecast',
  'likelihood',
  'deviationReasons',
  'correctiveMeasures',
  'remark',
];
const BUDGET_KEYS = ['initialBudget', 'adjustedBudget', 'executedToDate', 'forecastFullYear'];
const REASON_KEYS = ['category', 'note'];

/**
 * Checks the structure of a PUT monitoring body (its `periodEndMonth`, `budget` and `entries`;
 * `version` and `goalProgress` are the caller's) against the approved indicators, and returns
 * it typed: money in fen (absent: null; defaults are applied by evaluateMonitoring), the month
 * (absent: config default), blank text as null. Throws one InputError (400) naming the first
 * bad entry and field, all of them in `details`.
 */
export function validateMonitoringInput(
  body: unknown,
  indicators: readonly MonitoringIndicator[],
  cfg: Pick<MonitoringConfig, 'defaultPeriodEndMonth' | 'maxTextLength'> = defaults.monitoring,
): MonitoringPayload {
  const problems = new InputProblems();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('body', `must be an object with periodEndMonth, budget and entries, not ${jsonType(body)}`);
    problems.throwIfAny();
  }
  const raw = body as { periodEndMonth?: unknown; budget?: unknown; entries?: unknown };

  let periodEndMonth = cfg.defaultPeriodEndMonth;
  if (raw.periodEndMonth !== undefined && raw.periodEndMonth !== null) {
    const m = raw.periodEndMonth;
    if (typeof m === 'number' && Number.isInteger(m) && m >= 1 && m <= 12) periodEndMonth = m;
    else problems.add('periodEndMonth', `${describe(m)} is not a month: give a whole number from 1 to 12`);
  }

  const budget: MonitoringBudgetInput = {
    initialBudget: null,
    adjustedBudget: null,
    executedToDate: null,
    forecastFullYear: null,
  };
  if (raw.budget !== undefined && raw.budget !== null) {
    const b = problems.object(raw.budget, 'budget', BUDGET_KEYS);
    if (b) {
      for (const k of BUDGET_KEYS as (keyof MonitoringBudgetInput)[])
        budget[k] = problems.money(b[k], `budget.${k}`);
    }
  }

  const entries: MonitoringEntryInput[] = [];
  if (!Array.isArray(raw.entries)) {
    problems.add('entries', `must be a list of entries (may be empty), not ${jsonType(raw.entries)}`);
  } else {
    const byId = new Map(indicators.map((ind) => [ind.id, ind]));
    const firstEntry = new Map<number, number>();
    raw.entries.forEach((rawEntry: unknown, j) => {
      const at = `entries[${j}]`;
      const e = problems.object(rawEntry, at, ENTRY_KEYS);
      if (!e) return;
      const ind = resolveEntryIndicator(problems, e.indicatorId, at, byId, firstEntry, j);
      const label = ind ? ` (indicator "${ind.name}")` : '';

      let forecast: string | null = null;
      if (e.forecast !== undefined && e.forecast !== null) {
        if (typeof e.forecast !== 'string') {
          problems.add(`${at}.forecast`, `must be a string${label}, not ${jsonType(e.forecast)}`);
        } else if (!isBlank(e.forecast)) {
          const f = e.forecast.trim();
          if (ind?.target?.kind === 'quantitative' && parseNumber(f) === null) {
            problems.add(
              `${at}.forecast`,
              `${describe(e.forecast)} is not a number${label}; the target is ${ind.target.display}: write the forecast in ${ind.target.unit} without the unit, e.g. "97"`,
            );
          } else if (
            ind?.target?.kind === 'qualitative' &&
            !(ACHIEVEMENTS as readonly string[]).includes(f)
          ) {
            problems.add(
              `${at}.forecast`,
              `${describe(e.forecast)} is not one of ${ACHIEVEMENTS.map((a) => `"${a}"`).join(', ')}${label}; the target ${ind.target.display} is qualitative`,
            );
          } else forecast = f;
        }
      }

      const deviationReasons: DeviationReason[] = [];
      if (e.deviationReasons !== undefined && e.deviationReasons !== null) {
        if (!Array.isArray(e.deviationReasons)) {
          problems.add(
            `${at}.deviationReasons`,
            `must be a list of {category, note}, not ${jsonType(e.deviationReasons)}`,
          );
        } else {
          e.deviationReasons.forEach((rawReason: unknown, k) => {
            const rat = `${at}.deviationReasons[${k}]`;
            const r = problems.object(rawReason, rat, REASON_KEYS);
            if (!r) return;
            const category = problems.oneOf(r.category, `${rat}.category`, DEVIATION_CATEGORIES);
            if (r.category === undefined || r.category === null)
              problems.add(`${rat}.category`, 'is required');
            const note = problems.text(r.note, `${rat}.note`, cfg.maxTextLength);
            if (category !== null) deviationReasons.push({ category, note: note ?? '' });
          });
        }
      }

      entries.push({
        indicatorId: ind?.id ?? 0,
        actualToDate: problems.text(e.actualToDate, `${at}.actualToDate`, cfg.maxTextLength),
        forecast,
        likelihood: problems.oneOf(e.likelihood, `${at}.likelihood`, LIKELIHOODS),
        deviationReasons,
        correctiveMeasures: problems.text(
          e.correctiveMeasures,
          `${at}.correctiveMeasures`,
          cfg.maxTextLength,
        ),
        remark: problems.text(e.remark, `${at}.remark`, cfg.maxTextLength),
      });
    });
  }
  problems.throwIfAny();
  return { periodEndMonth, budget, entries };
}
