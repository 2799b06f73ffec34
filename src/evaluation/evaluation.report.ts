import { evaluationWorkbook } from './evaluation-xlsx';
import { flattenReport, reportEnvelopeKeys } from '../reports/report-fields';
import type { ReportKind } from '../reports/report-kind';
import { EVALUATION_FIELDS } from './evaluation-fields';
import { EvaluationReport } from './evaluation-report.entity';
import { validateEvaluationInput, validateEvaluationPatch } from './evaluation-input';
import {
  blankEvaluation,
  computeEvaluation,
  evaluationFormVM,
  evaluationView,
  mergeEvaluation,
  toStoredEvaluation,
  type StoredEvaluation,
} from './evaluation-view';
import type { EvaluationResult } from './scoring';

/**
 * The year-end self-evaluation (绩效自评, docs/spec/domain.md §6) as ReportService drives it:
 * its total and grade are kept on the row for lists and reports.
 */
export const EVALUATION_REPORT: ReportKind<StoredEvaluation, EvaluationResult, EvaluationReport> = {
  name: 'evaluation',
  entity: EvaluationReport,
  audit: { action: 'evaluation.saved', entityType: 'evaluation_report' },
  envelope: reportEnvelopeKeys(EVALUATION_FIELDS),
  maxTextLength: (config) => config.evaluation.maxTextLength,
  blank: (approved) => blankEvaluation(approved),
  replace: (payload, text, approved, config) =>
    toStoredEvaluation(validateEvaluationInput(payload, approved.indicators, config.evaluation), text),
  merge: (stored, payload, text, approved, config) =>
    mergeEvaluation(stored, validateEvaluationPatch(payload, approved.indicators, config.evaluation), text),
  compute: computeEvaluation,
  columns: (_approved, result) => ({ totalScore: result.totalScore, grade: result.grade }),
  flatten: (data) => flattenReport(EVALUATION_FIELDS, data),
  auditedColumns: (row) => ({ totalScore: row.totalScore, grade: row.grade }),
  view: evaluationView,
  workbook: (d, approved, data, result, config, footer) =>
    evaluationWorkbook(evaluationFormVM(d, approved, data, result, config, footer)),
};
