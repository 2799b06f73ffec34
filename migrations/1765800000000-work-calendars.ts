// Working days (issue 18 item 6): the years' calendars an admin loaded, shared by every
// instance. A year without a row counts its shipped file (config/holidays/<year>.json).
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, int, str, text, ts } from './columns';

export class WorkCalendars1765800000000 implements MigrationInterface {
  name = 'WorkCalendars1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'work_calendars',
        columns: [
          { ...int('year'), isPrimary: true },
          bool('provisional'),
          str('source', 300),
          str('source_url', 500, true),
          text('days'),
          ts('updated_at'),
          int('updated_by'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('work_calendars');
  }
}
