import { defaults } from '../../config/defaults';
import { completeReport, readReport } from '../reports/report-fields';
import type { ApprovedIndicator } from '../reports/report-rules';
import {
  EVALUATION_FIELDS,
  type EvaluationBudgetInput,
  type EvaluationEntryInput,
} from './evaluation-fields';
import type { EvaluationConfig } from './scoring';

/**
 * The self-evaluation's body (docs/spec/api.md "Report payloads"), checked for structural
 * garbage: a value that is not what its field holds at all. An actual that is not a plain
 * number on a quantitative indicator, an achievement not in its list (or given on a
 * quantitative indicator), a weight or score that is not points with at most 2 decimals, a
 * money string that is not money, text that is not text or too long, an unknown field, an
 * entry for an indicator that the approved version does not have, two entries for one
 * indicator. `validateEvaluationInput` (a PUT) and `validateEvaluationPatch` (a PATCH) throw
 * one AppError (HTTP 400) with a code per problem, each naming the entry and field (all
 * problems in `details`); nothing is saved. Each field's check is declared with the field
 * (evaluation-fields.ts). Rule violations are scoring.ts's findings. Pure.
 */

/** The evaluation report as stored: what validateEvaluationInput returns. */
export interface EvaluationPayload {
  budget: EvaluationBudgetInput;
  entries: EvaluationEntryInput[];
}

/**
 * A change to the evaluation (PATCH): only what was sent. A key that is absent keeps its
 * stored value; `null` clears it (the budget block or one of its amounts to none, an entry's
 * field to blank).
 */
export interface EvaluationPatch {
  budget?: EvaluationBudgetInput | null;
  /** Keyed by indicatorId; each holds only the fields sent. */
  entries?: EvaluationEntryInput[];
}

/**
 * Checks the structure of a PUT evaluation body (its `budget` and `entries`; `version` and
 * `goalAchievement` are the caller's) against the approved indicators, and returns it typed
 * and normalised (money in fen, weights and scores as 2-decimal strings, blank text as null,
 * an achievement's word as its code). Throws one AppError (400) naming entry and field, every
 * problem in `details`. Rule violations (missing values, bands, totals) are left to
 * scoreEvaluation's findings.
 */
export function validateEvaluationInput(
  body: unknown,
  indicators: readonly ApprovedIndicator[],
  cfg: Pick<EvaluationConfig, 'maxTextLength'> = defaults.evaluation,
): EvaluationPayload {
  const read = readReport(EVALUATION_FIELDS, body, indicators, cfg.maxTextLength, 'replace');
  return completeReport(EVALUATION_FIELDS, read, cfg) as unknown as EvaluationPayload;
}

/**
 * Checks a PATCH evaluation body as validateEvaluationInput does a PUT, field by field, and
 * returns only what was sent (see EvaluationPatch). `entries` may be left out.
 */
export function validateEvaluationPatch(
  body: unknown,
  indicators: readonly ApprovedIndicator[],
  cfg: Pick<EvaluationConfig, 'maxTextLength'> = defaults.evaluation,
): EvaluationPatch {
  return readReport(EVALUATION_FIELDS, body, indicators, cfg.maxTextLength, 'merge') as EvaluationPatch;
}
