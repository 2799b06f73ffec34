import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { escapeLiteral } from 'pg';
import {
  DataSource,
  type EntityManager,
  type SelectQueryBuilder,
  type ObjectLiteral,
  type QueryResult,
  type EntityTarget,
} from 'typeorm';

export type Tx = EntityManager;

/** One SQL statement, written with its parameters into a list (`Db.writeAll`). */
export type Statement = (p: SqlParams) => string;

/** Values written into hand-written SQL: `add(value)` returns what stands for it in the text. */
export interface SqlValues {
  add(value: unknown): string;
}

/** Positional parameters: `add(value)` returns its placeholder, in the order of the SQL text. */
export class SqlParams implements SqlValues {
  readonly values: unknown[] = [];
  constructor(private readonly postgres: boolean) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }
}

/**
 * Values as PostgreSQL literals, for the statements that take no parameters (COPY): safe
 * integers as digits, text through pg's `escapeLiteral`.
 */
export function sqlLiterals(): SqlValues {
  return {
    add(value) {
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string') return escapeLiteral(value);
      throw new Error(`no literal for ${typeof value}`);
    },
  };
}

/** The unit of work open in the current async context, while its work runs. */
interface UnitOfWork {
  em: EntityManager;
  /** A `write`'s transaction; else a `read`. */
  writes: boolean;
  open: boolean;
}

/**
 * The one way to reach the database. `write` runs a transaction; `read` runs queries.
 *
 * The transaction travels with the async context (AsyncLocalStorage): a `write` or `read`
 * started while a `write`'s work runs joins that transaction instead of opening another, so a
 * service called inside a unit of work is part of it without being handed its manager, and
 * its changes commit or roll back with the caller's. The outermost `write` commits.
 *
 * better-sqlite3 is a single connection: two overlapping TypeORM transactions on it corrupt
 * each other (a rolled-back insert was seen committed) and a read between the awaits of a
 * transaction sees its uncommitted rows. So on SQLite every unit of work is serialized
 * in-process; a `read` or `write` inside a `write`, or a `read` inside a `read`, joins it
 * rather than wait in that queue behind it (which waited for ever); a `write` inside a `read`
 * is a programming error, refused. PostgreSQL runs them concurrently; row locks
 * (`forUpdate`) order writers to the same declaration, and nothing takes a global lock.
 */
@Injectable()
export class Db implements OnApplicationShutdown {
  readonly isPostgres: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unit = new AsyncLocalStorage<UnitOfWork>();

  constructor(@Inject(DataSource) readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const joined = this.current();
    if (joined?.writes) return work(joined.em);
    // On SQLite it would wait for ever behind the read it is part of; refused on both
    // databases, so the mistake shows in every test run.
    if (joined) return Promise.reject(new Error('Db.write inside Db.read: open the write first'));
    const transaction = () => this.dataSource.transaction((tx) => this.within(tx, true, work));
    if (this.isPostgres) return transaction();
    return this.serialized(transaction);
  }

  /** Queries; inside a `write` or `read`, in that one (inside a write they see its uncommitted rows). */
  read<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.current();
    if (joined) return work(joined.em);
    const run = () => this.within(this.dataSource.manager, false, work);
    if (this.isPostgres) return run();
    return this.serialized(run);
  }

  /** Whether a `write` or `read` is open in this async context (work started now joins it). */
  get inUnitOfWork(): boolean {
    return this.current() !== null;
  }

  private current(): UnitOfWork | null {
    const unit = this.unit.getStore();
    return unit?.open ? unit : null;
  }

  private async within<T>(em: EntityManager, writes: boolean, work: (em: EntityManager) => Promise<T>) {
    const unit: UnitOfWork = { em, writes, open: true };
    try {
      return await this.unit.run(unit, () => work(em));
    } finally {
      // Work that outlives its unit (not awaited) must not join a finished one.
      unit.open = false;
    }
  }

  /** SELECT ... FOR UPDATE on PostgreSQL; SQLite is already serialized. */
  forUpdate<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): SelectQueryBuilder<E> {
    return this.isPostgres ? qb.setLock('pessimistic_write') : qb;
  }

  /** The same for hand-written SQL: the clause to end the SELECT with. */
  get forUpdateSql(): string {
    return this.isPostgres ? ' FOR UPDATE' : '';
  }

  /** An entity from a raw row that has the table's columns by name (`SELECT d.*`). */
  hydrate<E extends ObjectLiteral>(entity: EntityTarget<E>, row: Record<string, unknown>): E {
    const meta = this.dataSource.getMetadata(entity);
    const driver = this.dataSource.driver;
    const e = meta.create() as Record<string, unknown>;
    for (const column of meta.columns)
      e[column.propertyName] = driver.prepareHydratedValue(row[column.databaseName], column);
    return e as E;
  }

  /** Positional parameters for hand-written SQL in this database's dialect. */
  parameters(): SqlParams {
    return new SqlParams(this.isPostgres);
  }

  /**
   * INSERT of an entity's properties, columns and values as TypeORM maps them. Written here
   * rather than by TypeORM's query builder, whose SQL generation was 14 % of a transition's
   * CPU; an id given is kept (a restored row keeps its audit history).
   */
  insertStatement<E extends ObjectLiteral>(entity: EntityTarget<E>, values: Partial<E>): Statement {
    const table = this.table(entity);
    const { columns, params } = this.columnValues(entity, values);
    return (p) =>
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${params.map((v) => p.add(v)).join(', ')})`;
  }

  /**
   * One multi-row INSERT of entities that set the same properties (the columns are the first
   * row's): one statement for a batch instead of one per row.
   */
  insertManyStatement<E extends ObjectLiteral>(entity: EntityTarget<E>, rows: Partial<E>[]): Statement {
    const table = this.table(entity);
    const mapped = rows.map((r) => this.columnValues(entity, r));
    const columns = mapped[0].columns;
    if (mapped.some((m) => m.columns.join() !== columns.join()))
      throw new Error('insertManyStatement: every row must set the same properties');
    return (p) =>
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${mapped
        .map((m) => `(${m.params.map((v) => p.add(v)).join(', ')})`)
        .join(', ')}`;
  }

  /** UPDATE … SET the given properties WHERE the given properties are equal. */
  updateStatement<E extends ObjectLiteral>(
    entity: EntityTarget<E>,
    set: Partial<E>,
    where: Partial<E>,
  ): Statement {
    const table = this.table(entity);
    const s = this.columnValues(entity, set);
    const w = this.columnValues(entity, where);
    return (p) =>
      `UPDATE ${table} SET ${s.columns.map((c, i) => `${c} = ${p.add(s.params[i])}`).join(', ')} WHERE ${w.columns.map((c, i) => `${c} = ${p.add(w.params[i])}`).join(' AND ')}`;
  }

  private table(entity: EntityTarget<ObjectLiteral>): string {
    return this.dataSource.driver.escape(this.dataSource.getMetadata(entity).tableName);
  }

  /** The database's column names and values of an entity's properties, as TypeORM maps them. */
  private columnValues(entity: EntityTarget<ObjectLiteral>, values: ObjectLiteral) {
    const meta = this.dataSource.getMetadata(entity);
    const driver = this.dataSource.driver;
    const columns: string[] = [];
    const params: unknown[] = [];
    for (const [property, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const column = meta.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${meta.name} has no column ${property}`);
      columns.push(driver.escape(column.databaseName));
      params.push(driver.preparePersistentValue(value, column));
    }
    return { columns, params };
  }

  /**
   * Writes sent together; returns the rows of the last one's RETURNING, if it has one. On
   * PostgreSQL they travel as one statement, all but the last as data-modifying CTEs: one round
   * trip instead of one each, which is most of what a transition costs. PostgreSQL runs the
   * parts of one statement in no set order and each sees the rows as they were before it, so
   * the statements must not touch the same rows or read each other's writes. SQLite runs them
   * in turn (in process: there is no round trip to save).
   */
  async writeAll(tx: Tx, statements: Statement[]): Promise<Record<string, unknown>[]> {
    const run = async (sql: string, params: unknown[]) =>
      ((await tx.queryRunner!.query(sql, params, true)) as QueryResult).records as Array<
        Record<string, unknown>
      >;
    if (!this.isPostgres || statements.length === 1) {
      let rows: Array<Record<string, unknown>> = [];
      for (const statement of statements) {
        const p = this.parameters();
        rows = await run(statement(p), p.values);
      }
      return rows;
    }
    const p = this.parameters();
    const parts = statements.map((statement) => statement(p));
    const last = parts.pop()!;
    return run(`WITH ${parts.map((part, i) => `w${i} AS (${part})`).join(', ')} ${last}`, p.values);
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
