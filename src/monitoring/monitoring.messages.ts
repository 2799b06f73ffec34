import type { L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, defineMessages, valueLabel, type Lang } from '../common/i18n';
// The codes and words both reports share (REPORT_*, entries, budget, achievement).
import '../reports/reports.messages';

/**
 * The catalogue of mid-year monitoring (绩效运行监控, 项目支出绩效运行监控表): the words of its
 * lists (完成目标可能性, 偏差原因的类别, 亮灯), of its body's fields, and its findings (MON_*).
 * Findings are texts, not refusals: a draft may be saved with them; an `error` blocks SUBMIT.
 * Its refusals are the ones both reports share (reports/reports.messages.ts, REPORT_*) and the
 * common ones (FIELD_*).
 */

// ---------------------------------------------------------------------------------------------
// Enumerations

export const LIKELIHOOD_VALUES = defineEnumeration('likelihood', {
  certain: { zh: '确定能', en: 'certain' },
  possible: { zh: '有可能', en: 'possible' },
  impossible: { zh: '完全不可能', en: 'impossible' },
});

/** The five columns of 偏差原因 on the form. */
export const DEVIATION_CATEGORY_VALUES = defineEnumeration('deviationCategory', {
  funding: { zh: '经费保障', en: 'funding' },
  institutional: { zh: '制度保障', en: 'rules and institutions' },
  staffing: { zh: '人员保障', en: 'staffing' },
  hardware: { zh: '硬件条件保障', en: 'hardware and facilities' },
  other: { zh: '其他', en: 'other' },
});

/** 亮灯: of the budget and of each indicator. */
export const LIGHT_VALUES = defineEnumeration('light', {
  green: { zh: '绿灯', en: 'green' },
  yellow: { zh: '黄灯', en: 'yellow' },
  red: { zh: '红灯', en: 'red' },
});

// ---------------------------------------------------------------------------------------------
// Fields, in the words of the 绩效运行监控表

defineFieldLabels({
  periodEndMonth: { zh: '监控期截至月份', en: 'period end month' },
  'budget.executedToDate': { zh: '1-N月执行数', en: 'amount executed to date' },
  'budget.forecastFullYear': { zh: '全年预计执行数', en: 'forecast full-year execution' },
  goalProgress: { zh: '总体目标完成情况', en: 'goal progress' },
  'entries.actualToDate': { zh: '1-N月实际完成值', en: 'actual to date' },
  'entries.forecast': { zh: '全年预计完成值', en: 'full-year forecast' },
  'entries.likelihood': { zh: '完成目标可能性', en: 'likelihood' },
  'entries.deviationReasons': { zh: '偏差原因', en: 'deviation reasons' },
  'deviationReasons[]': { zh: '偏差原因', en: 'deviation reason' },
  'entries.deviationReasons.category': { zh: '类别', en: 'category' },
  'entries.deviationReasons.note': { zh: '说明', en: 'note' },
  'entries.correctiveMeasures': { zh: '整改措施', en: 'corrective measures' },
  'entries.remark': { zh: '备注', en: 'remark' },
});

// ---------------------------------------------------------------------------------------------
// Findings

type Named<P = object> = L<P & { name: string }>;
const light = (l: string, lang: Lang) => valueLabel(l, lang, 'light');
const likelihood = (l: string, lang: Lang) => valueLabel(l, lang, 'likelihood');
const likelihoods = (lang: Lang) =>
  LIKELIHOOD_VALUES.map((l) => likelihood(l, lang)).join(lang === 'zh' ? '/' : ', ');
const achievements = (lang: Lang) =>
  ['achieved', 'partial', 'notAchieved']
    .map((a) => valueLabel(a, lang, 'achievement'))
    .join(lang === 'zh' ? '、' : ', ');

export const MonitoringMessages = defineMessages('monitoring', {
  MON_ENTRY_MISSING: {
    zh: (p: Named) => `指标「${p.name}」尚未填写运行监控情况（全年预计完成值、完成目标可能性）`,
    en: (p: Named) => `Indicator "${p.name}" has no monitoring entry (forecast, likelihood)`,
  },
  MON_ENTRY_UNKNOWN_INDICATOR: {
    zh: (p: L<{ indicatorId: number }>) => `该条目对应的指标（编号 ${p.indicatorId}）不在已批准的绩效目标中`,
    en: (p: L<{ indicatorId: number }>) =>
      `the entry is for indicator id ${p.indicatorId}, which is not in the approved targets`,
  },
  MON_ENTRY_DUPLICATE: {
    zh: (p: Named<{ first: number }>) => `指标「${p.name}」已在第 ${p.first} 条填写监控情况，本条不计`,
    en: (p: Named<{ first: number }>) =>
      `Indicator "${p.name}" already has an entry (entry ${p.first}); this one is ignored`,
  },
  MON_TARGET_MISSING: {
    zh: (p: Named) => `指标「${p.name}」没有年度指标值，无法判断亮灯`,
    en: (p: Named) => `Indicator "${p.name}" has no target to monitor against`,
  },
  MON_FORECAST_MISSING: {
    zh: (p: Named<{ target: string }>) => `指标「${p.name}」缺少全年预计完成值（年度指标值 ${p.target}）`,
    en: (p: Named<{ target: string }>) =>
      `Indicator "${p.name}": the full-year forecast is missing (target ${p.target})`,
  },
  MON_FORECAST_INVALID: {
    zh: (p: Named<{ forecast: string; target: string; quantitative: boolean }>) =>
      p.quantitative
        ? `指标「${p.name}」的全年预计完成值「${p.forecast}」不是数字（年度指标值 ${p.target}）`
        : `指标「${p.name}」的全年预计完成值「${p.forecast}」应为以下之一：${achievements('zh')}`,
    en: (p: Named<{ forecast: string; target: string; quantitative: boolean }>) =>
      p.quantitative
        ? `Indicator "${p.name}": the forecast "${p.forecast}" is not a number (target ${p.target})`
        : `Indicator "${p.name}": the forecast "${p.forecast}" is not one of ${achievements('en')}`,
  },
  MON_LIKELIHOOD_MISSING: {
    zh: (p: Named) => `指标「${p.name}」缺少完成目标可能性（${likelihoods('zh')}）`,
    en: (p: Named) =>
      `Indicator "${p.name}": the likelihood of meeting the target (${likelihoods('en')}) is missing`,
  },
  MON_DEVIATION_REASON_MISSING: {
    zh: (p: Named<{ light: string }>) =>
      `指标「${p.name}」预计${light(p.light, 'zh')}（存在偏差），须填写偏差原因（类别及说明）`,
    en: (p: Named<{ light: string }>) =>
      `Indicator "${p.name}" is ${light(p.light, 'en')}, a deviation: give its reason (category and note)`,
  },
  MON_CORRECTIVE_MEASURES_MISSING: {
    zh: (p: Named<{ light: string | null; likelihood: string | null }>) =>
      `指标「${p.name}」${p.light ? `预计${light(p.light, 'zh')}（存在偏差）` : `完成目标可能性为「${likelihood(String(p.likelihood), 'zh')}」`}，须填写整改措施`,
    en: (p: Named<{ light: string | null; likelihood: string | null }>) =>
      `Indicator "${p.name}" ${p.light ? `is ${light(p.light, 'en')}, a deviation` : `is only "${likelihood(String(p.likelihood), 'en')}" to meet its target`}: corrective measures are required`,
  },
  MON_BUDGET_ADJUSTED_MISSING: {
    zh: () => '缺少全年预算数',
    en: () => 'the adjusted budget is missing',
  },
  MON_BUDGET_ADJUSTED_ZERO: {
    zh: () => '全年预算数为 0，无法计算执行率',
    en: () => 'the adjusted budget is 0: no execution rate can be computed',
  },
  MON_BUDGET_EXECUTED_MISSING: {
    zh: (p: L<{ month: number }>) => `缺少1-${p.month}月执行数`,
    en: (p: L<{ month: number }>) => `the amount executed in months 1-${p.month} is missing`,
  },
  MON_BUDGET_FORECAST_MISSING: {
    zh: () => '缺少全年预计执行数',
    en: () => 'the forecast full-year execution is missing',
  },
  MON_FORECAST_BELOW_EXECUTED: {
    zh: (p: L<{ forecast: string; executed: string; month: number }>) =>
      `全年预计执行数 ${p.forecast} 元小于1-${p.month}月执行数 ${p.executed} 元`,
    en: (p: L<{ forecast: string; executed: string; month: number }>) =>
      `the forecast full-year execution ${p.forecast} is less than the ${p.executed} already executed in months 1-${p.month}`,
  },
  MON_EXECUTED_ABOVE_BUDGET: {
    zh: (p: L<{ executed: string; budget: string; month: number }>) =>
      `1-${p.month}月执行数 ${p.executed} 元超过全年预算数 ${p.budget} 元`,
    en: (p: L<{ executed: string; budget: string; month: number }>) =>
      `the amount executed in months 1-${p.month}, ${p.executed}, is above the adjusted budget ${p.budget}`,
  },
  MON_FORECAST_ABOVE_BUDGET: {
    zh: (p: L<{ forecast: string; budget: string }>) =>
      `全年预计执行数 ${p.forecast} 元超过全年预算数 ${p.budget} 元`,
    en: (p: L<{ forecast: string; budget: string }>) =>
      `the forecast full-year execution ${p.forecast} is above the adjusted budget ${p.budget}`,
  },
});
