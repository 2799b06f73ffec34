import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RectificationSource, RectificationStatus } from './rectification.messages';

/**
 * A rectification item (整改事项) of an evaluated declaration: what (problem, required action),
 * who (responsible), due (a day, Beijing time); its status moves by rectification.machine.ts.
 * Department scope is the declaration's (joined in every query).
 */
@Entity('rectification_items')
export class RectificationItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ type: 'varchar', length: 20 })
  source: RectificationSource;

  @Column({ name: 'indicator_id', type: 'integer', nullable: true })
  indicatorId: number | null;

  @Column({ type: 'text' })
  problem: string;

  @Column({ name: 'required_action', type: 'text' })
  requiredAction: string;

  @Column({ type: 'varchar', length: 200 })
  responsible: string;

  @Column({ name: 'due_on', type: 'varchar', length: 10 })
  dueOn: string;

  @Column({ type: 'varchar', length: 20 })
  status: RectificationStatus;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ name: 'attachment_name', type: 'varchar', length: 255, nullable: true })
  attachmentName: string | null;

  @Column({ name: 'attachment_type', type: 'varchar', length: 100, nullable: true })
  attachmentType: string | null;

  @Column({ name: 'attachment_size', type: 'integer', nullable: true })
  attachmentSize: number | null;

  @Column({ name: 'attachment_sha256', type: 'varchar', length: 64, nullable: true })
  attachmentSha256: string | null;

  @Column({ name: 'reopen_reason', type: 'text', nullable: true })
  reopenReason: string | null;

  @Column({ name: 'reopen_count', type: 'integer', default: 0 })
  reopenCount: number;

  @Column({ name: 'opened_by', type: 'integer' })
  openedBy: number;

  @Column({ name: 'opened_at', type: 'varchar', length: 24 })
  openedAt: string;

  @Column({ name: 'closed_by', type: 'integer', nullable: true })
  closedBy: number | null;

  @Column({ name: 'closed_at', type: 'varchar', length: 24, nullable: true })
  closedAt: string | null;

  @Column({ name: 'decided_by', type: 'integer', nullable: true })
  decidedBy: number | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 24, nullable: true })
  decidedAt: string | null;

  /** The optimistic lock: every step and edit bumps it. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt: string;
}

/** The evidence file of an item (one; a new upload replaces it), base64 so both engines store it alike. */
@Entity('rectification_attachments')
export class RectificationAttachment {
  @PrimaryColumn({ name: 'item_id', type: 'integer' })
  itemId: number;

  @Column({ type: 'text' })
  data: string;
}
