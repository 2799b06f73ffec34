import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A declaration's pre-assessment (事前绩效评估, 中发〔2018〕34号): one per declaration, recorded by
 * a submitter of the owning department while the declaration is a draft of its first approval;
 * an opinion on each of the five dimensions, a conclusion, and optionally the report as a file.
 */
@Entity('pre_assessments')
export class PreAssessment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  /** 立项必要性 */
  @Column({ type: 'text' })
  necessity: string;

  /** 投入经济性 */
  @Column({ type: 'text' })
  economy: string;

  /** 绩效目标合理性 */
  @Column({ type: 'text' })
  goals: string;

  /** 实施方案可行性 */
  @Column({ type: 'text' })
  feasibility: string;

  /** 筹资合规性 */
  @Column({ type: 'text' })
  financing: string;

  /** `pass` 通过, `partial` 部分通过, `fail` 不通过. */
  @Column({ type: 'varchar', length: 10 })
  conclusion: string;

  /** The current attachment (pre_assessment_attachments), if any. */
  @Column({ name: 'attachment_id', type: 'integer', nullable: true })
  attachmentId: number | null;

  @Column({ name: 'recorded_by', type: 'integer' })
  recordedBy: number;

  @Column({ name: 'recorded_at', type: 'varchar', length: 24 })
  recordedAt: string;

  @Column({ name: 'updated_by', type: 'integer' })
  updatedBy: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;
}

/**
 * An uploaded file, never changed nor deleted (a replaced one stays for the approved versions
 * and the audit trail that name it). The bytes (`data`, bytea / blob) are written and read by
 * the module's queries only, never loaded with the row.
 */
@Entity('pre_assessment_attachments')
export class PreAssessmentAttachment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  /** The type the service serves it as, from its kind (never the client's word). */
  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'uploaded_by', type: 'integer' })
  uploadedBy: number;

  @Column({ name: 'uploaded_at', type: 'varchar', length: 24 })
  uploadedAt: string;
}

/** The pre-assessment as an approval kept it: part of approved version `versionNo`. */
@Entity('pre_assessment_versions')
export class PreAssessmentVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ name: 'version_no', type: 'integer' })
  versionNo: number;

  /** The record as JSON: the five opinions, the conclusion, the attachment's id, name, size and SHA-256. */
  @Column({ type: 'text' })
  content: string;
}
