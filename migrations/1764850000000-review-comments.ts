// Review comments anchored to the form (issue 16 item 1): threads, their entries, and what each
// RETURN sent back (the content as returned, the threads it carried). Plain tables on both
// engines; timestamps are ISO-8601 strings as everywhere.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, str, int, text, ts } from './columns';

export class ReviewComments1764850000000 implements MigrationInterface {
  name = 'ReviewComments1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'comment_threads',
        columns: [
          id(),
          int('declaration_id'),
          str('kind', 20),
          str('anchor', 40),
          int('indicator_id', true),
          str('anchor_name', 500, true),
          str('status', 10),
          str('opened_state', 40),
          int('created_by'),
          ts('created_at'),
          int('resolved_by', true),
          ts('resolved_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ix_comment_threads_declaration', columnNames: ['declaration_id', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'comment_entries',
        columns: [
          id(),
          int('thread_id'),
          int('declaration_id'),
          str('kind', 10),
          text('body', true),
          int('author_id'),
          str('author_role', 20),
          str('state', 40),
          ts('at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_comment_entries_declaration', columnNames: ['declaration_id', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'comment_returns',
        columns: [
          id(),
          int('declaration_id'),
          ts('returned_at'),
          int('returned_by'),
          str('from_state', 40),
          text('content'),
          text('thread_ids'),
        ],
        indices: [
          new TableIndex({ name: 'ix_comment_returns_declaration', columnNames: ['declaration_id', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['comment_returns', 'comment_entries', 'comment_threads']) await q.dropTable(t);
  }
}
