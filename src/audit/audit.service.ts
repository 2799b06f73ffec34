import { Inject, Injectable } from '@nestjs/common';
import { Db, type Statement, type Tx } from '../database/db.service';
import { storable } from '../common/safe-text';
import { nowIso } from '../common/time';
import type { AuthUser } from '../common/request-context';
import type { AuditAction, FieldChange } from './audit-actions';
import { AuditChain } from './audit-chain.entity';
import { AuditEvent } from './audit-event.entity';
import { GENESIS_HASH } from './audit-hash';
import { AuditKeyring } from './audit-keys';
import { AuditWriteBatches } from './audit-write-batches';

export interface AuditActor {
  user: Pick<AuthUser, 'id' | 'username' | 'roles'> | null;
  /** For an unknown user (failed login): the name that was tried. */
  username?: string;
  requestId: string | null;
  ip: string | null;
}

export interface AuditRecord {
  action: AuditAction;
  outcome?: 'success' | 'failure' | 'denied';
  entityType: string;
  entityId?: string | number | null;
  declarationId?: number | null;
  indicatorId?: number | null;
  state?: string | null;
  changes?: FieldChange[];
  comment?: string | null;
  /** The instant of the change, when the caller stamps its own rows with it (a transition row). */
  at?: string;
  /**
   * A chain of its own for records about neither a declaration nor the system: `library` (the
   * indicator library's proposals and entries, src/library). Default: the declaration's, else system.
   */
  chain?: 'library';
}

/**
 * Every text of an event made what the database will return (safe-text.ts `storable`), so the
 * hash covers exactly the stored row even if some input path let a lone surrogate or NUL
 * through. Kept apart from the hash itself (audit-hash.ts).
 */
function storableFields(event: AuditEvent): void {
  const fields = event as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') fields[k] = storable(v);
}

export type ChainHead = Pick<AuditChain, 'headSeq' | 'headHash'>;

/** One event to append: who did it, and what. */
interface AuditEntry {
  actor: AuditActor;
  rec: AuditRecord;
}

export interface RecordOptions {
  /** The change being recorded, written in the same round trip as its event (`Db.writeAll`). */
  alongside?: Statement[];
}

/**
 * Writes audit events. Called by the code path that makes a change, inside that path's
 * `Db.write`: the event joins its transaction (db.service.ts), so the change and its record
 * commit or roll back together; called outside one (logins, auditors' reads) it is a
 * transaction of its own. Each event extends a hash chain: one per declaration, one for system
 * events; the chain head row is locked and updated in the same transaction.
 */
@Injectable()
export class AuditService {
  /** The chain heads each open transaction has locked, as its last event left them. */
  private readonly heads = new WeakMap<Tx, Map<string, ChainHead>>();
  /** System events waiting for the group being written (`recordGrouped`). */
  private grouped: Array<{
    entry: AuditEntry;
    resolve: (e: AuditEvent) => void;
    reject: (e: unknown) => void;
  }> = [];
  private groupWriting = false;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditKeyring) private readonly keys: AuditKeyring,
    @Inject(AuditWriteBatches) private readonly batches: AuditWriteBatches = new AuditWriteBatches(),
  ) {}

  async record(actor: AuditActor, rec: AuditRecord, opts: RecordOptions = {}): Promise<AuditEvent> {
    const [event] = await this.recordMany(actor, [rec], opts);
    return event;
  }

  /**
   * Several events of one chain (a change that touches many indicators of one declaration),
   * in the order given. Their seq and prevHash links are computed here, so the events and the
   * chain head are written in one statement per `AuditWriteBatches.events` events, not one round trip each.
   */
  recordMany(actor: AuditActor, recs: AuditRecord[], opts: RecordOptions = {}): Promise<AuditEvent[]> {
    return this.db.write((tx) =>
      this.append(
        tx,
        recs.map((rec) => ({ actor, rec })),
        opts,
      ),
    );
  }

  /**
   * A system-chain event that is the whole change (an auditor's read of the log), written with
   * the others that arrive while a group is being written: one transaction and one lock of the
   * system chain's head for the group (group commit), each caller answered once its own event has
   * committed. Concurrent readers then wait for one write between them, not for each other's
   * lock in turn; a lone reader waits for nothing more than before. Inside an open unit of work
   * it is `record`: the event joins that transaction.
   */
  recordGrouped(actor: AuditActor, rec: AuditRecord): Promise<AuditEvent> {
    if (rec.declarationId || rec.chain) throw new Error('recordGrouped: system events only');
    if (this.db.inUnitOfWork) return this.record(actor, rec);
    return new Promise<AuditEvent>((resolve, reject) => {
      this.grouped.push({ entry: { actor, rec }, resolve, reject });
      if (!this.groupWriting) void this.writeGroups();
    });
  }

  private async writeGroups(): Promise<void> {
    this.groupWriting = true;
    try {
      while (this.grouped.length) {
        const group = this.grouped.splice(0, this.batches.events);
        try {
          const events = await this.db.write((tx) =>
            this.append(
              tx,
              group.map((g) => g.entry),
              {},
            ),
          );
          group.forEach((g, i) => g.resolve(events[i]));
        } catch (e) {
          for (const g of group) g.reject(e);
        }
      }
    } finally {
      this.groupWriting = false;
    }
  }

  /**
   * The caller has locked a declaration's chain head in the current transaction (in the
   * statement that loaded the declaration: one round trip fewer): its events extend that head
   * without locking it again.
   */
  holdHead(tx: Tx, declarationId: number, head: ChainHead): void {
    this.heldBy(tx).set(chainOf({ declarationId }), head);
  }

  private async append(tx: Tx, entries: AuditEntry[], opts: RecordOptions): Promise<AuditEvent[]> {
    const chain = chainOf(entries[0]?.rec ?? {});
    if (entries.some((e) => chainOf(e.rec) !== chain))
      throw new Error('recordMany: the events must share a chain');
    if (!entries.length) {
      if (opts.alongside?.length) await this.db.writeAll(tx, opts.alongside);
      return [];
    }
    const held = this.heldBy(tx);
    let head: ChainHead = held.get(chain) ?? (await this.lockChain(tx, chain));
    const now = nowIso();
    const events = entries.map(({ actor, rec }) => {
      const event = tx.create(AuditEvent, {
        chain,
        seq: head.headSeq + 1,
        prevHash: head.headHash,
        at: rec.at ?? now,
        actorId: actor.user?.id ?? null,
        actorUsername: actor.user?.username ?? actor.username ?? null,
        actorRoles: actor.user?.roles.join(',') ?? '',
        action: rec.action,
        outcome: rec.outcome ?? 'success',
        entityType: rec.entityType,
        entityId: rec.entityId === undefined || rec.entityId === null ? null : String(rec.entityId),
        declarationId: rec.declarationId ?? null,
        indicatorId: rec.indicatorId ?? null,
        state: rec.state ?? null,
        changes: JSON.stringify(rec.changes ?? []),
        comment: rec.comment ?? null,
        requestId: actor.requestId,
        ip: actor.ip,
      });
      storableFields(event);
      // Keyed (hash version 2): the MAC key is not in the database, so nobody who can only
      // write the database can recompute the chain.
      Object.assign(event, this.keys.sealEvent(event));
      head = { headSeq: event.seq, headHash: event.hash };
      return event;
    });
    const size = this.batches.events;
    for (let i = 0; i < events.length; i += size) {
      const batch = events.slice(i, i + size);
      const last = batch[batch.length - 1];
      const insert = this.db.insertManyStatement(AuditEvent, batch);
      const rows = await this.db.writeAll(tx, [
        ...(i === 0 ? (opts.alongside ?? []) : []),
        this.db.updateStatement(AuditChain, { headSeq: last.seq, headHash: last.hash }, { chain }),
        // Last, so its ids come back (readers take the newest id as their snapshot).
        (p) => `${insert(p)} RETURNING id AS "id", seq AS "seq"`,
      ]);
      // Matched by seq: RETURNING promises no row order.
      const ids = new Map(rows.map((r) => [Number(r.seq), Number(r.id)]));
      for (const e of batch) e.id = ids.get(e.seq)!;
    }
    held.set(chain, head);
    return events;
  }

  private heldBy(tx: Tx): Map<string, ChainHead> {
    let held = this.heads.get(tx);
    if (!held) this.heads.set(tx, (held = new Map()));
    return held;
  }

  private async lockChain(tx: Tx, chain: string): Promise<AuditChain> {
    const select = () =>
      this.db.forUpdate(tx.createQueryBuilder(AuditChain, 'c').where('c.chain = :chain', { chain })).getOne();
    const head = await select();
    if (head) return head;
    // A new chain; two writers may race to create it, so insert-or-ignore and lock again.
    await tx
      .createQueryBuilder()
      .insert()
      .into(AuditChain)
      .values({ chain, headSeq: 0, headHash: GENESIS_HASH })
      .orIgnore()
      .execute();
    return (await select())!;
  }
}

function chainOf(rec: Pick<AuditRecord, 'declarationId' | 'chain'>): string {
  if (rec.chain) return rec.chain;
  return rec.declarationId ? `d:${rec.declarationId}` : 'system';
}
