import type { AppConfig } from '../../config/defaults';
import { valueLabel, type Lang } from '../common/i18n';
import {
  moneyOrNull,
  storedMoney,
  type ApprovedTargetIndicator,
  type ApprovedTargets,
} from '../declarations/approved-targets';
import type { Declaration } from '../declarations/declaration.entity';
import { level1Word, level2Word, stateWord, wordFor } from '../evaluation/evaluation.messages';
import type { MonitoringFormVM } from '../exports/report-forms-xlsx';
import type { DeviationReason, MonitoringPatch, MonitoringPayload } from './monitoring-input';
import { evaluateMonitoring, type Light, type Likelihood, type MonitoringResult } from './monitoring-rules';
import './monitoring.messages';

/**
 * The monitoring report between storage, the rules (monitoring-rules.ts) and the API / form.
 * Pure: no Nest, no I/O.
 *
 * Stored (monitoring_reports.data) is what the submitter wrote, money as strings and blanks as
 * null; defaults (年初预算数 = approved 年度资金申请总额, 全年预算数 = 年初预算数) are applied when
 * computing, so a later adjustment of the approved request moves an untouched default too.
 */
export interface StoredMonitoringEntry {
  indicatorId: number;
  actualToDate: string | null;
  forecast: string | null;
  likelihood: Likelihood | null;
  deviationReasons: DeviationReason[];
  correctiveMeasures: string | null;
  remark: string | null;
}

export interface StoredMonitoring {
  periodEndMonth: number;
  budget: {
    initialBudget: string | null;
    adjustedBudget: string | null;
    executedToDate: string | null;
    forecastFullYear: string | null;
  };
  goalProgress: string | null;
  entries: StoredMonitoringEntry[];
}

/** How many indicators the year overview names as the worst of a report. */
export const WORST_LIMIT = 5;

export function toStoredMonitoring(
  payload: MonitoringPayload,
  goalProgress: string | null,
): StoredMonitoring {
  return {
    periodEndMonth: payload.periodEndMonth,
    budget: {
      initialBudget: moneyOrNull(payload.budget.initialBudget),
      adjustedBudget: moneyOrNull(payload.budget.adjustedBudget),
      executedToDate: moneyOrNull(payload.budget.executedToDate),
      forecastFullYear: moneyOrNull(payload.budget.forecastFullYear),
    },
    goalProgress,
    entries: payload.entries.map((e) => ({
      indicatorId: e.indicatorId,
      actualToDate: e.actualToDate ?? null,
      forecast: e.forecast ?? null,
      likelihood: e.likelihood ?? null,
      deviationReasons: [...(e.deviationReasons ?? [])],
      correctiveMeasures: e.correctiveMeasures ?? null,
      remark: e.remark ?? null,
    })),
  };
}

const blankEntry = (indicatorId: number): StoredMonitoringEntry => ({
  indicatorId,
  actualToDate: null,
  forecast: null,
  likelihood: null,
  deviationReasons: [],
  correctiveMeasures: null,
  remark: null,
});

/** The report before anything is saved: one blank entry per approved indicator. */
export function blankMonitoring(approved: ApprovedTargets, defaultPeriodEndMonth: number): StoredMonitoring {
  return {
    periodEndMonth: defaultPeriodEndMonth,
    budget: { initialBudget: null, adjustedBudget: null, executedToDate: null, forecastFullYear: null },
    goalProgress: null,
    entries: approved.indicators.map((i) => blankEntry(i.id)),
  };
}

/**
 * A PATCH applied to the stored report (or to the blank one): only what was sent changes.
 * The month, the budget's amounts and the text are replaced when sent (null clears them; the
 * month goes back to its default); each entry sent changes the stored entry of its indicator,
 * field by field (an indicator without one gets a blank entry first, at the end); the entries
 * not sent, and the fields of an entry not sent, stay as they were.
 */
export function mergeMonitoring(
  stored: StoredMonitoring,
  patch: MonitoringPatch,
  goalProgress: string | null | undefined,
  defaultPeriodEndMonth: number,
): StoredMonitoring {
  const budget = { ...stored.budget };
  if (patch.budget === null) for (const k of Object.keys(budget) as (keyof typeof budget)[]) budget[k] = null;
  else if (patch.budget)
    for (const [k, v] of Object.entries(patch.budget)) budget[k as keyof typeof budget] = moneyOrNull(v);
  const entries = stored.entries.map((e) => ({ ...e, deviationReasons: [...e.deviationReasons] }));
  for (const change of patch.entries ?? []) {
    let entry = entries.find((e) => e.indicatorId === change.indicatorId);
    if (!entry) {
      entry = blankEntry(change.indicatorId);
      entries.push(entry);
    }
    const { indicatorId: _id, deviationReasons, ...fields } = change;
    Object.assign(entry, fields);
    if (deviationReasons !== undefined) entry.deviationReasons = [...deviationReasons];
  }
  return {
    periodEndMonth:
      patch.periodEndMonth === undefined
        ? stored.periodEndMonth
        : (patch.periodEndMonth ?? defaultPeriodEndMonth),
    budget,
    goalProgress: goalProgress === undefined ? stored.goalProgress : goalProgress,
    entries,
  };
}

export function computeMonitoring(
  approved: ApprovedTargets,
  data: StoredMonitoring,
  config: Pick<AppConfig, 'monitoring' | 'findingSeverities'>,
  lang?: Lang,
): MonitoringResult {
  return evaluateMonitoring(
    {
      indicators: approved.indicators,
      periodEndMonth: data.periodEndMonth,
      budget: {
        initialBudget: storedMoney(data.budget.initialBudget, 'budget.initialBudget'),
        adjustedBudget: storedMoney(data.budget.adjustedBudget, 'budget.adjustedBudget'),
        executedToDate: storedMoney(data.budget.executedToDate, 'budget.executedToDate'),
        forecastFullYear: storedMoney(data.budget.forecastFullYear, 'budget.forecastFullYear'),
      },
      entries: data.entries,
      approvedAnnualRequest: approved.annualRequest,
    },
    { config: config.monitoring, severities: config.findingSeverities, lang },
  );
}

export interface WorstIndicator {
  indicatorId: number;
  name: string;
  light: Light;
}

/** Counts of the indicator lights and the worst indicators (red before yellow, then form order). */
export function lightStats(approved: ApprovedTargets, result: MonitoringResult) {
  const byId = new Map(approved.indicators.map((i) => [i.id, i]));
  const counted = result.entries.filter((e) => byId.has(e.indicatorId));
  const count = (l: Light | null) => counted.filter((e) => e.light === l).length;
  const severity = (l: Light | null) => (l === 'red' ? 0 : 1);
  const worst: WorstIndicator[] = counted
    .filter((e) => e.light === 'red' || e.light === 'yellow')
    .map((e) => ({ e, ind: byId.get(e.indicatorId) as ApprovedTargetIndicator }))
    .sort((a, b) => severity(a.e.light) - severity(b.e.light) || a.ind.position - b.ind.position)
    .slice(0, WORST_LIMIT)
    .map(({ e, ind }) => ({ indicatorId: ind.id, name: ind.name, light: e.light as Light }));
  return {
    lights: { red: count('red'), yellow: count('yellow'), green: count('green'), unknown: count(null) },
    worst,
  };
}

export interface MonitoringMeta {
  saved: boolean;
  updatedAt: string | null;
  updatedBy: number | null;
}

/** The word of a light (红灯), or null. */
export const lightWord = (light: Light | null, lang: Lang) => wordFor('light', light, lang);

/** The worst indicators with the words of their lights. */
export const worstView = (worst: WorstIndicator[], lang: Lang) =>
  worst.map((w) => ({ ...w, lightLabel: lightWord(w.light, lang) }));

/**
 * The API answer: the stored report, with defaults applied, and everything computed; each
 * code a person reads (state, level, likelihood, category, qualitative forecast, light) has its
 * word beside it (`light: 'red', lightLabel: '红灯'`), and the findings are in `lang`.
 */
export function monitoringView(
  d: Declaration,
  approved: ApprovedTargets,
  data: StoredMonitoring,
  result: MonitoringResult,
  meta: MonitoringMeta,
  lang: Lang,
) {
  const byId = new Map(approved.indicators.map((i) => [i.id, i]));
  const stats = lightStats(approved, result);
  return {
    declarationId: d.id,
    year: d.year,
    state: d.state,
    stateLabel: stateWord(d.state, lang),
    version: d.version,
    approvedVersion: approved.versionNo,
    ...meta,
    periodEndMonth: result.periodEndMonth,
    budget: {
      initialBudget: moneyOrNull(result.budget.initialBudget),
      adjustedBudget: moneyOrNull(result.budget.adjustedBudget),
      executedToDate: moneyOrNull(result.budget.executedToDate),
      forecastFullYear: moneyOrNull(result.budget.forecastFullYear),
    },
    goalProgress: data.goalProgress,
    executionRate: result.executionRate,
    timeProgress: result.timeProgress,
    ratio: result.ratio,
    budgetLight: result.budgetLight,
    budgetLightLabel: lightWord(result.budgetLight, lang),
    entries: data.entries.map((e, j) => {
      const ind = byId.get(e.indicatorId);
      const light = result.entries[j]?.light ?? null;
      return {
        indicatorId: e.indicatorId,
        name: ind?.name ?? null,
        level1: ind?.level1 ?? null,
        level1Label: level1Word(ind?.level1, lang),
        level2: ind?.level2 ?? null,
        level2Label: level2Word(ind?.level2, lang),
        target: ind?.target?.display ?? null,
        actualToDate: e.actualToDate,
        forecast: e.forecast,
        // The word of a qualitative forecast (达成年度指标); a number stands for itself.
        forecastLabel:
          ind?.target?.kind === 'qualitative' && e.forecast !== null
            ? valueLabel(e.forecast, lang, 'achievement')
            : null,
        likelihood: e.likelihood,
        likelihoodLabel: wordFor('likelihood', e.likelihood, lang),
        deviationReasons: e.deviationReasons.map((r) => ({
          ...r,
          categoryLabel: wordFor('deviationCategory', r.category, lang),
        })),
        correctiveMeasures: e.correctiveMeasures,
        remark: e.remark,
        deviation: result.entries[j]?.deviation ?? null,
        light,
        lightLabel: lightWord(light, lang),
      };
    }),
    lights: stats.lights,
    worst: worstView(stats.worst, lang),
    findings: result.findings,
  };
}

/** The 绩效运行监控表 view model: display strings only (report-forms-xlsx.ts computes nothing). */
export function monitoringFormVM(
  d: Declaration,
  approved: ApprovedTargets,
  data: StoredMonitoring,
  result: MonitoringResult,
  footer: { preparedBy?: string; preparedAt?: string },
): MonitoringFormVM {
  const entryOf = new Map<number, number>();
  data.entries.forEach((e, j) => {
    if (!entryOf.has(e.indicatorId)) entryOf.set(e.indicatorId, j);
  });
  const pct = (s: string | null) => (s === null ? '' : `${s}%`);
  return {
    year: d.year,
    projectName: approved.header.projectName,
    competentDepartment: approved.header.competentDepartment,
    implementingUnit: approved.header.implementingUnit,
    ...footer,
    periodEndMonth: result.periodEndMonth,
    budget: {
      initialBudget: moneyOrNull(result.budget.initialBudget) ?? '',
      adjustedBudget: moneyOrNull(result.budget.adjustedBudget) ?? '',
      executedToDate: moneyOrNull(result.budget.executedToDate) ?? '',
      executionRate: pct(result.executionRate),
      forecastFullYear: moneyOrNull(result.budget.forecastFullYear) ?? '',
      timeProgress: pct(result.timeProgress),
      light: result.budgetLight,
    },
    annualGoal: approved.header.annualGoal,
    goalProgress: data.goalProgress ?? '',
    // The form lists every approved indicator, in form order, whether reported or not.
    indicators: approved.indicators.map((ind) => {
      const j = entryOf.get(ind.id);
      const e = j === undefined ? null : data.entries[j];
      return {
        level1: ind.level1,
        level2: ind.level2,
        costType: ind.costType,
        name: ind.name,
        target: ind.target?.display ?? '',
        actualToDate: e?.actualToDate ?? '',
        forecast: e?.forecast ?? '',
        likelihood: e?.likelihood ?? '',
        deviationReasons: e?.deviationReasons ?? [],
        correctiveMeasures: e?.correctiveMeasures ?? '',
        remark: e?.remark ?? '',
        light: j === undefined ? null : (result.entries[j]?.light ?? null),
      };
    }),
  };
}

/** The report as flat fields for the audit record: `entries[<indicatorId>].forecast`. */
export function flattenMonitoring(data: StoredMonitoring): Record<string, unknown> {
  const out: Record<string, unknown> = {
    periodEndMonth: data.periodEndMonth,
    'budget.initialBudget': data.budget.initialBudget,
    'budget.adjustedBudget': data.budget.adjustedBudget,
    'budget.executedToDate': data.budget.executedToDate,
    'budget.forecastFullYear': data.budget.forecastFullYear,
    goalProgress: data.goalProgress,
  };
  for (const e of data.entries) {
    const at = `entries[${e.indicatorId}]`;
    out[`${at}.actualToDate`] = e.actualToDate;
    out[`${at}.forecast`] = e.forecast;
    out[`${at}.likelihood`] = e.likelihood;
    out[`${at}.deviationReasons`] = e.deviationReasons.length ? e.deviationReasons : null;
    out[`${at}.correctiveMeasures`] = e.correctiveMeasures;
    out[`${at}.remark`] = e.remark;
  }
  return out;
}
