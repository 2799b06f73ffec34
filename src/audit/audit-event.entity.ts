import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One audit event. Append-only (database triggers refuse UPDATE and DELETE), no foreign keys
 * so it outlives what it describes, and hash-chained: `hash` covers the canonical content and
 * `prevHash`, the previous event of the same chain; since hash version 2 it is a MAC under a
 * key kept outside the database.
 */
@Entity('audit_events')
export class AuditEvent {
  @PrimaryGeneratedColumn()
  id: number;

  /** `d:<declarationId>` or `system`. */
  @Column({ type: 'varchar', length: 40 })
  chain: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 24 })
  at: string;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64, nullable: true })
  actorUsername: string | null;

  @Column({ name: 'actor_roles', type: 'varchar', length: 200 })
  actorRoles: string;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 20 })
  outcome: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 30 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ name: 'declaration_id', type: 'integer', nullable: true })
  declarationId: number | null;

  @Column({ name: 'indicator_id', type: 'integer', nullable: true })
  indicatorId: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  state: string | null;

  /** JSON list of {field, before, after}. */
  @Column({ type: 'text' })
  changes: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /** How `hash` was made (audit-hash.ts): 1 unkeyed SHA-256 (before keying), 2 keyed MAC. */
  @Column({ name: 'hash_version', type: 'integer' })
  hashVersion: number;

  @Column({ name: 'hash_alg', type: 'varchar', length: 20 })
  hashAlg: string;

  /** The MAC key's id (AUDIT_KEY_ID when written); null for hash version 1. */
  @Column({ name: 'key_id', type: 'varchar', length: 32, nullable: true })
  keyId: string | null;
}
