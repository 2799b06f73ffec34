import { defaults } from '../../config/defaults';
import { completeReport, readReport } from '../reports/report-fields';
import type { ApprovedIndicator } from '../reports/report-rules';
import type { MonitoringBudgetInput, MonitoringEntryInput } from './monitoring-fields';
import { MONITORING_FIELDS } from './monitoring-fields';
import type { MonitoringConfig } from './monitoring-rules';

/**
 * The monitoring report's body (docs/spec/api.md "Report payloads"), checked for structural
 * garbage (a likelihood, category or qualitative forecast not in its list, a non-numeric
 * forecast on a quantitative indicator, an unknown or repeated indicatorId, a money string
 * that is not money, a month outside 1..12, unknown fields): `validateMonitoringInput` (a PUT)
 * and `validateMonitoringPatch` (a PATCH) throw one AppError (400) with a code per problem,
 * each naming entry and field; nothing is saved. Each field's check is declared with the
 * field (monitoring-fields.ts). Rule violations are monitoring-rules.ts's findings. Pure.
 */

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

type Indicators = readonly Pick<ApprovedIndicator, 'id' | 'name' | 'level1' | 'target'>[];

/**
 * Checks the structure of a PUT monitoring body (its `periodEndMonth`, `budget` and `entries`;
 * `version` and `goalProgress` are the caller's) against the approved indicators, and returns
 * it typed: money in fen (absent: null; defaults are applied by evaluateMonitoring), the month
 * (absent: config default), blank text as null, words of a list as their codes (有可能 →
 * possible). Throws one AppError (400) naming entry and field, every problem in `details`.
 */
export function validateMonitoringInput(
  body: unknown,
  indicators: Indicators,
  cfg: Pick<MonitoringConfig, 'defaultPeriodEndMonth' | 'maxTextLength'> = defaults.monitoring,
): MonitoringPayload {
  const read = readReport(MONITORING_FIELDS, body, indicators, cfg.maxTextLength, 'replace');
  return completeReport(MONITORING_FIELDS, read, cfg) as unknown as MonitoringPayload;
}

/**
 * Checks a PATCH monitoring body as validateMonitoringInput does a PUT, field by field, and
 * returns only what was sent (see MonitoringPatch). `entries` may be left out.
 */
export function validateMonitoringPatch(
  body: unknown,
  indicators: Indicators,
  cfg: Pick<MonitoringConfig, 'maxTextLength'> = defaults.monitoring,
): MonitoringPatch {
  return readReport(MONITORING_FIELDS, body, indicators, cfg.maxTextLength, 'merge') as MonitoringPatch;
}
