import { ApiProperty } from '@nestjs/swagger';
import { DateProperty, EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import {
  RECTIFICATION_EVENTS,
  RECTIFICATION_SOURCES,
  RECTIFICATION_STATUSES,
} from './rectification.messages';

/** The answers of the rectification routes in the OpenAPI document. */

export class RectificationPerson {
  @IntProperty()
  id: number;
  @TextProperty({ nullable: true })
  name: string | null;
}

export class RectificationAttachmentInfo {
  @TextProperty({ example: '整改台账.pdf' })
  name: string;
  @TextProperty({ nullable: true, example: 'application/pdf' })
  contentType: string | null;
  @IntProperty({ description: 'bytes' })
  size: number;
  @TextProperty({ description: 'SHA-256 of the file, hex (audited)' })
  sha256: string;
}

export class RectificationView {
  @IntProperty()
  id: number;
  @IntProperty({ description: 'the evaluated declaration the item belongs to' })
  declarationId: number;
  @TextProperty({ nullable: true })
  projectName: string | null;
  @IntProperty()
  year: number;
  @IntProperty()
  departmentId: number;
  @TextProperty({ nullable: true })
  departmentName: string | null;
  @EnumProperty(RECTIFICATION_SOURCES, {
    description: 'indicator: not met; grade: below 良; manual: added by the bureau',
  })
  source: string;
  @TextProperty({ readOnly: true, example: '指标未完成' })
  sourceLabel: string;
  @IntProperty({ nullable: true, description: 'the missed indicator (source indicator)' })
  indicatorId: number | null;
  @TextProperty({ description: '存在问题' })
  problem: string;
  @TextProperty({ description: '整改要求' })
  requiredAction: string;
  @TextProperty({ description: '责任单位（人）' })
  responsible: string;
  @DateProperty({ description: '整改期限 (calendar day, Beijing time)' })
  dueOn: string;
  @ApiProperty({ description: 'open and past its due day' })
  overdue: boolean;
  @EnumProperty(RECTIFICATION_STATUSES)
  status: string;
  @TextProperty({ readOnly: true, example: '整改中' })
  statusLabel: string;
  @TextProperty({ nullable: true, description: '整改情况说明 (the last CLOSE)' })
  evidence: string | null;
  @ApiProperty({ type: () => RectificationAttachmentInfo, nullable: true })
  attachment: RectificationAttachmentInfo | null;
  @TextProperty({ nullable: true, description: 'the last REOPEN’s reason' })
  reopenReason: string | null;
  @IntProperty()
  reopenCount: number;
  @ApiProperty({ type: () => RectificationPerson, nullable: true })
  openedBy: RectificationPerson | null;
  @TimestampProperty()
  openedAt: string;
  @ApiProperty({ type: () => RectificationPerson, nullable: true })
  closedBy: RectificationPerson | null;
  @TimestampProperty({ nullable: true })
  closedAt: string | null;
  @ApiProperty({
    type: () => RectificationPerson,
    nullable: true,
    description: 'who accepted or reopened it last',
  })
  decidedBy: RectificationPerson | null;
  @TimestampProperty({ nullable: true })
  decidedAt: string | null;
  @IntProperty({ readOnly: true, description: 'send it back with each step' })
  version: number;
  @ApiProperty({ enum: RECTIFICATION_EVENTS, isArray: true, description: 'the steps you may take now' })
  allowedSteps: string[];
}

export class RectificationCounts {
  @IntProperty()
  open: number;
  @IntProperty()
  closed: number;
  @IntProperty()
  accepted: number;
  @IntProperty({ description: 'open and past the due day' })
  overdue: number;
}

export class RectificationPage {
  @ApiProperty({ type: () => [RectificationView] })
  items: RectificationView[];
  @TextProperty({ nullable: true })
  nextCursor: string | null;
  @ApiProperty({
    type: () => RectificationCounts,
    description: 'the filters’ counts by status (status and overdue filters aside)',
  })
  counts: RectificationCounts;
}

export class DeclarationRectifications {
  @IntProperty()
  declarationId: number;
  @ApiProperty({
    type: () => [RectificationView],
    description: 'not accepted yet: the declaration’s own and its project’s earlier years’',
  })
  items: RectificationView[];
  @IntProperty()
  open: number;
  @IntProperty()
  closed: number;
  @IntProperty()
  overdue: number;
}
