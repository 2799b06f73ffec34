// The indicator library ships seeded (issue 18 item 1): the 126 indicators of the 2026 summary
// table of 上海市大数据中心 grouped into 118 entries (same 一级/二级 path, name and unit = one
// entry), valid from 2026, with their explanations (指标解释, 计算公式, 数据来源, 评(扣)分标准) left
// blank for the bureau to fill through 修改 proposals. A migration, not the demo: every database,
// a fresh production one included, has the library from its first start, once, whatever runs it.
// The data is frozen beside it (library-seed.data.ts; src/library/library-seed.spec.ts checks it
// against the fixture). Seeded rows have no audit events: the migration is their record; every
// change after it goes through a proposal and is audited.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LIBRARY_SEED } from './library-seed.data';

export class LibrarySeed1765300000001 implements MigrationInterface {
  name = 'LibrarySeed1765300000001';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const at = new Date().toISOString();
    const rows = LIBRARY_SEED.map((e) => [e.code, e.level1, e.level2, e.name, e.direction, e.unit]);
    // In chunks: SQLite allows 999 parameters per statement.
    for (let i = 0; i < rows.length; i += 50) {
      const chunk = rows.slice(i, i + 50);
      const values: unknown[] = [];
      const tuples = chunk.map((r) => {
        const ph = r.map((v) => {
          values.push(v);
          return postgres ? `$${values.length}` : '?';
        });
        return `(${ph.join(', ')}, 2026, 'active', 1, '${at}', '${at}')`;
      });
      await q.query(
        `INSERT INTO library_entries (code, level1, level2, name, direction, unit, valid_from, status, version, created_at, updated_at)
         VALUES ${tuples.join(', ')}`,
        values,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const codes = LIBRARY_SEED.map((e) => e.code);
    const postgres = q.connection.options.type === 'postgres';
    const ph = codes.map((_, n) => (postgres ? `$${n + 1}` : '?')).join(', ');
    await q.query(`DELETE FROM library_entries WHERE code IN (${ph}) AND version = 1`, codes);
  }
}
