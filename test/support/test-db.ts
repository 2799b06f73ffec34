import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The e2e suites run on SQLite by default and on PostgreSQL with TEST_DB=postgres. */
export const onPostgres = process.env.TEST_DB === 'postgres';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  env: Record<string, string>;
  /** A raw connection for tests that must look under the service (triggers, tampering). */
  url: string | null;
  path: string | null;
  drop(): Promise<void>;
}

/** One database per test file, created and dropped, so suites never see each other. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (onPostgres) {
    const name = `pd_test_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    return {
      env: { DATABASE_URL: url },
      url,
      path: null,
      drop: async () => {
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'pd-test-'));
  const path = join(dir, 'app.sqlite');
  return {
    env: { DATABASE_PATH: path },
    url: null,
    path,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
