import { Inject, Injectable } from '@nestjs/common';
import { renderProblem, type Problem } from '../common/errors';
import type { Lang } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { Db, SqlParams, type Tx } from '../database/db.service';
import {
  loadCheckpoints,
  loadLatestSeals,
  type CheckpointLedger,
  type SqlRun,
} from '../audit/audit-checkpoints';
import { runOf } from '../audit/audit-checkpoints.service';
import { COLUMNS, hashedFieldsOfRow, readValue, verifyPosition } from '../audit/audit-columns';
import { parseVerifyQuery } from './audit-filter';
import { eventHashProblem, GENESIS_HASH } from '../audit/audit-hash';
import { AuditKeyring } from '../audit/audit-keys';
import { AuditReadBatches } from './audit-read-batches';
import {
  chainHeads,
  declarationOrChain,
  declarationWithoutChain,
  eventsInRanges,
  FIRST_KEYED_EVENT,
  latestTransitionsOf,
  transitionsOf,
  transitionWithoutEvents,
  VERIFY_SNAPSHOT,
  verifyBatch,
} from './audit-log.queries';
import { AuditScope } from './audit-scope';
import { AuditErrors, type VerifyMode } from '../audit/audit.messages';
import { AuditService } from '../audit/audit.service';
import {
  toTransitionRow,
  TRANSITION_ACTION,
  transitionMismatch,
  type TransitionEvent,
  type TransitionRow,
} from './transition-evidence';

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

/**
 * `mode` what was re-checked; `checked` events; `checkpoints` signed checkpoints checked;
 * `transitions` rows matched to their events.
 */
interface VerifyCounts {
  mode: VerifyMode;
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

/** The declaration of a `d:<id>` chain, or null for the system chain. */
function declarationOf(chain: string): number | null {
  if (!chain.startsWith('d:')) return null;
  const id = Number(chain.slice(2));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Positions in a verify row (VERIFY_SELECT) of what the chain checks read. */
const C = {
  id: verifyPosition('id'),
  chain: verifyPosition('chain'),
  seq: verifyPosition('seq'),
  prevHash: verifyPosition('prevHash'),
  hash: verifyPosition('hash'),
  action: verifyPosition('action'),
  hashVersion: verifyPosition('hashVersion'),
  hashAlg: verifyPosition('hashAlg'),
  keyId: verifyPosition('keyId'),
} as const;

/** What the transition check reads of a verify row (transition-evidence.ts). */
const TRANSITION_EVENT = (['at', 'actorId', 'actorUsername', 'changes', 'comment'] as const).map((p) => ({
  p,
  i: verifyPosition(p),
  c: COLUMNS[verifyPosition(p)],
}));

function transitionEvent(r: unknown[]): TransitionEvent {
  const out: Record<string, unknown> = {};
  for (const { p, i, c } of TRANSITION_EVENT) out[p] = readValue(c, r[i]);
  return out as unknown as TransitionEvent;
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

  /** Loads the rows of the declarations whose chains this batch of verify rows reaches. */
  async load(batch: unknown[][]): Promise<void> {
    const ids = batch.map((r) => declarationOf(r[C.chain] as string));
    const wanted = [...new Set(ids.filter((id): id is number => id !== null && !this.rows.has(id)))];
    for (const id of wanted) this.rows.set(id, { list: [], next: 0 });
    for (let i = 0; i < wanted.length; i += 5000) {
      const part = wanted.slice(i, i + 5000);
      const p = new SqlParams(this.postgres);
      const sql = transitionsOf(p, part, this.postgres);
      const rows = await this.run(sql, p.values);
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

/** A chain a routine pass reads: the events after `after` (its newest seal, or 0), up to its head. */
interface RoutineTail {
  chain: string;
  after: number;
  head: number;
  sealed: boolean;
}

/**
 * The transition rows of a routine pass. A chain read from its first event pairs its events with
 * the declaration's rows from the first, as the full pass does; a chain read after its seal pairs
 * its M transition events with the declaration's last M rows (rows and events are written in one
 * transaction, in the same order), loaded with the batch that holds them: `routineBatches` never
 * splits a sealed chain's tail. A row written without its event shifts the pairing and shows as a
 * mismatch.
 */
class RoutineTransitions {
  private readonly fromStart: TransitionQueue;
  private readonly tails = new Map<number, { list: TransitionRow[]; next: number }>();

  constructor(
    private readonly run: SqlRun,
    private readonly postgres: boolean,
    private readonly sealed: ReadonlyMap<string, unknown>,
  ) {
    this.fromStart = new TransitionQueue(run, postgres);
  }

  async load(batch: unknown[][]): Promise<void> {
    const counts = new Map<number, number>();
    const unsealed: unknown[][] = [];
    for (const r of batch) {
      const chain = r[C.chain] as string;
      const d = declarationOf(chain);
      if (d === null || this.tails.has(d)) continue;
      if (!this.sealed.has(chain)) unsealed.push(r);
      else counts.set(d, (counts.get(d) ?? 0) + (r[C.action] === TRANSITION_ACTION ? 1 : 0));
    }
    await this.fromStart.load(unsealed);
    for (const d of counts.keys()) this.tails.set(d, { list: [], next: 0 });
    const needing = [...counts].filter(([, m]) => m > 0);
    for (let i = 0; i < needing.length; i += 1000) {
      const part = needing.slice(i, i + 1000);
      const p = new SqlParams(this.postgres);
      const most = Math.max(...part.map(([, m]) => m));
      const sql = latestTransitionsOf(
        p,
        part.map(([d]) => d),
        most,
      );
      const rows = await this.run(sql, p.values);
      for (const r of rows) this.tails.get(Number(r.declarationId))!.list.push(toTransitionRow(r));
      for (const [d, m] of part) {
        const entry = this.tails.get(d)!;
        entry.list = entry.list.slice(-m);
      }
    }
  }

  next(declarationId: number): TransitionRow | undefined {
    const entry = this.tails.get(declarationId);
    return entry ? entry.list[entry.next++] : this.fromStart.next(declarationId);
  }

  rest(declarationId: number): TransitionRow[] {
    const entry = this.tails.get(declarationId);
    if (!entry) return this.fromStart.rest(declarationId);
    this.tails.delete(declarationId);
    return entry.list.slice(entry.next);
  }
}

/** How many chains one routine read names (its OR list), at most. */
const ROUTINE_CHAINS_PER_READ = 200;

const VERIFY_COLUMN_NAMES = COLUMNS.map((c) => c.column);

/**
 * The chain verification: every event's hash recomputed in chain order, with the signed
 * checkpoints and the transition rows; the pass is itself audited (audit.verified).
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditKeyring) private readonly keys: AuditKeyring,
    @Inject(AuditScope) private readonly scope: AuditScope,
    @Inject(AuditReadBatches) private readonly batches: AuditReadBatches,
  ) {}

  /**
   * Re-computes the hash chains: every chain (or one declaration's), in (chain, seq) order by
   * the unique index, `AuditReadBatches.verify` rows per query, one snapshot for the whole pass (so events
   * committed meanwhile do not look like a head mismatch). Checks the signed checkpoints
   * (audit-checkpoints.ts) first, then seq continuity from 1, prevHash linkage, each event's
   * keyed hash (or unkeyed, for the events older than the keys), that each head a checkpoint
   * recorded is still there with its hash, each transition row against its event
   * (transition-evidence.ts), that the newest event is the head stored in audit_chains
   * (deleting the newest event is detected), heads without events, events without a head,
   * and declarations or transition rows without a chain.
   */
  async verify(ctx: RequestContext, query: Record<string, unknown>): Promise<VerifyResult> {
    const { declarationId, mode } = parseVerifyQuery(query);
    if (declarationId !== undefined) await this.scope.assertDeclarationVisible(ctx.user, declarationId);
    const result = inWords(await this.db.write((tx) => this.verifyChains(tx, declarationId, mode)), ctx.lang);
    // Nothing at all under that id (no row, no chain head, no event): it never existed.
    if (
      declarationId !== undefined &&
      result.ok &&
      result.checked === 0 &&
      !(await this.chainExists(declarationId))
    )
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
   * One declaration's chain, fully (from its first event, with the checkpoints that recorded it
   * and its transition rows), answered in `lang`, without a caller's scope and not itself
   * recorded: what the public check of a published table (src/publication) relies on. It reads
   * only the chain of a declaration the caller already knows is published, and says only
   * whether it holds and where it breaks.
   */
  async verifyDeclarationChain(declarationId: number, lang: Lang): Promise<VerifyResult> {
    return inWords(await this.db.write((tx) => this.verifyChains(tx, declarationId, 'full')), lang);
  }

  /**
   * `full`: every event from each chain's first, with the whole checkpoint chain. `routine`: each
   * chain from its newest signed head on (`loadLatestSeals`): a chain whose head is the sealed one
   * is compared, not read; the events after it are checked as in a full pass, the first one linked
   * to the sealed hash; a chain never sealed is read whole. What it leaves to the full pass: the
   * events before each seal (their hashes), the checkpoint chain's continuity, and transition rows
   * of declarations with no event at all.
   */
  private async verifyChains(
    tx: Tx,
    declarationId: number | undefined,
    mode: VerifyMode,
  ): Promise<VerifyOutcome> {
    // On PostgreSQL one snapshot for every batch, without blocking writers; SQLite is
    // serialized in-process, so nothing writes during the pass.
    if (this.db.isPostgres) await tx.query(VERIFY_SNAPSHOT);
    const run = runOf(tx);
    const only = declarationId === undefined ? undefined : `d:${declarationId}`;
    const hp = this.db.parameters();
    const headRows = (await tx.query(chainHeads(hp, only), hp.values)) as Array<{
      chain: string;
      seq: number;
      hash: string;
    }>;
    const heads = new Map(headRows.map((h) => [h.chain, { seq: Number(h.seq), hash: h.hash }]));

    // The signed checkpoints first: what they recorded is what the events must still be.
    const routine = mode === 'routine';
    const seals = routine ? await loadLatestSeals(run, this.db.isPostgres, this.keys, only) : null;
    const ledger: CheckpointLedger = seals
      ? {
          problem: seals.problem,
          sealed: new Map(),
          legacyMaxEventId: seals.legacyMaxEventId,
          checked: seals.checked,
        }
      : await loadCheckpoints(run, this.db.isPostgres, this.keys, only);
    const counts: VerifyCounts = { mode, checked: 0, checkpoints: ledger.checked, transitions: 0 };
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

    // Routine: where each chain's reading starts (after its newest seal), and what is left to read.
    const starts = new Map<string, { seq: number; hash: string }>();
    const tails: RoutineTail[] = [];
    if (seals) {
      for (const c of [...heads.keys()].sort()) {
        const head = heads.get(c)!;
        const seal = seals.latest.get(c);
        if (seal) {
          const [seq, hash, checkpointId] = seal;
          if (head.seq < seq)
            return broken(
              null,
              c,
              head.seq + 1,
              { code: 'AUDIT_CHECKPOINTED_EVENT_MISSING', params: { seq, checkpointId, lastSeq: head.seq } },
              { checkpointId },
            );
          if (head.seq === seq) {
            if (head.hash !== hash)
              return broken(
                null,
                c,
                seq,
                { code: 'AUDIT_CHECKPOINT_REWRITTEN', params: { checkpointId, seq } },
                { checkpointId },
              );
            heads.delete(c);
            continue;
          }
          starts.set(c, { seq, hash });
          tails.push({ chain: c, after: seq, head: head.seq, sealed: true });
        } else if (head.seq > 0) tails.push({ chain: c, after: 0, head: head.seq, sealed: false });
      }
    }

    let chain: string | null = null;
    let lastSeq = 0;
    let lastHash = GENESIS_HASH;
    let lastId = 0;
    let sealed: Array<[number, string, number]> = [];
    let nextSealed = 0;
    let declaration: number | null = null;
    const transitions = seals
      ? new RoutineTransitions(run, this.db.isPostgres, starts)
      : new TransitionQueue(run, this.db.isPostgres);
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

    const batchSize = this.batches.verify;
    const batches = seals ? this.routineBatches(tx, tails, batchSize) : this.fullBatches(tx, only, batchSize);
    for await (const rows of batches) {
      await transitions.load(rows);
      for (const r of rows) {
        const seq = Number(r[C.seq]);
        const id = Number(r[C.id]);
        const rowChain = r[C.chain] as string;
        if (rowChain !== chain) {
          const end = closeChain();
          if (end) return end;
          chain = rowChain;
          const start = starts.get(chain);
          lastSeq = start?.seq ?? 0;
          lastHash = start?.hash ?? GENESIS_HASH;
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
        const problem = eventHashProblem(hashedFieldsOfRow(r), seal, hash, this.keys.macFor);
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
    const orphan = (await tx.query(declarationWithoutChain(dp, declarationId), dp.values)) as Array<{
      id: number;
    }>;
    if (orphan.length) return broken(null, `d:${orphan[0].id}`, 1, { code: 'AUDIT_CHAIN_MISSING' });
    // Transition rows of a declaration with no audit event at all (a scan of every row: the full pass's).
    if (routine) return { ok: true, ...counts };
    const tp = this.db.parameters();
    const [stray] = (await tx.query(transitionWithoutEvents(tp, declarationId), tp.values)) as Array<{
      id: number;
      declarationId: number;
    }>;
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
    const [row] = await run(FIRST_KEYED_EVENT, []);
    return row ? Number(row.id) : Number.MAX_SAFE_INTEGER;
  }

  /** Whether anything of a declaration's exists to verify: its row or its chain head. */
  private async chainExists(declarationId: number): Promise<boolean> {
    const p = this.db.parameters();
    const sql = declarationOrChain(p, declarationId);
    const rows = (await this.db.read((em) => em.query(sql, p.values))) as unknown[];
    return rows.length > 0;
  }

  /**
   * A full pass's batches: every event in (chain, seq) order after a position, `batchSize` at a
   * time. The next batch is requested before this one is hashed, so the database works while we do.
   */
  private async *fullBatches(
    tx: Tx,
    only: string | undefined,
    batchSize: number,
  ): AsyncGenerator<unknown[][]> {
    const read = await this.rowReader(tx);
    const sql = (after: [string, number] | null) => {
      const p = this.db.parameters();
      const text = verifyBatch(p, only, after, batchSize);
      return { text, values: p.values };
    };
    let pending = read(sql(null));
    for (;;) {
      const rows = await pending;
      const full = rows.length === batchSize;
      if (full) {
        const last = rows[rows.length - 1];
        pending = read(sql([last[C.chain] as string, Number(last[C.seq])]));
        // Awaited next time round, unless a break is found first; never an unhandled rejection.
        pending.catch(() => undefined);
      }
      yield rows;
      if (!full) return;
    }
  }

  /**
   * A routine pass's batches: the tails to read, several chains a query (about `batchSize`
   * events); a sealed chain's tail always whole (its transition rows are paired from the end), a
   * chain never sealed that is longer than a batch a page of seqs at a time.
   */
  private async *routineBatches(
    tx: Tx,
    tails: RoutineTail[],
    batchSize: number,
  ): AsyncGenerator<unknown[][]> {
    const read = await this.rowReader(tx);
    const query = (ranges: Array<{ chain: string; after: number; upto?: number }>) => {
      const p = this.db.parameters();
      const text = eventsInRanges(p, ranges);
      return read({ text, values: p.values });
    };
    let group: RoutineTail[] = [];
    let size = 0;
    for (const t of tails) {
      if (t.sealed || t.head - t.after <= batchSize) {
        group.push(t);
        size += t.head - t.after;
        if (size >= batchSize || group.length >= ROUTINE_CHAINS_PER_READ) {
          yield await query(group);
          group = [];
          size = 0;
        }
        continue;
      }
      if (group.length) yield await query(group);
      group = [];
      size = 0;
      for (let after = t.after; ; after += batchSize) {
        const last = after + batchSize >= t.head;
        yield await query([{ chain: t.chain, after, upto: last ? undefined : after + batchSize }]);
        if (last) break;
      }
    }
    if (group.length) yield await query(group);
  }

  /**
   * Runs a verify query and answers its rows as arrays in the order of VERIFY_SELECT. On
   * PostgreSQL straight from the transaction's pg client in array row mode: at ~10k rows a batch,
   * building row objects is a good share of the cost.
   */
  private async rowReader(tx: Tx): Promise<(q: { text: string; values: unknown[] }) => Promise<unknown[][]>> {
    if (this.db.isPostgres && tx.queryRunner) {
      const client = (await tx.queryRunner.connect()) as {
        query(q: { text: string; values: unknown[]; rowMode: 'array' }): Promise<{ rows: unknown[][] }>;
      };
      return async (q) => (await client.query({ ...q, rowMode: 'array' })).rows;
    }
    return async (q) => {
      const rows = (await tx.query(q.text, q.values)) as Array<Record<string, unknown>>;
      return rows.map((r) => VERIFY_COLUMN_NAMES.map((c) => r[c]));
    };
  }
}
