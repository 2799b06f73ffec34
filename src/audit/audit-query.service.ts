import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { applyDeclarationScope, declarationScope, declarationScopeSql } from '../auth/scope';
import { CommonErrors } from '../common/common.messages';
import { renderProblem, type Problem } from '../common/errors';
import { fromLabel, valueLabels, type Lang } from '../common/i18n';
import { decodeCursor, encodeCursor, parseId, parseLimit, type Page } from '../common/pagination';
import type { AuthUser, RequestContext } from '../common/request-context';
import { isIsoDate } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, SqlParams, sqlLiterals, type SqlValues, type Tx } from '../database/db.service';
import { Declaration } from '../declarations/declaration.entity';
import { AUDIT_ACTIONS, type AuditAction, type FieldChange } from './audit-actions';
import { loadCheckpoints, type SqlRun } from './audit-checkpoints';
import { runOf } from './audit-checkpoints.service';
import { eventHashProblem, GENESIS_HASH, type HashedAuditFields } from './audit-hash';
import { AuditKeyring } from './audit-keys';
import { AuditErrors, CSV_LANGS } from './audit.messages';
import { AuditService } from './audit.service';
import {
  actionLabel,
  beijingStamp,
  changesText,
  commentLabel,
  entityLabel,
  outcomeLabel,
  rolesLabel,
  rolesTextZh,
  sqlBeijingStamp,
  sqlCommentText,
  sqlEntityText,
  sqlRolesText,
  sqlWords,
  stateLabelOf,
} from './audit-text';
import {
  toTransitionRow,
  TRANSITION_ACTION,
  TRANSITION_COLUMNS,
  transitionMismatch,
  type TransitionRow,
} from './transition-evidence';

/** The filters of `GET /api/audit/events` and `.csv` (docs/spec/api.md). */
export interface AuditFilter {
  declarationId?: number;
  indicatorId?: number;
  actorId?: number;
  action?: AuditAction;
  /** Inclusive lower bound on `at` (ISO UTC). */
  from?: string;
  /** Upper bound on `at`: exclusive for a date (the whole day counts), inclusive for a timestamp. */
  to?: { at: string; inclusive: boolean };
}

/** An event with its codes as stored and, for people, their words in the reader's language. */
export interface AuditEventView {
  id: number;
  at: string;
  actor: { id: number | null; username: string | null };
  role: string;
  roleLabel: string;
  action: string;
  actionLabel: string;
  outcome: string;
  outcomeLabel: string;
  entityType: string;
  entityId: string | null;
  declarationId: number | null;
  indicatorId: number | null;
  state: string | null;
  stateLabel: string | null;
  changes: FieldChange[];
  /** `changes` in one line (`指标值：≥95.00(%) → ≥98.00(%)；名称：A → B`); null when nothing changed. */
  changesText: string | null;
  comment: string | null;
  /** The comment, put in words when it is one of the service's fixed texts (a sign-in event's). */
  commentLabel: string | null;
  requestId: string | null;
  ip: string | null;
}

export interface IndicatorHistoryEntry {
  id: number;
  at: string;
  actor: { id: number | null; username: string | null };
  role: string;
  roleLabel: string;
  action: string;
  actionLabel: string;
  state: string | null;
  stateLabel: string | null;
  changes: FieldChange[];
  changesText: string | null;
  reason: string | null;
}

export interface BrokenAt {
  /** The event that fails a check; null when the missing event itself is gone (deleted). */
  id: number | null;
  /** The event's chain; `checkpoints` when a signed checkpoint itself fails (seq is then its id). */
  chain: string;
  seq: number;
  /** What failed, stable (audit.messages.ts VerifyMessages); `reason` says it in words. */
  code: string;
  reason: string;
  /** The checkpoint that fails, or whose recorded head the event no longer matches. */
  checkpointId?: number;
  /** The declaration_transitions row that does not match its audit event. */
  transitionId?: number;
}

/** `checked` events; `checkpoints` signed checkpoints checked; `transitions` rows matched to their events. */
interface VerifyCounts {
  checked: number;
  checkpoints: number;
  transitions: number;
}
export type VerifyResult = ({ ok: true } & VerifyCounts) | ({ ok: false; brokenAt: BrokenAt } & VerifyCounts);

/** What the chain walk finds: the problem as a code and parameters, put in words for the answer. */
type VerifyOutcome =
  | ({ ok: true } & VerifyCounts)
  | ({ ok: false; brokenAt: Omit<BrokenAt, 'code' | 'reason'> & { problem: Problem } } & VerifyCounts);

function inWords(outcome: VerifyOutcome, lang: Lang): VerifyResult {
  if (outcome.ok) return outcome;
  const { problem, ...at } = outcome.brokenAt;
  const { id, chain, seq, ...rest } = at;
  return {
    ...outcome,
    brokenAt: { id, chain, seq, code: problem.code, reason: renderProblem(problem, lang), ...rest },
  };
}

const FILTER_PARAMS = ['declarationId', 'indicatorId', 'actorId', 'action', 'from', 'to'] as const;
const PAGE_PARAMS = ['limit', 'cursor'] as const;

const EVENT_COLUMNS = `e.id AS "id", e.at AS "at", e.actor_id AS "actorId", e.actor_username AS "actorUsername",
  e.actor_roles AS "actorRoles", e.action AS "action", e.outcome AS "outcome", e.entity_type AS "entityType",
  e.entity_id AS "entityId", e.declaration_id AS "declarationId", e.indicator_id AS "indicatorId",
  e.state AS "state", e.changes AS "changes", e.comment AS "comment", e.request_id AS "requestId", e.ip AS "ip"`;

/** What verify reads of each event: identity, linkage, and every hashed field. */
const HASHED_COLUMNS = [
  'id',
  'chain',
  'seq',
  'prev_hash',
  'hash',
  'at',
  'actor_id',
  'actor_username',
  'actor_roles',
  'action',
  'outcome',
  'entity_type',
  'entity_id',
  'declaration_id',
  'indicator_id',
  'state',
  'changes',
  'comment',
  'request_id',
  'ip',
  'hash_version',
  'hash_alg',
  'key_id',
] as const;
/** Positions in a verify row (HASHED_COLUMNS) of what the chain checks read. */
const C = {
  id: 0,
  chain: 1,
  seq: 2,
  prevHash: 3,
  hash: 4,
  action: 9,
  hashVersion: 20,
  hashAlg: 21,
  keyId: 22,
} as const;

/** The hashed content of a verify row (the canonical form itself is audit-hash.ts's). */
function hashedFields(r: unknown[]): HashedAuditFields {
  const n = (v: unknown) => (v === null ? null : Number(v));
  const str = (v: unknown) => v as string;
  const opt = (v: unknown) => v as string | null;
  return {
    chain: str(r[1]),
    seq: Number(r[2]),
    prevHash: str(r[3]),
    at: str(r[5]),
    actorId: n(r[6]),
    actorUsername: opt(r[7]),
    actorRoles: str(r[8]),
    action: str(r[9]),
    outcome: str(r[10]),
    entityType: str(r[11]),
    entityId: opt(r[12]),
    declarationId: n(r[13]),
    indicatorId: n(r[14]),
    state: opt(r[15]),
    changes: str(r[16]),
    comment: opt(r[17]),
    requestId: opt(r[18]),
    ip: opt(r[19]),
  };
}

/** The declaration of a `d:<id>` chain, or null for the system chain. */
function declarationOf(chain: string): number | null {
  if (!chain.startsWith('d:')) return null;
  const id = Number(chain.slice(2));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function transitionEvent(r: unknown[]) {
  const n = (v: unknown) => (v === null ? null : Number(v));
  return {
    at: r[5] as string,
    actorId: n(r[6]),
    actorUsername: r[7] as string | null,
    changes: r[16] as string,
    comment: r[17] as string | null,
  };
}

/**
 * The transition rows of the declarations a verify pass meets, loaded a batch of chains at a
 * time and handed out in id order; a chain's rows are dropped when the chain is closed.
 */
class TransitionQueue {
  private readonly rows = new Map<number, { list: TransitionRow[]; next: number }>();

  constructor(
    private readonly run: SqlRun,
    private readonly postgres: boolean,
  ) {}

  async load(ids: Array<number | null>): Promise<void> {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null && !this.rows.has(id)))];
    for (const id of wanted) this.rows.set(id, { list: [], next: 0 });
    for (let i = 0; i < wanted.length; i += 5000) {
      const part = wanted.slice(i, i + 5000);
      const p = new SqlParams(this.postgres);
      const where = this.postgres
        ? `declaration_id = ANY(${p.add(part)}::int[])`
        : `declaration_id IN (${part.map((id) => p.add(id)).join(', ')})`;
      const rows = await this.run(
        `SELECT ${TRANSITION_COLUMNS} FROM declaration_transitions WHERE ${where} ORDER BY declaration_id, id`,
        p.values,
      );
      for (const r of rows) this.rows.get(Number(r.declarationId))!.list.push(toTransitionRow(r));
    }
  }

  next(declarationId: number): TransitionRow | undefined {
    const entry = this.rows.get(declarationId);
    return entry ? entry.list[entry.next++] : undefined;
  }

  /** The rows no event claimed, and forgets the declaration. */
  rest(declarationId: number): TransitionRow[] {
    const entry = this.rows.get(declarationId);
    this.rows.delete(declarationId);
    return entry ? entry.list.slice(entry.next) : [];
  }
}

/** The rows of a CSV export, and how to let go of what produces them. */
interface CsvBody {
  chunks: AsyncIterable<string | Buffer>;
  close(): Promise<void>;
}

/** An event as the list and the CSV read it: the hashed content without the chain linkage. */
type EventRow = { id: number } & Omit<HashedAuditFields, 'chain' | 'seq' | 'prevHash'>;

/**
 * The auditor's read side of the audit store: the event list and its CSV export (keyset
 * pages, newest first), the chain verification, and one indicator's history. Reads of the
 * audit log are themselves audited (等保 level 3: the auditors' own actions are recorded),
 * on the system chain.
 */
@Injectable()
export class AuditQueryService {
  /** Rows per query of the SQLite CSV export: memory stays at one batch whatever the size (PostgreSQL streams COPY). */
  static csvBatch = 5000;
  /** Rows per query of verify: few round trips, one batch of rows in memory. (Tests lower both.) */
  static verifyBatch = 10_000;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditKeyring) private readonly keys: AuditKeyring,
  ) {}

  /**
   * Newest first, keyset on `id`. The first page records `audit.viewed` and then reads the
   * events older than that record; the cursor carries the last id seen, so events written
   * while the auditor pages (always newer) never shift or repeat a page.
   */
  async list(ctx: RequestContext, query: Record<string, unknown>): Promise<Page<AuditEventView>> {
    const filter = parseAuditFilter(query, true);
    const limit = parseLimit(query.limit);
    const before = parseAuditCursor(query.cursor);
    const viewed = await this.audit.record(ctx, {
      action: 'audit.viewed',
      entityType: 'audit_log',
      comment: describeFilter(filter, { limit, ...(before ? { before } : {}) }),
    });
    const rows = await this.db.read((em) =>
      this.selectEvents(em, ctx.user, filter, before ?? viewed.id, limit + 1),
    );
    const items = rows.slice(0, limit);
    return {
      items: items.map((r) => eventView(r, ctx.lang)),
      nextCursor: rows.length > limit ? encodeCursor(['audit', items[items.length - 1].id]) : null,
    };
  }

  /**
   * The CSV export, streamed: the filters are checked and `audit.exported` recorded before
   * the first byte, then the events older than that record follow, newest first. On
   * PostgreSQL the database writes the CSV (`copyCsv`); on SQLite keyset batches of
   * `csvBatch` are formatted here, each batch its own short read (other work runs between
   * them). Both write the same text. The first data is read before answering, so a failing
   * database is a clean 5xx, not a truncated 200.
   */
  async exportCsv(ctx: RequestContext, query: Record<string, unknown>): Promise<Readable> {
    const filter = parseAuditFilter(query, false, ['lang']);
    const lang = parseCsvLang(query, ctx.lang);
    const exported = await this.audit.record(ctx, {
      action: 'audit.exported',
      entityType: 'audit_log',
      comment: describeFilter(filter, { format: 'csv', lang }),
    });
    const body = this.db.isPostgres
      ? await this.copyCsv(ctx.user, filter, exported.id, lang)
      : await this.batchedCsv(ctx.user, filter, exported.id, lang);
    async function* withHeader(): AsyncGenerator<string | Buffer> {
      yield `\uFEFF${csvHeader(lang)}`;
      yield* body.chunks;
    }
    const stream = Readable.from(withHeader(), { objectMode: false, highWaterMark: 1 << 16 });
    // However the response ends (finished, client gone before the first byte), the body's
    // connection goes back.
    stream.once('close', () => void body.close());
    return stream;
  }

  /**
   * `COPY (SELECT …) TO STDOUT` on a connection of its own: PostgreSQL formats the rows and
   * the bytes pass through, so the service's memory stays flat and one statement gives one
   * snapshot. Formatting a million rows in JavaScript ran 110,000 rows/s at a full core with
   * 190 MB of heap growth. COPY takes no bind parameters: the filter's values are written as
   * escaped literals.
   */
  private async copyCsv(user: AuthUser, f: AuditFilter, beforeId: number, lang: CsvLang): Promise<CsvBody> {
    // TypeORM's PostgreSQL runner: releasing with an error makes the pool close the connection.
    const runner = this.db.dataSource.createQueryRunner() as QueryRunner & {
      releasePostgresConnection(err?: Error): Promise<void>;
    };
    const client = (await runner.connect()) as ClientBase;
    let finished = false;
    let stream: (Readable & { callback?: () => void }) | undefined;
    // Stopped early, the connection is mid-COPY: it is closed rather than returned to the pool.
    const close = () => {
      // pg arms its query_timeout timer on the query object and clears it only through the
      // query's callback, which a COPY stream never calls: call it, or the timer outlives the export.
      stream?.callback?.();
      if (!finished) stream?.destroy();
      return runner.releasePostgresConnection(finished ? undefined : new Error('CSV export stopped'));
    };
    try {
      const where = await this.eventsWhere(runner.manager, user, f, beforeId, sqlLiterals());
      // The COPY streams as long as the client reads, so it has the export's own limit instead
      // of DATABASE_TIMEOUT_MS: on the server (statement_timeout, reset before the connection
      // goes back to the pool) and in the driver (query_timeout, read from the query object).
      const timeoutMs = this.config.exportTimeoutMs;
      await client.query(`SET statement_timeout = ${Number(timeoutMs)}`);
      stream = client.query(Object.assign(copyTo(csvCopyPg(lang, where)), { query_timeout: timeoutMs }));
      const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await chunks.next();
      // English: COPY's CSV as it comes. Chinese: complete rows, `changes` put in words here
      // (a chunk may end inside a row, or inside a character).
      const decoder = new StringDecoder('utf8');
      let rest = '';
      const out = (chunk: Buffer): string | Buffer => {
        if (lang === 'en') return chunk;
        const text = rest + decoder.write(chunk);
        const end = text.lastIndexOf('\n') + 1;
        rest = text.slice(end);
        return zhRowsFromCopy(text.slice(0, end));
      };
      return {
        chunks: (async function* () {
          for (let next = first; !next.done; next = await chunks.next()) {
            const piece = out(next.value);
            if (piece.length) yield piece;
          }
          // COPY ends every row with a line break: nothing is left but a broken character.
          rest += decoder.end();
          if (rest) yield zhRowsFromCopy(`${rest}\n`);
          await client.query('RESET statement_timeout');
          finished = true;
          await close();
        })(),
        close,
      };
    } catch (e) {
      await close();
      throw e;
    }
  }

  private async batchedCsv(
    user: AuthUser,
    f: AuditFilter,
    beforeId: number,
    lang: CsvLang,
  ): Promise<CsvBody> {
    const batchSize = AuditQueryService.csvBatch;
    const batch = (before: number) => this.db.read((em) => this.selectEvents(em, user, f, before, batchSize));
    const first = await batch(beforeId);
    const chunks = (async function* () {
      let rows = first;
      while (rows.length) {
        // Chunks of a few hundred rows, so the response's backpressure is felt early.
        for (let i = 0; i < rows.length; i += CSV_CHUNK_ROWS)
          yield csvLines(rows.slice(i, i + CSV_CHUNK_ROWS), lang);
        if (rows.length < batchSize) return;
        rows = await batch(rows[rows.length - 1].id);
      }
    })();
    return { chunks, close: async () => undefined };
  }

  /**
   * Re-computes the hash chains: every chain (or one declaration's), in (chain, seq) order by
   * the unique index, `verifyBatch` rows per query, one snapshot for the whole pass (so events
   * committed meanwhile do not look like a head mismatch). Checks the signed checkpoints
   * (audit-checkpoints.ts) first, then seq continuity from 1, prevHash linkage, each event's
   * keyed hash (or unkeyed, for the events older than the keys), that each head a checkpoint
   * recorded is still there with its hash, each transition row against its event
   * (transition-evidence.ts), that the newest event is the head stored in audit_chains
   * (deleting the newest event is detected), heads without events, events without a head,
   * and declarations or transition rows without a chain.
   */
  async verify(ctx: RequestContext, query: Record<string, unknown>): Promise<VerifyResult> {
    rejectUnknown(query, ['declarationId']);
    const declarationId =
      query.declarationId === undefined
        ? undefined
        : parseId(single(query, 'declarationId'), 'declarationId');
    if (declarationId !== undefined) await this.assertDeclarationVisible(ctx.user, declarationId);
    const result = inWords(await this.db.write((tx) => this.verifyChains(tx, declarationId)), ctx.lang);
    // Nothing at all under that id (no row, no chain head, no event): it never existed.
    if (declarationId !== undefined && result.ok && result.checked === 0)
      throw AuditErrors.AUDIT_DECLARATION_NOT_FOUND({ id: declarationId }, { field: 'declarationId' });
    await this.audit.record(ctx, {
      action: 'audit.verified',
      entityType: 'audit_log',
      outcome: 'success',
      comment: JSON.stringify({ ...(declarationId ? { declarationId } : {}), ...result }),
    });
    return result;
  }

  /**
   * One indicator's audit events, oldest first, including after it was deleted. The scope is
   * the declaration named by its audit rows (the indicator row may be gone): out of scope, or
   * no events at all, is "not found".
   */
  async indicatorHistory(ctx: RequestContext, indicatorId: number): Promise<IndicatorHistoryEntry[]> {
    return this.db.read(async (em) => {
      const p = this.db.parameters();
      const owner = (await em.query(
        `SELECT declaration_id AS "declarationId" FROM audit_events
         WHERE indicator_id = ${p.add(indicatorId)} AND declaration_id IS NOT NULL ORDER BY id LIMIT 1`,
        p.values,
      )) as Array<{ declarationId: number }>;
      const declarationId = owner[0]?.declarationId;
      if (
        declarationId === undefined ||
        !(await this.declarationVisible(em, ctx.user, Number(declarationId)))
      )
        throw AuditErrors.AUDIT_INDICATOR_NOT_FOUND({ id: indicatorId }, { field: 'id' });
      const q = this.db.parameters();
      const rows = (await em.query(
        `SELECT ${EVENT_COLUMNS} FROM audit_events e WHERE e.indicator_id = ${q.add(indicatorId)} ORDER BY e.id ASC`,
        q.values,
      )) as EventRow[];
      return rows.map((r) => {
        const v = eventView(r, ctx.lang);
        return {
          id: v.id,
          at: v.at,
          actor: v.actor,
          role: v.role,
          roleLabel: v.roleLabel,
          action: v.action,
          actionLabel: v.actionLabel,
          state: v.state,
          stateLabel: v.stateLabel,
          changes: v.changes,
          changesText: v.changesText,
          reason: v.comment,
        };
      });
    });
  }

  private async selectEvents(
    em: EntityManager,
    user: AuthUser,
    f: AuditFilter,
    beforeId: number,
    limit: number,
  ): Promise<EventRow[]> {
    const p = this.db.parameters();
    const where = await this.eventsWhere(em, user, f, beforeId, p);
    const rows = (await em.query(
      `SELECT ${EVENT_COLUMNS} FROM audit_events e WHERE ${where} ORDER BY e.id DESC LIMIT ${Number(limit)}`,
      p.values,
    )) as EventRow[];
    // Ids as numbers; no copy of each row for it.
    for (const r of rows) r.id = Number(r.id);
    return rows;
  }

  /** The filter and the caller's scope as a condition on `audit_events e`. */
  private async eventsWhere(
    em: EntityManager,
    user: AuthUser,
    f: AuditFilter,
    beforeId: number,
    p: SqlValues,
  ): Promise<string> {
    const where = [`e.id < ${p.add(beforeId)}`];
    if (f.declarationId !== undefined) where.push(`e.declaration_id = ${p.add(f.declarationId)}`);
    if (f.indicatorId !== undefined) where.push(`e.indicator_id = ${p.add(f.indicatorId)}`);
    if (f.actorId !== undefined) where.push(`e.actor_id = ${p.add(f.actorId)}`);
    if (f.action !== undefined) where.push(`e.action = ${p.add(f.action)}`);
    if (f.from !== undefined) where.push(`e.at >= ${p.add(f.from)}`);
    if (f.to !== undefined) where.push(`e.at ${f.to.inclusive ? '<=' : '<'} ${p.add(f.to.at)}`);
    const scope = await this.scopeCondition(em, user, p);
    if (scope) where.push(scope);
    return where.join(' AND ');
  }

  /**
   * The caller's scope over audit rows, or null when it is everything. Audit rows outlive the
   * declarations they describe, so a row's declaration may be gone and its department unknown.
   * When every department lies in the caller's subtree (the bureau-level auditor of a
   * one-bureau deployment: the usual case) every declaration ever made was in scope, so
   * nothing is filtered, deleted declarations' trails included. Otherwise only events of
   * existing declarations in scope, and the system chain (logins, accounts), are shown: a
   * deleted draft whose department cannot be proven is hidden rather than leaked.
   */
  private async scopeCondition(em: EntityManager, user: AuthUser, p: SqlValues): Promise<string | null> {
    if (await this.seesEveryDepartment(em, user)) return null;
    const inScope = declarationScopeSql(user, (v) => p.add(v));
    return `(e.declaration_id IS NULL OR e.declaration_id IN (SELECT d.id FROM declarations d WHERE ${inScope}))`;
  }

  private async seesEveryDepartment(em: EntityManager, user: AuthUser): Promise<boolean> {
    const scope = declarationScope(user);
    if (scope.kind !== 'subtree') return false;
    const p = this.db.parameters();
    const outside = (await em.query(
      `SELECT 1 AS "x" FROM departments WHERE path NOT LIKE ${p.add(`${scope.pathPrefix}%`)} LIMIT 1`,
      p.values,
    )) as unknown[];
    return outside.length === 0;
  }

  private async declarationVisible(
    em: EntityManager,
    user: AuthUser,
    declarationId: number,
  ): Promise<boolean> {
    const inScope = await applyDeclarationScope(
      em.createQueryBuilder(Declaration, 'd').where('d.id = :id', { id: declarationId }),
      user,
    ).getCount();
    if (inScope > 0) return true;
    // A deleted declaration: visible only to who sees every department (see scopeCondition).
    const exists = await em.count(Declaration, { where: { id: declarationId } });
    return exists === 0 && (await this.seesEveryDepartment(em, user));
  }

  private async assertDeclarationVisible(user: AuthUser, declarationId: number): Promise<void> {
    const visible = await this.db.read((em) => this.declarationVisible(em, user, declarationId));
    if (!visible)
      throw AuditErrors.AUDIT_DECLARATION_NOT_FOUND({ id: declarationId }, { field: 'declarationId' });
  }

  private async verifyChains(tx: Tx, declarationId: number | undefined): Promise<VerifyOutcome> {
    // On PostgreSQL one snapshot for every batch, without blocking writers; SQLite is
    // serialized in-process, so nothing writes during the pass.
    if (this.db.isPostgres) await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const run = runOf(tx);
    const only = declarationId === undefined ? undefined : `d:${declarationId}`;
    const hp = this.db.parameters();
    const headRows = (await tx.query(
      `SELECT chain AS "chain", head_seq AS "seq", head_hash AS "hash" FROM audit_chains${
        only ? ` WHERE chain = ${hp.add(only)}` : ''
      }`,
      hp.values,
    )) as Array<{ chain: string; seq: number; hash: string }>;
    const heads = new Map(headRows.map((h) => [h.chain, { seq: Number(h.seq), hash: h.hash }]));

    // The signed checkpoints first: what they recorded is what the events must still be.
    const ledger = await loadCheckpoints(run, this.db.isPostgres, this.keys, only);
    const counts: VerifyCounts = { checked: 0, checkpoints: ledger.checked, transitions: 0 };
    const broken = (
      id: number | null,
      c: string,
      seq: number,
      problem: Problem,
      extra: Pick<BrokenAt, 'checkpointId' | 'transitionId'> = {},
    ): VerifyOutcome => ({ ok: false, ...counts, brokenAt: { id, chain: c, seq, problem, ...extra } });
    if (ledger.problem)
      return broken(null, 'checkpoints', ledger.problem.checkpointId, ledger.problem, {
        checkpointId: ledger.problem.checkpointId,
      });
    // No unkeyed event after the keyed era began: the boundary the checkpoints signed, or,
    // before the first checkpoint, the first keyed event.
    const legacyMax = ledger.legacyMaxEventId ?? (await this.firstKeyedEventId(run)) - 1;

    let chain: string | null = null;
    let lastSeq = 0;
    let lastHash = GENESIS_HASH;
    let lastId = 0;
    let sealed: Array<[number, string, number]> = [];
    let nextSealed = 0;
    let declaration: number | null = null;
    const transitions = new TransitionQueue(run, this.db.isPostgres);
    /** The end of a chain: its newest event must be the head row, and every recorded head and transition be there. */
    const closeChain = (): VerifyOutcome | null => {
      if (chain === null) return null;
      const head = heads.get(chain)!;
      heads.delete(chain);
      ledger.sealed.delete(chain);
      if (nextSealed < sealed.length) {
        const [seq, , cp] = sealed[nextSealed];
        return broken(
          null,
          chain,
          seq,
          { code: 'AUDIT_CHECKPOINTED_EVENT_MISSING', params: { seq, checkpointId: cp, lastSeq } },
          { checkpointId: cp },
        );
      }
      if (head.seq > lastSeq)
        return broken(null, chain, lastSeq + 1, {
          code: 'AUDIT_HEAD_EVENT_MISSING',
          params: { seq: lastSeq + 1, headSeq: head.seq, lastSeq },
        });
      if (head.seq < lastSeq)
        return broken(lastId, chain, lastSeq, { code: 'AUDIT_BEYOND_HEAD', params: { headSeq: head.seq } });
      if (head.hash !== lastHash) return broken(lastId, chain, lastSeq, { code: 'AUDIT_HEAD_HASH_MISMATCH' });
      const extra = declaration === null ? undefined : transitions.rest(declaration)[0];
      if (extra)
        return broken(
          null,
          chain,
          lastSeq,
          { code: 'AUDIT_TRANSITION_UNRECORDED', params: { transitionId: extra.id } },
          { transitionId: extra.id },
        );
      return null;
    };

    const batchSize = AuditQueryService.verifyBatch;
    const fetch = await this.verifyBatches(tx, only, batchSize);
    // The next batch is requested before this one is hashed, so the database works while we do.
    let pending = fetch(null);
    for (;;) {
      const rows = await pending;
      const last = rows[rows.length - 1];
      if (rows.length === batchSize) {
        pending = fetch([last[C.chain] as string, Number(last[C.seq])]);
        // Awaited below, unless a break is found first; never an unhandled rejection.
        pending.catch(() => undefined);
      }
      await transitions.load(rows.map((r) => declarationOf(r[C.chain] as string)));
      for (const r of rows) {
        const seq = Number(r[C.seq]);
        const id = Number(r[C.id]);
        const rowChain = r[C.chain] as string;
        if (rowChain !== chain) {
          const end = closeChain();
          if (end) return end;
          chain = rowChain;
          lastSeq = 0;
          lastHash = GENESIS_HASH;
          sealed = ledger.sealed.get(chain) ?? [];
          nextSealed = 0;
          declaration = declarationOf(chain);
          if (!heads.has(chain)) return broken(id, chain, seq, { code: 'AUDIT_HEAD_ROW_MISSING' });
        }
        if (seq !== lastSeq + 1)
          return broken(id, chain, seq, {
            code: 'AUDIT_SEQ_GAP',
            params: { from: lastSeq + 1, to: seq - 1 },
          });
        if (r[C.prevHash] !== lastHash) return broken(id, chain, seq, { code: 'AUDIT_PREV_HASH_MISMATCH' });
        const hash = r[C.hash] as string;
        const seal = {
          hashVersion: Number(r[C.hashVersion]),
          hashAlg: r[C.hashAlg] as string,
          keyId: (r[C.keyId] as string | null) ?? null,
        };
        const problem = eventHashProblem(hashedFields(r), seal, hash, this.keys.macFor);
        if (problem) return broken(id, chain, seq, problem);
        if (seal.hashVersion === 1 && id > legacyMax)
          return broken(id, chain, seq, {
            code: 'AUDIT_UNKEYED_AFTER_KEYING',
            params: { lastUnkeyed: legacyMax },
          });
        for (; nextSealed < sealed.length && sealed[nextSealed][0] <= seq; nextSealed++) {
          const [sSeq, sHash, cp] = sealed[nextSealed];
          if (sSeq === seq && sHash !== hash)
            return broken(
              id,
              chain,
              seq,
              { code: 'AUDIT_CHECKPOINT_REWRITTEN', params: { checkpointId: cp, seq } },
              { checkpointId: cp },
            );
        }
        if (r[C.action] === TRANSITION_ACTION && declaration !== null) {
          const row = transitions.next(declaration);
          if (!row) return broken(id, chain, seq, { code: 'AUDIT_TRANSITION_ROW_MISSING' });
          const mismatch = transitionMismatch(transitionEvent(r), row);
          if (mismatch)
            return broken(
              id,
              chain,
              seq,
              mismatch.unreadable
                ? { code: 'AUDIT_TRANSITION_EVENT_UNREADABLE', params: { transitionId: row.id } }
                : {
                    code: 'AUDIT_TRANSITION_MISMATCH',
                    params: {
                      transitionId: row.id,
                      column: mismatch.column,
                      stored: mismatch.stored,
                      recorded: mismatch.recorded,
                    },
                  },
              { transitionId: row.id },
            );
          counts.transitions++;
        }
        counts.checked++;
        lastSeq = seq;
        lastHash = hash;
        lastId = id;
      }
      if (rows.length < batchSize) break;
    }
    const end = closeChain();
    if (end) return end;
    for (const [c, head] of heads) {
      if (head.seq > 0)
        return broken(null, c, 1, { code: 'AUDIT_CHAIN_EVENTS_MISSING', params: { headSeq: head.seq } });
    }
    for (const [c, list] of ledger.sealed) {
      const [seq, , cp] = list[list.length - 1];
      return broken(
        null,
        c,
        1,
        { code: 'AUDIT_CHAIN_EVENTS_MISSING_CHECKPOINTED', params: { checkpointId: cp, seq } },
        {
          checkpointId: cp,
        },
      );
    }
    // Every declaration writes its first event (created or imported) with its row.
    const dp = this.db.parameters();
    const orphan = (await tx.query(
      `SELECT d.id AS "id" FROM declarations d
       WHERE ${declarationId !== undefined ? `d.id = ${dp.add(declarationId)} AND ` : ''}NOT EXISTS
         (SELECT 1 FROM audit_chains c WHERE c.chain = 'd:' || d.id) ORDER BY d.id LIMIT 1`,
      dp.values,
    )) as Array<{ id: number }>;
    if (orphan.length) return broken(null, `d:${orphan[0].id}`, 1, { code: 'AUDIT_CHAIN_MISSING' });
    // Transition rows of a declaration with no audit event at all.
    const tp = this.db.parameters();
    const [stray] = (await tx.query(
      `SELECT t.id AS "id", t.declaration_id AS "declarationId" FROM declaration_transitions t
       WHERE ${declarationId !== undefined ? `t.declaration_id = ${tp.add(declarationId)} AND ` : ''}NOT EXISTS
         (SELECT 1 FROM audit_events e WHERE e.chain = 'd:' || t.declaration_id) ORDER BY t.id LIMIT 1`,
      tp.values,
    )) as Array<{ id: number; declarationId: number }>;
    if (stray)
      return broken(
        null,
        `d:${stray.declarationId}`,
        1,
        { code: 'AUDIT_TRANSITION_WITHOUT_EVENTS', params: { transitionId: Number(stray.id) } },
        { transitionId: Number(stray.id) },
      );
    return { ok: true, ...counts };
  }

  /** The id of the first keyed event (the end of the unkeyed era before any checkpoint says so). */
  private async firstKeyedEventId(run: SqlRun): Promise<number> {
    // By the primary key, stopping at the first keyed row: unkeyed events are the oldest.
    const [row] = await run(
      'SELECT id AS "id" FROM audit_events WHERE hash_version <> 1 ORDER BY id LIMIT 1',
      [],
    );
    return row ? Number(row.id) : Number.MAX_SAFE_INTEGER;
  }

  /**
   * A reader of verify batches in (chain, seq) order after a position, as arrays in the
   * order of HASHED_COLUMNS. On PostgreSQL straight from the transaction's pg client in
   * array row mode: at ~10k rows a batch, building row objects is a good share of the cost.
   */
  private async verifyBatches(
    tx: Tx,
    only: string | undefined,
    batchSize: number,
  ): Promise<(after: [string, number] | null) => Promise<unknown[][]>> {
    const sql = (after: [string, number] | null) => {
      const p = this.db.parameters();
      const where: string[] = [];
      if (only) where.push(`chain = ${p.add(only)}`);
      if (after)
        where.push(
          only ? `seq > ${p.add(after[1])}` : `(chain, seq) > (${p.add(after[0])}, ${p.add(after[1])})`,
        );
      return {
        text: `SELECT ${HASHED_COLUMNS.join(', ')} FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY chain, seq LIMIT ${Number(batchSize)}`,
        values: p.values,
      };
    };
    if (this.db.isPostgres && tx.queryRunner) {
      const client = (await tx.queryRunner.connect()) as {
        query(q: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }>;
      };
      return async (after) => (await client.query({ ...sql(after), rowMode: 'array' })).rows;
    }
    return async (after) => {
      const q = sql(after);
      const rows = (await tx.query(q.text, q.values)) as Array<Record<string, unknown>>;
      return rows.map((r) => HASHED_COLUMNS.map((c) => r[c]));
    };
  }
}

/** Parses and checks the filters; anything unknown or malformed is a 400 naming the parameter. */
export function parseAuditFilter(
  query: Record<string, unknown>,
  paging: boolean,
  more: readonly string[] = [],
): AuditFilter {
  rejectUnknown(query, [...FILTER_PARAMS, ...(paging ? PAGE_PARAMS : []), ...more]);
  const f: AuditFilter = {};
  for (const name of ['declarationId', 'indicatorId', 'actorId'] as const) {
    if (query[name] !== undefined) f[name] = parseId(single(query, name), name);
  }
  if (query.action !== undefined) {
    // The code, or its words (修改指标).
    const action = fromLabel('auditAction', single(query, 'action')) as string;
    if (!(AUDIT_ACTIONS as readonly string[]).includes(action))
      throw CommonErrors.FIELD_ONE_OF(
        { values: valueLabels(AUDIT_ACTIONS, 'auditAction') },
        { field: 'action' },
      );
    f.action = action as AuditAction;
  }
  if (query.from !== undefined) f.from = parseInstant(single(query, 'from'), 'from').at;
  if (query.to !== undefined) {
    const to = parseInstant(single(query, 'to'), 'to');
    // A date as `to` includes that whole day.
    f.to = to.dateOnly ? { at: nextDay(to.at), inclusive: false } : { at: to.at, inclusive: true };
  }
  if (f.from !== undefined && f.to !== undefined && (f.to.inclusive ? f.to.at < f.from : f.to.at <= f.from))
    throw AuditErrors.AUDIT_RANGE_REVERSED(
      { from: String(query.from).slice(0, 40), to: String(query.to).slice(0, 40) },
      { field: 'to' },
    );
  return f;
}

function rejectUnknown(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).find((k) => !allowed.includes(k));
  if (unknown !== undefined)
    throw AuditErrors.AUDIT_QUERY_UNKNOWN(
      { name: unknown.slice(0, 40), allowed: [...allowed] },
      { field: unknown.slice(0, 40) },
    );
}

function single(query: Record<string, unknown>, name: string): string {
  const v = query[name];
  if (Array.isArray(v)) throw CommonErrors.QUERY_REPEATED({}, { field: name });
  return String(v);
}

function parseAuditCursor(raw: unknown): number | undefined {
  if (Array.isArray(raw)) throw CommonErrors.QUERY_REPEATED({}, { field: 'cursor' });
  const c = decodeCursor(raw);
  if (c === null) return undefined;
  if (c.length !== 2 || c[0] !== 'audit' || !Number.isInteger(c[1]) || (c[1] as number) < 1)
    throw AuditErrors.AUDIT_CURSOR_FOREIGN({}, { field: 'cursor' });
  return c[1] as number;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `YYYY-MM-DD` (midnight UTC) or an ISO 8601 timestamp with a zone, as stored: ISO UTC. */
function parseInstant(s: string, name: string): { at: string; dateOnly: boolean } {
  if (isIsoDate(s)) return { at: `${s}T00:00:00.000Z`, dateOnly: true };
  const m = TIMESTAMP.exec(s);
  const ms = m ? Date.parse(s) : NaN;
  if (
    !m ||
    !isIsoDate(m[1]) ||
    Number(m[2]) > 23 ||
    Number(m[3]) > 59 ||
    Number(m[4] ?? 0) > 59 ||
    Number.isNaN(ms)
  )
    throw AuditErrors.AUDIT_INSTANT_INVALID({ value: s.slice(0, 40) }, { field: name });
  return { at: new Date(ms).toISOString(), dateOnly: false };
}

function nextDay(midnightIso: string): string {
  return new Date(Date.parse(midnightIso) + 86_400_000).toISOString();
}

/** The filter as the audit record of a read keeps it. */
function describeFilter(f: AuditFilter, extra: Record<string, unknown>): string {
  const { to, ...rest } = f;
  return JSON.stringify({ ...rest, ...(to ? { to: to.at, toInclusive: to.inclusive } : {}), ...extra });
}

export function eventView(r: EventRow, lang: Lang): AuditEventView {
  return {
    id: Number(r.id),
    at: r.at,
    actor: { id: r.actorId === null ? null : Number(r.actorId), username: r.actorUsername },
    role: r.actorRoles,
    roleLabel: rolesLabel(r.actorRoles, lang),
    action: r.action,
    actionLabel: actionLabel(r.action, lang),
    outcome: r.outcome,
    outcomeLabel: outcomeLabel(r.outcome, lang),
    entityType: r.entityType,
    entityId: r.entityId,
    declarationId: r.declarationId === null ? null : Number(r.declarationId),
    indicatorId: r.indicatorId === null ? null : Number(r.indicatorId),
    state: r.state,
    stateLabel: stateLabelOf(r.state, lang),
    changes: JSON.parse(r.changes) as FieldChange[],
    changesText: changesText(r.changes, lang),
    comment: r.comment,
    commentLabel: commentLabel(r.action, r.comment, lang),
    requestId: r.requestId,
    ip: r.ip,
  };
}

/** The CSV's languages: Chinese headers and words (the default), or the stored codes (`?lang=en`). */
export type CsvLang = 'zh' | 'en';

/** The English export: every stored column as it is (the format of before issue 13). */
const CSV_HEADER_EN = [
  'id',
  'at',
  'actorId',
  'actorUsername',
  'role',
  'action',
  'outcome',
  'entityType',
  'entityId',
  'declarationId',
  'indicatorId',
  'state',
  'changes',
  'comment',
  'requestId',
  'ip',
];

/**
 * The Chinese export, for a fiscal officer to file: the event's number (what verify names),
 * the time in Beijing time, who in which role did what with which outcome to which object,
 * the declaration and indicator, the state in words, the changes in one line, the comment.
 */
const CSV_HEADER_ZH = [
  '编号',
  '时间（北京时间）',
  '操作人',
  '角色',
  '操作',
  '结果',
  '对象',
  '申报表',
  '指标',
  '状态',
  '变更内容',
  '说明',
  '请求编号',
  'IP',
];

export function csvHeader(lang: CsvLang): string {
  return `${(lang === 'zh' ? CSV_HEADER_ZH : CSV_HEADER_EN).join(',')}\n`;
}

function csvLine(r: EventRow): string {
  // Concatenated, not an array mapped and joined: a million rows per export.
  return `${r.id},${csvCell(r.at)},${csvCell(r.actorId)},${csvCell(r.actorUsername)},${csvCell(r.actorRoles)},${csvCell(r.action)},${csvCell(r.outcome)},${csvCell(r.entityType)},${csvCell(r.entityId)},${csvCell(r.declarationId)},${csvCell(r.indicatorId)},${csvCell(r.state)},${csvCell(r.changes)},${csvCell(r.comment)},${csvCell(r.requestId)},${csvCell(r.ip)}\n`;
}

/** A row of the Chinese export; the same text as `csvQueryPg('zh', …)` makes PostgreSQL write. */
function csvLineZh(r: EventRow): string {
  const state = stateLabelOf(r.state, 'zh');
  return `${r.id},${csvCell(beijingStamp(r.at))},${csvCell(r.actorUsername)},${csvCell(rolesTextZh(r.actorRoles))},${csvCell(actionLabel(r.action, 'zh'))},${csvCell(outcomeLabel(r.outcome, 'zh'))},${csvCell(entityLabel(r.entityType, r.entityId, 'zh'))},${csvCell(r.declarationId)},${csvCell(r.indicatorId)},${csvCell(state)},${csvCell(changesText(r.changes, 'zh'))},${csvCell(commentLabel(r.action, r.comment, 'zh'))},${csvCell(r.requestId)},${csvCell(r.ip)}\n`;
}

function csvLines(rows: EventRow[], lang: CsvLang): string {
  const line = lang === 'zh' ? csvLineZh : csvLine;
  let out = '';
  for (const r of rows) out += line(r);
  return out;
}

/**
 * CSV quoting as PostgreSQL's COPY writes it (the SQLite export must match `csvQueryPg`):
 * quoted when it holds a quote, comma or line break, an empty text as `""` (a missing value
 * is nothing), lines ending in LF. A text cell that Excel would run as a formula
 * (`=100.00(%)` is a target notation) gets a leading apostrophe, as OWASP advises against CSV
 * injection; Excel shows the text as written.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  if (v === '') return '""';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const FORMULA_START = /^[=+\-@\t\r]/;
/** The same formula guard for COPY. */
const unformula = (c: string) =>
  `CASE WHEN left(${c}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${c} ELSE ${c} END`;

const CSV_SELECT_PG_EN = [
  'e.id',
  unformula('e.at'),
  'e.actor_id',
  unformula('e.actor_username'),
  unformula('e.actor_roles'),
  unformula('e.action'),
  unformula('e.outcome'),
  unformula('e.entity_type'),
  unformula('e.entity_id'),
  'e.declaration_id',
  'e.indicator_id',
  unformula('e.state'),
  unformula('e.changes'),
  unformula('e.comment'),
  unformula('e.request_id'),
  unformula('e.ip'),
].join(', ');

/**
 * A CSV cell in SQL from a guarded value (`unformula`), as `csvCell` writes it (and COPY's CSV
 * format): quoted when it holds a quote, comma or line break; NULL is nothing, an empty text `""`.
 */
const sqlQuoted = (c: string) =>
  `CASE WHEN ${c} IS NULL THEN '' WHEN ${c} = '' THEN '""' WHEN strpos(${c}, '"') > 0 OR strpos(${c}, ',') > 0 OR strpos(${c}, E'\\n') > 0 OR strpos(${c}, E'\\r') > 0 THEN '"' || replace(${c}, '"', '""') || '"' ELSE ${c} END`;

const ZH_TEXT_CELLS = [
  'at',
  'actor',
  'roles',
  'action',
  'outcome',
  'entity',
  'state',
  'comment',
  'request_id',
  'ip',
];

let csvSelectZh: { labels: string; guarded: string; before: string; after: string } | null = null;

/**
 * The Chinese export's query for COPY … TO STDOUT (text format), newest first. Each row is
 * three columns: the CSV cells before 变更内容, in words, guarded and quoted; the stored
 * `changes`; the cells after it. The service puts `changes` in words between them
 * (`zhRowsFromCopy`). Three steps, each a subquery that is not merged into the next (OFFSET
 * 0), so that each value is computed once: the words, the formula guard, the quoting. Built at
 * the first export, when every module has registered its words.
 */
function csvSelectZhPg(where: string): string {
  csvSelectZh ??= {
    labels: [
      'e.id AS id',
      `${sqlBeijingStamp('e.at')} AS at`,
      'e.actor_username AS actor',
      `${sqlRolesText('e.actor_roles')} AS roles`,
      `${sqlWords.action('e.action')} AS action`,
      `${sqlWords.outcome('e.outcome')} AS outcome`,
      `${sqlEntityText('e.entity_type', 'e.entity_id')} AS entity`,
      'e.declaration_id AS declaration_id',
      'e.indicator_id AS indicator_id',
      `${sqlWords.state('e.state')} AS state`,
      'e.changes AS changes',
      `${sqlCommentText('e.action', 'e.comment')} AS comment`,
      'e.request_id AS request_id',
      'e.ip AS ip',
    ].join(', '),
    guarded: [
      'w.id',
      'w.declaration_id',
      'w.indicator_id',
      'w.changes',
      ...ZH_TEXT_CELLS.map((c) => `${unformula(`w.${c}`)} AS ${c}`),
    ].join(', '),
    before: [
      "COALESCE(g.id::text, '')",
      ...['at', 'actor', 'roles', 'action', 'outcome', 'entity'].map((c) => sqlQuoted(`g.${c}`)),
      "COALESCE(g.declaration_id::text, '')",
      "COALESCE(g.indicator_id::text, '')",
      sqlQuoted('g.state'),
    ].join(` || ',' || `),
    after: ['comment', 'request_id', 'ip'].map((c) => sqlQuoted(`g.${c}`)).join(` || ',' || `),
  };
  const q = csvSelectZh;
  const words = `SELECT ${q.labels} FROM audit_events e WHERE ${where} ORDER BY e.id DESC OFFSET 0`;
  const guarded = `SELECT ${q.guarded} FROM (${words}) w ORDER BY w.id DESC OFFSET 0`;
  return `SELECT ${q.before}, g.changes, ${q.after} FROM (${guarded}) g ORDER BY g.id DESC`;
}

/** The export's COPY statement, newest first: CSV in English; three text columns in Chinese. */
export function csvCopyPg(lang: CsvLang, where: string): string {
  return lang === 'en'
    ? `COPY (SELECT ${CSV_SELECT_PG_EN} FROM audit_events e WHERE ${where} ORDER BY e.id DESC) TO STDOUT WITH (FORMAT csv)`
    : `COPY (${csvSelectZhPg(where)}) TO STDOUT`;
}

/** The characters COPY's text format writes escaped (`\n` for a line break …). */
const COPY_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/** A value of COPY's text format as it was. */
function unescapeCopyText(v: string): string {
  if (!v.includes('\\')) return v;
  return v.replace(/\\(.)/gs, (_, c: string) => COPY_ESCAPES[c] ?? c);
}

/**
 * Complete rows of the Chinese COPY (`csvCopyPg('zh', …)`) as CSV lines: `changes` put in
 * words between the two prepared parts. In COPY's text format a raw line break ends a row and
 * a raw tab a column (those in values are escaped).
 */
export function zhRowsFromCopy(block: string): string {
  let out = '';
  let start = 0;
  for (let nl = block.indexOf('\n'); nl !== -1; nl = block.indexOf('\n', start)) {
    const t1 = block.indexOf('\t', start);
    const t2 = block.indexOf('\t', t1 + 1);
    const changes = changesText(unescapeCopyText(block.slice(t1 + 1, t2)), 'zh');
    out += `${unescapeCopyText(block.slice(start, t1))},${csvCell(changes)},${unescapeCopyText(block.slice(t2 + 1, nl))}\n`;
    start = nl + 1;
  }
  return out;
}

/** `?lang=` of the export (zh, en, or their words), else the request's language. */
export function parseCsvLang(query: Record<string, unknown>, fallback: Lang): CsvLang {
  if (query.lang === undefined) return fallback;
  const v = fromLabel('csvLang', single(query, 'lang'));
  if (v !== 'zh' && v !== 'en')
    throw CommonErrors.FIELD_ONE_OF({ values: valueLabels(CSV_LANGS, 'csvLang') }, { field: 'lang' });
  return v;
}

const NEEDS_QUOTES = /[",\r\n]/;
const CSV_CHUNK_ROWS = 500;
