// The 数据局's scored review of the targets (issue 18 item 2, 财预〔2015〕88号): recorded on the
// APPROVE or RETURN transition row that decides the bureau review of a declaration or an
// adjustment (and in its audit event, which verify compares with the row), and kept with the
// approved version it approves. Both columns are added in place (no table rebuild), so the
// transition table's append-only triggers stay as they are on SQLite.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ScoredReview1765400000000 implements MigrationInterface {
  name = 'ScoredReview1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE declaration_transitions ADD COLUMN scored_review text NULL');
    await q.query('ALTER TABLE declaration_versions ADD COLUMN scored_review text NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE declaration_versions DROP COLUMN scored_review');
    await q.query('ALTER TABLE declaration_transitions DROP COLUMN scored_review');
  }
}
