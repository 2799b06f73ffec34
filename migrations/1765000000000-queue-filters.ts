// Saved queue filters (issue 18 item 7): a reviewer's named sets of the queue's filters, their own.
import { Table, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';

export class QueueFilters1765000000000 implements MigrationInterface {
  name = 'QueueFilters1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'queue_filters',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'user_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '40' },
          // The filters as JSON ({year?, departmentId?, overdue?, sort?}), checked when saved.
          { name: 'filters', type: 'varchar', length: '500' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
        uniques: [{ name: 'uq_queue_filters_user_name', columnNames: ['user_id', 'name'] }],
      }),
    );
    await q.createForeignKey(
      'queue_filters',
      new TableForeignKey({
        columnNames: ['user_id'],
        referencedTableName: 'users',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('queue_filters');
  }
}
