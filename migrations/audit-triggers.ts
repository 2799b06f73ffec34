// The database itself refuses UPDATE and DELETE of audit rows (等保 level 3: audit records
// protected from deletion and change). TypeORM silently drops SQLite triggers when it rebuilds
// a table, so any later migration that alters audit_events must call createAuditTriggers again.
import type { QueryRunner } from 'typeorm';

export async function createAuditTriggers(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') {
    await q.query(`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP; END $$ LANGUAGE plpgsql`);
    await q.query(`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  } else {
    await q.query(`CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END`);
    await q.query(`CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END`);
  }
}

export async function dropAuditTriggers(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') {
    await q.query('DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events');
    await q.query('DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events');
    await q.query('DROP FUNCTION IF EXISTS audit_events_append_only()');
  } else {
    await q.query('DROP TRIGGER IF EXISTS audit_events_no_update');
    await q.query('DROP TRIGGER IF EXISTS audit_events_no_delete');
  }
}

/**
 * The other evidence tables are append-only too: the transition history (verify cross-checks
 * each row against its audit event) and the signed checkpoints. Same rule for SQLite table
 * rebuilds: call this again after altering one of them.
 */
export const EVIDENCE_TABLES = ['declaration_transitions', 'audit_checkpoints', 'audit_checkpoint_heads'];

export async function createEvidenceTriggers(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') {
    await q.query(`CREATE OR REPLACE FUNCTION evidence_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$ LANGUAGE plpgsql`);
    for (const t of EVIDENCE_TABLES) {
      await q.query(`CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t}
        FOR EACH ROW EXECUTE FUNCTION evidence_append_only()`);
      await q.query(`CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only()`);
    }
  } else {
    for (const t of EVIDENCE_TABLES) {
      await q.query(`CREATE TRIGGER IF NOT EXISTS ${t}_no_update BEFORE UPDATE ON ${t}
        BEGIN SELECT RAISE(ABORT, '${t} is append-only: UPDATE refused'); END`);
      await q.query(`CREATE TRIGGER IF NOT EXISTS ${t}_no_delete BEFORE DELETE ON ${t}
        BEGIN SELECT RAISE(ABORT, '${t} is append-only: DELETE refused'); END`);
    }
  }
}

export async function dropEvidenceTriggers(q: QueryRunner): Promise<void> {
  for (const t of EVIDENCE_TABLES) {
    if (q.connection.options.type === 'postgres') {
      await q.query(`DROP TRIGGER IF EXISTS ${t}_append_only ON ${t}`);
      await q.query(`DROP TRIGGER IF EXISTS ${t}_no_truncate ON ${t}`);
    } else {
      await q.query(`DROP TRIGGER IF EXISTS ${t}_no_update`);
      await q.query(`DROP TRIGGER IF EXISTS ${t}_no_delete`);
    }
  }
  if (q.connection.options.type === 'postgres')
    await q.query('DROP FUNCTION IF EXISTS evidence_append_only()');
}
