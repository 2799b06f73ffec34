import { allEnumerations, defineEnumeration, type Bilingual } from '../common/i18n';
import type { Finding } from '../declarations/declaration-content';
import { RULES } from '../declarations/findings';
import { EVALUATION_FINDINGS } from '../evaluation/scoring';
import { MONITORING_FINDINGS } from '../monitoring/monitoring-rules';

/**
 * Every finding code the service can raise, with its default severity: the form's rule engine
 * (docs/spec/domain.md §3; read from its rules, so a new rule is listed without a change here), the
 * importer's LAYOUT_REPAIRED, and the two reports' checks (§5, §6).
 */
export function findingCodes(): Array<{ code: string; severity: Finding['severity']; source: string }> {
  return [
    ...RULES.map((r) => ({ code: r.code, severity: r.defaultSeverity, source: 'form' })),
    { code: 'LAYOUT_REPAIRED', severity: 'info' as const, source: 'import' },
    ...Object.entries(MONITORING_FINDINGS).map(([code, severity]) => ({
      code,
      severity,
      source: 'monitoring',
    })),
    ...Object.entries(EVALUATION_FINDINGS).map(([code, severity]) => ({
      code,
      severity,
      source: 'evaluation',
    })),
  ];
}

/**
 * What each finding is about, in a few words of the forms (a legend or a filter; the finding's
 * own message says where and what exactly). Registered as the `finding` enumeration unless the
 * modules that raise findings register it themselves.
 */
const FINDING_WORDS: Record<string, Bilingual> = {
  HEADER_FIELD_REQUIRED: { zh: '表头必填项未填', en: 'a required header field is blank' },
  DATES_ORDER: { zh: '计划完成日期早于计划开始日期', en: 'planned end before planned start' },
  DATES_OUTSIDE_YEAR: { zh: '计划期间不在申报年度内', en: 'the planned period is outside the year' },
  FUNDS_ANNUAL_SUM: {
    zh: '年度资金申请总额与各项资金来源之和不符',
    en: 'the annual request is not the sum of its sources',
  },
  FUNDS_TOTAL_MISSING: { zh: '未填项目资金总额', en: 'total funds blank' },
  FUNDS_TOTAL_BELOW_ANNUAL: {
    zh: '项目资金总额小于年度资金申请总额',
    en: 'total funds below the annual request',
  },
  NO_OUTPUT_INDICATOR: { zh: '缺少产出指标', en: 'no output indicator' },
  NO_BENEFIT_INDICATOR: { zh: '缺少效益指标', en: 'no benefit indicator' },
  NO_SATISFACTION_INDICATOR: { zh: '缺少满意度指标', en: 'no satisfaction indicator' },
  NO_QUANTITY_INDICATOR: { zh: '缺少数量指标', en: 'no quantity indicator' },
  NO_QUALITY_INDICATOR: { zh: '缺少质量指标', en: 'no quality indicator' },
  NO_TIMELINESS_INDICATOR: { zh: '缺少时效指标', en: 'no timeliness indicator' },
  NO_COST_INDICATOR: { zh: '缺少成本指标', en: 'no cost indicator' },
  TARGET_MISSING: { zh: '三级指标缺少年度指标值', en: 'an indicator without target' },
  TARGET_PERCENT_OVER_100: { zh: '百分比指标值超过100%', en: 'a percentage target above 100%' },
  TARGET_LOOKS_QUANTITATIVE: {
    zh: '文字指标值像是数值，未按定量格式填写',
    en: 'a text target that looks quantitative',
  },
  REVERSE_ON_QUANTITY: { zh: '数量指标使用了“≤”', en: '≤ on a quantity indicator' },
  INDICATOR_NAME_DUPLICATE: { zh: '三级指标名称重复', en: 'an indicator name used twice' },
  INDICATOR_NOT_IN_LIBRARY: { zh: '指标未选自指标库', en: 'an indicator not from the library' },
  ADJUSTMENT_WEAKENS_TARGET: {
    zh: '调整降低或删除了已批复的指标值',
    en: 'the adjustment weakens or removes an approved target',
  },
  TARGET_BELOW_LAST_ACTUAL: {
    zh: '指标值低于上年实际完成值',
    en: "a target below last year's actual",
  },
  TARGET_UNCHANGED: { zh: '指标值连续两年及以上未变', en: 'a target unchanged for two years or more' },
  PRE_ASSESSMENT_MISSING: { zh: '未录入事前绩效评估', en: 'pre-assessment missing' },
  PRE_ASSESSMENT_REJECTED: { zh: '事前绩效评估结论为不通过', en: 'pre-assessment not passed' },
  LAYOUT_REPAIRED: { zh: '导入时推断了表格的栏目', en: 'import: labels or columns were inferred' },

  MON_ENTRY_MISSING: { zh: '指标未填报监控情况', en: 'an indicator without entry' },
  MON_ENTRY_UNKNOWN_INDICATOR: {
    zh: '填报了已批复版本中没有的指标',
    en: 'an entry for an indicator not in the approved version',
  },
  MON_ENTRY_DUPLICATE: { zh: '同一指标填报了两次', en: 'an indicator entered twice' },
  MON_TARGET_MISSING: { zh: '已批复的指标缺少年度指标值', en: 'the approved indicator has no target' },
  MON_FORECAST_MISSING: { zh: '未填全年预计完成情况', en: 'no forecast' },
  MON_FORECAST_INVALID: {
    zh: '全年预计完成情况与指标值不匹配',
    en: 'a forecast that does not fit the target',
  },
  MON_LIKELIHOOD_MISSING: { zh: '未填完成目标可能性', en: 'no likelihood of meeting the target' },
  MON_DEVIATION_REASON_MISSING: { zh: '存在偏差但未说明原因', en: 'a deviation without a reason' },
  MON_CORRECTIVE_MEASURES_MISSING: { zh: '未填整改措施', en: 'no corrective measures' },
  MON_BUDGET_ADJUSTED_MISSING: { zh: '未填全年预算数', en: 'no adjusted budget' },
  MON_BUDGET_ADJUSTED_ZERO: { zh: '全年预算数为零', en: 'the adjusted budget is zero' },
  MON_BUDGET_EXECUTED_MISSING: { zh: '未填1—N月执行数', en: 'no amount executed to date' },
  MON_BUDGET_FORECAST_MISSING: { zh: '未填全年预计执行数', en: 'no full-year forecast' },
  MON_FORECAST_BELOW_EXECUTED: {
    zh: '全年预计执行数小于1—N月执行数',
    en: 'the full-year forecast is below the amount executed',
  },
  MON_EXECUTED_ABOVE_BUDGET: { zh: '1—N月执行数超过全年预算数', en: 'executed above the budget' },
  MON_FORECAST_ABOVE_BUDGET: { zh: '全年预计执行数超过全年预算数', en: 'forecast above the budget' },

  EVAL_ENTRY_MISSING: { zh: '指标未填报自评情况', en: 'an indicator without entry' },
  EVAL_ENTRY_UNKNOWN_INDICATOR: {
    zh: '填报了已批复版本中没有的指标',
    en: 'an entry for an indicator not in the approved version',
  },
  EVAL_ENTRY_DUPLICATE: { zh: '同一指标填报了两次', en: 'an indicator entered twice' },
  EVAL_TARGET_MISSING: { zh: '已批复的指标缺少年度指标值', en: 'the approved indicator has no target' },
  EVAL_WEIGHT_INVALID: { zh: '分值不是有效的分数', en: 'a weight that is not points' },
  EVAL_WEIGHTS_TOTAL: { zh: '分值合计不等于100', en: 'the weights do not add up to 100' },
  EVAL_ACTUAL_MISSING: { zh: '未填实际完成值', en: 'no actual value' },
  EVAL_ACTUAL_NOT_NUMERIC: {
    zh: '定量指标的实际完成值不是数字',
    en: 'a quantitative actual that is not a number',
  },
  EVAL_ACHIEVEMENT_MISSING: {
    zh: '定性指标未选择完成情况',
    en: 'a qualitative indicator without achievement',
  },
  EVAL_SCORE_REQUIRED: { zh: '部分达成或未达成时须填写得分', en: 'partial or not achieved without a score' },
  EVAL_SCORE_OUT_OF_BAND: {
    zh: '得分不在完成情况对应的分数段内',
    en: 'a score outside its achievement band',
  },
  EVAL_SCORE_NOT_NUMERIC: { zh: '得分不是有效的分数', en: 'a score that is not points' },
  EVAL_OVERRIDE_REASON_MISSING: { zh: '调整定量指标得分未说明理由', en: 'a changed score without a reason' },
  EVAL_OVERRIDE_OUT_OF_RANGE: { zh: '调整后的得分超出分值范围', en: 'a changed score outside its range' },
  EVAL_DEVIATION_ANALYSIS_MISSING: {
    zh: '未完成的指标缺少偏差原因分析及改进措施',
    en: 'an indicator not met without a deviation analysis',
  },
  EVAL_BUDGET_ADJUSTED_MISSING: { zh: '未填全年预算数', en: 'no adjusted budget' },
  EVAL_BUDGET_ADJUSTED_ZERO: { zh: '全年预算数为零', en: 'the adjusted budget is zero' },
  EVAL_BUDGET_EXECUTED_MISSING: { zh: '未填全年执行数', en: 'no amount executed' },
  EVAL_BUDGET_RATE_LOW: { zh: '预算执行率偏低', en: 'a low budget execution rate' },
  EVAL_ACTUAL_FAR_ABOVE_TARGET: {
    zh: '实际完成值远超指标值（指标值是否偏低）',
    en: 'an actual far above its target (a target set too low?)',
  },
};

if (!allEnumerations().finding) defineEnumeration('finding', FINDING_WORDS);
