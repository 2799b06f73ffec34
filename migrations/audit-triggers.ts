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
