import type { DataSource } from 'typeorm';

/** Advisory lock keys (PostgreSQL): one per start-up step that two instances must not run at once. */
export const MIGRATION_LOCK = 7_420_260_001;
export const BOOTSTRAP_LOCK = 7_420_260_002;

/**
 * Runs the pending migrations. On PostgreSQL under a session advisory lock, so two instances
 * starting at once on one database do not both create the tables (the second failed with a
 * duplicate pg_type row and stopped); the second waits, then finds nothing pending. Waiting is
 * polled with pg_try_advisory_lock, since a blocking lock would run into statement_timeout.
 */
export async function runMigrationsOnce(ds: DataSource, waitMs = 120_000): Promise<void> {
  if (ds.options.type !== 'postgres') {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const until = Date.now() + waitMs;
    for (;;) {
      const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        MIGRATION_LOCK,
      ])) as Array<{
        locked: boolean;
      }>;
      if (row?.locked) break;
      if (Date.now() > until)
        throw new Error(`another instance has been migrating this database for over ${waitMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
