import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
/** What the composition root (src/data-source.ts) gives the data source: it knows the modules. */
export interface Schema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. `synchronize` is never on. */
export function dataSourceOptions(
  cfg: Pick<AppConfig, 'databaseUrl' | 'databasePath' | 'databaseTimeoutMs' | 'databasePoolSize'>,
  schema: Schema,
): DataSourceOptions {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations,
    synchronize: false,
    migrationsTransactionMode: 'each' as const,
    logging: false,
  };
  if (cfg.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: cfg.databaseUrl,
      extra: {
        max: cfg.databasePoolSize,
        // Fail fast when the database is away: 503 instead of a hanging request.
        connectionTimeoutMillis: cfg.databaseTimeoutMs,
        query_timeout: cfg.databaseTimeoutMs,
        statement_timeout: cfg.databaseTimeoutMs,
        idle_in_transaction_session_timeout: cfg.databaseTimeoutMs * 2,
      },
    };
  }
  if (cfg.databasePath !== ':memory:') mkdirSync(dirname(cfg.databasePath), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: cfg.databasePath,
    // WAL: readers in other processes are not blocked by a writer; FULL sync: a committed
    // transition survives a SIGKILL or power loss.
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
