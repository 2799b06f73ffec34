import type { Decimal } from 'decimal.js';
import { defaults } from '../../config/defaults';
import type { Fen } from '../common/money';
import { ReportErrors } from './evaluation.messages';
import {
  entryList,
  InputProblems,
  isBlank,
  parseNumber,
  parsePoints,
  resolveEntryIndicator,
  sent,
} from '../reports/report-input';
import type { ApprovedIndicator } from '../reports/report-rules';
import type { Achievement, EvaluationConfig } from './scoring';

/**
 * The self-evaluation's body (docs/spec/api.md "Report payloads"), checked for structural
 * garbage: a value that is not what its field holds at all. An actual that is not a plain
 * number on a quantitative indicator, an achievement not in its list (or given on a
 * quantitative indicator), a weight or score that is not points with at most 2 decimals, a
 * money string that is not money, text that is not text or too long, an unknown field, an
 * entry for an indicator that the approved version does not have, two entries for one
 * indicator. `validateEvaluationInput` (a PUT) and `validateEvaluationPatch` (a PATCH) throw
 * one AppError (HTTP 400) with a code per problem, each naming the entry and field (all
 * problems in `details`); nothing is saved. Rule violations are scoring.ts's findings. Pure.
 */

/** One entry of the evaluation payload (docs/spec/api.md "Report payloads"), as validated. */
export interface EvaluationEntryInput {
  indicatorId: number;
  /** Points with 2 decimals; absent: the declared weight, else the default split. */
  weight?: string | null;
  /** A number in the target's unit (quantitative) or text (qualitative). */
  actual?: string | null;
  /** Qualitative indicators only. */
  achievement?: Achievement | null;
  /** Qualitative: the evaluator's score; quantitative: a manual override. */
  score?: string | null;
  overrideReason?: string | null;
  deviationAnalysis?: string | null;
}

/** Money in fen. initialBudget defaults to the approved annualRequest, adjustedBudget to initial. */
export interface EvaluationBudgetInput {
  initialBudget?: Fen | null;
  adjustedBudget?: Fen | null;
  executed?: Fen | null;
}

// ---------------------------------------------------------------------------------------------
// Structural validation of the PUT and PATCH payloads

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

const ENTRY_KEYS = [
  'indicatorId',
  'weight',
  'actual',
  'achievement',
  'score',
  'overrideReason',
  'deviationAnalysis',
] as const;
const BUDGET_KEYS = ['initialBudget', 'adjustedBudget', 'executed'] as const;

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
  const read = readEvaluation(body, indicators, cfg, 'replace');
  const budget: EvaluationBudgetInput = {};
  for (const k of BUDGET_KEYS) budget[k] = read.budget?.[k] ?? null;
  return {
    budget,
    entries: (read.entries ?? []).map((e) => ({
      indicatorId: e.indicatorId,
      weight: e.weight ?? null,
      actual: e.actual ?? null,
      achievement: e.achievement ?? null,
      score: e.score ?? null,
      overrideReason: e.overrideReason ?? null,
      deviationAnalysis: e.deviationAnalysis ?? null,
    })),
  };
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
  return readEvaluation(body, indicators, cfg, 'merge');
}

function readEvaluation(
  body: unknown,
  indicators: readonly ApprovedIndicator[],
  cfg: Pick<EvaluationConfig, 'maxTextLength'>,
  mode: 'replace' | 'merge',
): EvaluationPatch {
  const problems = new InputProblems();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('body', 'FIELD_OBJECT');
    problems.throwIfAny();
  }
  const raw = body as Record<string, unknown>;
  const out: EvaluationPatch = {};

  if (raw.budget === null) out.budget = null;
  else if (raw.budget !== undefined) {
    const b = problems.object(raw.budget, 'budget', BUDGET_KEYS);
    if (b) {
      const budget: EvaluationBudgetInput = {};
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
      const quantitative = ind?.target?.kind === 'quantitative';
      const entry: EvaluationEntryInput = { indicatorId: ind?.id ?? 0 };

      if (sent(e, 'weight')) {
        const weight = points(problems, e.weight, `${at}.weight`, '12.50');
        if (weight !== null && weight.gt(100)) problems.add(`${at}.weight`, 'FIELD_MAX', { max: 100 });
        entry.weight = weight === null ? null : weight.toFixed(2);
      }
      if (sent(e, 'score')) {
        const score = points(problems, e.score, `${at}.score`, '7.00');
        entry.score = score === null ? null : score.toFixed(2);
      }
      if (sent(e, 'actual')) {
        let actual: string | null = null;
        if (e.actual !== null && typeof e.actual !== 'string') problems.add(`${at}.actual`, 'FIELD_TEXT');
        else if (ind && quantitative && !isBlank(e.actual as string | null)) {
          if (parseNumber(e.actual as string) === null) {
            problems.add(`${at}.actual`, ReportErrors.REPORT_NOT_A_NUMBER.code, {
              name: ind.name,
              target: ind.target?.display,
              unit: ind.target?.unit,
            });
          } else actual = (e.actual as string).trim();
        } else actual = problems.text(e.actual, `${at}.actual`, cfg.maxTextLength);
        entry.actual = actual;
      }
      if (sent(e, 'achievement')) {
        const achievement = problems.oneOf<Achievement>(e.achievement, `${at}.achievement`, 'achievement');
        if (achievement !== null && ind && quantitative) {
          problems.add(`${at}.achievement`, ReportErrors.REPORT_ACHIEVEMENT_NOT_APPLICABLE.code, {
            name: ind.name,
            target: ind.target?.display,
          });
        }
        entry.achievement = achievement;
      }
      if (sent(e, 'overrideReason'))
        entry.overrideReason = problems.text(e.overrideReason, `${at}.overrideReason`, cfg.maxTextLength);
      if (sent(e, 'deviationAnalysis'))
        entry.deviationAnalysis = problems.text(
          e.deviationAnalysis,
          `${at}.deviationAnalysis`,
          cfg.maxTextLength,
        );
      out.entries!.push(entry);
    });
  }
  problems.throwIfAny();
  return out;
}

/** Points (weight or score): a string with at most 2 decimals; null or blank give null. */
function points(problems: InputProblems, value: unknown, field: string, example: string): Decimal | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.add(field, ReportErrors.REPORT_POINTS_INVALID.code, { example });
    return null;
  }
  if (isBlank(value)) return null;
  const p = parsePoints(value);
  if (p === null) problems.add(field, ReportErrors.REPORT_POINTS_INVALID.code, { example });
  return p;
}
