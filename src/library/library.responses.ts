import { ApiProperty } from '@nestjs/swagger';
import {
  EnumProperty,
  IntProperty,
  JsonValueProperty,
  TextProperty,
  TimestampProperty,
} from '../common/openapi';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';
import { LibraryEntryFieldsDto } from './library.dto';
import { LEVEL1_VALUES, LEVEL2_VALUES } from '../declarations/declarations.messages';
import { PROPOSAL_STATES } from './library.machine';
import { LIBRARY_DIRECTIONS, LIBRARY_ENTRY_STATUSES, PROPOSAL_KINDS } from './library.messages';
import { LIBRARY_EVENTS } from './library.rules';

/** The answers of the library routes in the OpenAPI document. */

export class LibraryEntryView {
  @IntProperty({ readOnly: true })
  id: number;
  @TextProperty({ example: 'ZB0001', description: '指标编码' })
  code: string;
  @EnumProperty(LEVEL1_VALUES, { description: '一级指标' })
  level1: string;
  @TextProperty({ readOnly: true, example: '产出指标' })
  level1Label: string;
  @EnumProperty(LEVEL2_VALUES, { description: '二级指标' })
  level2: string;
  @TextProperty({ readOnly: true, example: '数量指标' })
  level2Label: string;
  @TextProperty({ description: '三级指标名称' })
  name: string;
  @TextProperty({ nullable: true, description: '指标解释' })
  definition: string | null;
  @TextProperty({ nullable: true, description: '计算公式' })
  formula: string | null;
  @TextProperty({ nullable: true, description: '数据来源' })
  dataSource: string | null;
  @TextProperty({ nullable: true, description: '评(扣)分标准' })
  scoringStandard: string | null;
  @EnumProperty(LIBRARY_DIRECTIONS)
  direction: string;
  @TextProperty({ readOnly: true, example: '越高越好' })
  directionLabel: string;
  @TextProperty({ nullable: true, description: '计量单位' })
  unit: string | null;
  @TextProperty({ nullable: true, description: '支出功能分类' })
  sector: string | null;
  @IntProperty({ example: 2026 })
  validFrom: number;
  @IntProperty({ nullable: true })
  validTo: number | null;
  @EnumProperty(LIBRARY_ENTRY_STATUSES, { readOnly: true })
  status: string;
  @TextProperty({ readOnly: true, example: '在库' })
  statusLabel: string;
  @IntProperty({ readOnly: true })
  version: number;
  @TimestampProperty({ readOnly: true })
  createdAt: string;
  @TimestampProperty({ readOnly: true })
  updatedAt: string;
  @TimestampProperty({ readOnly: true, nullable: true })
  retiredAt: string | null;
  @IntProperty({ readOnly: true, nullable: true, description: 'the open proposal about it, if any' })
  pendingProposalId: number | null;
}

export class LibraryEntryPage {
  @ApiProperty({ type: () => [LibraryEntryView] })
  items: LibraryEntryView[];
  @IntProperty({ description: 'how many match, all pages' })
  matching: number;
}

export class ProposalChange {
  @TextProperty({ example: 'definition' })
  field: string;
  @TextProperty({ readOnly: true, example: '指标解释' })
  label: string;
  @JsonValueProperty({ description: 'the entry’s value now (修改 before it is applied)' })
  before: unknown;
  @JsonValueProperty({ description: 'the value proposed' })
  after: unknown;
  @TextProperty({ nullable: true, readOnly: true, example: '产出指标', description: 'before, in words' })
  beforeText: string | null;
  @TextProperty({ nullable: true, readOnly: true, example: '数量指标', description: 'after, in words' })
  afterText: string | null;
}

export class ProposalAction {
  @EnumProperty(LIBRARY_EVENTS)
  event: string;
  @TextProperty({ readOnly: true, example: '审批通过' })
  label: string;
  @ApiProperty({ type: Boolean })
  allowed: boolean;
  @TextProperty({ nullable: true, readOnly: true, description: 'why not (segregation of duties)' })
  reason: string | null;
  @ApiProperty({ type: Boolean, description: 'a reason is required' })
  needsComment: boolean;
}

export class LibraryProposalView {
  @IntProperty({ readOnly: true })
  id: number;
  @EnumProperty(PROPOSAL_KINDS)
  operation: string;
  @TextProperty({ readOnly: true, example: '入库' })
  operationLabel: string;
  @IntProperty({ nullable: true, description: 'the entry (for 入库: once applied)' })
  entryId: number | null;
  @TextProperty({ nullable: true, readOnly: true })
  entryCode: string | null;
  @TextProperty({ nullable: true, readOnly: true })
  entryName: string | null;
  @ApiProperty({ type: () => LibraryEntryFieldsDto, description: 'the fields as proposed' })
  fields: Record<string, unknown>;
  @ApiProperty({ type: () => [ProposalChange] })
  changes: ProposalChange[];
  @TextProperty({ nullable: true })
  reason: string | null;
  @EnumProperty(PROPOSAL_STATES, {
    readOnly: true,
    description: 'proposed 待初审, firstApproved 待复审, applied 已生效, returned 已退回',
  })
  stage: string;
  @TextProperty({ readOnly: true, example: '待复审' })
  stageLabel: string;
  @IntProperty()
  proposedBy: number;
  @TextProperty({ nullable: true, readOnly: true })
  proposedByName: string | null;
  @TimestampProperty()
  proposedAt: string;
  @IntProperty({ nullable: true })
  firstApprovedBy: number | null;
  @TextProperty({ nullable: true, readOnly: true })
  firstApprovedByName: string | null;
  @TimestampProperty({ nullable: true })
  firstApprovedAt: string | null;
  @IntProperty({ nullable: true, description: 'who gave the second approval or returned it' })
  decidedBy: number | null;
  @TextProperty({ nullable: true, readOnly: true })
  decidedByName: string | null;
  @TimestampProperty({ nullable: true })
  decidedAt: string | null;
  @TextProperty({ nullable: true })
  returnComment: string | null;
  @IntProperty({ readOnly: true })
  version: number;
  @ApiProperty({ type: () => [ProposalAction], readOnly: true, description: 'what you may do now' })
  actions: ProposalAction[];
}

export class LibraryProposalList {
  @ApiProperty({ type: () => [LibraryProposalView] })
  items: LibraryProposalView[];
}

export class LibraryImportRow {
  @IntProperty({ description: 'the row of the sheet' })
  row: number;
  @TextProperty({ nullable: true })
  code: string | null;
  @TextProperty({ nullable: true })
  name: string | null;
  @ApiProperty({ enum: PROPOSAL_KINDS, nullable: true, description: 'null: equal to its entry, passed over' })
  operation: string | null;
  @TextProperty({ nullable: true, readOnly: true })
  operationLabel: string | null;
  @ApiProperty({ type: [String] })
  changedFields: string[];
}

export class LibraryImportResult {
  @ApiProperty({ type: Boolean })
  dryRun: boolean;
  @ApiProperty({ type: () => [LibraryImportRow] })
  rows: LibraryImportRow[];
  @ApiProperty({ type: [Number], description: 'the proposals made (none with dryRun)' })
  proposalIds: number[];
}

export class LineageYearView {
  @IntProperty({ example: 2026 })
  year: number;
  @IntProperty()
  declarationId: number;
  @IntProperty()
  indicatorId: number;
  @TextProperty()
  name: string;
  @TextProperty({ nullable: true, example: '≥150.00(个)', description: 'the target as approved that year' })
  target: string | null;
  @TextProperty({
    nullable: true,
    example: '142',
    description: 'the year-end actual (自评), else the mid-year one (监控)',
  })
  actual: string | null;
  @ApiProperty({ enum: ['evaluation', 'monitoring'], nullable: true })
  actualSource: string | null;
  @TextProperty({ nullable: true, example: '11.83', description: 'the self-evaluation’s score' })
  score: string | null;
  @TextProperty({ nullable: true, example: '12.50', description: '分值' })
  weight: string | null;
}

export class LineageIndicatorView {
  @IntProperty()
  indicatorId: number;
  @IntProperty()
  libraryEntryId: number;
  @TextProperty({ nullable: true })
  entryCode: string | null;
  @TextProperty({ nullable: true })
  entryName: string | null;
  @ApiProperty({ enum: LIBRARY_ENTRY_STATUSES, nullable: true })
  entryStatus: string | null;
  @ApiProperty({ type: () => [LineageYearView], description: 'newest year first' })
  history: LineageYearView[];
}

export class LineageDeclarationYear {
  @IntProperty()
  year: number;
  @IntProperty()
  declarationId: number;
  @TextProperty({ nullable: true })
  projectName: string | null;
  @EnumProperty(DECLARATION_STATES)
  state: string;
  @TextProperty({ readOnly: true })
  stateLabel: string;
}

export class IndicatorLineageView {
  @IntProperty()
  declarationId: number;
  @IntProperty()
  year: number;
  @ApiProperty({
    type: () => [LineageDeclarationYear],
    description: 'the project’s earlier years read, newest first',
  })
  years: LineageDeclarationYear[];
  @ApiProperty({
    type: () => [LineageIndicatorView],
    description: 'each library-linked indicator, in form order',
  })
  indicators: LineageIndicatorView[];
}
