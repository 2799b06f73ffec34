// Substitutes (issue 16 item 2): a reviewer, or an admin for an absent one, names a substitute of
// the same role for a date range; each action the substitute takes then records on whose behalf
// (declaration_transitions.on_behalf_of, and the transition's audit event). Dates are calendar
// days (YYYY-MM-DD), both included; an early end keeps the row (ended_at, ended_by).
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class Delegations1765200000000 implements MigrationInterface {
  name = 'Delegations1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'delegations',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'principal_id', type: 'integer' },
          { name: 'substitute_id', type: 'integer' },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'starts_on', type: 'varchar', length: '10' },
          { name: 'ends_on', type: 'varchar', length: '10' },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'created_by', type: 'integer' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'ended_at', type: 'varchar', length: '24', isNullable: true },
          { name: 'ended_by', type: 'integer', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_delegations_substitute', columnNames: ['substitute_id', 'ends_on'] }),
          new TableIndex({ name: 'ix_delegations_principal', columnNames: ['principal_id', 'ends_on'] }),
        ],
      }),
    );
    await q.query('ALTER TABLE declaration_transitions ADD COLUMN on_behalf_of integer NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE declaration_transitions DROP COLUMN on_behalf_of');
    await q.dropTable('delegations');
  }
}
