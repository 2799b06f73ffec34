import type { Decimal } from 'decimal.js';
import { defaults } from '../../config/defaults';
import type { Target } from '../declarations/declaration-content';
import { ReportErrors } from '../reports/reports.messages';
import { Dec, fmt2, isBlank, parseNumber, parsePoints, round2 } from '../reports/report-input';
import { rawScore, targetMet } from '../reports/target-formula';
import type { Achievement, EvaluationConfig, EvaluationFindingCode } from './scoring';

/**
 * One indicator of the self-evaluation (docs/spec/domain.md §6): its score from the target's
 * formula (quantitative) or the evaluator's grade (qualitative), a manual override, and the
 * rule violations of the indicator alone. scoring.ts turns them into findings. Pure.
 */

export interface IndicatorScoreInput {
  target: Target;
  /** Points, a decimal string ("12.50"). */
  weight: string;
  actual: string | null;
  achievement?: Achievement | null;
  score?: string | null;
  overrideReason?: string | null;
}

/**
 * A rule violation of one indicator; scoreEvaluation turns it into a finding, adding the
 * indicator's name to the parameters of the code's text.
 */
export interface IndicatorProblem {
  code: EvaluationFindingCode;
  field: 'actual' | 'achievement' | 'score' | 'overrideReason';
  params: Record<string, unknown>;
}

export interface IndicatorScore {
  computedScore: string | null;
  score: string | null;
  met: boolean | null;
  /** True when a valid manual override (quantitative) replaced the computed score. */
  overridden: boolean;
  problems: IndicatorProblem[];
}

/**
 * Scores one indicator per §6. Quantitative (w weight, t target, a actual):
 * `≥`/`>`: a ≥ t → w, else w·a/t (t = 0: a ≥ 0 → w); `≤`/`<`: a ≤ t → w; t = 0 → 0; a ≥ 2t → 0;
 * else w·(1 − (a − t)/t); `=`: t = 0: a ≤ 0 → w, else 0; t > 0 as `≥`. Never below 0.
 * A `score` that differs from the computed one is a manual override (偏离度调减): it needs a
 * reason and must lie in [0, w], else it is not applied (score stays computed) and a problem
 * is reported. A score equal to the computed one is no override (clients may echo it back).
 * Qualitative: achieved [0.8w, w] (default w), partial [0.6w, 0.8w), notAchieved [0, 0.6w)
 * (bands from config, compared exactly, unrounded); a score is required for partial and
 * notAchieved; a score outside its band is not applied (achieved falls back to w, the others
 * to null) and reported.
 * Throws a 400 AppError only for a weight that is not points (a caller's bug: validation
 * refuses it first).
 */
export function scoreIndicator(
  input: IndicatorScoreInput,
  cfg: Pick<EvaluationConfig, 'qualitativeBands'> = defaults.evaluation,
): IndicatorScore {
  const w = parsePoints(input.weight);
  if (w === null) throw ReportErrors.REPORT_POINTS_INVALID({ example: '12.50' }, { field: 'weight' });
  return input.target.kind === 'quantitative'
    ? scoreQuantitativeEntry(input, w)
    : scoreQualitativeEntry(input, w, cfg.qualitativeBands);
}

function scoreQuantitativeEntry(input: IndicatorScoreInput, w: Decimal): IndicatorScore {
  const problems: IndicatorProblem[] = [];
  let computed: Decimal | null = null;
  let met: boolean | null = null;
  if (isBlank(input.actual)) {
    problems.push({ code: 'EVAL_ACTUAL_MISSING', field: 'actual', params: { target: input.target.display } });
  } else {
    const a = parseNumber(input.actual as string);
    if (a === null) {
      problems.push({
        code: 'EVAL_ACTUAL_NOT_NUMERIC',
        field: 'actual',
        params: { value: input.actual, unit: input.target.unit },
      });
    } else {
      computed = round2(rawScore(input.target, a, w));
      met = targetMet(input.target, a);
    }
  }

  let score = computed;
  let overridden = false;
  if (!isBlank(input.score)) {
    const given = parsePoints(input.score as string);
    if (given === null) {
      problems.push(scoreNotNumeric(input.score as string));
    } else if (computed === null || !given.eq(computed)) {
      const before = problems.length;
      if (given.gt(w)) {
        problems.push({
          code: 'EVAL_OVERRIDE_OUT_OF_RANGE',
          field: 'score',
          params: { given: fmt2(given), max: fmt2(w) },
        });
      }
      if (isBlank(input.overrideReason)) {
        problems.push({
          code: 'EVAL_OVERRIDE_REASON_MISSING',
          field: 'overrideReason',
          params: { computed: computed === null ? null : fmt2(computed), given: fmt2(given) },
        });
      }
      if (problems.length === before) {
        score = given;
        overridden = true;
      }
    }
  }
  return { computedScore: str(computed), score: str(score), met, overridden, problems };
}

function scoreQualitativeEntry(
  input: IndicatorScoreInput,
  w: Decimal,
  bands: EvaluationConfig['qualitativeBands'],
): IndicatorScore {
  const achievement = input.achievement ?? null;
  if (achievement === null) {
    return {
      computedScore: null,
      score: null,
      met: null,
      overridden: false,
      problems: [
        { code: 'EVAL_ACHIEVEMENT_MISSING', field: 'achievement', params: { target: input.target.display } },
      ],
    };
  }
  const [lo, hi] = bands[achievement].map((share) => new Dec(share).times(w));
  const inBand = (s: Decimal) => s.gte(lo) && (achievement === 'achieved' ? s.lte(hi) : s.lt(hi));
  const computed = achievement === 'achieved' ? round2(w) : null;
  const met = achievement === 'achieved';
  const problems: IndicatorProblem[] = [];
  let score = computed;
  if (isBlank(input.score)) {
    if (achievement !== 'achieved') {
      problems.push({
        code: 'EVAL_SCORE_REQUIRED',
        field: 'score',
        params: { achievement, ...bandOf(lo, hi, achievement) },
      });
    }
  } else {
    const given = parsePoints(input.score as string);
    if (given === null) problems.push(scoreNotNumeric(input.score as string));
    else if (inBand(given)) score = given;
    else {
      problems.push({
        code: 'EVAL_SCORE_OUT_OF_BAND',
        field: 'score',
        params: { achievement, score: fmt2(given), ...bandOf(lo, hi, achievement) },
      });
    }
  }
  return { computedScore: str(computed), score: str(score), met, overridden: false, problems };
}

/** The score band of an achievement grade: [lo, hi] for achieved, [lo, hi) for the others. */
function bandOf(lo: Decimal, hi: Decimal, achievement: Achievement) {
  return { lo: lo.toString(), hi: hi.toString(), closed: achievement === 'achieved' };
}

function scoreNotNumeric(value: string): IndicatorProblem {
  return { code: 'EVAL_SCORE_NOT_NUMERIC', field: 'score', params: { value } };
}

function str(d: Decimal | null): string | null {
  return d === null ? null : d.toFixed(2);
}
