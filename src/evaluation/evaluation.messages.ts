import type { L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, defineMessages, valueLabel, type Lang } from '../common/i18n';
import { achievements } from '../reports/reports.messages';

/**
 * The catalogue of the year-end self-evaluation (绩效自评, 项目支出绩效自评表); what both reports
 * share is in reports/reports.messages.ts. The findings (EVAL_*) are texts, not refusals: a draft
 * may be saved with them; an `error` among them blocks SUBMIT.
 */

// ---------------------------------------------------------------------------------------------
// Enumerations

/** 自评等级. The codes are the Chinese grades themselves (stored as such). */
export const GRADE_VALUES = defineEnumeration('grade', {
  优: { zh: '优', en: 'excellent' },
  良: { zh: '良', en: 'good' },
  中: { zh: '中', en: 'fair' },
  差: { zh: '差', en: 'poor' },
});

// ---------------------------------------------------------------------------------------------
// Fields

/** The self-evaluation's own fields, in the words of the 绩效自评表. */
defineFieldLabels({
  'budget.executed': { zh: '全年执行数', en: 'amount executed' },
  goalAchievement: { zh: '年度总体目标实际完成情况', en: 'goal achievement' },
  'entries.weight': { zh: '分值', en: 'weight' },
  'entries.actual': { zh: '实际完成值', en: 'actual value' },
  'entries.achievement': { zh: '达成情况', en: 'achievement' },
  'entries.score': { zh: '得分', en: 'score' },
  'entries.overrideReason': { zh: '得分调整理由', en: 'override reason' },
  'entries.deviationAnalysis': { zh: '偏差原因分析及改进措施', en: 'deviation analysis' },
});

// ---------------------------------------------------------------------------------------------
// Findings of the self-evaluation

/** [lo, hi] or [lo, hi) in words: the score band of an achievement grade. */
interface Band {
  lo: string;
  hi: string;
  /** True for `achieved` (the band includes its top). */
  closed: boolean;
}
const band = (b: Band, lang: Lang) =>
  lang === 'zh'
    ? b.closed
      ? `${b.lo} 至 ${b.hi} 分`
      : `不低于 ${b.lo} 分且低于 ${b.hi} 分`
    : `[${b.lo}, ${b.hi}${b.closed ? ']' : ')'}`;
const grade = (a: string, lang: Lang) => valueLabel(a, lang, 'achievement');

type Named<P = object> = L<P & { name: string }>;

export const EvaluationMessages = defineMessages('evaluation', {
  EVAL_ENTRY_MISSING: {
    zh: (p: Named) => `指标「${p.name}」尚未填写自评（实际完成值、得分）`,
    en: (p: Named) => `Indicator "${p.name}" has no evaluation entry (actual, achievement, score)`,
  },
  EVAL_ENTRY_UNKNOWN_INDICATOR: {
    zh: (p: L<{ indicatorId: number }>) => `该条目对应的指标（编号 ${p.indicatorId}）不在已批准的绩效目标中`,
    en: (p: L<{ indicatorId: number }>) =>
      `the entry is for indicator id ${p.indicatorId}, which is not in the approved targets`,
  },
  EVAL_ENTRY_DUPLICATE: {
    zh: (p: Named<{ first: number }>) => `指标「${p.name}」已在第 ${p.first} 条填写自评，本条不计分`,
    en: (p: Named<{ first: number }>) =>
      `Indicator "${p.name}" already has an entry (entry ${p.first}); this one is not scored`,
  },
  EVAL_TARGET_MISSING: {
    zh: (p: Named) => `指标「${p.name}」没有年度指标值，无法评分`,
    en: (p: Named) => `Indicator "${p.name}" has no target to score against`,
  },
  EVAL_WEIGHT_INVALID: {
    zh: (p: Named<{ value: string; fallback: string }>) =>
      `指标「${p.name}」的分值「${p.value}」不是有效的分数，已按默认分值 ${p.fallback} 分计算`,
    en: (p: Named<{ value: string; fallback: string }>) =>
      `Indicator "${p.name}": the weight "${p.value}" is not points with at most 2 decimals; the default ${p.fallback} is used`,
  },
  EVAL_WEIGHTS_TOTAL: {
    zh: (p: L<{ total: string; indicators: string; budget: string; expected: string }>) =>
      `分值合计 ${p.total} 分（各指标 ${p.indicators} 分 + 预算执行率 ${p.budget} 分），应为 ${p.expected} 分`,
    en: (p: L<{ total: string; indicators: string; budget: string; expected: string }>) =>
      `the weights total ${p.total} points (indicators ${p.indicators} + budget execution ${p.budget}); they must total ${p.expected}`,
  },
  EVAL_ACTUAL_MISSING: {
    zh: (p: Named<{ target: string }>) => `指标「${p.name}」缺少实际完成值（年度指标值 ${p.target}）`,
    en: (p: Named<{ target: string }>) =>
      `Indicator "${p.name}": the actual value is missing (target ${p.target})`,
  },
  EVAL_ACTUAL_NOT_NUMERIC: {
    zh: (p: Named<{ value: string; unit: string | null }>) =>
      `指标「${p.name}」的实际完成值「${p.value}」不是数字，请只填数字${p.unit ? `（单位：${p.unit}）` : ''}`,
    en: (p: Named<{ value: string; unit: string | null }>) =>
      `Indicator "${p.name}": the actual value "${p.value}" is not a number; write it${p.unit ? ` in ${p.unit}` : ''} without the unit`,
  },
  EVAL_ACHIEVEMENT_MISSING: {
    zh: (p: Named<{ target: string }>) =>
      `指标「${p.name}」为定性指标（年度指标值「${p.target}」），须评定达成情况：${achievements('zh')}`,
    en: (p: Named<{ target: string }>) =>
      `Indicator "${p.name}" is qualitative ("${p.target}"): grade its achievement (${achievements('en')})`,
  },
  EVAL_SCORE_REQUIRED: {
    zh: (p: Named<{ achievement: string } & Band>) =>
      `指标「${p.name}」评定为「${grade(p.achievement, 'zh')}」，须填写得分（${band(p, 'zh')}）`,
    en: (p: Named<{ achievement: string } & Band>) =>
      `Indicator "${p.name}" is graded "${grade(p.achievement, 'en')}": a score is required (${band(p, 'en')})`,
  },
  EVAL_SCORE_OUT_OF_BAND: {
    zh: (p: Named<{ achievement: string; score: string } & Band>) =>
      `指标「${p.name}」评定为「${grade(p.achievement, 'zh')}」，得分 ${p.score} 分超出该评定的得分范围（${band(p, 'zh')}）`,
    en: (p: Named<{ achievement: string; score: string } & Band>) =>
      `Indicator "${p.name}" is graded "${grade(p.achievement, 'en')}": the score ${p.score} is outside ${band(p, 'en')}`,
  },
  EVAL_SCORE_NOT_NUMERIC: {
    zh: (p: Named<{ value: string }>) =>
      `指标「${p.name}」的得分「${p.value}」不是有效的分数（最多两位小数）`,
    en: (p: Named<{ value: string }>) =>
      `Indicator "${p.name}": the score "${p.value}" is not points with at most 2 decimals`,
  },
  EVAL_OVERRIDE_REASON_MISSING: {
    zh: (p: Named<{ computed: string | null; given: string }>) =>
      `指标「${p.name}」的得分由计算值 ${p.computed ?? '（无）'} 调整为 ${p.given} 分，须填写得分调整理由`,
    en: (p: Named<{ computed: string | null; given: string }>) =>
      `Indicator "${p.name}": the score was changed from the computed ${p.computed ?? '(none)'} to ${p.given} without a reason`,
  },
  EVAL_OVERRIDE_OUT_OF_RANGE: {
    zh: (p: Named<{ given: string; max: string }>) =>
      `指标「${p.name}」调整后的得分 ${p.given} 分超出 0 至 ${p.max} 分（分值）的范围`,
    en: (p: Named<{ given: string; max: string }>) =>
      `Indicator "${p.name}": the overridden score ${p.given} is outside [0, ${p.max}]`,
  },
  EVAL_DEVIATION_ANALYSIS_MISSING: {
    zh: (p: Named<{ score: string | null; weight: string; met: boolean | null }>) =>
      `指标「${p.name}」${p.met === false ? '未完成年度指标值' : `得分 ${p.score} 分低于分值 ${p.weight} 分`}，须填写偏差原因分析及改进措施`,
    en: (p: Named<{ score: string | null; weight: string; met: boolean | null }>) =>
      `Indicator "${p.name}" ${p.met === false ? 'did not meet its target' : `scored ${p.score}, below its weight ${p.weight}`}: the deviation analysis is required`,
  },
  EVAL_BUDGET_ADJUSTED_MISSING: {
    zh: () => '缺少全年预算数',
    en: () => 'the adjusted budget is missing',
  },
  EVAL_BUDGET_ADJUSTED_ZERO: {
    zh: () => '全年预算数为 0，无法计算预算执行率',
    en: () => 'the adjusted budget is 0: no execution rate can be computed',
  },
  EVAL_BUDGET_EXECUTED_MISSING: {
    zh: () => '缺少全年执行数',
    en: () => 'the amount executed in the year is missing',
  },
  EVAL_BUDGET_RATE_LOW: {
    zh: (p: L<{ rate: string; threshold: number }>) => `预算执行率 ${p.rate}% 低于 ${p.threshold}%`,
    en: (p: L<{ rate: string; threshold: number }>) =>
      `the budget execution rate ${p.rate} % is below ${p.threshold} %`,
  },
  EVAL_ACTUAL_FAR_ABOVE_TARGET: {
    zh: (p: Named<{ actual: string; target: string; pct: string }>) =>
      `指标「${p.name}」的实际完成值 ${p.actual} 超出年度指标值 ${p.target} 达 ${p.pct}% 及以上，年度指标值是否设置过低？`,
    en: (p: Named<{ actual: string; target: string; pct: string }>) =>
      `Indicator "${p.name}": the actual ${p.actual} exceeds the target ${p.target} by ${p.pct} % or more; was the target set too low?`,
  },
});
