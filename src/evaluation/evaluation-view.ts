import type { AppConfig } from '../../config/defaults';
import type { Lang } from '../common/i18n';
import { moneyOrNull, storedMoney, type ApprovedTargets } from '../declarations/approved-targets';
import type { Declaration } from '../declarations/declaration.entity';
import type { EvaluationFormVM } from '../exports/report-forms-xlsx';
import { level1Word, level2Word, stateWord, wordFor } from './evaluation.messages';
import { Dec, fmt2 } from '../reports/report-input';
import type { EvaluationPatch, EvaluationPayload } from './evaluation-input';
import { scoreEvaluation, type Achievement, type EvaluationResult } from './scoring';

/**
 * The self-evaluation between storage, the scoring (scoring.ts) and the API / form. Pure.
 *
 * Stored (evaluation_reports.data) is what the submitter wrote, money as strings and blanks as
 * null; defaults (年初预算数 = approved 年度资金申请总额, 全年预算数 = 年初预算数, weights = the
 * declared or default split) are applied when scoring.
 */
export interface StoredEvaluationEntry {
  indicatorId: number;
  weight: string | null;
  actual: string | null;
  achievement: Achievement | null;
  score: string | null;
  overrideReason: string | null;
  deviationAnalysis: string | null;
}

export interface StoredEvaluation {
  budget: { initialBudget: string | null; adjustedBudget: string | null; executed: string | null };
  goalAchievement: string | null;
  entries: StoredEvaluationEntry[];
}

export function toStoredEvaluation(
  payload: EvaluationPayload,
  goalAchievement: string | null,
): StoredEvaluation {
  return {
    budget: {
      initialBudget: moneyOrNull(payload.budget.initialBudget),
      adjustedBudget: moneyOrNull(payload.budget.adjustedBudget),
      executed: moneyOrNull(payload.budget.executed),
    },
    goalAchievement,
    entries: payload.entries.map((e) => ({
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

const blankEntry = (indicatorId: number): StoredEvaluationEntry => ({
  indicatorId,
  weight: null,
  actual: null,
  achievement: null,
  score: null,
  overrideReason: null,
  deviationAnalysis: null,
});

/** The evaluation before anything is saved: one blank entry per approved indicator. */
export function blankEvaluation(approved: ApprovedTargets): StoredEvaluation {
  return {
    budget: { initialBudget: null, adjustedBudget: null, executed: null },
    goalAchievement: null,
    entries: approved.indicators.map((i) => blankEntry(i.id)),
  };
}

/**
 * A PATCH applied to the stored evaluation (or to the blank one): only what was sent changes.
 * The budget's amounts and the text are replaced when sent (null clears them); each entry
 * sent changes the stored entry of its indicator, field by field (an indicator without one
 * gets a blank entry first, at the end); the entries not sent, and the fields of an entry not
 * sent, stay as they were.
 */
export function mergeEvaluation(
  stored: StoredEvaluation,
  patch: EvaluationPatch,
  goalAchievement: string | null | undefined,
): StoredEvaluation {
  const budget = { ...stored.budget };
  if (patch.budget === null) for (const k of Object.keys(budget) as (keyof typeof budget)[]) budget[k] = null;
  else if (patch.budget)
    for (const [k, v] of Object.entries(patch.budget)) budget[k as keyof typeof budget] = moneyOrNull(v);
  const entries = stored.entries.map((e) => ({ ...e }));
  for (const change of patch.entries ?? []) {
    let entry = entries.find((e) => e.indicatorId === change.indicatorId);
    if (!entry) {
      entry = blankEntry(change.indicatorId);
      entries.push(entry);
    }
    Object.assign(entry, change);
  }
  return {
    budget,
    goalAchievement: goalAchievement === undefined ? stored.goalAchievement : goalAchievement,
    entries,
  };
}

export function computeEvaluation(
  approved: ApprovedTargets,
  data: StoredEvaluation,
  config: Pick<AppConfig, 'evaluation' | 'findingSeverities'>,
  lang?: Lang,
): EvaluationResult {
  return scoreEvaluation(
    {
      indicators: approved.indicators,
      entries: data.entries,
      budget: {
        initialBudget: storedMoney(data.budget.initialBudget, 'budget.initialBudget'),
        adjustedBudget: storedMoney(data.budget.adjustedBudget, 'budget.adjustedBudget'),
        executed: storedMoney(data.budget.executed, 'budget.executed'),
      },
      approvedAnnualRequest: approved.annualRequest,
    },
    { config: config.evaluation, severities: config.findingSeverities, lang },
  );
}

export interface EvaluationMeta {
  saved: boolean;
  updatedAt: string | null;
  updatedBy: number | null;
}

/** Points of the budget-execution block and of the whole form (分值 of the 总分 row). */
export function weightTotals(result: EvaluationResult, config: Pick<AppConfig, 'evaluation'>) {
  const budget = new Dec(config.evaluation.weights.budget);
  const total = result.indicatorWeights.reduce((s, w) => s.plus(w.weight), budget);
  return { budgetWeight: fmt2(budget), totalWeight: fmt2(total) };
}

/**
 * The API answer: the stored evaluation, with defaults applied, and every score; each code a
 * person reads (state, level, achievement, grade) has its word beside it
 * (`grade: '优', gradeLabel: '优'`), and the findings are in `lang`.
 */
export function evaluationView(
  d: Declaration,
  approved: ApprovedTargets,
  data: StoredEvaluation,
  result: EvaluationResult,
  meta: EvaluationMeta,
  config: Pick<AppConfig, 'evaluation'>,
  lang: Lang,
) {
  const byId = new Map(approved.indicators.map((i) => [i.id, i]));
  return {
    declarationId: d.id,
    year: d.year,
    state: d.state,
    stateLabel: stateWord(d.state, lang),
    version: d.version,
    approvedVersion: approved.versionNo,
    ...meta,
    budget: {
      initialBudget: moneyOrNull(result.budget.initialBudget),
      adjustedBudget: moneyOrNull(result.budget.adjustedBudget),
      executed: moneyOrNull(result.budget.executed),
    },
    goalAchievement: data.goalAchievement,
    entries: data.entries.map((e, j) => {
      const ind = byId.get(e.indicatorId);
      const s = result.entries[j];
      return {
        indicatorId: e.indicatorId,
        name: ind?.name ?? null,
        level1: ind?.level1 ?? null,
        level1Label: level1Word(ind?.level1, lang),
        level2: ind?.level2 ?? null,
        level2Label: level2Word(ind?.level2, lang),
        target: ind?.target?.display ?? null,
        weight: s?.weight ?? null,
        actual: e.actual,
        achievement: e.achievement,
        achievementLabel: wordFor('achievement', e.achievement, lang),
        /** The score as entered (qualitative grade or override); `score` is the one that counts. */
        givenScore: e.score,
        computedScore: s?.computedScore ?? null,
        score: s?.score ?? null,
        met: s?.met ?? null,
        overrideReason: e.overrideReason,
        deviationAnalysis: e.deviationAnalysis,
      };
    }),
    ...weightTotals(result, config),
    budgetRate: result.budgetRate,
    budgetScore: result.budgetScore,
    subtotals: result.subtotals,
    totalScore: result.totalScore,
    grade: result.grade,
    gradeLabel: wordFor('grade', result.grade, lang),
    findings: result.findings,
  };
}

/** The 绩效自评表 view model: display strings only (report-forms-xlsx.ts computes nothing). */
export function evaluationFormVM(
  d: Declaration,
  approved: ApprovedTargets,
  data: StoredEvaluation,
  result: EvaluationResult,
  config: Pick<AppConfig, 'evaluation'>,
  footer: { preparedBy?: string; preparedAt?: string },
): EvaluationFormVM {
  const entryOf = new Map<number, number>();
  data.entries.forEach((e, j) => {
    if (!entryOf.has(e.indicatorId)) entryOf.set(e.indicatorId, j);
  });
  const weightOf = new Map(result.indicatorWeights.map((w) => [w.indicatorId, w.weight]));
  const totals = weightTotals(result, config);
  return {
    year: d.year,
    projectName: approved.header.projectName,
    competentDepartment: approved.header.competentDepartment,
    implementingUnit: approved.header.implementingUnit,
    ...footer,
    budget: {
      initialBudget: moneyOrNull(result.budget.initialBudget) ?? '',
      adjustedBudget: moneyOrNull(result.budget.adjustedBudget) ?? '',
      executed: moneyOrNull(result.budget.executed) ?? '',
      weight: totals.budgetWeight,
      rate: result.budgetRate === null ? '' : `${result.budgetRate}%`,
      score: result.budgetScore,
    },
    annualGoal: approved.header.annualGoal,
    goalAchievement: data.goalAchievement ?? '',
    // Every approved indicator in form order, whether evaluated or not.
    indicators: approved.indicators.map((ind) => {
      const j = entryOf.get(ind.id);
      const e = j === undefined ? null : data.entries[j];
      // 实际完成值: the value or text written; for a qualitative indicator without text, the
      // grade (the form writes 达成年度指标 / 部分达成年度指标 / 未达成年度指标).
      const actual = e?.actual ?? e?.achievement ?? '';
      return {
        level1: ind.level1,
        level2: ind.level2,
        costType: ind.costType,
        name: ind.name,
        target: ind.target?.display ?? '',
        actual,
        weight: weightOf.get(ind.id) ?? '',
        score: (j === undefined ? null : result.entries[j]?.score) ?? '',
        deviationAnalysis: e?.deviationAnalysis ?? '',
      };
    }),
    totalWeight: totals.totalWeight,
    totalScore: result.totalScore,
    grade: result.grade,
  };
}

/** The evaluation as flat fields for the audit record: `entries[<indicatorId>].actual`. */
export function flattenEvaluation(data: StoredEvaluation): Record<string, unknown> {
  const out: Record<string, unknown> = {
    'budget.initialBudget': data.budget.initialBudget,
    'budget.adjustedBudget': data.budget.adjustedBudget,
    'budget.executed': data.budget.executed,
    goalAchievement: data.goalAchievement,
  };
  for (const e of data.entries) {
    const at = `entries[${e.indicatorId}]`;
    out[`${at}.weight`] = e.weight;
    out[`${at}.actual`] = e.actual;
    out[`${at}.achievement`] = e.achievement;
    out[`${at}.score`] = e.score;
    out[`${at}.overrideReason`] = e.overrideReason;
    out[`${at}.deviationAnalysis`] = e.deviationAnalysis;
  }
  return out;
}
