// Rectification (整改, issue 18 item 5): the items an approved self-evaluation graded 中/差 or with
// missed indicators opens (and the bureau adds), closed by the department with evidence and
// accepted or reopened by the bureau; the evidence file beside them (base64 text: one shape on
// both engines). Dates are calendar days (YYYY-MM-DD, Beijing time).
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, ts } from './columns';

export class Rectification1765700000000 implements MigrationInterface {
  name = 'Rectification1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rectification_items',
        columns: [
          id(),
          int('declaration_id'),
          str('source', 20),
          int('indicator_id', true),
          text('problem'),
          text('required_action'),
          str('responsible', 200),
          str('due_on', 10),
          str('status', 20),
          text('evidence', true),
          str('attachment_name', 255, true),
          str('attachment_type', 100, true),
          int('attachment_size', true),
          str('attachment_sha256', 64, true),
          text('reopen_reason', true),
          int('reopen_count', false, 0),
          int('opened_by'),
          ts('opened_at'),
          int('closed_by', true),
          ts('closed_at', true),
          int('decided_by', true),
          ts('decided_at', true),
          int('version'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_rectification_declaration', columnNames: ['declaration_id', 'status'] }),
          new TableIndex({ name: 'ix_rectification_due', columnNames: ['status', 'due_on'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rectification_attachments',
        columns: [{ name: 'item_id', type: 'integer', isPrimary: true }, text('data')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rectification_attachments');
    await q.dropTable('rectification_items');
  }
}
