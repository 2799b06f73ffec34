import { ApiProperty } from '@nestjs/swagger';
import { Decimal2Property, EnumProperty } from '../common/openapi';
import { FindingView } from '../declarations/declarations.responses';
import {
  BudgetProperties,
  EntryProperties,
  Label,
  ReportEntryIndicator,
  ReportProperties,
  ReportViewHeader,
} from '../reports/report.responses';
import { EVALUATION_FIELDS } from './evaluation-fields';

/**
 * The answers of the self-evaluation routes in the OpenAPI document (issue 13, item 7).
 * `readOnly` marks what the service computes (weights used, scores, grade, findings, the words
 * of each code) or takes from the approved version: no save sets it.
 */

export const GRADES = ['优', '良', '中', '差'] as const;

export class EvaluationBudgetView extends BudgetProperties(EVALUATION_FIELDS) {}

/** An entry: its indicator, its fields with what the scoring computed (evaluation-fields.ts). */
export class EvaluationEntryView extends EntryProperties(ReportEntryIndicator(), EVALUATION_FIELDS) {}

export class Subtotals {
  @Decimal2Property()
  output: string;
  @Decimal2Property()
  benefit: string;
  @Decimal2Property()
  satisfaction: string;
}

export class EvaluationView extends ReportProperties(
  ReportViewHeader({ saved: 'false: nothing saved yet' }),
  EVALUATION_FIELDS,
  () => EvaluationBudgetView,
) {
  @ApiProperty({ type: () => [EvaluationEntryView] })
  entries: EvaluationEntryView[];
  @Decimal2Property({ readOnly: true, description: 'points of the budget-execution block' })
  budgetWeight: string;
  @Decimal2Property({ readOnly: true })
  totalWeight: string;
  @Decimal2Property({ nullable: true, readOnly: true, description: 'executed / adjustedBudget, percent' })
  budgetRate: string | null;
  @Decimal2Property({ readOnly: true })
  budgetScore: string;
  @ApiProperty({ type: () => Subtotals, readOnly: true })
  subtotals: Subtotals;
  @Decimal2Property({ readOnly: true })
  totalScore: string;
  @EnumProperty(GRADES, { readOnly: true })
  grade: string;
  @Label('the grade', false)
  gradeLabel: string;
  @ApiProperty({ type: () => [FindingView], readOnly: true })
  findings: FindingView[];
}
