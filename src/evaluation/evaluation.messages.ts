import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, defineMessages, valueLabel, type Lang } from '../common/i18n';
import { LEVEL1_LABEL, LEVEL2_LABEL } from '../declarations/declaration-content';
import { stateLabel } from '../workflow/declaration.machine';

/**
 * The catalogue of the year-end self-evaluation (绩效自评, 项目支出绩效自评表), and of what the
 * two reports share (monitoring imports it): their refusals (REPORT_*), the words of their
 * bodies' common fields, and the achievement grades (达成年度指标 …) that a monitoring forecast
 * and an evaluation entry both use. The findings (EVAL_*) are texts, not refusals: a draft may
 * be saved with them; an `error` among them blocks SUBMIT.
 */

const list = (values: readonly string[], lang: Lang) => values.join(lang === 'zh' ? '、' : ', ');

// ---------------------------------------------------------------------------------------------
// Enumerations

/** The grade of a qualitative indicator: in the self-evaluation, and as a monitoring forecast. */
export const ACHIEVEMENT_VALUES = defineEnumeration('achievement', {
  achieved: { zh: '达成年度指标', en: 'achieved the annual target' },
  partial: { zh: '部分达成年度指标并具有一定效果', en: 'partly achieved, with some effect' },
  notAchieved: { zh: '未达成年度指标且效果较差', en: 'not achieved, little effect' },
});

/** 自评等级. The codes are the Chinese grades themselves (stored as such). */
export const GRADE_VALUES = defineEnumeration('grade', {
  优: { zh: '优', en: 'excellent' },
  良: { zh: '良', en: 'good' },
  中: { zh: '中', en: 'fair' },
  差: { zh: '差', en: 'poor' },
});

/**
 * The word for a value in the reader's language: the named enumeration's (its owner registers
 * it), else the form's own Chinese word given as `zh`, else the value as it is.
 */
export function wordFor(
  name: string,
  value: string | null | undefined,
  lang: Lang,
  zh?: string,
): string | null {
  if (value === null || value === undefined) return null;
  const word = valueLabel(value, lang, name);
  if (word !== value || lang === 'en') return word;
  return zh ?? word;
}

/** A declaration's state in words (运行监控 · 填报中). */
export const stateWord = (state: string, lang: Lang) =>
  wordFor('state', state, lang, stateLabel(state)) ?? state;
export const level1Word = (v: string | null | undefined, lang: Lang) =>
  wordFor('level1', v, lang, v ? LEVEL1_LABEL[v as keyof typeof LEVEL1_LABEL] : undefined);
export const level2Word = (v: string | null | undefined, lang: Lang) =>
  wordFor('level2', v, lang, v ? LEVEL2_LABEL[v as keyof typeof LEVEL2_LABEL] : undefined);

// ---------------------------------------------------------------------------------------------
// Fields

/** The fields both reports share. `entries` holds one item per indicator of the approved targets. */
defineFieldLabels({
  entries: { zh: '指标条目', en: 'entries' },
  'entries[]': { zh: '指标条目', en: 'entry' },
  'entries.indicatorId': { zh: '指标编号', en: 'indicator id' },
  budget: { zh: '预算执行情况', en: 'budget' },
  'budget.initialBudget': { zh: '年初预算数', en: 'initial budget' },
  'budget.adjustedBudget': { zh: '全年预算数', en: 'adjusted budget' },
});

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
// Refusals of both reports

const REPORT_WORD = {
  monitoring: { zh: '运行监控', en: 'the monitoring report' },
  evaluation: { zh: '绩效自评', en: 'the self-evaluation' },
};

const achievements = (lang: Lang) =>
  list(
    ACHIEVEMENT_VALUES.map((a) => valueLabel(a, lang, 'achievement')),
    lang,
  );

export const ReportErrors = defineErrors('evaluation', {
  REPORT_NO_APPROVED_TARGETS: {
    status: 409,
    zh: (p: L<{ state: string; report: 'monitoring' | 'evaluation' }>) =>
      `该申报尚无批准的绩效目标（当前状态：${stateWord(p.state, 'zh')}），${REPORT_WORD[p.report].zh}须以最新批准的绩效目标为准`,
    en: (p: L<{ state: string; report: 'monitoring' | 'evaluation' }>) =>
      `this declaration has no approved targets yet (state: ${stateWord(p.state, 'en')}); ${REPORT_WORD[p.report].en} measures against the latest approved version`,
  },
  REPORT_INDICATOR_NOT_APPROVED: {
    status: 400,
    zh: (p: L<{ indicatorId: number }>) =>
      `${p.label}：编号 ${p.indicatorId} 的指标不在本申报最新批准的绩效目标中`,
    en: (p: L<{ indicatorId: number }>) =>
      `${p.label}: no indicator with id ${p.indicatorId} in the approved targets of this declaration`,
  },
  REPORT_ENTRY_DUPLICATE: {
    status: 400,
    zh: (p: L<{ name: string; first: number }>) =>
      `${p.label}：指标「${p.name}」已在第 ${p.first} 条填写，每个指标只能填写一条`,
    en: (p: L<{ name: string; first: number }>) =>
      `${p.label}: indicator "${p.name}" already has an entry (entry ${p.first}); one entry per indicator`,
  },
  REPORT_NOT_A_NUMBER: {
    status: 400,
    zh: (p: L<{ name: string; target: string; unit: string | null }>) =>
      `${p.label}：指标「${p.name}」的年度指标值为 ${p.target}，请只填数字${p.unit ? `（单位：${p.unit}，不写单位）` : ''}，例如 "97"`,
    en: (p: L<{ name: string; target: string; unit: string | null }>) =>
      `${p.label}: not a number; the target of indicator "${p.name}" is ${p.target}: write the number${p.unit ? ` in ${p.unit}` : ''} without the unit, e.g. "97"`,
  },
  REPORT_ACHIEVEMENT_EXPECTED: {
    status: 400,
    zh: (p: L<{ name: string; target: string }>) =>
      `${p.label}：指标「${p.name}」的年度指标值「${p.target}」为定性指标，须为以下之一：${achievements('zh')}`,
    en: (p: L<{ name: string; target: string }>) =>
      `${p.label}: the target "${p.target}" of indicator "${p.name}" is qualitative: give one of ${achievements('en')}`,
  },
  REPORT_ACHIEVEMENT_NOT_APPLICABLE: {
    status: 400,
    zh: (p: L<{ name: string; target: string }>) =>
      `${p.label}：只用于定性指标；指标「${p.name}」的年度指标值 ${p.target} 为定量指标，请填写实际完成值`,
    en: (p: L<{ name: string; target: string }>) =>
      `${p.label}: applies to qualitative indicators only; the target ${p.target} of indicator "${p.name}" is quantitative: give the actual value`,
  },
  REPORT_POINTS_INVALID: {
    status: 400,
    zh: (p: L<{ example: string }>) =>
      `${p.label}：须为不小于 0、最多两位小数的分数文本，例如 "${p.example}"`,
    en: (p: L<{ example: string }>) =>
      `${p.label}: points from 0 with at most 2 decimals, as a string such as "${p.example}"`,
  },
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
