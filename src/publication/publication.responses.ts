import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { DECLARATION_STATES } from '../lifecycle/declaration.machine';

/** The answers of the publication routes in the OpenAPI document. */

export const PUBLICATION_DECISIONS = ['published', 'not_published', 'undecided'] as const;

export class PublicationItemView {
  @IntProperty({ description: '申报编号' })
  declarationId: number;
  @TextProperty({ nullable: true, description: '项目名称' })
  projectName: string | null;
  @IntProperty()
  departmentId: number;
  @TextProperty({ description: '申报单位' })
  departmentName: string;
  @EnumProperty(DECLARATION_STATES)
  state: string;
  @TextProperty({ readOnly: true, example: '已批复' })
  stateLabel: string;
  @IntProperty({ description: 'the latest approved version, the one the public table shows' })
  approvedVersion: number;
  @TimestampProperty()
  approvedAt: string;
  @TextProperty({ readOnly: true, description: "SHA-256 of the approved version's canonical content" })
  contentSha256: string;
  @EnumProperty(PUBLICATION_DECISIONS, { description: 'undecided: no decision yet (not published)' })
  decision: (typeof PUBLICATION_DECISIONS)[number];
  @TextProperty({ readOnly: true, example: '公开' })
  decisionLabel: string;
  @TextProperty({ nullable: true, description: '非公开原因' })
  notPublishedReason: string | null;
  @TimestampProperty({ nullable: true })
  decidedAt: string | null;
  @TextProperty({ nullable: true, description: 'who decided (姓名)' })
  decidedBy: string | null;
}

export class PublicationListView {
  @IntProperty({ example: 2026 })
  year: number;
  @ApiProperty({ type: () => PublicationItemView, isArray: true })
  items: PublicationItemView[];
  @IntProperty({ description: 'how many are published' })
  published: number;
  @TextProperty({
    example: '/api/public/targets/table.html?year=2026',
    description: 'the public page (no login)',
  })
  publicHtml: string;
  @TextProperty({
    example: '/api/public/targets/table.xlsx?year=2026',
    description: 'the public workbook (no login)',
  })
  publicXlsx: string;
}

export class PublicVerifyProblem {
  @TextProperty({ example: 'PUBLIC_ROW_CELL_CHANGED' })
  code: string;
  @TextProperty({ example: '第 1 条三级指标的年度指标值：表中为“≥96.00(%)”，批准版本为“≥95.00(%)”' })
  message: string;
}

export class PublicVerifyRow {
  @IntProperty({ description: 'the row (project) of the table, from 1' })
  item: number;
  @TextProperty({ example: '工作表“绩效目标公开表”第 4–9 行' })
  place: string;
  @IntProperty({ nullable: true, description: '申报编号 as the table gives it' })
  declarationId: number | null;
  @IntProperty({ nullable: true })
  versionNo: number | null;
  @TextProperty({ nullable: true, description: '项目名称 as the table gives it' })
  projectName: string | null;
  @ApiProperty({ type: Boolean, description: 'exactly what was approved, and the chain verifies' })
  ok: boolean;
  @ApiProperty({ type: () => PublicVerifyProblem, isArray: true, description: 'why not (empty when ok)' })
  problems: PublicVerifyProblem[];
  @ApiProperty({ type: () => PublicVerifyProblem, isArray: true, description: 'what else to know' })
  notes: PublicVerifyProblem[];
}

export class PublicVerifyView {
  @ApiProperty({ type: Boolean, description: 'every row verifies' })
  ok: boolean;
  @IntProperty()
  checked: number;
  @IntProperty()
  failed: number;
  @TextProperty({ example: '共核验 9 个项目，全部与批准版本一致' })
  summary: string;
  @ApiProperty({ type: () => PublicVerifyRow, isArray: true })
  rows: PublicVerifyRow[];
}
