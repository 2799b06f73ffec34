import { ApiProperty } from '@nestjs/swagger';
import {
  EnumProperty,
  IntProperty,
  MoneyProperty,
  Decimal2Property,
  TextProperty,
  TimestampProperty,
} from '../common/openapi';
import { PRE_ASSESSMENT_CONCLUSIONS } from '../declarations/pre-assessment-need';

/** The answers of the pre-assessment routes in the OpenAPI document. */

export class PreAssessmentAttachmentView {
  @IntProperty()
  id: number;
  @TextProperty({ example: '事前绩效评估报告.pdf' })
  filename: string;
  @TextProperty({ example: 'application/pdf', description: 'the type it is served as (from its kind)' })
  contentType: string;
  @IntProperty({ description: 'bytes' })
  size: number;
  @TextProperty({ description: 'SHA-256 of the file, hex', pattern: '^[0-9a-f]{64}$' })
  sha256: string;
  @TimestampProperty()
  uploadedAt: string;
  @IntProperty()
  uploadedBy: number;
  @TextProperty({ nullable: true, readOnly: true, example: '王填报' })
  uploadedByName: string | null;
}

export class PreAssessmentRecordView {
  @TextProperty({ description: '立项必要性' })
  necessity: string;
  @TextProperty({ description: '投入经济性' })
  economy: string;
  @TextProperty({ description: '绩效目标合理性' })
  goals: string;
  @TextProperty({ description: '实施方案可行性' })
  feasibility: string;
  @TextProperty({ description: '筹资合规性' })
  financing: string;
  @EnumProperty(PRE_ASSESSMENT_CONCLUSIONS)
  conclusion: string;
  @TextProperty({ readOnly: true, example: '通过' })
  conclusionLabel: string;
  @ApiProperty({ type: () => PreAssessmentAttachmentView, nullable: true })
  attachment: PreAssessmentAttachmentView | null;
  @IntProperty()
  recordedBy: number;
  @TimestampProperty()
  recordedAt: string;
  @IntProperty()
  updatedBy: number;
  @TextProperty({ nullable: true, readOnly: true, example: '王填报' })
  updatedByName: string | null;
  @TimestampProperty()
  updatedAt: string;
}

export class ApprovedPreAssessmentView extends PreAssessmentRecordView {
  @IntProperty({ description: 'the approved version that keeps it' })
  versionNo: number;
}

export class PreAssessmentNeedView {
  @EnumProperty(['threshold', 'growth'], {
    description:
      'threshold: a new project at or above the threshold; growth: a recurring one that grew more than the share',
  })
  reason: string;
  @MoneyProperty()
  annualRequest: string;
  @MoneyProperty({ description: 'the configured threshold (元)' })
  threshold: string;
  @Decimal2Property({ description: 'the configured growth share (%)' })
  limitPercent: string;
  @IntProperty({ required: false })
  previousYear?: number;
  @MoneyProperty({ required: false, description: "last year's approved annual request" })
  previousAnnualRequest?: string;
  @Decimal2Property({
    required: false,
    nullable: true,
    description: 'growth over last year (%); null when last year was 0',
  })
  growthPercent?: string | null;
}

export class PreAssessmentView {
  @IntProperty()
  declarationId: number;
  @IntProperty({ description: 'the declaration version to send with a write' })
  version: number;
  @ApiProperty({ description: 'SUBMIT needs a pre-assessment (PRE_ASSESSMENT_MISSING without one)' })
  required: boolean;
  @ApiProperty({ type: () => PreAssessmentNeedView, nullable: true })
  need: PreAssessmentNeedView | null;
  @TextProperty({
    nullable: true,
    readOnly: true,
    description: 'why, in the reader’s language (with the amounts)',
    example: '本项目为新增项目，年度资金申请总额 6000000.00 元，达到事前绩效评估标准 5000000.00 元',
  })
  reason: string | null;
  @ApiProperty({ description: 'you may record or change it now (a submitter of the department, in 编制中)' })
  editable: boolean;
  @ApiProperty({ type: () => PreAssessmentRecordView, nullable: true })
  record: PreAssessmentRecordView | null;
  @ApiProperty({
    type: () => ApprovedPreAssessmentView,
    nullable: true,
    description: 'as the latest approved version keeps it',
  })
  approved: ApprovedPreAssessmentView | null;
  @IntProperty({ description: 'the largest attachment accepted (bytes)' })
  attachmentMaxBytes: number;
  @ApiProperty({ type: [String], example: ['pdf', 'docx'] })
  attachmentExtensions: string[];
}
