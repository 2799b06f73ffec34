import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The bureau's decision on an approved declaration (绩效目标公开): published, or not with the
 * reason (非公开原因). Changed in place; each decision is audited (publication.decided).
 */
@Entity('publications')
export class Publication {
  @PrimaryColumn({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'boolean', default: false })
  published: boolean;

  @Column({ name: 'not_published_reason', type: 'varchar', length: 500, nullable: true })
  notPublishedReason: string | null;

  @Column({ name: 'decided_by', type: 'integer' })
  decidedBy: number;

  @Column({ name: 'decided_at', type: 'varchar', length: 24 })
  decidedAt: string;
}
