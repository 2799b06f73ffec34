import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An immutable copy of approved content, kept at each final approval. */
@Entity('declaration_versions')
export class DeclarationVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ name: 'version_no', type: 'integer' })
  versionNo: number;

  /** `declaration` for the first approval, `adjustment` afterwards. */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  /** The approved DeclarationContent as JSON (money as strings), indicators with their ids. */
  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'approved_by', type: 'integer' })
  approvedBy: number;

  @Column({ name: 'approved_at', type: 'varchar', length: 24 })
  approvedAt: string;

  /**
   * The 数据局's scored review that approved it (绩效目标审核, as the approving transition row
   * records it), as JSON; null for versions approved before the scored review existed.
   */
  @Column({ name: 'scored_review', type: 'text', nullable: true })
  scoredReview: string | null;
}
