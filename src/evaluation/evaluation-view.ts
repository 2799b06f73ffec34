import type { AppConfig } from '../../config/defaults';
import type { Lang } from '../common/i18n';
import type { ApprovedTargets } from '../declarations/approved-targets';
import type { Declaration } from '../declarations/declaration.entity';
import type { EvaluationFormVM } from './evaluation-xlsx';
import {
  blankReport,
  budgetView,
  entryFieldsView,
  formRows,
  mergeReport,
  rulesInput,
  storedReport,
  type ReportPatch,
} from '../reports/report-fields';
import { Dec, fmt2 } from '../reports/report-input';
import type { FormFooter, ReportMeta } from '../reports/report-kind';
import { formIndicator, formTop, indicatorView, reportHeaderView } from '../reports/report-view';
import {
  EVALUATION_FIELDS,
  type StoredEvaluationBudget,
  type StoredEvaluationEntry,
} from './evaluation-fields';
import type { EvaluationPatch, EvaluationPayload } from './evaluation-input';
import { wordFor } from '../reports/reports.messages';
import { scoreEvaluation, type EvaluationInput, type EvaluationResult } from './scoring';

/**
 * The self-evaluation between storage, the scoring (scoring.ts) and the API / form. Pure.
 * What is done with each field is declared with it (evaluation-fields.ts).
 *
 * Stored (evaluation_reports.data) is what the submitter wrote, money as strings and blanks as
 * null; defaults (年初预算数 = approved 年度资金申请总额, 全年预算数 = 年初预算数, weights = the
 * declared or default split) are applied when scoring.
 */
export interface StoredEvaluation {
  budget: StoredEvaluationBudget;
  goalAchievement: string | null;
  entries: StoredEvaluationEntry[];
}

export function toStoredEvaluation(
  payload: EvaluationPayload,
  goalAchievement: string | null,
): StoredEvaluation {
  return storedReport(
    EVALUATION_FIELDS,
    payload as unknown as ReportPatch,
    goalAchievement,
  ) as unknown as StoredEvaluation;
}

/** The evaluation before anything is saved: one blank entry per approved indicator. */
export function blankEvaluation(approved: ApprovedTargets): StoredEvaluation {
  return blankReport(EVALUATION_FIELDS, approved.indicators, {}) as unknown as StoredEvaluation;
}

/**
 * A PATCH applied to the stored evaluation (or to the blank one): only what was sent changes
 * (reports/report-fields.ts mergeReport).
 */
export function mergeEvaluation(
  stored: StoredEvaluation,
  patch: EvaluationPatch,
  goalAchievement: string | null | undefined,
): StoredEvaluation {
  return mergeReport(
    EVALUATION_FIELDS,
    stored as unknown as Record<string, unknown>,
    patch as ReportPatch,
    goalAchievement,
    {},
  ) as unknown as StoredEvaluation;
}

export function computeEvaluation(
  approved: ApprovedTargets,
  data: StoredEvaluation,
  config: Pick<AppConfig, 'evaluation' | 'findingSeverities'>,
  lang?: Lang,
): EvaluationResult {
  return scoreEvaluation(rulesInput<EvaluationInput>(EVALUATION_FIELDS, approved, data), {
    config: config.evaluation,
    severities: config.findingSeverities,
    lang,
  });
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
  meta: ReportMeta,
  config: Pick<AppConfig, 'evaluation'>,
  lang: Lang,
) {
  const byId = new Map(approved.indicators.map((i) => [i.id, i]));
  return {
    ...reportHeaderView(d, approved, meta, lang),
    budget: budgetView(EVALUATION_FIELDS, result.budget),
    goalAchievement: data.goalAchievement,
    entries: data.entries.map((e, j) => {
      const indicator = byId.get(e.indicatorId);
      return {
        indicatorId: e.indicatorId,
        ...indicatorView(indicator, lang),
        ...entryFieldsView(EVALUATION_FIELDS, e, { indicator, computed: result.entries[j], lang }),
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

/** The 绩效自评表 view model: display strings only (evaluation-xlsx.ts computes nothing). */
export function evaluationFormVM(
  d: Declaration,
  approved: ApprovedTargets,
  data: StoredEvaluation,
  result: EvaluationResult,
  config: Pick<AppConfig, 'evaluation'>,
  footer: FormFooter,
): EvaluationFormVM {
  const weightOf = new Map(result.indicatorWeights.map((w) => [w.indicatorId, w.weight]));
  const totals = weightTotals(result, config);
  const top = formTop(EVALUATION_FIELDS, d, approved, data, result.budget, footer);
  return {
    ...top,
    budget: {
      ...top.budget,
      weight: totals.budgetWeight,
      rate: result.budgetRate === null ? '' : `${result.budgetRate}%`,
      score: result.budgetScore,
    },
    // Every approved indicator in form order, whether evaluated or not.
    indicators: formRows(EVALUATION_FIELDS, approved.indicators, data.entries, formIndicator, (ind, j) => ({
      weight: weightOf.get(ind.id) ?? '',
      score: (j === undefined ? null : result.entries[j]?.score) ?? '',
    })),
    totalWeight: totals.totalWeight,
    totalScore: result.totalScore,
    grade: result.grade,
    // The budget amounts and the text come from the field list: their keys are not in its type.
  } as EvaluationFormVM;
}
