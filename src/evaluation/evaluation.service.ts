import { Injectable } from '@nestjs/common';
import { ReportService } from '../reports/report.service';
import type { EvaluationReport } from './evaluation-report.entity';
import { EVALUATION_REPORT } from './evaluation.report';
import type { StoredEvaluation } from './evaluation-view';
import type { EvaluationResult } from './scoring';

/**
 * The year-end self-evaluation (绩效自评, docs/spec/domain.md §6): read, save, findings and the
 * form as ReportService does them for every report (evaluation.report.ts says how).
 */
@Injectable()
export class EvaluationService extends ReportService<StoredEvaluation, EvaluationResult, EvaluationReport> {
  protected readonly kind = EVALUATION_REPORT;
}
