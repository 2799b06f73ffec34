// The indicator library (指标库, issue 18 item 1): entries (code, 一级/二级/三级, 指标解释, 计算公式,
// 数据来源, 评(扣)分标准, direction, unit, 支出功能分类, valid years), never deleted (出库 marks them
// retired); the proposals that add, change or retire an entry through the bureau's two approvals;
// and an indicator's link to the entry it was picked from.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, ts } from './columns';

export class IndicatorLibrary1765300000000 implements MigrationInterface {
  name = 'IndicatorLibrary1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'library_entries',
        columns: [
          id(),
          str('code', 20),
          str('level1', 20),
          str('level2', 30),
          str('name', 500),
          text('definition', true),
          text('formula', true),
          str('data_source', 500, true),
          text('scoring_standard', true),
          str('direction', 12),
          str('unit', 50, true),
          str('sector', 100, true),
          int('valid_from'),
          int('valid_to', true),
          str('status', 10),
          int('version', false, 1),
          ts('created_at'),
          ts('updated_at'),
          ts('retired_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ux_library_entries_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'ix_library_entries_levels', columnNames: ['level1', 'level2'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'library_proposals',
        columns: [
          id(),
          str('kind', 10),
          int('entry_id', true),
          // The entry's fields as proposed (JSON): all of them for 入库, the changed ones for 修改.
          text('fields'),
          str('reason', 2000, true),
          str('state', 20),
          int('proposed_by'),
          ts('proposed_at'),
          int('first_approved_by', true),
          ts('first_approved_at', true),
          int('decided_by', true),
          ts('decided_at', true),
          str('return_comment', 2000, true),
          int('version', false, 1),
        ],
        indices: [new TableIndex({ name: 'ix_library_proposals_state', columnNames: ['state', 'id'] })],
      }),
    );
    await q.query('ALTER TABLE indicators ADD COLUMN library_entry_id integer NULL');
    await q.query('CREATE INDEX ix_indicators_library_entry ON indicators (library_entry_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_indicators_library_entry');
    await q.query('ALTER TABLE indicators DROP COLUMN library_entry_id');
    await q.dropTable('library_proposals');
    await q.dropTable('library_entries');
  }
}
