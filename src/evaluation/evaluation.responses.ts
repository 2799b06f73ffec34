import { ApiProperty } from '@nestjs/swagger';
import { Decimal2Property, EnumProperty, MoneyProperty, TextProperty } from '../common/openapi';
import { FindingView } from '../declarations/declarations.responses';
import { Label, ReportBudgetView, ReportEntryIndicator, ReportViewHeader } from '../reports/report.responses';
import { ACHIEVEMENTS } from './scoring';

/**
 * The answers of the self-evaluation routes in the OpenAPI document (issue 13, item 7).
 * `readOnly` marks what the service computes (weights used, scores, grade, findings, the words
 * of each code) or takes from the approved version: no save sets it.
 */

export const GRADES = ['优', '良', '中', '差'] as const;

export class EvaluationBudgetView extends ReportBudgetView {
  @MoneyProperty({ nullable: true, description: '全年执行数' })
  executed: string | null;
}

export class EvaluationEntryView extends ReportEntryIndicator() {
  @Decimal2Property({
    nullable: true,
    readOnly: true,
    description: 'the weight used: the one given, else the declared one, else the default split',
  })
  weight: string | null;
  @TextProperty({ nullable: true, description: '实际完成值' })
  actual: string | null;
  @EnumProperty(ACHIEVEMENTS, { nullable: true, description: 'qualitative indicators' })
  achievement: string | null;
  @Label('the achievement')
  achievementLabel: string | null;
  @ApiProperty({
    type: String,
    format: 'decimal',
    nullable: true,
    description: 'the score as given (a qualitative grade or an override): the body field `score`',
  })
  givenScore: string | null;
  @Decimal2Property({ nullable: true, readOnly: true })
  computedScore: string | null;
  @Decimal2Property({ nullable: true, readOnly: true, description: 'the score that counts' })
  score: string | null;
  @ApiProperty({ type: Boolean, nullable: true, readOnly: true })
  met: boolean | null;
  @TextProperty({ nullable: true })
  overrideReason: string | null;
  @TextProperty({ nullable: true, description: '偏差原因分析及改进措施' })
  deviationAnalysis: string | null;
}

export class Subtotals {
  @Decimal2Property()
  output: string;
  @Decimal2Property()
  benefit: string;
  @Decimal2Property()
  satisfaction: string;
}

export class EvaluationView extends ReportViewHeader({ saved: 'false: nothing saved yet' }) {
  @ApiProperty({ type: () => EvaluationBudgetView })
  budget: EvaluationBudgetView;
  @TextProperty({ nullable: true, description: '总体目标完成情况' })
  goalAchievement: string | null;
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
