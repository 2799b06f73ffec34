// Queues filter by year (issue 13 item 5). The queue index (state, department subtree, entry
// time, id) gains the year as a column it carries, so a year-filtered queue page and its counts
// are still read from the index alone: at scale 0.3 of the bench the bureau's counts for one
// year took 5–9 ms through the year index and the heap, 0.6 ms this way. On PostgreSQL the year
// is an INCLUDE column; SQLite has none, and the year after the (unique) id orders nothing.
// Not the version: it changes with every save, and an index on it would make every save update
// every index of the row (no HOT update).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class QueueYear1764612000000 implements MigrationInterface {
  name = 'QueueYear1764612000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.query('DROP INDEX ix_declarations_queue');
    await q.query(
      postgres
        ? 'CREATE INDEX ix_declarations_queue ON declarations (state, department_path varchar_pattern_ops, state_entered_at, id) INCLUDE (year)'
        : 'CREATE INDEX ix_declarations_queue ON declarations (state, department_path, state_entered_at, id, year)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const pattern = q.connection.options.type === 'postgres' ? ' varchar_pattern_ops' : '';
    await q.query('DROP INDEX ix_declarations_queue');
    await q.query(
      `CREATE INDEX ix_declarations_queue ON declarations (state, department_path${pattern}, state_entered_at, id)`,
    );
  }
}
