import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DateProperty,
  EnumProperty,
  IntProperty,
  MoneyProperty,
  TextProperty,
  TimestampProperty,
  WEIGHT_PATTERN,
} from '../common/openapi';
import { DECLARATION_STATES, EVENT_TYPES } from '../lifecycle/declaration.machine';
import { RATINGS } from '../lifecycle/lifecycle.messages';
import { LEVEL2_OF, type Level1 } from './declaration-content';

/**
 * The answers of the declarations routes as the OpenAPI document describes them (issue 13,
 * item 7). Each class mirrors a view of declaration-mapper.ts; test/e2e/openapi.e2e-spec.ts
 * checks real answers against them. `readOnly` marks what the service computes or keeps for
 * itself (ids, versions, times, state, the words of a code, what the caller may do): a save
 * never sets it, and the generated PATCH test ignores it when it looks for what else a save
 * changed.
 */

export const LEVEL1_CODES = Object.keys(LEVEL2_OF) as Level1[];
export const LEVEL2_CODES = Object.values(LEVEL2_OF).flat();
export const SEVERITIES = ['error', 'warning', 'info'] as const;

export class FundsView {
  @MoneyProperty({ nullable: true, description: '项目资金总额' })
  total: string | null;
  @MoneyProperty({ nullable: true, description: '年度资金申请总额' })
  annualRequest: string | null;
  @MoneyProperty({ nullable: true, description: '当年财政拨款' })
  currentAppropriation: string | null;
  @MoneyProperty({ nullable: true, description: '上年结转资金' })
  carryover: string | null;
  @MoneyProperty({ nullable: true, description: '其他资金' })
  other: string | null;
}

/** A 年度指标值 as written and as read (domain §2). */
export class TargetView {
  @TextProperty({ description: 'the form notation, as written: ≥95.00(%), 及时', example: '≥95.00(%)' })
  display: string;
  @EnumProperty(['quantitative', 'qualitative'])
  kind: string;
  @EnumProperty(['≥', '≤', '=', '>', '<'], { nullable: true, description: 'quantitative only' })
  comparator: string | null;
  @ApiProperty({
    type: String,
    format: 'decimal',
    nullable: true,
    description: 'the number as written (keeps its precision); null when qualitative',
    example: '95.00',
  })
  value: string | null;
  @TextProperty({ nullable: true, example: '%' })
  unit: string | null;
  @TextProperty({ nullable: true, description: 'the qualitative text; null when quantitative' })
  text: string | null;
  @EnumProperty(['higher', 'lower', 'exact'], { nullable: true, description: 'which way is better' })
  direction: string | null;
}

export class IndicatorView {
  @IntProperty({ readOnly: true })
  id: number;
  @IntProperty({ readOnly: true, description: 'form order, from 0' })
  position: number;
  @EnumProperty(LEVEL1_CODES, { description: '一级指标' })
  level1: string;
  @EnumProperty(LEVEL2_CODES, { description: '二级指标' })
  level2: string;
  @TextProperty({ nullable: true, description: '成本指标 only: 经济成本, 社会成本, 生态环境成本' })
  costType: string | null;
  @TextProperty({ description: '三级指标' })
  name: string;
  @ApiProperty({ type: () => TargetView, nullable: true, description: 'null: no target yet' })
  target: TargetView | null;
  @ApiProperty({
    type: String,
    format: 'decimal',
    pattern: WEIGHT_PATTERN,
    nullable: true,
    description: '分值; null for the default split',
    example: '12.50',
  })
  weight: string | null;
  @IntProperty({ nullable: true, readOnly: true, description: 'the line of the imported summary table' })
  sourceLine: number | null;
  @IntProperty({
    nullable: true,
    readOnly: true,
    description:
      'the indicator library entry it was picked from (GET /api/library/entries/{id}); null: the unit’s own. ' +
      'Set with POST …/indicators (libraryEntryId) or …/indicators/{indicatorId}/library-link',
  })
  libraryEntryId: number | null;
}

/** What an event takes besides `version` (lifecycle/declaration.decisions.ts `ActionNeeds`). */
export class ReviewNeedsDimensionView {
  @EnumProperty(['completeness', 'relevance', 'appropriateness', 'feasibility'])
  dimension: string;
  @TextProperty({ readOnly: true, example: '完整性', description: 'the dimension in your language' })
  label: string;
  @IntProperty({ description: 'its weight in the total, as configured (REVIEW_WEIGHTS; 25 by default)' })
  weight: number;
}

export class ReviewGradeBandsView {
  @IntProperty({ example: 90, description: '优 from this total' })
  excellent: number;
  @IntProperty({ example: 80, description: '良 from this total' })
  good: number;
  @IntProperty({ example: 60, description: '中 from this total; 差 below' })
  fair: number;
}

/** What the scored review asks for: its dimensions and weights, and the grade bands. */
export class ReviewNeedsView {
  @ApiProperty({ type: () => [ReviewNeedsDimensionView] })
  dimensions: ReviewNeedsDimensionView[];
  @ApiProperty({ type: () => ReviewGradeBandsView })
  grades: ReviewGradeBandsView;
}

export class ActionNeedsView {
  @ApiProperty({
    type: Boolean,
    enum: [true],
    required: false,
    description: 'present: a comment must be given (RETURN, …)',
  })
  comment?: true;
  @EnumProperty(RATINGS, {
    isArray: true,
    required: false,
    description: 'present: the ratings the event may carry (APPROVE: 优, 良)',
  })
  rating?: string[];
  @ApiProperty({
    type: () => ReviewNeedsView,
    required: false,
    description:
      "present: the 数据局's scored review must be sent (`review`: 完整性, 相关性, 适当性, 可行性); its grade is the rating",
  })
  review?: ReviewNeedsView;
}

/** One thing the caller could do to the declaration now: the client's button. */
export class ActionView {
  @EnumProperty(EVENT_TYPES)
  event: string;
  @TextProperty({ example: '提交', description: 'the event in your language' })
  label: string;
  @ApiProperty({ description: 'it may fire now' })
  allowed: boolean;
  @TextProperty({
    nullable: true,
    description:
      'when not allowed: why, in your language (e.g. the count of error findings that block SUBMIT)',
  })
  reason: string | null;
  @TextProperty({
    nullable: true,
    pattern: '^[A-Z][A-Z0-9_]*$',
    example: 'FINDINGS_BLOCK_SUBMIT',
    description: 'when not allowed: the code the transition would answer',
  })
  reasonCode: string | null;
  @ApiProperty({ type: () => ActionNeedsView })
  needs: ActionNeedsView;
}

/** A row of the list: the header and the workflow position. */
export class DeclarationSummaryView {
  @IntProperty({ readOnly: true })
  id: number;
  @IntProperty({ example: 2026, description: '预算年度' })
  year: number;
  @TextProperty({ nullable: true, description: '项目名称' })
  projectName: string | null;
  @IntProperty({ readOnly: true, description: 'the owning department' })
  departmentId: number;
  @TextProperty({ nullable: true, description: '实施单位' })
  implementingUnit: string | null;
  @ApiProperty({ type: () => FundsView })
  funds: FundsView;
  @EnumProperty(DECLARATION_STATES, { readOnly: true })
  state: string;
  @TimestampProperty({ readOnly: true, description: 'when the declaration entered its state' })
  stateEnteredAt: string;
  @IntProperty({ readOnly: true, description: 'send it back with the next write (optimistic lock)' })
  version: number;
  @IntProperty({ nullable: true, readOnly: true, description: 'the latest approved version, if any' })
  approvedVersion: number | null;
  @TimestampProperty({ readOnly: true })
  updatedAt: string;
}

export class DeclarationView extends DeclarationSummaryView {
  @TextProperty({ readOnly: true, example: '编制中', description: 'the state in your language' })
  stateLabel: string;
  @TextProperty({ nullable: true, description: '项目性质' })
  projectNature: string | null;
  @TextProperty({ nullable: true, description: '项目类别' })
  projectCategory: string | null;
  @TextProperty({ nullable: true, description: '主管部门' })
  competentDepartment: string | null;
  @DateProperty({ nullable: true, description: '计划开始日期' })
  plannedStart: string | null;
  @DateProperty({ nullable: true, description: '计划完成日期' })
  plannedEnd: string | null;
  @TextProperty({ nullable: true, description: '项目总目标' })
  overallGoal: string | null;
  @TextProperty({ nullable: true, description: '年度总体目标' })
  annualGoal: string | null;
  @IntProperty({ nullable: true, readOnly: true, description: 'the user who submitted the current phase' })
  submittedBy: number | null;
  @IntProperty({
    nullable: true,
    readOnly: true,
    description:
      "the same project's declaration of the year before, when this one was made from it (POST /api/declarations/:id/next-year)",
  })
  previousDeclarationId: number | null;
  @TimestampProperty({ readOnly: true })
  createdAt: string;
  @ApiProperty({ type: () => [IndicatorView], description: '三级指标, in form order' })
  indicators: IndicatorView[];
  @ApiProperty({
    type: () => [ActionView],
    readOnly: true,
    description: 'what you may do now: every event your roles could fire in this state, allowed or not',
  })
  actions: ActionView[];
  @EnumProperty(EVENT_TYPES, {
    isArray: true,
    readOnly: true,
    description: 'the events you may fire now (the allowed actions; kept for older clients)',
  })
  allowedEvents: string[];
  @ApiProperty({
    readOnly: true,
    description:
      'you may change the content now (PATCH the declaration or its indicators): a submitter of the owning department, ' +
      'in an editing state (drafting, adjustment.drafting)',
  })
  editable: boolean;
  @EnumProperty(['header', 'funds', 'goals', 'indicators'], {
    isArray: true,
    readOnly: true,
    description:
      'the parts you may change now (an adjustment keeps the header): empty when editable is false',
  })
  editableParts: string[];
}

/** A row of the list, with its state in words. */
/** A list row's finding badges. */
export class DeclarationFindingCounts {
  @IntProperty({ minimum: 0, description: 'error findings of the current phase (they block SUBMIT)' })
  errors: number;
  @IntProperty({ minimum: 0 })
  warnings: number;
}

export class DeclarationListItem extends DeclarationSummaryView {
  @TextProperty({ readOnly: true, example: '编制中', description: 'the state in your language' })
  stateLabel: string;
  @TextProperty({
    nullable: true,
    readOnly: true,
    example: '运营管理部',
    description: 'the owning department',
  })
  departmentName: string | null;
  @ApiProperty({
    type: () => DeclarationFindingCounts,
    readOnly: true,
    description: "the current phase's findings, as SUBMIT and GET /findings see them",
  })
  findings: DeclarationFindingCounts;
}

export class DeclarationPage {
  @ApiProperty({ type: () => [DeclarationListItem] })
  items: DeclarationListItem[];
  @TextProperty({ nullable: true, description: 'pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;
}

export class IndicatorSaved {
  @ApiProperty({ type: () => IndicatorView })
  indicator: IndicatorView;
  @IntProperty({ description: "the declaration's new version" })
  version: number;
}

export class VersionOnly {
  @IntProperty({ description: "the declaration's new version" })
  version: number;
}

/** A finding of the rules (domain §3): errors block SUBMIT. */
export class FindingView {
  @EnumProperty(SEVERITIES)
  severity: string;
  @TextProperty({ pattern: '^[A-Z][A-Z0-9_]*$', example: 'TARGET_MISSING' })
  code: string;
  @TextProperty()
  message: string;
  @TextProperty({ description: 'where: projectName, funds.total, indicators[3].target, line 42' })
  path: string;
  @TextProperty({
    required: false,
    example: 'target',
    description:
      "the field it is about: the indicator's (target, name) when it is about one, else the declaration's (funds.total)",
  })
  field?: string;
  @IntProperty({ required: false, description: 'the stored indicator it is about' })
  indicatorId?: number;
  @IntProperty({
    required: false,
    minimum: 1,
    description: 'an import: the line of the summary table it is about (the indicator’s, or the line named)',
  })
  line?: number;
  @TextProperty({
    required: false,
    example: '产出指标 / 数量指标 / 开展建设项目数量',
    description: 'where the indicator (or the missing level) sits, in the form’s Chinese words',
  })
  labelPath?: string;
  @TextProperty({ required: false, description: 'what to do about it, in your language' })
  hint?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { proposed: '≥95(%)' },
    description: "the message's parameters (TARGET_LOOKS_QUANTITATIVE: the proposed notation)",
  })
  params?: Record<string, unknown>;
}
