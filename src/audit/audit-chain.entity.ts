import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The head of each audit chain, updated in the same transaction as the event it points to,
 * so deleting the newest event of a chain is detected too. One row per chain: writers to
 * different declarations lock different rows.
 */
@Entity('audit_chains')
export class AuditChain {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  chain: string;

  @Column({ name: 'head_seq', type: 'integer' })
  headSeq: number;

  @Column({ name: 'head_hash', type: 'varchar', length: 64 })
  headHash: string;
}
