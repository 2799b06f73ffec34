/**
 * Mid-year monitoring (绩效运行监控, "双监控": money and targets together; docs/spec/domain.md §5, after
 * 财预〔2019〕136号): execution rate against time progress with its light, a light per indicator,
 * and the findings that decide whether the report may be submitted. Pure: no Nest, no I/O.
 * Decimal arithmetic (decimal.js), round half up; never a JS float.
 *
 * As in scoring.ts, wrong input comes in two kinds:
 * - Structural garbage: monitoring-input.ts refuses it with a 400 before anything is saved.
 * - Rule violations (MONITORING_FINDINGS): `evaluateMonitoring` reports them as findings (texts
 *   of monitoring.messages.ts in the reader's language); an `error` blocks SUBMIT, a draft
 *   with findings may be saved. It never throws on stored data.
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
 * 4. quantitative: completion = the §6 score with weight 1 (reports/target-formula.ts, rounded to 2 places);
 *    completion < indicatorRedBelow (0.8) → red; no likelihood → null; forecast meets the
 *    target (the `met` rule of reports/target-formula.ts) and likelihood certain → green; else yellow.
 * `deviation` = light is yellow or red (null when the light is null).
 */
import { defaults } from '../../config/defaults';
import { CommonErrors } from '../common/common.messages';
import { valueLabels, type Lang } from '../common/i18n';
import { type Fen, formatMoney } from '../common/money';
import type { Target } from '../declarations/declaration-content';
import {
  Dec,
  fenToDec,
  findingList,
  type AddFinding,
  fmt2,
  isBlank,
  parseNumber,
  type ReportFinding,
  type Severity,
} from '../reports/report-input';
import { ACHIEVEMENTS } from '../evaluation/scoring';
import {
  budgetBaseline,
  executionRate as rateOf,
  matchEntries,
  type ApprovedIndicator,
} from '../reports/report-rules';
import { quantitativeMet, quantitativeScore } from '../reports/target-formula';
import {
  achievementOf,
  type Likelihood,
  type MonitoringBudgetInput,
  type MonitoringEntryInput,
} from './monitoring-fields';

export type MonitoringConfig = typeof defaults.monitoring;
export type Light = 'green' | 'yellow' | 'red';

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
  MON_BUDGET_EXECUTED_MISSING: 'error', // no 1-N月执行数
  MON_BUDGET_FORECAST_MISSING: 'error', // no 全年预计执行数
  MON_FORECAST_BELOW_EXECUTED: 'error', // forecastFullYear < executedToDate
  MON_EXECUTED_ABOVE_BUDGET: 'warning', // executedToDate > adjustedBudget
  MON_FORECAST_ABOVE_BUDGET: 'warning', // forecastFullYear > adjustedBudget
} as const satisfies Record<string, Severity>;
export type MonitoringFindingCode = keyof typeof MONITORING_FINDINGS;

export type MonitoringIndicator = Pick<ApprovedIndicator, 'id' | 'name' | 'level1' | 'target'>;

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
  /** The language of the findings' messages (Chinese by default). */
  lang?: Lang;
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
  findings: ReportFinding[];
}

/**
 * The light of one indicator (see the file's header). `forecast` is a number string for a
 * quantitative target, an Achievement for a qualitative one. Returns null when it cannot be
 * told; throws a 400 AppError for a forecast that does not fit the target (a caller's bug:
 * validation refuses it first).
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
    const a = achievementOf(f);
    if (a === null)
      throw CommonErrors.FIELD_ONE_OF(
        { values: valueLabels(ACHIEVEMENTS, 'achievement') },
        { field: 'forecast' },
      );
    return a === 'achieved' ? 'green' : a === 'partial' ? 'yellow' : 'red';
  }
  if (new Dec(quantitativeScore(target, f, '1')).lt(cfg.indicatorRedBelow)) return 'red';
  if (likelihood === null) return null;
  return likelihood === 'certain' && quantitativeMet(target, f) ? 'green' : 'yellow';
}

type Add = AddFinding<MonitoringFindingCode>;

/** Computes the report's figures and lights and lists its findings (see the file's header). */
export function evaluateMonitoring(
  input: MonitoringInput,
  options: MonitoringOptions = {},
): MonitoringResult {
  const cfg = options.config ?? defaults.monitoring;
  const n = input.periodEndMonth;
  if (!Number.isInteger(n) || n < 1 || n > 12) {
    throw CommonErrors.FIELD_RANGE({ min: 1, max: 12 }, { field: 'periodEndMonth' });
  }
  const { findings, add } = findingList(MONITORING_FINDINGS, options);

  // Budget.
  const { initialBudget, adjustedBudget, problem } = budgetBaseline(
    input.budget,
    input.approvedAnnualRequest,
  );
  const executedToDate = input.budget.executedToDate ?? null;
  const forecastFullYear = input.budget.forecastFullYear ?? null;
  if (problem === 'missing') add('MON_BUDGET_ADJUSTED_MISSING', 'budget.adjustedBudget', {});
  else if (problem === 'zero') add('MON_BUDGET_ADJUSTED_ZERO', 'budget.adjustedBudget', {});
  if (executedToDate === null) add('MON_BUDGET_EXECUTED_MISSING', 'budget.executedToDate', { month: n });
  if (forecastFullYear === null) add('MON_BUDGET_FORECAST_MISSING', 'budget.forecastFullYear', {});
  if (executedToDate !== null && forecastFullYear !== null && forecastFullYear < executedToDate) {
    add('MON_FORECAST_BELOW_EXECUTED', 'budget.forecastFullYear', {
      forecast: yuan(forecastFullYear),
      executed: yuan(executedToDate),
      month: n,
    });
  }
  if (adjustedBudget !== null && executedToDate !== null && executedToDate > adjustedBudget) {
    add('MON_EXECUTED_ABOVE_BUDGET', 'budget.executedToDate', {
      executed: yuan(executedToDate),
      budget: yuan(adjustedBudget),
      month: n,
    });
  }
  if (adjustedBudget !== null && forecastFullYear !== null && forecastFullYear > adjustedBudget) {
    add('MON_FORECAST_ABOVE_BUDGET', 'budget.forecastFullYear', {
      forecast: yuan(forecastFullYear),
      budget: yuan(adjustedBudget),
    });
  }
  const timeProgress = fmt2(new Dec(n).times(100).div(12));
  let executionRate: string | null = null;
  let ratio: string | null = null;
  let budgetLight: Light | null = null;
  if (adjustedBudget !== null && adjustedBudget !== 0n && executedToDate !== null) {
    executionRate = rateOf(executedToDate, adjustedBudget);
    ratio = fmt2(fenToDec(executedToDate).times(1200).div(fenToDec(adjustedBudget).times(n)));
    const r = new Dec(ratio);
    budgetLight = r.lt(cfg.budgetLight.red) ? 'red' : r.lt(cfg.budgetLight.yellow) ? 'yellow' : 'green';
  }

  // Entries.
  const { entryOf, matches } = matchEntries(input.indicators, input.entries);
  const entries: MonitoredEntry[] = input.entries.map((entry, j) => {
    const none: MonitoredEntry = { indicatorId: entry.indicatorId, light: null, deviation: null };
    const m = matches[j];
    if (m.kind === 'unknown') {
      add('MON_ENTRY_UNKNOWN_INDICATOR', `entries[${j}].indicatorId`, { indicatorId: entry.indicatorId });
      return none;
    }
    const ind = input.indicators[m.indicator];
    if (m.kind === 'duplicate') {
      add('MON_ENTRY_DUPLICATE', `entries[${j}].indicatorId`, { name: ind.name, first: m.first + 1 }, ind.id);
      return none;
    }
    return { indicatorId: ind.id, ...entryLight(ind, entry, `entries[${j}]`, add, cfg) };
  });
  input.indicators.forEach((ind, i) => {
    if (!entryOf.has(ind.id)) add('MON_ENTRY_MISSING', `indicators[${i}]`, { name: ind.name }, ind.id);
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
  add: Add,
  cfg: MonitoringConfig,
): { light: Light | null; deviation: boolean | null } {
  const name = ind.name;
  const likelihood = entry.likelihood ?? null;
  if (likelihood === null) add('MON_LIKELIHOOD_MISSING', `${at}.likelihood`, { name }, ind.id);
  let light: Light | null = null;
  if (ind.target === null) {
    add('MON_TARGET_MISSING', at, { name }, ind.id);
  } else if (isBlank(entry.forecast)) {
    add('MON_FORECAST_MISSING', `${at}.forecast`, { name, target: ind.target.display }, ind.id);
    light = likelihood === 'impossible' ? 'red' : null;
  } else {
    const forecast = (entry.forecast as string).trim();
    const quantitative = ind.target.kind === 'quantitative';
    const fits = quantitative ? parseNumber(forecast) !== null : achievementOf(forecast) !== null;
    if (fits) light = indicatorLight(ind.target, forecast, likelihood, cfg);
    else {
      add(
        'MON_FORECAST_INVALID',
        `${at}.forecast`,
        { name, forecast, target: ind.target.display, quantitative },
        ind.id,
      );
      light = likelihood === 'impossible' ? 'red' : null;
    }
  }
  const deviation = light === null ? null : light !== 'green';

  if (deviation === true && !(entry.deviationReasons ?? []).some((r) => !isBlank(r.note))) {
    add('MON_DEVIATION_REASON_MISSING', `${at}.deviationReasons`, { name, light }, ind.id);
  }
  if (
    (deviation === true || (likelihood !== null && likelihood !== 'certain')) &&
    isBlank(entry.correctiveMeasures)
  ) {
    add(
      'MON_CORRECTIVE_MEASURES_MISSING',
      `${at}.correctiveMeasures`,
      { name, light: deviation === true ? light : null, likelihood },
      ind.id,
    );
  }
  return { light, deviation };
}

/** 元 with 2 decimals, as the form writes it. */
const yuan = formatMoney;
