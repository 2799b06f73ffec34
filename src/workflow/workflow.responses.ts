import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../common/roles';
import {
  DateProperty,
  Decimal2Property,
  EnumProperty,
  IntProperty,
  JsonValueProperty,
  TextProperty,
  TimestampProperty,
} from '../common/openapi';
import {
  ActionView,
  FundsView,
  IndicatorView,
  LEVEL1_CODES,
  LEVEL2_CODES,
} from '../declarations/declarations.responses';
import { DECLARATION_STATES, EVENT_TYPES } from '../lifecycle/declaration.machine';
import { RELATIONS } from '../lifecycle/declaration.rules';
import { RATINGS, VERSION_KINDS } from '../lifecycle/lifecycle.messages';

/**
 * The answers of the workflow routes in the OpenAPI document (issue 13, item 7). Each code a
 * person reads has its words beside it in the reader's language (`stateLabel`, `eventLabel`…),
 * marked `readOnly` as everything the service words or computes.
 */

const PHASES = ['declaration', 'adjustment', 'monitoring', 'evaluation'];
const REVIEW_STAGES = ['internalReview', 'bureauReview'];

export class TransitionResult {
  @IntProperty({ description: 'the declaration' })
  id: number;
  @EnumProperty(DECLARATION_STATES)
  state: string;
  @TextProperty({ readOnly: true, example: '单位内部审核', description: 'the new state in your language' })
  stateLabel: string;
  @IntProperty()
  version: number;
  @ApiProperty({
    type: () => [ActionView],
    readOnly: true,
    description: 'what you may do now, as in the declaration view',
  })
  actions: ActionView[];
  @EnumProperty(EVENT_TYPES, { isArray: true, readOnly: true, description: 'the events you may fire now' })
  allowedEvents: string[];
}

export class ActorView {
  @IntProperty({ nullable: true, description: 'null for the system' })
  id: number | null;
  @TextProperty({ nullable: true })
  username: string | null;
}

/** Who fired an event, with the name a person knows them by. */
export class HistoryActorView extends ActorView {
  @TextProperty({
    nullable: true,
    readOnly: true,
    description: "the user's display name; null for the system",
  })
  displayName: string | null;
}

export class OnBehalfOfView {
  @IntProperty()
  id: number;
  @TextProperty({ nullable: true, readOnly: true, description: "the reviewer's display name" })
  displayName: string | null;
}

/** A review comment that a RETURN carried back (src/comments), as the history shows it. */
export class CarriedCommentView {
  @IntProperty({ description: 'the comment thread (GET /api/declarations/:id/comments)' })
  threadId: number;
  @TextProperty({
    example: 'projectName',
    description: 'what the comment is about: a header field (projectName, funds.total …) or `indicator`',
  })
  anchor: string;
  @IntProperty({ nullable: true, description: 'the indicator, when `anchor` is `indicator`' })
  indicatorId: number | null;
  @TextProperty({ readOnly: true, example: '项目名称', description: 'where it is, in the form’s words' })
  anchorLabel: string;
  @TextProperty({ description: "the thread's first comment" })
  body: string;
}

/** One dimension of the 数据局's scored review. */
export class ReviewDimensionView {
  @EnumProperty(['completeness', 'relevance', 'appropriateness', 'feasibility'])
  dimension: string;
  @TextProperty({ readOnly: true, example: '完整性', description: 'the dimension in your language' })
  dimensionLabel: string;
  @Decimal2Property({ description: 'the score, 0 to 100' })
  score: string;
  @IntProperty({ description: "the dimension's weight in the total (config, 25 by default)" })
  weight: number;
  @TextProperty()
  opinion: string;
}

/** An indicator the reviewer flagged: the review comment thread anchored to it (src/comments). */
export class FlaggedIndicatorView {
  @IntProperty({ description: 'the comment thread (GET /api/declarations/:id/comments)' })
  threadId: number;
  @IntProperty()
  indicatorId: number;
  @TextProperty({ description: 'the indicator’s name when the review was recorded' })
  indicatorName: string;
  @TextProperty({ description: "the thread's first comment: the reviewer's opinion on the indicator" })
  opinion: string;
  @EnumProperty(['open', 'resolved'], { description: 'the thread’s status when the review was recorded' })
  status: string;
}

/** The 数据局's scored review of the targets (绩效目标审核, 财预〔2015〕88号). */
export class ScoredReviewView {
  @ApiProperty({ type: () => [ReviewDimensionView], description: '完整性, 相关性, 适当性, 可行性' })
  dimensions: ReviewDimensionView[];
  @Decimal2Property({ readOnly: true, description: 'Σ score × weight / 100' })
  total: string;
  @EnumProperty(RATINGS, {
    readOnly: true,
    description: 'the grade of the total (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差)',
  })
  grade: string;
  @TextProperty({ readOnly: true })
  gradeLabel: string;
  @TextProperty({ nullable: true, description: '修改意见 (required when approved with 良)' })
  amendments: string | null;
  @ApiProperty({
    type: () => [FlaggedIndicatorView],
    description: 'the indicators the reviewer opened review comments on in this review',
  })
  flagged: FlaggedIndicatorView[];
}

export class TransitionHistoryItem {
  @EnumProperty(EVENT_TYPES)
  event: string;
  @TextProperty({ readOnly: true, example: '提交', description: 'the event in your language' })
  eventLabel: string;
  @EnumProperty(DECLARATION_STATES)
  from: string;
  @TextProperty({ readOnly: true, example: '编制中', description: 'the state it left, in your language' })
  fromLabel: string;
  @EnumProperty(DECLARATION_STATES)
  to: string;
  @TextProperty({
    readOnly: true,
    example: '单位内部审核',
    description: 'the state it entered, in your language',
  })
  toLabel: string;
  @ApiProperty({ type: () => HistoryActorView })
  actor: HistoryActorView;
  @EnumProperty(ROLES, { description: 'the role in which the event was fired' })
  role: string;
  @TextProperty({ readOnly: true, example: '申报人', description: 'the role in your language' })
  roleLabel: string;
  @TextProperty({ nullable: true })
  comment: string | null;
  @EnumProperty(RATINGS, { nullable: true, description: "the reviewer's rating" })
  rating: string | null;
  @TextProperty({ nullable: true, readOnly: true, description: 'the rating in your language' })
  ratingLabel: string | null;
  @ApiProperty({
    type: () => OnBehalfOfView,
    nullable: true,
    description: 'a substitute’s action: the reviewer it was taken for (delegations); else null',
  })
  onBehalfOf: OnBehalfOfView | null;
  @TimestampProperty()
  at: string;
  @ApiProperty({
    type: () => ScoredReviewView,
    nullable: true,
    description:
      "the 数据局's scored review, with APPROVE and RETURN in 数据局审核 of a declaration or an adjustment; else null",
  })
  scoredReview: ScoredReviewView | null;
  @ApiProperty({
    type: () => [CarriedCommentView],
    readOnly: true,
    description:
      'with RETURN: the review comments still open at the return, which it carried back; else empty',
  })
  carriedComments: CarriedCommentView[];
}

export class VersionListItem {
  @IntProperty({ description: '1 for the first approval, then one per approved adjustment' })
  versionNo: number;
  @EnumProperty(VERSION_KINDS)
  kind: string;
  @TextProperty({ readOnly: true, description: 'the kind in your language' })
  kindLabel: string;
  @TimestampProperty()
  approvedAt: string;
  @IntProperty({ description: 'the bureau reviewer who approved it' })
  approvedBy: number;
  @ApiProperty({
    type: () => ScoredReviewView,
    nullable: true,
    description: "the 数据局's scored review that approved it; null for versions approved before it existed",
  })
  scoredReview: ScoredReviewView | null;
}

/** The form as approved: money as strings, indicators with their ids. */
export class VersionContentView {
  @IntProperty({ example: 2026 })
  year: number;
  @TextProperty({ nullable: true })
  projectName: string | null;
  @TextProperty({ nullable: true })
  projectNature: string | null;
  @TextProperty({ nullable: true })
  projectCategory: string | null;
  @TextProperty({ nullable: true })
  competentDepartment: string | null;
  @TextProperty({ nullable: true })
  implementingUnit: string | null;
  @DateProperty({ nullable: true })
  plannedStart: string | null;
  @DateProperty({ nullable: true })
  plannedEnd: string | null;
  @ApiProperty({ type: () => FundsView })
  funds: FundsView;
  @TextProperty({ nullable: true })
  overallGoal: string | null;
  @TextProperty({ nullable: true })
  annualGoal: string | null;
  @ApiProperty({ type: () => [IndicatorView] })
  indicators: IndicatorView[];
}

export class VersionDetail extends VersionListItem {
  @ApiProperty({ type: () => VersionContentView })
  content: VersionContentView;
}

export class FieldDiff {
  @TextProperty({ example: 'funds.total' })
  field: string;
  @JsonValueProperty()
  before: unknown;
  @JsonValueProperty()
  after: unknown;
}

export class DiffIndicator {
  @IntProperty()
  id: number;
  @EnumProperty(LEVEL1_CODES)
  level1: string;
  @EnumProperty(LEVEL2_CODES)
  level2: string;
  @TextProperty()
  name: string;
  @TextProperty({ nullable: true, description: 'the target as written' })
  target: string | null;
  @TextProperty({ nullable: true })
  weight: string | null;
}

export class ChangedIndicator {
  @IntProperty()
  id: number;
  @TextProperty()
  name: string;
  @ApiProperty({ type: () => [FieldDiff] })
  changes: FieldDiff[];
}

export class IndicatorDiff {
  @ApiProperty({ type: () => [DiffIndicator] })
  added: DiffIndicator[];
  @ApiProperty({ type: () => [DiffIndicator] })
  removed: DiffIndicator[];
  @ApiProperty({ type: () => [ChangedIndicator] })
  changed: ChangedIndicator[];
}

/** What differs between two contents of a declaration (declarations/content-diff.ts). */
export class ContentDiff {
  @ApiProperty({ type: () => [FieldDiff] })
  header: FieldDiff[];
  @ApiProperty({ type: () => [FieldDiff] })
  funds: FieldDiff[];
  @ApiProperty({ type: () => [FieldDiff] })
  goals: FieldDiff[];
  @ApiProperty({ type: () => IndicatorDiff })
  indicators: IndicatorDiff;
}

/** The difference between two approved versions, or one and the current content. */
export class VersionDiff extends ContentDiff {
  @IntProperty()
  from: number;
  @IntProperty({ nullable: true, description: 'null: the current content, not an approved version' })
  to: number | null;
}

export class DefinitionState {
  @EnumProperty(DECLARATION_STATES)
  id: string;
  @TextProperty({ example: '绩效监控 · 填报中' })
  label: string;
  @EnumProperty(PHASES, { nullable: true })
  phase: string | null;
  @EnumProperty(PHASES, { nullable: true, description: 'the phase whose content may be edited here' })
  editing: string | null;
  @EnumProperty(REVIEW_STAGES, { nullable: true })
  reviewStage: string | null;
  @ApiProperty()
  final: boolean;
}

export class DefinitionGroup {
  @TextProperty({ example: 'monitoring' })
  id: string;
  @TextProperty()
  label: string;
  @EnumProperty(DECLARATION_STATES, { isArray: true })
  states: string[];
}

export class DefinitionWho {
  @EnumProperty(DECLARATION_STATES, { isArray: true })
  in: string[];
  @EnumProperty(ROLES, { isArray: true })
  roles: string[];
  @EnumProperty(RELATIONS, { isArray: true })
  relations: string[];
  @ApiProperty({ type: [String] })
  requires: string[];
}

export class DefinitionEvent {
  @EnumProperty(EVENT_TYPES)
  type: string;
  @TextProperty({ example: '提交' })
  label: string;
  @EnumProperty(DECLARATION_STATES, { isArray: true })
  allowedIn: string[];
  @ApiProperty({ type: () => [DefinitionWho] })
  who: DefinitionWho[];
  @EnumProperty(RATINGS, {
    isArray: true,
    description: 'the ratings the event may carry (APPROVE: 优, 良; RETURN: 中, 差); empty for the others',
  })
  ratings: string[];
}

export class DefinitionTransition {
  @EnumProperty(DECLARATION_STATES)
  from: string;
  @EnumProperty(EVENT_TYPES)
  event: string;
  @EnumProperty(DECLARATION_STATES)
  to: string;
  @TextProperty({ description: 'from, in your language' })
  fromLabel: string;
  @TextProperty({ description: 'event, in your language' })
  eventLabel: string;
  @TextProperty({ description: 'to, in your language' })
  toLabel: string;
  @EnumProperty(ROLES, { isArray: true })
  roles: string[];
  @EnumProperty(RELATIONS, { isArray: true })
  relations: string[];
  @ApiProperty({ type: [String] })
  requires: string[];
  @TextProperty({ required: false, description: 'a condition on the adjustment origin' })
  when?: string;
}

export class DefinitionRules {
  @EnumProperty(ROLES, { isArray: true })
  nonActingRoles: string[];
  @TextProperty()
  segregationOfDuties: string;
}

export class WorkflowDefinitionView {
  @TextProperty()
  machineId: string;
  @IntProperty()
  machineVersion: number;
  @EnumProperty(DECLARATION_STATES)
  initial: string;
  @ApiProperty({ type: () => [DefinitionState] })
  states: DefinitionState[];
  @ApiProperty({ type: () => [DefinitionGroup] })
  groups: DefinitionGroup[];
  @ApiProperty({ type: () => [DefinitionEvent] })
  events: DefinitionEvent[];
  @ApiProperty({ type: () => [DefinitionTransition] })
  transitions: DefinitionTransition[];
  @ApiProperty({ type: () => DefinitionRules })
  rules: DefinitionRules;
}

export class OpenYearItem {
  @IntProperty()
  declarationId: number;
  @TextProperty({ nullable: true, description: '项目名称, so the result reads as a list of projects' })
  projectName: string | null;
  @ApiProperty()
  opened: boolean;
  @EnumProperty(DECLARATION_STATES, {
    description: 'the new state when opened, else the state it is in',
  })
  state: string;
  @TextProperty({ readOnly: true, description: 'the state in your language' })
  stateLabel: string;
  @TextProperty({ required: false, pattern: '^[A-Z][A-Z0-9_]*$', description: 'why not, when refused' })
  code?: string;
  @TextProperty({ required: false, description: 'why not opened, in words' })
  reason?: string;
}

export class OpenYearResult {
  @IntProperty({ description: 'how many were opened' })
  opened: number;
  @ApiProperty({ type: () => [OpenYearItem] })
  items: OpenYearItem[];
}
