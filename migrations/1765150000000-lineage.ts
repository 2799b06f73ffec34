// Next year's declaration from this year's (issue 16 item 3): a declaration names the one it was
// copied from, and each copied indicator the indicator it came from, so findings can compare a
// target with the same indicator's history and later years can follow a project back. At most one
// successor per declaration: the unique index backs the service's check when two requests race
// (both engines allow many NULLs in a unique index).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Lineage1765150000000 implements MigrationInterface {
  name = 'Lineage1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE declarations ADD COLUMN previous_declaration_id integer NULL');
    await q.query('CREATE UNIQUE INDEX ux_declarations_previous ON declarations (previous_declaration_id)');
    await q.query('ALTER TABLE indicators ADD COLUMN source_indicator_id integer NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ux_declarations_previous');
    await q.query('ALTER TABLE declarations DROP COLUMN previous_declaration_id');
    await q.query('ALTER TABLE indicators DROP COLUMN source_indicator_id');
  }
}
