// The audit chain keyed and signed (issue 12 item 8). Each event records how its hash was
// made (hash_version, hash_alg, key_id): the events already stored keep their unkeyed
// SHA-256 (version 1, verified as such); the service writes version 2, an HMAC under a key
// kept outside the database. Signed checkpoints of the chain heads (audit_checkpoints, and
// the heads each one recorded in audit_checkpoint_heads) pin what was there at each moment.
// The transition history and the checkpoints become append-only like audit_events.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createAuditTriggers, createEvidenceTriggers, dropEvidenceTriggers } from './audit-triggers';

export class KeyedAudit1764450000000 implements MigrationInterface {
  name = 'KeyedAudit1764450000000';

  async up(q: QueryRunner): Promise<void> {
    // Plain ADD COLUMN: no table rebuild on SQLite, no rewrite on PostgreSQL (constant default).
    await q.query('ALTER TABLE audit_events ADD COLUMN hash_version integer NOT NULL DEFAULT 1');
    await q.query(`ALTER TABLE audit_events ADD COLUMN hash_alg varchar(20) NOT NULL DEFAULT 'sha256'`);
    await q.query('ALTER TABLE audit_events ADD COLUMN key_id varchar(32)');
    await q.createTable(
      new Table({
        name: 'audit_checkpoints',
        columns: [
          // Not generated: the next checkpoint is the previous id + 1, so two instances
          // sealing at once cannot both write one (the primary key refuses the second).
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'at', type: 'varchar', length: '24' },
          { name: 'format', type: 'integer' },
          { name: 'prev_digest', type: 'varchar', length: '64' },
          { name: 'last_event_id', type: 'integer' },
          { name: 'legacy_max_event_id', type: 'integer' },
          { name: 'head_count', type: 'integer' },
          { name: 'digest', type: 'varchar', length: '64' },
          { name: 'alg', type: 'varchar', length: '20' },
          { name: 'key_id', type: 'varchar', length: '32' },
          { name: 'signature', type: 'varchar', length: '200' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_checkpoint_heads',
        columns: [
          { name: 'checkpoint_id', type: 'integer', isPrimary: true },
          { name: 'chain', type: 'varchar', length: '40', isPrimary: true },
          { name: 'seq', type: 'integer' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        // What a sweep asks (is this head sealed?) and what a declaration's verify reads.
        indices: [new TableIndex({ name: 'ix_checkpoint_heads_chain', columnNames: ['chain', 'seq'] })],
      }),
    );
    // SQLite: ADD COLUMN keeps the triggers, but a rebuild would not; cheap to make sure.
    if (q.connection.options.type !== 'postgres') await createAuditTriggers(q);
    await createEvidenceTriggers(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEvidenceTriggers(q);
    await q.dropTable('audit_checkpoint_heads');
    await q.dropTable('audit_checkpoints');
    for (const c of ['key_id', 'hash_alg', 'hash_version'])
      await q.query(`ALTER TABLE audit_events DROP COLUMN ${c}`);
  }
}
