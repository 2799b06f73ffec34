import { Inject, Injectable } from '@nestjs/common';
import { Db, type Statement, type Tx } from '../database/db.service';
import { nowIso } from '../common/time';
import type { AuthUser } from '../common/request-context';
import type { AuditAction, FieldChange } from './audit-actions';
import { AuditChain } from './audit-chain.entity';
import { AuditEvent } from './audit-event.entity';
import { GENESIS_HASH } from './audit-hash';
import { AuditKeyring } from './audit-keys';

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
}

export type ChainHead = Pick<AuditChain, 'headSeq' | 'headHash'>;

export interface RecordOptions {
  /** The chain's head, when the caller has already locked it in this transaction. */
  head?: ChainHead;
  /** The change being recorded, written in the same round trip as its event (`Db.writeAll`). */
  alongside?: Statement[];
}

/**
 * Writes audit events. Called explicitly by the code path that makes a change, with that
 * path's transaction, so the change and its record commit or roll back together. Each event
 * extends a hash chain: one per declaration, one for system events; the chain head row is
 * locked and updated in the same transaction.
 */
@Injectable()
export class AuditService {
  /** Test seam: a failure forced here shows the surrounding transaction rolls back whole. */
  static failNextWrite: Error | null = null;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditKeyring) private readonly keys: AuditKeyring,
  ) {}

  async record(tx: Tx, actor: AuditActor, rec: AuditRecord, opts: RecordOptions = {}): Promise<AuditEvent> {
    if (AuditService.failNextWrite) {
      const err = AuditService.failNextWrite;
      AuditService.failNextWrite = null;
      throw err;
    }
    const chain = rec.declarationId ? `d:${rec.declarationId}` : 'system';
    const head = opts.head ?? (await this.lockChain(tx, chain));
    const event = tx.create(AuditEvent, {
      chain,
      seq: head.headSeq + 1,
      prevHash: head.headHash,
      at: rec.at ?? nowIso(),
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
    // Keyed (hash version 2): the MAC key is not in the database, so nobody who can only
    // write the database can recompute the chain.
    Object.assign(event, this.keys.sealEvent(event));
    const insertEvent = this.db.insertStatement(AuditEvent, event);
    const [row] = await this.db.writeAll(tx, [
      ...(opts.alongside ?? []),
      this.db.updateStatement(AuditChain, { headSeq: event.seq, headHash: event.hash }, { chain }),
      // Last, so its id comes back (readers take the newest id as their snapshot).
      (p) => `${insertEvent(p)} RETURNING id`,
    ]);
    event.id = Number(row.id);
    return event;
  }

  /** A record in a transaction of its own (logins, auditors' reads). */
  recordAlone(actor: AuditActor, rec: AuditRecord): Promise<AuditEvent> {
    return this.db.write((tx) => this.record(tx, actor, rec));
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
