// The pre-assessment gate (issue 18 item 4, 事前绩效评估): one record per declaration (five
// opinions, a conclusion, the current attachment), the uploaded files (bytes in the database,
// bytea / blob, never replaced in place), and the record as each approval kept it.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, ts } from './columns';

export class PreAssessments1765600000000 implements MigrationInterface {
  name = 'PreAssessments1765600000000';

  async up(q: QueryRunner): Promise<void> {
    const binary = q.connection.driver.options.type === 'postgres' ? 'bytea' : 'blob';
    await q.createTable(
      new Table({
        name: 'pre_assessments',
        columns: [
          id(),
          int('declaration_id'),
          text('necessity'),
          text('economy'),
          text('goals'),
          text('feasibility'),
          text('financing'),
          str('conclusion', 10),
          int('attachment_id', true),
          int('recorded_by'),
          ts('recorded_at'),
          int('updated_by'),
          ts('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_pre_assessments_declaration',
            columnNames: ['declaration_id'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pre_assessment_attachments',
        columns: [
          id(),
          int('declaration_id'),
          str('filename', 255),
          str('content_type', 100),
          int('size'),
          str('sha256', 64),
          { name: 'data', type: binary },
          int('uploaded_by'),
          ts('uploaded_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_pre_assessment_attachments_declaration',
            columnNames: ['declaration_id'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pre_assessment_versions',
        columns: [id(), int('declaration_id'), int('version_no'), text('content')],
        indices: [
          new TableIndex({
            name: 'ux_pre_assessment_versions',
            columnNames: ['declaration_id', 'version_no'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('pre_assessment_versions');
    await q.dropTable('pre_assessment_attachments');
    await q.dropTable('pre_assessments');
  }
}
