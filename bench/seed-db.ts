// The seed's database plumbing: the database created (or recreated) with the service's own
// migrations, and bulk inserts of `INSERT ... SELECT * FROM unnest(...)` batches, two in flight.
import { Client, type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/data-source';

export const BATCH = 4000;

export class BulkWriter {
  private cols: unknown[][];
  private n = 0;
  private inflight: Promise<void>[] = [];
  private failure: unknown = null;
  rows = 0;
  /** Time spent in the database (ms, summed over batches in flight). */
  dbMs = 0;

  constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly spec: ReadonlyArray<readonly [string, string]>,
    private readonly batch = BATCH,
  ) {
    this.cols = spec.map(() => []);
  }

  /** Adds a row; returns a promise to await only when the writer needs to drain. */
  add(row: unknown[]): Promise<void> | undefined {
    for (let i = 0; i < row.length; i++) this.cols[i].push(row[i]);
    this.n++;
    return this.n >= this.batch ? this.flush(2) : undefined;
  }

  private async flush(maxInflight: number): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.n > 0) {
      const cols = this.cols;
      const count = this.n;
      this.cols = this.spec.map(() => []);
      this.n = 0;
      const sql = `INSERT INTO ${this.table} (${this.spec.map(([c]) => c).join(', ')}) SELECT * FROM unnest(${this.spec
        .map(([, t], i) => `$${i + 1}::${t}[]`)
        .join(', ')})`;
      const t0 = Date.now();
      const p = this.pool.query(sql, cols).then(
        () => {
          this.rows += count;
          this.dbMs += Date.now() - t0;
        },
        (e: unknown) => {
          this.failure ??= e;
        },
      );
      this.inflight.push(p);
    }
    while (this.inflight.length >= maxInflight) await this.inflight.shift();
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush(1);
    await Promise.all(this.inflight);
    if (this.failure) throw this.failure;
  }
}

export async function prepareDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name ${name}: letters, digits and _ only`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (exists && name.includes('bench')) {
      console.log(`dropping and creating database ${name}`);
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    } else if (exists) {
      const d = new Client({ connectionString: url });
      await d.connect();
      const tables = await d.query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'declarations'",
      );
      const rows = tables.rowCount
        ? (await d.query('SELECT count(*)::int AS n FROM declarations')).rows[0].n
        : 0;
      await d.end();
      if (rows > 0)
        throw new Error(
          `database ${name} already has ${rows} declarations; seed a database whose name contains "bench" (it is recreated) or an empty one`,
        );
    } else {
      console.log(`creating database ${name}`);
      await c.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await c.end();
  }
  const ds = new DataSource(
    buildDataSourceOptions({
      databaseUrl: url,
      databasePath: '',
      databaseTimeoutMs: 600_000,
      databasePoolSize: 2,
    }),
  );
  await ds.initialize();
  const ran = await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  console.log(`migrations: ${ran.length ? ran.map((m) => m.name).join(', ') : 'none pending'}`);
}
