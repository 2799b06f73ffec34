// 绩效目标公开 (issue 18 item 3): the bureau's decision per approved declaration, to publish its
// targets or not (with 非公开原因). One row per declaration, changed in place; every decision is
// an audit event on the declaration's chain (publication.decided), so the history is there.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, int, str, ts } from './columns';

export class Publications1765500000000 implements MigrationInterface {
  name = 'Publications1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'publications',
        columns: [
          { ...int('declaration_id'), isPrimary: true },
          int('year'),
          bool('published'),
          str('not_published_reason', 500, true),
          int('decided_by'),
          ts('decided_at'),
        ],
        indices: [new TableIndex({ name: 'ix_publications_year', columnNames: ['year', 'published'] })],
        foreignKeys: [
          {
            columnNames: ['declaration_id'],
            referencedTableName: 'declarations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('publications');
  }
}
