import type { AppConfig } from '../../config/defaults';
import {
  moneyOrNull,
  storedMoney,
  type ApprovedTargetIndicator,
  type ApprovedTargets,
} from '../declarations/approved-targets';
import type { Declaration } from '../declarations/declaration.entity';
import type { MonitoringFormVM } from '../exports/report-forms-xlsx';
import {
  evaluateMonitoring,
  type DeviationReason,
  type Light,
  type Likelihood,
  type MonitoringPayload,
  type MonitoringResult,
} from './monitoring-rules';

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

/** The report before anything is saved: one blank entry per approved indicator. */
export function blankMonitoring(approved: ApprovedTargets, defaultPeriodEndMonth: number): StoredMonitoring {
  return {
    periodEndMonth: defaultPeriodEndMonth,
    budget: { initialBudget: null, adjustedBudget: null, executedToDate: null, forecastFullYear: null },
    goalProgress: null,
    entries: approved.indicators.map((i) => ({
      indicatorId: i.id,
      actualToDate: null,
      forecast: null,
      likelihood: null,
      deviationReasons: [],
      correctiveMeasures: null,
      remark: null,
    })),
  };
}

export function computeMonitoring(
  approved: ApprovedTargets,
  data: StoredMonitoring,
  config: Pick<AppConfig, 'monitoring' | 'findingSeverities'>,
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
    { config: config.monitoring, severities: config.findingSeverities },
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

/** The API answer: the stored report, with defaults applied, and everything computed. */
export function monitoringView(
  d: Declaration,
  approved: ApprovedTargets,
  data: StoredMonitoring,
  result: MonitoringResult,
  meta: MonitoringMeta,
) {
  const byId = new Map(approved.indicators.map((i) => [i.id, i]));
  const stats = lightStats(approved, result);
  return {
    declarationId: d.id,
    year: d.year,
    state: d.state,
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
    entries: data.entries.map((e, j) => {
      const ind = byId.get(e.indicatorId);
      return {
        indicatorId: e.indicatorId,
        name: ind?.name ?? null,
        level1: ind?.level1 ?? null,
        level2: ind?.level2 ?? null,
        target: ind?.target?.display ?? null,
        actualToDate: e.actualToDate,
        forecast: e.forecast,
        likelihood: e.likelihood,
        deviationReasons: e.deviationReasons,
        correctiveMeasures: e.correctiveMeasures,
        remark: e.remark,
        deviation: result.entries[j]?.deviation ?? null,
        light: result.entries[j]?.light ?? null,
      };
    }),
    lights: stats.lights,
    worst: stats.worst,
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
