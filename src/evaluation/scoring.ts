/**
 * Year-end self-evaluation (绩效自评, docs/spec/domain.md §6, after 财预〔2020〕10号): default weights,
 * the per-indicator formulas, the budget-execution score, subtotals, total, grade, and the
 * findings that decide whether the evaluation may be submitted. Pure: no Nest, no I/O.
 * All arithmetic is decimal (decimal.js), rounded half up to 2 places; never a JS float.
 *
 * Wrong input comes in two kinds, handled apart:
 *
 * - Structural garbage: a value that is not what its field holds at all. An actual that is not
 *   a plain number on a quantitative indicator, an achievement not in its list (or given on a
 *   quantitative indicator), a weight or score that is not points with at most 2 decimals, a
 *   money string that is not money, text that is not text or too long, an unknown field, an
 *   entry for an indicator that the approved version does not have, two entries for one
 *   indicator. `validateEvaluationInput` (a PUT) and `validateEvaluationPatch` (a PATCH) throw
 *   one AppError (HTTP 400) with a code per problem, each naming the entry and field (all
 *   problems in `details`); nothing is saved.
 *
 * - Rule violations: well-formed values that break a rule of §6. `scoreEvaluation` reports
 *   them as findings (codes in EVALUATION_FINDINGS, texts in evaluation.messages.ts, in the
 *   reader's language); any `error` blocks SUBMIT (422), while a
 *   draft with findings may be saved. scoreEvaluation never throws: it is recomputed on every
 *   read from stored data, so what validateEvaluationInput would reject (an unknown indicator,
 *   a non-numeric actual) is also reported, defensively, as an error finding.
 *
 * `met` (an exact rule, used for the deviation-analysis requirement and monitoring):
 * - quantitative: the actual satisfies the target as the formula reads it, i.e. the formula
 *   gives full marks: `≥`/`>`: a ≥ t; `≤`/`<`: a ≤ t; `=`: t = 0 → a ≤ 0, t > 0 → a ≥ t.
 *   (§6 scores `>`/`<` like `≥`/`≤`, so reaching the boundary counts as met.) A manual override
 *   does not change `met`: it is about the target, not the points.
 * - qualitative: achievement is `achieved`.
 * - null when it cannot be told (no actual, no achievement, no target).
 * An indicator needs its 偏差原因分析及改进措施 (deviationAnalysis) when it is not met or its
 * final score is below its weight (§6: "not met (or scored below its weight)").
 */
import { Decimal } from 'decimal.js';
import { defaults } from '../../config/defaults';
import { CommonErrors } from '../common/common.messages';
import type { Lang } from '../common/i18n';
import { type Fen, formatMoney } from '../common/money';
import type { Level1, Target } from '../declarations/declaration-content';
import { ACHIEVEMENT_VALUES, ReportErrors } from './evaluation.messages';
import {
  Dec,
  entryList,
  fenToDec,
  finding,
  fmt2,
  InputProblems,
  isBlank,
  parseNumber,
  parsePoints,
  resolveEntryIndicator,
  round2,
  type ReportFinding,
  sent,
  type Severity,
} from './report-input';

export type EvaluationConfig = typeof defaults.evaluation;
export type Achievement = 'achieved' | 'partial' | 'notAchieved';
export const ACHIEVEMENTS: readonly Achievement[] = ACHIEVEMENT_VALUES;
export type Grade = '优' | '良' | '中' | '差';

const LEVEL1S: readonly Level1[] = ['output', 'benefit', 'satisfaction'];

/** Every finding scoreEvaluation can raise, with its default severity (overridable by config). */
export const EVALUATION_FINDINGS = {
  EVAL_ENTRY_MISSING: 'error', // an indicator of the approved version has no entry
  EVAL_ENTRY_UNKNOWN_INDICATOR: 'error', // an entry for an indicator not in the approved version
  EVAL_ENTRY_DUPLICATE: 'error', // a second entry for the same indicator (ignored)
  EVAL_TARGET_MISSING: 'error', // the approved indicator has no target: nothing to score against
  EVAL_WEIGHT_INVALID: 'error', // a stored weight that is not points (the default is used)
  EVAL_WEIGHTS_TOTAL: 'error', // own weights + budget weight ≠ 100
  EVAL_ACTUAL_MISSING: 'error', // quantitative indicator without actual
  EVAL_ACTUAL_NOT_NUMERIC: 'error', // quantitative indicator with a non-number actual
  EVAL_ACHIEVEMENT_MISSING: 'error', // qualitative indicator without achievement
  EVAL_SCORE_REQUIRED: 'error', // partial / notAchieved without score
  EVAL_SCORE_OUT_OF_BAND: 'error', // qualitative score outside the achievement's band
  EVAL_SCORE_NOT_NUMERIC: 'error', // a stored score that is not points
  EVAL_OVERRIDE_REASON_MISSING: 'error', // quantitative score changed without a reason
  EVAL_OVERRIDE_OUT_OF_RANGE: 'error', // quantitative override outside [0, w]
  EVAL_DEVIATION_ANALYSIS_MISSING: 'error', // not met / below weight without analysis
  EVAL_BUDGET_ADJUSTED_MISSING: 'error', // no adjusted budget (nor initial, nor approved request)
  EVAL_BUDGET_ADJUSTED_ZERO: 'error', // adjusted budget 0: no rate
  EVAL_BUDGET_EXECUTED_MISSING: 'error', // no executed amount
  EVAL_BUDGET_RATE_LOW: 'warning', // execution rate below config.budgetRateWarningBelow
  EVAL_ACTUAL_FAR_ABOVE_TARGET: 'warning', // higher-is-better actual ≥ target × (1 + share)
} as const satisfies Record<string, Severity>;
export type EvaluationFindingCode = keyof typeof EVALUATION_FINDINGS;

/** An indicator of the approved version, in form order. */
export interface ApprovedIndicator {
  id: number;
  name: string;
  level1: Level1;
  target: Target | null;
  /** The weight set in the approved declaration (IndicatorContent.weight), if any. */
  weight?: string | null;
}

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

export interface EvaluationInput {
  /** The latest approved version's indicators, in form order. */
  indicators: readonly ApprovedIndicator[];
  entries: readonly EvaluationEntryInput[];
  budget: EvaluationBudgetInput;
  /** The approved 年度资金申请总额: the default of initialBudget. */
  approvedAnnualRequest?: Fen | null;
}

export interface EvaluationOptions {
  config?: EvaluationConfig;
  /** Severity overrides by finding code (config.findingSeverities). */
  severities?: Readonly<Record<string, Severity>>;
  /** The language of the findings' messages (Chinese by default). */
  lang?: Lang;
}

/** Per input entry, in input order (so `entries[i]` of the payload and of the answer agree). */
export interface ScoredEntry {
  indicatorId: number;
  /** The weight used, 2 decimals; null for an entry that is not scored (unknown or duplicate). */
  weight: string | null;
  /** The formula's score (quantitative) or the achievement's default (achieved → w); null when none. */
  computedScore: string | null;
  /** The score that counts: computed, or the valid evaluator score / override; null when none. */
  score: string | null;
  met: boolean | null;
}

export interface EvaluationResult {
  entries: ScoredEntry[];
  /** Every approved indicator's weight, in form order, whether or not it has an entry. */
  indicatorWeights: { indicatorId: number; weight: string }[];
  /** The budget with its defaults applied. */
  budget: { initialBudget: Fen | null; adjustedBudget: Fen | null; executed: Fen | null };
  /** executed / adjustedBudget in percent, 2 decimals ("95.00"); null when it cannot be computed. */
  budgetRate: string | null;
  /** min(rate, 1) × budget weight, 2 decimals; "0.00" when the rate cannot be computed. */
  budgetScore: string;
  /** Σ scores per level-1 (an unscored indicator counts 0), 2 decimals. */
  subtotals: Record<Level1, string>;
  /** Σ subtotals + budgetScore. */
  totalScore: string;
  grade: Grade;
  findings: ReportFinding[];
}

// ---------------------------------------------------------------------------------------------
// Weights

/**
 * Default weights (分值) per indicator, in the order given (form order), as 2-decimal strings.
 * Each level-1 gets its configured points; a level-1 without indicators gives its points to
 * the others in proportion to theirs (no satisfaction: output 56.25, benefit 33.75). Should a
 * proportional share fall between cents, the cents go by largest remainder (ties: output,
 * benefit, satisfaction), so the indicator points always total exactly
 * output + benefit + satisfaction. Within a level-1 the points are split equally in cents, the
 * odd cents to the first indicators (3 sharing 50: 16.67, 16.67, 16.66).
 */
export function defaultWeights(
  indicators: readonly { level1: Level1 }[],
  weights: EvaluationConfig['weights'] = defaults.evaluation.weights,
): string[] {
  const count: Record<Level1, bigint> = { output: 0n, benefit: 0n, satisfaction: 0n };
  for (const ind of indicators) count[ind.level1] += 1n;
  const present = LEVEL1S.filter((l) => count[l] > 0n);
  if (present.length === 0) return [];

  const totalCents = LEVEL1S.reduce((s, l) => s + toCents(weights[l]), 0n);
  const own = present.map((l) => toCents(weights[l]));
  const ownSum = own.reduce((s, c) => s + c, 0n);
  // Nothing configured for the levels present (all zero): share equally.
  const basis = ownSum > 0n ? own : own.map(() => 1n);
  const basisSum = basis.reduce((s, c) => s + c, 0n);
  const shares = basis.map((b) => (totalCents * b) / basisSum);
  const remainders = basis.map((b, i) => ({ i, r: (totalCents * b) % basisSum }));
  let leftover = totalCents - shares.reduce((s, c) => s + c, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    shares[i] += 1n;
    leftover -= 1n;
  }

  const cents: Record<Level1, bigint> = { output: 0n, benefit: 0n, satisfaction: 0n };
  present.forEach((l, i) => (cents[l] = shares[i]));
  const seen: Record<Level1, bigint> = { output: 0n, benefit: 0n, satisfaction: 0n };
  return indicators.map(({ level1 }) => {
    const n = count[level1];
    const odd = seen[level1] < cents[level1] % n ? 1n : 0n;
    seen[level1] += 1n;
    return formatMoney(cents[level1] / n + odd);
  });
}

/** Config points (a JSON number such as 10 or 12.5) in cents. */
function toCents(points: number): bigint {
  return BigInt(round2(new Dec(points)).times(100).toFixed(0));
}

// ---------------------------------------------------------------------------------------------
// One indicator

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

/** The §6 formula, unrounded, clamped at 0. */
function rawScore(target: Target, a: Decimal, w: Decimal): Decimal {
  const t = targetValue(target);
  const higher = (): Decimal => {
    if (a.gte(t)) return w; // also t = 0 with a ≥ 0
    if (a.lte(0)) return new Dec(0);
    return w.times(a).div(t);
  };
  switch (target.comparator) {
    case '≥':
    case '>':
      return higher();
    case '≤':
    case '<':
      if (a.lte(t)) return w;
      if (t.isZero() || a.gte(t.times(2))) return new Dec(0);
      return w.times(t.times(2).minus(a)).div(t); // w·(1 − (a − t)/t), one division
    case '=':
      if (t.isZero()) return a.lte(0) ? w : new Dec(0);
      return higher();
    default:
      // A quantitative target always has one (target-notation.ts): a programming error.
      throw new Error(`target "${target.display}" has no comparator`);
  }
}

/** `met` for a quantitative target: the formula gives full marks (see the file's header). */
function targetMet(target: Target, a: Decimal): boolean {
  const t = targetValue(target);
  if (target.comparator === '≤' || target.comparator === '<') return a.lte(t);
  if (target.comparator === '=' && t.isZero()) return a.lte(0);
  return a.gte(t);
}

function targetValue(target: Target): Decimal {
  const t = target.value === null ? null : parseNumber(target.value);
  // A quantitative target always has one (target-notation.ts): a programming error.
  if (t === null) throw new Error(`target "${target.display}" has no numeric value`);
  return t;
}

/**
 * The §6 score of a quantitative target for a given value and weight, 2 decimals ("0.95" with
 * weight "1": the completion that monitoring compares with its red threshold). Throws a 400
 * AppError when `actual` or `weight` is not a number.
 */
export function quantitativeScore(target: Target, actual: string, weight: string): string {
  const a = parseNumber(actual);
  const w = parseNumber(weight);
  if (a === null) throw CommonErrors.FIELD_DECIMAL({}, { field: 'actual' });
  if (w === null) throw CommonErrors.FIELD_DECIMAL({}, { field: 'weight' });
  return fmt2(rawScore(target, a, w));
}

/** Whether `actual` meets a quantitative target (the `met` rule). Throws a 400 AppError when not a number. */
export function quantitativeMet(target: Target, actual: string): boolean {
  const a = parseNumber(actual);
  if (a === null) throw CommonErrors.FIELD_DECIMAL({}, { field: 'actual' });
  return targetMet(target, a);
}

/** 优 ≥ 90 > 良 ≥ 80 > 中 ≥ 60 > 差 (thresholds from config), on the 2-decimal total. */
export function gradeOf(
  totalScore: string,
  grades: EvaluationConfig['grades'] = defaults.evaluation.grades,
): Grade {
  const total = new Dec(totalScore);
  if (total.gte(grades.excellent)) return '优';
  if (total.gte(grades.good)) return '良';
  if (total.gte(grades.fair)) return '中';
  return '差';
}

// ---------------------------------------------------------------------------------------------
// The whole evaluation

/**
 * Scores a self-evaluation against the latest approved version and lists its findings (see the
 * file's header). Weights: the entry's weight, else the declared weight, else the default
 * split; when any indicator carries its own weight, all weights plus the budget weight must
 * total the configured points (100). Budget: rate = executed / adjustedBudget, published in
 * percent with 2 decimals; score = min(rate, 1) × budget weight, rounded. Thresholds (rate
 * warning, grade) compare the published 2-decimal figures, so what users see and what the
 * rule says agree. Never throws.
 */
export function scoreEvaluation(input: EvaluationInput, options: EvaluationOptions = {}): EvaluationResult {
  const cfg = options.config ?? defaults.evaluation;
  const findings: ReportFinding[] = [];
  const add = (code: EvaluationFindingCode, path: string, params: object, indicatorId?: number) =>
    findings.push(
      finding(code, EVALUATION_FINDINGS[code], path, params, {
        lang: options.lang,
        severities: options.severities,
        indicatorId,
      }),
    );

  // Which entry belongs to which indicator (the first one; later ones are duplicates).
  const indexOfIndicator = new Map(input.indicators.map((ind, i) => [ind.id, i]));
  const entryOf = new Map<number, number>();
  input.entries.forEach((entry, j) => {
    const i = indexOfIndicator.get(entry.indicatorId);
    if (i === undefined) {
      add('EVAL_ENTRY_UNKNOWN_INDICATOR', `entries[${j}].indicatorId`, { indicatorId: entry.indicatorId });
    } else if (entryOf.has(entry.indicatorId)) {
      add(
        'EVAL_ENTRY_DUPLICATE',
        `entries[${j}].indicatorId`,
        { name: input.indicators[i].name, first: (entryOf.get(entry.indicatorId) as number) + 1 },
        entry.indicatorId,
      );
    } else entryOf.set(entry.indicatorId, j);
  });

  // Weights.
  const defaultsW = defaultWeights(input.indicators, cfg.weights);
  let ownWeights = false;
  const weights = input.indicators.map((ind, i) => {
    const j = entryOf.get(ind.id);
    const candidates: [string | null | undefined, string][] = [
      [j === undefined ? null : input.entries[j].weight, `entries[${j}].weight`],
      [ind.weight, `indicators[${i}].weight`],
    ];
    for (const [value, path] of candidates) {
      if (isBlank(value)) continue;
      const w = parsePoints(value as string);
      if (w !== null) {
        ownWeights = true;
        return w;
      }
      add('EVAL_WEIGHT_INVALID', path, { name: ind.name, value, fallback: defaultsW[i] }, ind.id);
      break;
    }
    return new Dec(defaultsW[i]);
  });
  if (ownWeights) {
    const expected = LEVEL1S.reduce((s, l) => s.plus(cfg.weights[l]), new Dec(cfg.weights.budget));
    const indicatorsSum = weights.reduce((s, w) => s.plus(w), new Dec(0));
    const total = indicatorsSum.plus(cfg.weights.budget);
    if (!total.eq(expected)) {
      add('EVAL_WEIGHTS_TOTAL', 'entries', {
        total: fmt2(total),
        indicators: fmt2(indicatorsSum),
        budget: fmt2(new Dec(cfg.weights.budget)),
        expected: fmt2(expected),
      });
    }
  }

  // Indicators.
  const scores: (Decimal | null)[] = input.indicators.map(() => null);
  const scored = new Map<number, ScoredEntry>();
  input.indicators.forEach((ind, i) => {
    const j = entryOf.get(ind.id);
    if (j === undefined) {
      add('EVAL_ENTRY_MISSING', `indicators[${i}]`, { name: ind.name }, ind.id);
      return;
    }
    const entry = input.entries[j];
    const weight = weights[i];
    if (ind.target === null) {
      add('EVAL_TARGET_MISSING', `entries[${j}]`, { name: ind.name }, ind.id);
      scored.set(j, {
        indicatorId: ind.id,
        weight: weight.toFixed(2),
        computedScore: null,
        score: null,
        met: null,
      });
      return;
    }
    const result = scoreIndicator(
      {
        target: ind.target,
        weight: weight.toFixed(2),
        actual: entry.actual ?? null,
        achievement: entry.achievement ?? null,
        score: entry.score ?? null,
        overrideReason: entry.overrideReason ?? null,
      },
      cfg,
    );
    for (const p of result.problems)
      add(p.code, `entries[${j}].${p.field}`, { ...p.params, name: ind.name }, ind.id);
    const score = result.score === null ? null : new Dec(result.score);
    scores[i] = score;
    scored.set(j, {
      indicatorId: ind.id,
      weight: weight.toFixed(2),
      computedScore: result.computedScore,
      score: result.score,
      met: result.met,
    });

    // Target set too low? (higher-is-better only; a target of 0 has no "20 % above")
    const t = ind.target.value === null ? null : parseNumber(ind.target.value);
    const a =
      ind.target.kind === 'quantitative' && !isBlank(entry.actual)
        ? parseNumber(entry.actual as string)
        : null;
    const share = new Dec(cfg.overTargetWarningShare);
    if (
      ind.target.direction === 'higher' &&
      t !== null &&
      t.gt(0) &&
      a !== null &&
      a.minus(t).gte(t.times(share))
    ) {
      add(
        'EVAL_ACTUAL_FAR_ABOVE_TARGET',
        `entries[${j}].actual`,
        {
          name: ind.name,
          actual: (entry.actual as string).trim(),
          target: ind.target.display,
          pct: share.times(100).toString(),
        },
        ind.id,
      );
    }

    const belowWeight = score !== null && score.lt(weight);
    if ((result.met === false || belowWeight) && isBlank(entry.deviationAnalysis)) {
      add(
        'EVAL_DEVIATION_ANALYSIS_MISSING',
        `entries[${j}].deviationAnalysis`,
        {
          name: ind.name,
          met: result.met,
          score: score === null ? null : fmt2(score),
          weight: fmt2(weight),
        },
        ind.id,
      );
    }
  });

  const entries: ScoredEntry[] = input.entries.map(
    (entry, j) =>
      scored.get(j) ?? {
        indicatorId: entry.indicatorId,
        weight: null,
        computedScore: null,
        score: null,
        met: null,
      },
  );

  // Budget.
  const initialBudget = input.budget.initialBudget ?? input.approvedAnnualRequest ?? null;
  const adjustedBudget = input.budget.adjustedBudget ?? initialBudget;
  const executed = input.budget.executed ?? null;
  let budgetRate: string | null = null;
  let budgetScore = new Dec(0);
  if (adjustedBudget === null) add('EVAL_BUDGET_ADJUSTED_MISSING', 'budget.adjustedBudget', {});
  else if (adjustedBudget === 0n) add('EVAL_BUDGET_ADJUSTED_ZERO', 'budget.adjustedBudget', {});
  if (executed === null) add('EVAL_BUDGET_EXECUTED_MISSING', 'budget.executed', {});
  if (adjustedBudget !== null && adjustedBudget !== 0n && executed !== null) {
    // One division each, so the half-up rounding sees the exact quotient.
    const adjusted = fenToDec(adjustedBudget);
    budgetRate = fmt2(fenToDec(executed).times(100).div(adjusted));
    const capped = executed < adjustedBudget ? executed : adjustedBudget; // min(rate, 1)
    budgetScore = round2(fenToDec(capped).times(cfg.weights.budget).div(adjusted));
    if (new Dec(budgetRate).lt(cfg.budgetRateWarningBelow)) {
      add('EVAL_BUDGET_RATE_LOW', 'budget.executed', {
        rate: budgetRate,
        threshold: cfg.budgetRateWarningBelow,
      });
    }
  }

  // Totals.
  const sub: Record<Level1, Decimal> = { output: new Dec(0), benefit: new Dec(0), satisfaction: new Dec(0) };
  input.indicators.forEach((ind, i) => (sub[ind.level1] = sub[ind.level1].plus(scores[i] ?? 0)));
  const total = LEVEL1S.reduce((s, l) => s.plus(sub[l]), budgetScore);
  const totalScore = fmt2(total);
  return {
    entries,
    indicatorWeights: input.indicators.map((ind, i) => ({
      indicatorId: ind.id,
      weight: weights[i].toFixed(2),
    })),
    budget: { initialBudget, adjustedBudget, executed },
    budgetRate,
    budgetScore: budgetScore.toFixed(2),
    subtotals: { output: fmt2(sub.output), benefit: fmt2(sub.benefit), satisfaction: fmt2(sub.satisfaction) },
    totalScore,
    grade: gradeOf(totalScore, cfg.grades),
    findings,
  };
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
