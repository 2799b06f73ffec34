import type { AppConfig } from '../../config/defaults';
import type { Lang } from '../common/i18n';
import { type ApprovedTargetIndicator, type ApprovedTargets } from '../declarations/approved-targets';
import type { Declaration } from '../declarations/declaration.entity';
import { wordFor } from '../reports/reports.messages';
import type { MonitoringFormVM } from './monitoring-xlsx';
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
import type { FormFooter, ReportMeta } from '../reports/report-kind';
import { formIndicator, formTop, indicatorView, reportHeaderView } from '../reports/report-view';
import {
  MONITORING_FIELDS,
  type StoredMonitoringBudget,
  type StoredMonitoringEntry,
} from './monitoring-fields';
import type { MonitoringPatch, MonitoringPayload } from './monitoring-input';
import {
  evaluateMonitoring,
  type Light,
  type MonitoringInput,
  type MonitoringResult,
} from './monitoring-rules';
import './monitoring.messages';

/**
 * The monitoring report between storage, the rules (monitoring-rules.ts) and the API / form.
 * Pure: no Nest, no I/O. What is done with each field is declared with it (monitoring-fields.ts).
 *
 * Stored (monitoring_reports.data) is what the submitter wrote, money as strings and blanks as
 * null; defaults (年初预算数 = approved 年度资金申请总额, 全年预算数 = 年初预算数) are applied when
 * computing, so a later adjustment of the approved request moves an untouched default too.
 */
export interface StoredMonitoring {
  periodEndMonth: number;
  budget: StoredMonitoringBudget;
  goalProgress: string | null;
  entries: StoredMonitoringEntry[];
}

/** How many indicators the year overview names as the worst of a report. */
export const WORST_LIMIT = 5;

export function toStoredMonitoring(
  payload: MonitoringPayload,
  goalProgress: string | null,
): StoredMonitoring {
  return storedReport(
    MONITORING_FIELDS,
    payload as unknown as ReportPatch,
    goalProgress,
  ) as unknown as StoredMonitoring;
}

/** The report before anything is saved: one blank entry per approved indicator. */
export function blankMonitoring(approved: ApprovedTargets, defaultPeriodEndMonth: number): StoredMonitoring {
  return blankReport(MONITORING_FIELDS, approved.indicators, {
    defaultPeriodEndMonth,
  }) as unknown as StoredMonitoring;
}

/**
 * A PATCH applied to the stored report (or to the blank one): only what was sent changes
 * (reports/report-fields.ts mergeReport; the month goes back to its default when cleared).
 */
export function mergeMonitoring(
  stored: StoredMonitoring,
  patch: MonitoringPatch,
  goalProgress: string | null | undefined,
  defaultPeriodEndMonth: number,
): StoredMonitoring {
  return mergeReport(
    MONITORING_FIELDS,
    stored as unknown as Record<string, unknown>,
    patch as ReportPatch,
    goalProgress,
    { defaultPeriodEndMonth },
  ) as unknown as StoredMonitoring;
}

export function computeMonitoring(
  approved: ApprovedTargets,
  data: StoredMonitoring,
  config: Pick<AppConfig, 'monitoring' | 'findingSeverities'>,
  lang?: Lang,
): MonitoringResult {
  return evaluateMonitoring(rulesInput<MonitoringInput>(MONITORING_FIELDS, approved, data), {
    config: config.monitoring,
    severities: config.findingSeverities,
    lang,
  });
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
  meta: ReportMeta,
  lang: Lang,
) {
  const byId = new Map(approved.indicators.map((i) => [i.id, i]));
  const stats = lightStats(approved, result);
  return {
    ...reportHeaderView(d, approved, meta, lang),
    periodEndMonth: result.periodEndMonth,
    budget: budgetView(MONITORING_FIELDS, result.budget),
    goalProgress: data.goalProgress,
    executionRate: result.executionRate,
    timeProgress: result.timeProgress,
    ratio: result.ratio,
    budgetLight: result.budgetLight,
    budgetLightLabel: lightWord(result.budgetLight, lang),
    entries: data.entries.map((e, j) => {
      const indicator = byId.get(e.indicatorId);
      const computed = result.entries[j];
      const light = computed?.light ?? null;
      return {
        indicatorId: e.indicatorId,
        ...indicatorView(indicator, lang),
        ...entryFieldsView(MONITORING_FIELDS, e, { indicator, computed, lang }),
        deviation: computed?.deviation ?? null,
        light,
        lightLabel: lightWord(light, lang),
      };
    }),
    lights: stats.lights,
    worst: worstView(stats.worst, lang),
    findings: result.findings,
  };
}

/** The 绩效运行监控表 view model: display strings only (monitoring-xlsx.ts computes nothing). */
export function monitoringFormVM(
  d: Declaration,
  approved: ApprovedTargets,
  data: StoredMonitoring,
  result: MonitoringResult,
  footer: FormFooter,
): MonitoringFormVM {
  const pct = (s: string | null) => (s === null ? '' : `${s}%`);
  const top = formTop(MONITORING_FIELDS, d, approved, data, result.budget, footer);
  return {
    ...top,
    periodEndMonth: result.periodEndMonth,
    budget: {
      ...top.budget,
      executionRate: pct(result.executionRate),
      timeProgress: pct(result.timeProgress),
      light: result.budgetLight,
    },
    // The form lists every approved indicator, in form order, whether reported or not.
    indicators: formRows(MONITORING_FIELDS, approved.indicators, data.entries, formIndicator, (_ind, j) => ({
      light: j === undefined ? null : (result.entries[j]?.light ?? null),
    })),
    // The budget amounts and the text come from the field list: their keys are not in its type.
  } as MonitoringFormVM;
}
