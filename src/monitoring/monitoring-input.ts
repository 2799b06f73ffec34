import { defaults } from '../../config/defaults';
import { fromLabel } from '../common/i18n';
import type { Fen } from '../common/money';
import { ACHIEVEMENTS } from '../evaluation/scoring';
import { ReportErrors } from '../evaluation/evaluation.messages';
import {
  entryList,
  InputProblems,
  isBlank,
  parseNumber,
  resolveEntryIndicator,
  sent,
} from '../reports/report-input';
import type {
  DeviationCategory,
  Likelihood,
  MonitoringConfig,
  MonitoringIndicator,
} from './monitoring-rules';

/**
 * The monitoring report's body (docs/spec/api.md "Report payloads"), checked for structural
 * garbage (a likelihood, category or qualitative forecast not in its list, a non-numeric
 * forecast on a quantitative indicator, an unknown or repeated indicatorId, a money string
 * that is not money, a month outside 1..12, unknown fields): `validateMonitoringInput` (a PUT)
 * and `validateMonitoringPatch` (a PATCH) throw one AppError (400) with a code per problem,
 * each naming entry and field; nothing is saved. Rule violations are monitoring-rules.ts's
 * findings. Pure.
 */

export interface DeviationReason {
  category: DeviationCategory;
  note: string;
}

/** One entry of the monitoring payload (docs/spec/api.md "Report payloads"), as validated. */
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

/** What a forecast must be for a qualitative target: an achievement, as its code or its word. */
export function achievementOf(forecast: string): string | null {
  const code = fromLabel('achievement', forecast);
  return typeof code === 'string' && (ACHIEVEMENTS as readonly string[]).includes(code) ? code : null;
}

/** The monitoring report as stored: what validateMonitoringInput returns. */
export interface MonitoringPayload {
  periodEndMonth: number;
  budget: MonitoringBudgetInput;
  entries: MonitoringEntryInput[];
}

/**
 * A change to the monitoring report (PATCH): only what was sent. A key that is absent keeps
 * its stored value; `null` clears it (the month goes back to its default, the budget block or
 * one of its amounts to none, an entry's field to blank, its reasons to none).
 */
export interface MonitoringPatch {
  periodEndMonth?: number | null;
  budget?: MonitoringBudgetInput | null;
  /** Keyed by indicatorId; each holds only the fields sent. */
  entries?: MonitoringEntryInput[];
}

const ENTRY_KEYS = [
  'indicatorId',
  'actualToDate',
  'forecast',
  'likelihood',
  'deviationReasons',
  'correctiveMeasures',
  'remark',
] as const;
const BUDGET_KEYS = ['initialBudget', 'adjustedBudget', 'executedToDate', 'forecastFullYear'] as const;
const REASON_KEYS = ['category', 'note'];

/**
 * Checks the structure of a PUT monitoring body (its `periodEndMonth`, `budget` and `entries`;
 * `version` and `goalProgress` are the caller's) against the approved indicators, and returns
 * it typed: money in fen (absent: null; defaults are applied by evaluateMonitoring), the month
 * (absent: config default), blank text as null, words of a list as their codes (有可能 →
 * possible). Throws one AppError (400) naming entry and field, every problem in `details`.
 */
export function validateMonitoringInput(
  body: unknown,
  indicators: readonly MonitoringIndicator[],
  cfg: Pick<MonitoringConfig, 'defaultPeriodEndMonth' | 'maxTextLength'> = defaults.monitoring,
): MonitoringPayload {
  const read = readMonitoring(body, indicators, cfg, 'replace');
  const budget: MonitoringBudgetInput = {};
  for (const k of BUDGET_KEYS) budget[k] = read.budget?.[k] ?? null;
  return {
    periodEndMonth: read.periodEndMonth ?? cfg.defaultPeriodEndMonth,
    budget,
    entries: (read.entries ?? []).map((e) => ({
      indicatorId: e.indicatorId,
      actualToDate: e.actualToDate ?? null,
      forecast: e.forecast ?? null,
      likelihood: e.likelihood ?? null,
      deviationReasons: e.deviationReasons ?? [],
      correctiveMeasures: e.correctiveMeasures ?? null,
      remark: e.remark ?? null,
    })),
  };
}

/**
 * Checks a PATCH monitoring body as validateMonitoringInput does a PUT, field by field, and
 * returns only what was sent (see MonitoringPatch). `entries` may be left out.
 */
export function validateMonitoringPatch(
  body: unknown,
  indicators: readonly MonitoringIndicator[],
  cfg: Pick<MonitoringConfig, 'maxTextLength'> = defaults.monitoring,
): MonitoringPatch {
  return readMonitoring(body, indicators, cfg, 'merge');
}

function readMonitoring(
  body: unknown,
  indicators: readonly MonitoringIndicator[],
  cfg: Pick<MonitoringConfig, 'maxTextLength'>,
  mode: 'replace' | 'merge',
): MonitoringPatch {
  const problems = new InputProblems();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('body', 'FIELD_OBJECT');
    problems.throwIfAny();
  }
  const raw = body as Record<string, unknown>;
  const out: MonitoringPatch = {};

  if (raw.periodEndMonth === null) out.periodEndMonth = null;
  else if (raw.periodEndMonth !== undefined) {
    const m = raw.periodEndMonth;
    if (typeof m !== 'number' || !Number.isInteger(m)) problems.add('periodEndMonth', 'FIELD_INTEGER');
    else if (m < 1 || m > 12) problems.add('periodEndMonth', 'FIELD_RANGE', { min: 1, max: 12 });
    else out.periodEndMonth = m;
  }

  if (raw.budget === null) out.budget = null;
  else if (raw.budget !== undefined) {
    const b = problems.object(raw.budget, 'budget', BUDGET_KEYS);
    if (b) {
      const budget: MonitoringBudgetInput = {};
      for (const k of BUDGET_KEYS) if (sent(b, k)) budget[k] = problems.money(b[k], `budget.${k}`);
      out.budget = budget;
    }
  }

  const list = entryList(problems, raw.entries, mode);
  if (list) {
    const byId = new Map(indicators.map((ind) => [ind.id, ind]));
    const firstEntry = new Map<number, number>();
    out.entries = [];
    list.forEach((rawEntry: unknown, j) => {
      const at = `entries[${j}]`;
      const e = problems.object(rawEntry, at, ENTRY_KEYS);
      if (!e) return;
      const ind = resolveEntryIndicator(problems, e.indicatorId, at, byId, firstEntry, j);
      const entry: MonitoringEntryInput = { indicatorId: ind?.id ?? 0 };
      if (sent(e, 'actualToDate'))
        entry.actualToDate = problems.text(e.actualToDate, `${at}.actualToDate`, cfg.maxTextLength);
      if (sent(e, 'forecast')) entry.forecast = readForecast(problems, e.forecast, `${at}.forecast`, ind);
      if (sent(e, 'likelihood'))
        entry.likelihood = problems.oneOf<Likelihood>(e.likelihood, `${at}.likelihood`, 'likelihood');
      if (sent(e, 'deviationReasons'))
        entry.deviationReasons = readReasons(problems, e.deviationReasons, `${at}.deviationReasons`, cfg);
      if (sent(e, 'correctiveMeasures'))
        entry.correctiveMeasures = problems.text(
          e.correctiveMeasures,
          `${at}.correctiveMeasures`,
          cfg.maxTextLength,
        );
      if (sent(e, 'remark')) entry.remark = problems.text(e.remark, `${at}.remark`, cfg.maxTextLength);
      out.entries!.push(entry);
    });
  }
  problems.throwIfAny();
  return out;
}

/**
 * A forecast: a number in the target's unit (quantitative), an achievement as its code or
 * word (qualitative); null or blank give null.
 */
function readForecast(
  problems: InputProblems,
  value: unknown,
  field: string,
  ind: MonitoringIndicator | undefined,
): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') {
    problems.add(field, 'FIELD_TEXT');
    return null;
  }
  if (isBlank(value)) return null;
  const f = value.trim();
  if (ind?.target?.kind === 'quantitative' && parseNumber(f) === null) {
    problems.add(field, ReportErrors.REPORT_NOT_A_NUMBER.code, {
      name: ind.name,
      target: ind.target.display,
      unit: ind.target.unit,
    });
    return null;
  }
  if (ind?.target?.kind === 'qualitative') {
    const a = achievementOf(f);
    if (a === null)
      problems.add(field, ReportErrors.REPORT_ACHIEVEMENT_EXPECTED.code, {
        name: ind.name,
        target: ind.target.display,
      });
    return a;
  }
  return f;
}

/** 偏差原因: a list of {category, note}; null gives none. */
function readReasons(
  problems: InputProblems,
  value: unknown,
  field: string,
  cfg: Pick<MonitoringConfig, 'maxTextLength'>,
): DeviationReason[] {
  const reasons: DeviationReason[] = [];
  if (value === null) return reasons;
  if (!Array.isArray(value)) {
    problems.add(field, 'FIELD_LIST');
    return reasons;
  }
  value.forEach((rawReason: unknown, k) => {
    const at = `${field}[${k}]`;
    const r = problems.object(rawReason, at, REASON_KEYS);
    if (!r) return;
    if (r.category === undefined || r.category === null) problems.add(`${at}.category`, 'FIELD_REQUIRED');
    const category = problems.oneOf<DeviationCategory>(r.category, `${at}.category`, 'deviationCategory');
    const note = problems.text(r.note, `${at}.note`, cfg.maxTextLength);
    if (category !== null) reasons.push({ category, note: note ?? '' });
  });
  return reasons;
}
