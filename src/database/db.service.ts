import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';

export type Tx = EntityManager;

/**
 * The one way to reach the database. `write` runs a transaction; `read` runs queries.
 * better-sqlite3 is a single connection: two overlapping TypeORM transactions on it corrupt
 * each other (a rolled-back insert was seen committed) and a read between the awaits of a
 * transaction sees its uncommitted rows. So on SQLite every unit of work is serialized
 * in-process. PostgreSQL runs them concurrently; row locks (`forUpdate`) order writers to the
 * same declaration, and nothing takes a global lock.
 */
@Injectable()
export class Db implements OnApplicationShutdown {
  readonly isPostgres: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(DataSource) readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.dataSource.transaction(work);
    return this.serialized(() => this.dataSource.transaction(work));
  }

  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return work(this.dataSource.manager);
    return this.serialized(() => work(this.dataSource.manager));
  }

  /** SELECT ... FOR UPDATE on PostgreSQL; SQLite is already serialized. */
  forUpdate<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): SelectQueryBuilder<E> {
    return this.isPostgres ? qb.setLock('pessimistic_write') : qb;
  }

  /** A plain INSERT of column → value, for rows whose generated id must be kept as given. */
  async insertRow(tx: Tx, table: string, row: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(row);
    const marks = cols.map((_, i) => (this.isPostgres ? `$${i + 1}` : '?'));
    await tx.query(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${marks.join(', ')})`,
      Object.values(row),
    );
  }

  async ping(): Promise<boolean> {
    try {
      await this.read((em) => em.query('SELECT 1'));
      return true;
    } catch {
      return false;
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
