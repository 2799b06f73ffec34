import { ApiProperty } from '@nestjs/swagger';
import {
  Decimal2Property,
  EnumProperty,
  IntProperty,
  MoneyProperty,
  TextProperty,
  TimestampProperty,
} from '../common/openapi';
import { FindingView, LEVEL1_CODES, LEVEL2_CODES } from '../declarations/declarations.responses';
import { DECLARATION_STATES } from '../workflow/declaration.machine';
import { ACHIEVEMENTS } from './scoring';

/**
 * The answers of the self-evaluation routes in the OpenAPI document (issue 13, item 7).
 * `readOnly` marks what the service computes (weights used, scores, grade, findings, the words
 * of each code) or takes from the approved version: no save sets it.
 */

/** The words of a code in the reader's language (docs/reports.md, "Codes and words"). */
const Label = (description: string, nullable = true) =>
  TextProperty({ nullable, readOnly: true, description: `${description}, in your language` });

export const GRADES = ['优', '良', '中', '差'] as const;

export class EvaluationBudgetView {
  @MoneyProperty({
    nullable: true,
    description:
      '年初预算数. Unless given, the approved 年度资金申请总额 (null there too when none was declared): a save of null brings the default back',
  })
  initialBudget: string | null;
  @MoneyProperty({
    nullable: true,
    description: '全年预算数. Unless given, 年初预算数: a save of null brings the default back',
  })
  adjustedBudget: string | null;
  @MoneyProperty({ nullable: true, description: '全年执行数' })
  executed: string | null;
}

export class EvaluationEntryView {
  @IntProperty({ description: 'the approved indicator the entry is about' })
  indicatorId: number;
  @TextProperty({ nullable: true, readOnly: true })
  name: string | null;
  @EnumProperty(LEVEL1_CODES, { nullable: true, readOnly: true })
  level1: string | null;
  @Label('一级指标')
  level1Label: string | null;
  @EnumProperty(LEVEL2_CODES, { nullable: true, readOnly: true })
  level2: string | null;
  @Label('二级指标')
  level2Label: string | null;
  @TextProperty({ nullable: true, readOnly: true, description: 'the approved target as written' })
  target: string | null;
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

export class EvaluationView {
  @IntProperty({ readOnly: true })
  declarationId: number;
  @IntProperty({ readOnly: true })
  year: number;
  @EnumProperty(DECLARATION_STATES, { readOnly: true })
  state: string;
  @Label('the state', false)
  stateLabel: string;
  @IntProperty({ readOnly: true, description: "the declaration's version: send it with the next save" })
  version: number;
  @IntProperty({ readOnly: true })
  approvedVersion: number;
  @ApiProperty({ readOnly: true, description: 'false: nothing saved yet' })
  saved: boolean;
  @TimestampProperty({ nullable: true, readOnly: true })
  updatedAt: string | null;
  @IntProperty({ nullable: true, readOnly: true })
  updatedBy: number | null;
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
