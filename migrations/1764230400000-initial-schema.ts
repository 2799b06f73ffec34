// The whole first schema, designed together: organisation, declarations and indicators, the
// lifecycle (transitions, approved versions), reports, and the append-only audit store.
// Runs on SQLite and PostgreSQL; timestamps are ISO-8601 UTC strings so both engines store,
// compare and hash them identically.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, str, int, text, fen, bool, ts } from './columns';
import { createAuditTriggers, dropAuditTriggers } from './audit-triggers';

export class InitialSchema1764230400000 implements MigrationInterface {
  name = 'InitialSchema1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'departments',
        columns: [
          id(),
          str('code', 50),
          str('name', 200),
          str('kind', 20),
          int('parent_id', true),
          str('path', 500),
          ts('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_departments_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'ix_departments_path', columnNames: ['path'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id(),
          str('username', 64),
          str('display_name', 100),
          str('password_hash', 200),
          str('roles', 200),
          int('department_id'),
          bool('disabled'),
          int('failed_logins', false, 0),
          ts('locked_until', true),
          int('token_version', false, 0),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_users_username', columnNames: ['username'], isUnique: true }),
          new TableIndex({ name: 'ix_users_department', columnNames: ['department_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'declarations',
        columns: [
          id(),
          int('department_id'),
          str('department_path', 500),
          int('year'),
          str('project_name', 500, true),
          str('project_nature', 100, true),
          str('project_category', 100, true),
          str('competent_department', 200, true),
          str('implementing_unit', 200, true),
          str('planned_start', 10, true),
          str('planned_end', 10, true),
          fen('funds_total'),
          fen('funds_annual_request'),
          fen('funds_current_appropriation'),
          fen('funds_carryover'),
          fen('funds_other'),
          text('overall_goal', true),
          text('annual_goal', true),
          int('version'),
          str('state', 40),
          ts('state_entered_at'),
          text('snapshot'),
          int('machine_version'),
          int('submitted_by', true),
          bool('ever_submitted'),
          int('approved_version', true),
          int('created_by'),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          // Queues: items in a state, oldest first, within a department subtree.
          new TableIndex({
            name: 'ix_declarations_state_entered',
            columnNames: ['state', 'state_entered_at', 'id'],
          }),
          new TableIndex({ name: 'ix_declarations_path_state', columnNames: ['department_path', 'state'] }),
          new TableIndex({ name: 'ix_declarations_year_id', columnNames: ['year', 'id'] }),
          new TableIndex({ name: 'ix_declarations_department', columnNames: ['department_id', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'indicators',
        columns: [
          id(),
          int('declaration_id'),
          int('position'),
          str('level1', 20),
          str('level2', 30),
          str('cost_type', 50, true),
          str('name', 500),
          str('target_display', 500, true),
          str('target_kind', 20, true),
          str('target_comparator', 2, true),
          str('target_value', 40, true),
          str('target_unit', 50, true),
          str('target_text', 500, true),
          str('target_direction', 10, true),
          str('weight', 10, true),
          int('source_line', true),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_indicators_declaration', columnNames: ['declaration_id', 'position'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'declaration_transitions',
        columns: [
          id(),
          int('declaration_id'),
          str('event', 30),
          str('from_state', 40),
          str('to_state', 40),
          int('actor_id'),
          str('actor_username', 64),
          str('role', 20),
          text('comment', true),
          str('rating', 4, true),
          ts('at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_transitions_declaration', columnNames: ['declaration_id', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'declaration_versions',
        columns: [
          id(),
          int('declaration_id'),
          int('version_no'),
          str('kind', 20),
          text('content'),
          int('approved_by'),
          ts('approved_at'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_versions_declaration_no',
            columnNames: ['declaration_id', 'version_no'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'monitoring_reports',
        columns: [
          { name: 'declaration_id', type: 'integer', isPrimary: true },
          text('data'),
          str('budget_light', 10),
          int('red_count'),
          int('yellow_count'),
          text('worst'),
          int('updated_by'),
          ts('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'evaluation_reports',
        columns: [
          { name: 'declaration_id', type: 'integer', isPrimary: true },
          text('data'),
          str('total_score', 10),
          str('grade', 4),
          int('updated_by'),
          ts('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          id(),
          str('chain', 40),
          int('seq'),
          str('prev_hash', 64),
          str('hash', 64),
          ts('at'),
          int('actor_id', true),
          str('actor_username', 64, true),
          str('actor_roles', 200),
          str('action', 60),
          str('outcome', 20),
          str('entity_type', 30),
          str('entity_id', 64, true),
          int('declaration_id', true),
          int('indicator_id', true),
          str('state', 40, true),
          text('changes'),
          text('comment', true),
          str('request_id', 100, true),
          str('ip', 64, true),
        ],
        // No foreign keys: audit rows outlive what they describe.
        indices: [
          new TableIndex({ name: 'uq_audit_chain_seq', columnNames: ['chain', 'seq'], isUnique: true }),
          new TableIndex({ name: 'ix_audit_declaration', columnNames: ['declaration_id', 'id'] }),
          new TableIndex({ name: 'ix_audit_indicator', columnNames: ['indicator_id', 'id'] }),
          new TableIndex({ name: 'ix_audit_actor', columnNames: ['actor_id', 'id'] }),
          new TableIndex({ name: 'ix_audit_action', columnNames: ['action', 'id'] }),
          new TableIndex({ name: 'ix_audit_at', columnNames: ['at', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_chains',
        columns: [
          { name: 'chain', type: 'varchar', length: '40', isPrimary: true },
          int('head_seq'),
          str('head_hash', 64),
        ],
      }),
    );
    await createAuditTriggers(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTriggers(q);
    for (const t of [
      'audit_chains',
      'audit_events',
      'evaluation_reports',
      'monitoring_reports',
      'declaration_versions',
      'declaration_transitions',
      'indicators',
      'declarations',
      'users',
      'departments',
    ]) {
      await q.dropTable(t);
    }
  }
}
