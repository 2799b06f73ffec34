import Database from 'better-sqlite3';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import {
  createAuditTriggers,
  createEvidenceTriggers,
  EVIDENCE_TABLES,
} from '../../migrations/audit-triggers';
import { auditHash, GENESIS_HASH, type HashedAuditFields } from '../../src/audit/audit-hash';
import type { TestDatabase } from './test-db';

type Row = Record<string, unknown>;

/**
 * Someone with SQL access to the service's database, on a connection of their own (the raw
 * url or file of the test database), who knows everything in the repository but no key: turns
 * the append-only triggers off, rewrites rows, recomputes unkeyed hashes.
 */
export class Intruder {
  private constructor(
    private readonly pgClient: pg.Client | null,
    private readonly sqlite: Database.Database | null,
  ) {}

  static async connect(db: TestDatabase): Promise<Intruder> {
    if (db.url) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return new Intruder(client, null);
    }
    const sqlite = new Database(db.path!, { fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    return new Intruder(null, sqlite);
  }

  /** SQL with `?` placeholders, in either engine. */
  async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    if (this.pgClient) {
      let n = 0;
      return (
        await this.pgClient.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as Row[];
    }
    const statement = this.sqlite!.prepare(sql);
    return statement.reader ? (statement.all(...params) as Row[]) : (statement.run(...params), []);
  }

  /** What an intruder does first: the append-only triggers off. */
  async triggersOff(): Promise<void> {
    if (this.pgClient) {
      for (const t of ['audit_events', ...EVIDENCE_TABLES])
        await this.pgClient.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
      return;
    }
    const triggers = this.sqlite!.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'trigger'`,
    ).all() as Array<{
      name: string;
    }>;
    for (const { name } of triggers) this.sqlite!.exec(`DROP TRIGGER ${name}`);
  }

  /** And what the test does after: the triggers back, as the migrations made them. */
  async triggersOn(): Promise<void> {
    if (this.pgClient) {
      for (const t of ['audit_events', ...EVIDENCE_TABLES])
        await this.pgClient.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
      return;
    }
    const runner = {
      connection: { options: { type: 'better-sqlite3' } },
      query: async (sql: string) => this.sqlite!.exec(sql),
    } as unknown as QueryRunner;
    await createAuditTriggers(runner);
    await createEvidenceTriggers(runner);
  }

  async events(chain: string): Promise<Row[]> {
    return this.query('SELECT * FROM audit_events WHERE chain = ? ORDER BY seq', [chain]);
  }

  /**
   * Rewrites a chain from the event with `seq` on: `change` alters that event's row, then every
   * hash from there is recomputed with the unkeyed SHA-256 (`auditHash`, the only hash an
   * intruder can compute), each prev_hash relinked and the chain head moved. With `downgrade`
   * the rewritten events also claim to be unkeyed (hash version 1). Returns the rows as they
   * were, to put back.
   */
  async rewriteChain(
    chain: string,
    seq: number,
    change: (row: Row) => void,
    opts: { downgrade?: boolean } = {},
  ): Promise<Row[]> {
    const rows = await this.events(chain);
    const original = rows.map((r) => ({ ...r }));
    let prev = seq > 1 ? String(rows[seq - 2].hash) : GENESIS_HASH;
    for (const row of rows.slice(seq - 1)) {
      if (Number(row.seq) === seq) change(row);
      row.prev_hash = prev;
      if (opts.downgrade) Object.assign(row, { hash_version: 1, hash_alg: 'sha256', key_id: null });
      row.hash = auditHash(fieldsOf(row));
      prev = String(row.hash);
      await this.putRow(row);
    }
    const last = rows[rows.length - 1];
    await this.query('UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?', [
      Number(last.seq),
      last.hash,
      chain,
    ]);
    return original;
  }

  /** Writes a row of audit_events back over the stored one (same id), every column. */
  async putRow(row: Row): Promise<void> {
    const cols = Object.keys(row).filter((c) => c !== 'id');
    await this.query(`UPDATE audit_events SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [
      ...cols.map((c) => row[c]),
      row.id,
    ]);
  }

  /** Puts rows returned by rewriteChain back, and the head as it was. */
  async restoreChain(chain: string, original: Row[]): Promise<void> {
    for (const row of original) await this.putRow(row);
    const last = original[original.length - 1];
    await this.query('UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?', [
      Number(last.seq),
      last.hash,
      chain,
    ]);
  }

  async close(): Promise<void> {
    await this.pgClient?.end();
    this.sqlite?.close();
  }
}

/** An audit_events row as the hash reads it. */
export function fieldsOf(r: Row): HashedAuditFields {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const opt = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    chain: String(r.chain),
    seq: Number(r.seq),
    prevHash: String(r.prev_hash),
    at: String(r.at),
    actorId: num(r.actor_id),
    actorUsername: opt(r.actor_username),
    actorRoles: String(r.actor_roles ?? ''),
    action: String(r.action),
    outcome: String(r.outcome),
    entityType: String(r.entity_type),
    entityId: opt(r.entity_id),
    declarationId: num(r.declaration_id),
    indicatorId: num(r.indicator_id),
    state: opt(r.state),
    changes: String(r.changes),
    comment: opt(r.comment),
    requestId: opt(r.request_id),
    ip: opt(r.ip),
  };
}
