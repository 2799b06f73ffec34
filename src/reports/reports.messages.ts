import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, valueLabel, type Lang } from '../common/i18n';
import { LEVEL1_LABEL, LEVEL2_LABEL } from '../declarations/declaration-content';
import { stateLabel } from '../lifecycle/declaration.machine';

/**
 * The catalogue of what the two reports (运行监控 and 绩效自评) share: their refusals (REPORT_*),
 * the words of their bodies' common fields, and the achievement grades (达成年度指标 …) that a
 * monitoring forecast and an evaluation entry both use.
 */

const list = (values: readonly string[], lang: Lang) => values.join(lang === 'zh' ? '、' : ', ');

/** The achievement grades in words, as a list (达成年度指标、…). */
export const achievements = (lang: Lang) =>
  list(
    ACHIEVEMENT_VALUES.map((a) => valueLabel(a, lang, 'achievement')),
    lang,
  );

// ---------------------------------------------------------------------------------------------
// Enumerations

/** The grade of a qualitative indicator: in the self-evaluation, and as a monitoring forecast. */
export const ACHIEVEMENT_VALUES = defineEnumeration('achievement', {
  achieved: { zh: '达成年度指标', en: 'achieved the annual target' },
  partial: { zh: '部分达成年度指标并具有一定效果', en: 'partly achieved, with some effect' },
  notAchieved: { zh: '未达成年度指标且效果较差', en: 'not achieved, little effect' },
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

// ---------------------------------------------------------------------------------------------
// Refusals of both reports

const REPORT_WORD = {
  monitoring: { zh: '运行监控', en: 'the monitoring report' },
  evaluation: { zh: '绩效自评', en: 'the self-evaluation' },
};

export const ReportErrors = defineErrors('reports', {
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
