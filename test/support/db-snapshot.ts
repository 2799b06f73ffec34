import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * What "the database is unchanged" means in the suites of issue 7: for every table its row
 * count and a digest of all its rows, and the audit chain heads (`audit_chains`) in full.
 */
export interface DbSnapshot {
  counts: Record<string, number>;
  digests: Record<string, string>;
  chains: Array<Record<string, unknown>>;
}

export async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> =
    ds.options.type === 'postgres'
      ? await ds.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
      : await ds.query(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`,
        );
  return rows.map((r) => r.name);
}

export async function snapshot(ds: DataSource): Promise<DbSnapshot> {
  const counts: Record<string, number> = {};
  const digests: Record<string, string> = {};
  for (const name of await tableNames(ds)) {
    const rows: unknown[] = await ds.query(`SELECT * FROM "${name}" ORDER BY 1`);
    counts[name] = rows.length;
    digests[name] = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
  }
  const chains: Array<Record<string, unknown>> = await ds.query(
    'SELECT chain, head_seq AS "headSeq", head_hash AS "headHash" FROM audit_chains ORDER BY chain',
  );
  return { counts, digests, chains: chains.map((c) => ({ ...c, headSeq: Number(c.headSeq) })) };
}
