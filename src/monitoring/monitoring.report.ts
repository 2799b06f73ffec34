import { monitoringWorkbook } from './monitoring-xlsx';
import { flattenReport, reportEnvelopeKeys } from '../reports/report-fields';
import type { ReportKind } from '../reports/report-kind';
import { MONITORING_FIELDS } from './monitoring-fields';
import { MonitoringReport } from './monitoring-report.entity';
import { validateMonitoringInput, validateMonitoringPatch } from './monitoring-input';
import type { MonitoringResult } from './monitoring-rules';
import {
  blankMonitoring,
  computeMonitoring,
  lightStats,
  mergeMonitoring,
  monitoringFormVM,
  monitoringView,
  toStoredMonitoring,
  type StoredMonitoring,
} from './monitoring-view';

/** Stored in monitoring_reports.budget_light (NOT NULL) when no light can be computed yet. */
export const NO_LIGHT = 'none';

/**
 * The mid-year monitoring report (绩效运行监控, docs/spec/domain.md §5) as ReportService drives
 * it: its lights are kept on the row (budget light, red and yellow counts, the worst
 * indicators) for the bureau's year overview.
 */
export const MONITORING_REPORT: ReportKind<StoredMonitoring, MonitoringResult, MonitoringReport> = {
  name: 'monitoring',
  entity: MonitoringReport,
  audit: { action: 'monitoring.saved', entityType: 'monitoring_report' },
  envelope: reportEnvelopeKeys(MONITORING_FIELDS),
  maxTextLength: (config) => config.monitoring.maxTextLength,
  blank: (approved, config) => blankMonitoring(approved, config.monitoring.defaultPeriodEndMonth),
  replace: (payload, text, approved, config) =>
    toStoredMonitoring(validateMonitoringInput(payload, approved.indicators, config.monitoring), text),
  merge: (stored, payload, text, approved, config) =>
    mergeMonitoring(
      stored,
      validateMonitoringPatch(payload, approved.indicators, config.monitoring),
      text,
      config.monitoring.defaultPeriodEndMonth,
    ),
  compute: computeMonitoring,
  columns(approved, result) {
    const stats = lightStats(approved, result);
    return {
      budgetLight: result.budgetLight ?? NO_LIGHT,
      redCount: stats.lights.red,
      yellowCount: stats.lights.yellow,
      worst: JSON.stringify(stats.worst),
    };
  },
  flatten: (data) => flattenReport(MONITORING_FIELDS, data),
  auditedColumns: (row) => ({
    budgetLight: row.budgetLight,
    redCount: row.redCount,
    yellowCount: row.yellowCount,
  }),
  view: (d, approved, data, result, meta, _config, lang) =>
    monitoringView(d, approved, data, result, meta, lang),
  workbook: (d, approved, data, result, _config, footer) =>
    monitoringWorkbook(monitoringFormVM(d, approved, data, result, footer)),
};
