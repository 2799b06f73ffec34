/**
 * Year-end self-evaluation (绩效自评, docs/spec/domain.md §6, after 财预〔2020〕10号): the scores
 * of a self-evaluation, section by section (entries to indicators, weights, indicators, budget,
 * totals and grade), and the findings that decide whether it may be submitted. Pure: no Nest,
 * no I/O. All arithmetic is decimal (decimal.js), rounded half up to 2 places; never a JS float.
 *
 * Where the parts are: the target's formula and `met` rule, which monitoring uses too, in
 * reports/target-formula.ts; the weights in scoring-weights.ts; one indicator's score in
 * scoring-indicator.ts; the body's structural checks (a 400 before anything is saved) in
 * evaluation-input.ts.
 *
 * Rule violations: well-formed values that break a rule of §6. `scoreEvaluation` reports them
 * as findings (codes in EVALUATION_FINDINGS, texts in evaluation.messages.ts, in the reader's
 * language); any `error` blocks SUBMIT (422), while a draft with findings may be saved.
 * scoreEvaluation never throws: it is recomputed on every read from stored data, so what
 * validateEvaluationInput would reject (an unknown indicator, a non-numeric actual) is also
 * reported, defensively, as an error finding.
 *
 * `met` (reports/target-formula.ts for a quantitative target): a manual override does not
 * change it: it is about the target, not the points. Qualitative: achievement is `achieved`.
 * Null when it cannot be told (no actual, no achievement, no target). An indicator needs its
 * 偏差原因分析及改进措施 (deviationAnalysis) when it is not met or its final score is below its
 * weight (§6: "not met (or scored below its weight)").
 */
import type { Decimal } from 'decimal.js';
import { defaults } from '../../config/defaults';
import type { Lang } from '../common/i18n';
import type { Fen } from '../common/money';
import type { Level1 } from '../declarations/declaration-content';
import { ACHIEVEMENT_VALUES } from '../reports/reports.messages';
// The self-evaluation's words (EVAL_* findings, its fields' labels) register with this import.
import './evaluation.messages';
import type { EvaluationBudgetInput, EvaluationEntryInput } from './evaluation-fields';
import {
  Dec,
  fenToDec,
  findingList,
  type AddFinding,
  fmt2,
  isBlank,
  parseNumber,
  round2,
  type ReportFinding,
  type Severity,
} from '../reports/report-input';
import {
  budgetBaseline,
  executionRate,
  matchEntries,
  type ApprovedIndicator,
  type EntryMatch,
} from '../reports/report-rules';
import { scoreIndicator } from './scoring-indicator';
import { indicatorWeights } from './scoring-weights';

export type { ApprovedIndicator } from '../reports/report-rules';

export type EvaluationConfig = typeof defaults.evaluation;
export type Achievement = 'achieved' | 'partial' | 'notAchieved';
export const ACHIEVEMENTS: readonly Achievement[] = ACHIEVEMENT_VALUES;
export type Grade = '优' | '良' | '中' | '差';

export const LEVEL1S: readonly Level1[] = ['output', 'benefit', 'satisfaction'];

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

/** Adds a finding of the evaluation: about the indicator `indicatorId` when given. */
export type AddEvaluationFinding = AddFinding<EvaluationFindingCode>;

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
  const { findings, add } = findingList(EVALUATION_FINDINGS, options);

  const { entryOf, matches } = matchEntries(input.indicators, input.entries);
  unmatchedEntries(input, matches, add);
  const weights = indicatorWeights(input.indicators, input.entries, entryOf, cfg.weights, add);
  const { scores, entries } = scoreIndicators(input, entryOf, weights, cfg, add);
  const budget = scoreBudget(input, cfg, add);

  // Totals.
  const sub: Record<Level1, Decimal> = { output: new Dec(0), benefit: new Dec(0), satisfaction: new Dec(0) };
  input.indicators.forEach((ind, i) => (sub[ind.level1] = sub[ind.level1].plus(scores[i] ?? 0)));
  const total = LEVEL1S.reduce((s, l) => s.plus(sub[l]), budget.score);
  const totalScore = fmt2(total);
  return {
    entries,
    indicatorWeights: input.indicators.map((ind, i) => ({
      indicatorId: ind.id,
      weight: weights[i].toFixed(2),
    })),
    budget: budget.amounts,
    budgetRate: budget.rate,
    budgetScore: budget.score.toFixed(2),
    subtotals: { output: fmt2(sub.output), benefit: fmt2(sub.benefit), satisfaction: fmt2(sub.satisfaction) },
    totalScore,
    grade: gradeOf(totalScore, cfg.grades),
    findings,
  };
}

/** An entry for an indicator not approved, or a second one for an indicator: not scored. */
function unmatchedEntries(input: EvaluationInput, matches: EntryMatch[], add: AddEvaluationFinding) {
  matches.forEach((m, j) => {
    const indicatorId = input.entries[j].indicatorId;
    if (m.kind === 'unknown')
      add('EVAL_ENTRY_UNKNOWN_INDICATOR', `entries[${j}].indicatorId`, { indicatorId });
    else if (m.kind === 'duplicate')
      add(
        'EVAL_ENTRY_DUPLICATE',
        `entries[${j}].indicatorId`,
        { name: input.indicators[m.indicator].name, first: m.first + 1 },
        indicatorId,
      );
  });
}

/**
 * Each approved indicator's score with its weight, and its findings (missing entry or target,
 * the indicator's own problems, an actual far above a higher-is-better target, a missing
 * deviation analysis). `scores` in form order; `entries` per input entry, in input order.
 */
function scoreIndicators(
  input: EvaluationInput,
  entryOf: ReadonlyMap<number, number>,
  weights: readonly Decimal[],
  cfg: EvaluationConfig,
  add: AddEvaluationFinding,
): { scores: (Decimal | null)[]; entries: ScoredEntry[] } {
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
  return { scores, entries };
}

/**
 * The budget-execution block: its amounts with their defaults, its rate and its score
 * (min(rate, 1) × budget weight), and its findings.
 */
function scoreBudget(
  input: EvaluationInput,
  cfg: EvaluationConfig,
  add: AddEvaluationFinding,
): { amounts: EvaluationResult['budget']; rate: string | null; score: Decimal } {
  const { initialBudget, adjustedBudget, problem } = budgetBaseline(
    input.budget,
    input.approvedAnnualRequest,
  );
  const executed = input.budget.executed ?? null;
  let budgetRate: string | null = null;
  let budgetScore = new Dec(0);
  if (problem === 'missing') add('EVAL_BUDGET_ADJUSTED_MISSING', 'budget.adjustedBudget', {});
  else if (problem === 'zero') add('EVAL_BUDGET_ADJUSTED_ZERO', 'budget.adjustedBudget', {});
  if (executed === null) add('EVAL_BUDGET_EXECUTED_MISSING', 'budget.executed', {});
  if (adjustedBudget !== null && adjustedBudget !== 0n && executed !== null) {
    budgetRate = executionRate(executed, adjustedBudget);
    const capped = executed < adjustedBudget ? executed : adjustedBudget; // min(rate, 1)
    budgetScore = round2(fenToDec(capped).times(cfg.weights.budget).div(fenToDec(adjustedBudget)));
    if (new Dec(budgetRate).lt(cfg.budgetRateWarningBelow)) {
      add('EVAL_BUDGET_RATE_LOW', 'budget.executed', {
        rate: budgetRate,
        threshold: cfg.budgetRateWarningBelow,
      });
    }
  }
  return { amounts: { initialBudget, adjustedBudget, executed }, rate: budgetRate, score: budgetScore };
}
