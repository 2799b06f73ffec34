import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { InitialSchema1764230400000 } from '../../migrations/1764230400000-initial-schema';
import { QueueIndex1764316800000 } from '../../migrations/1764316800000-queue-index';
import { KeyedAudit1764450000000 } from '../../migrations/1764450000000-keyed-audit';
import { QueueYear1764612000000 } from '../../migrations/1764612000000-queue-year';
import { AuditChain } from '../audit/audit-chain.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Declaration } from '../declarations/declaration.entity';
import { Indicator } from '../declarations/indicator.entity';
import { EvaluationReport } from '../evaluation/evaluation-report.entity';
import { MonitoringReport } from '../monitoring/monitoring-report.entity';
import { Department } from '../org/department.entity';
import { User } from '../org/user.entity';
import { DeclarationTransition } from '../workflow/declaration-transition.entity';
import { DeclarationVersion } from '../workflow/declaration-version.entity';

export const ENTITIES = [
  Department,
  User,
  Declaration,
  Indicator,
  DeclarationTransition,
  DeclarationVersion,
  MonitoringReport,
  EvaluationReport,
  AuditEvent,
  AuditChain,
];

/** Listed, not globbed: the same list works from sources (Jest) and from dist/. */
export const MIGRATIONS = [
  InitialSchema1764230400000,
  QueueIndex1764316800000,
  KeyedAudit1764450000000,
  QueueYear1764612000000,
];

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. `synchronize` is never on. */
export function buildDataSourceOptions(
  cfg: Pick<AppConfig, 'databaseUrl' | 'databasePath' | 'databaseTimeoutMs' | 'databasePoolSize'>,
): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
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
