import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { CommonErrors } from '../common/common.messages';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import {
  CHECKPOINT_FORMAT,
  exportCheckpoints,
  latestCheckpoint,
  maxEventId,
  sealCheckpoints,
  type Checkpoint,
  type HeadEntry,
  type SqlRun,
} from './audit-checkpoints';
import { AuditKeyring } from './audit-keys';
import { AuditErrors } from './audit.messages';
import { CHECKPOINT_LOCK_WAIT, TRY_CHECKPOINT_LOCK } from './audit.queries';
import { AuditService } from './audit.service';

/** PostgreSQL advisory lock of the checkpoint sweep: one instance seals at a time. */
export const CHECKPOINT_LOCK = 7_420_260_128;

export const runOf =
  (tx: Tx): SqlRun =>
  (sql, params) =>
    tx.query(sql, params) as Promise<Array<Record<string, unknown>>>;

/** A unique or primary-key violation: another instance wrote the same checkpoint id first. */
function isDuplicate(e: unknown): boolean {
  const code = (e as { driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export interface CheckpointExport {
  format: number;
  /** The keys to check the signatures with (keep your own copy of the public key: docs/audit.md). */
  keys: ReturnType<AuditKeyring['describe']>;
  checkpoints: Array<Checkpoint & { heads: HeadEntry[] }>;
  /** `after` for the next page, or null at the end. */
  nextAfter: number | null;
}

/**
 * Takes the signed checkpoints of the audit chain heads: periodically (a sweep every
 * AUDIT_CHECKPOINT_SWEEP_SECONDS seals when AUDIT_CHECKPOINT_MINUTES have passed or
 * AUDIT_CHECKPOINT_EVENTS events were written since the last checkpoint), and on an auditor's
 * request. Several instances on one PostgreSQL database: the sweep runs under an advisory
 * lock that the others skip, and a checkpoint id is the previous one + 1 under a primary key,
 * so no two instances write the same checkpoint.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditKeyring) private readonly keys: AuditKeyring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.audit.checkpointSweepSeconds;
    if (!seconds) return;
    // The first look soon after start, in the background: sealing a large trail for the first
    // time (after the upgrade that keyed it) must not hold up the start.
    this.timers.push(setTimeout(() => this.tick(), 1000).unref());
    this.timers.push(setInterval(() => this.tick(), seconds * 1000).unref());
  }

  async onModuleDestroy(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then((created) => {
        if (created.length)
          this.logger.log(
            `audit checkpoint ${created.map((c) => c.id).join(', ')}: ${created.reduce((n, c) => n + c.headCount, 0)} chain heads signed`,
          );
      })
      .catch((e: unknown) => this.logger.error(`audit checkpoint sweep failed: ${String(e)}`))
      .finally(() => (this.running = null));
  }

  /**
   * Seals the chain heads that moved, when a checkpoint is due: none yet, or events written
   * since the last one and either checkpointEvents of them or checkpointMinutes passed (an
   * event committed late with a lower id is sealed with the next one). Returns the new
   * checkpoints: none when nothing is due, nothing moved, or another instance is sealing.
   * `now` (ms) is the clock; tests move it.
   */
  async sweep(now = Date.now()): Promise<Checkpoint[]> {
    const { checkpointEvents, checkpointMinutes } = this.config.audit;
    try {
      return await this.db.write(async (tx) => {
        const run = runOf(tx);
        if (this.db.isPostgres) {
          const [row] = (await tx.query(TRY_CHECKPOINT_LOCK, [CHECKPOINT_LOCK])) as Array<{
            locked: boolean;
          }>;
          if (!row?.locked) return [];
        }
        const last = await latestCheckpoint(run);
        if (last) {
          // Nothing newer than the last checkpoint: nothing to seal, however long ago it was.
          const newer = (await maxEventId(run)) - last.lastEventId;
          const due =
            newer > 0 &&
            (newer >= checkpointEvents || now - Date.parse(last.at) >= checkpointMinutes * 60_000);
          if (!due) return [];
        }
        return sealCheckpoints(run, this.db.isPostgres, this.keys.signer, {
          at: new Date(now).toISOString(),
        });
      });
    } catch (e) {
      if (isDuplicate(e)) return [];
      throw e;
    }
  }

  /**
   * An auditor's checkpoint of now: always one, even when no head moved (a signed statement
   * that nothing changed), recorded as `audit.checkpointed` in the same transaction.
   */
  async createNow(ctx: RequestContext, note: string | null): Promise<{ checkpoints: Checkpoint[] }> {
    const checkpoints = await this.db.write(async (tx) => {
      // Waits for a sweep in progress instead of colliding with it.
      if (this.db.isPostgres) await tx.query(CHECKPOINT_LOCK_WAIT, [CHECKPOINT_LOCK]);
      const created = await sealCheckpoints(runOf(tx), this.db.isPostgres, this.keys.signer, {
        at: nowIso(),
        always: true,
      });
      await this.audit.record(ctx, {
        action: 'audit.checkpointed',
        entityType: 'audit_checkpoint',
        entityId: created[created.length - 1].id,
        comment: note,
        changes: [
          { field: 'checkpoints', before: null, after: created.map((c) => c.id) },
          { field: 'heads', before: null, after: created.reduce((n, c) => n + c.headCount, 0) },
        ],
      });
      return created;
    });
    return { checkpoints };
  }

  /** The checkpoints after an id, with their heads and the public keys; the export is audited. */
  async export(ctx: RequestContext, query: Record<string, unknown>): Promise<CheckpointExport> {
    const unknown = Object.keys(query).find((k) => !['after', 'limit'].includes(k));
    if (unknown !== undefined)
      throw AuditErrors.AUDIT_CHECKPOINTS_UNKNOWN_PARAMETER(
        { name: unknown.slice(0, 40) },
        { field: unknown.slice(0, 40) },
      );
    const after = wholeNumber(query.after, 'after', 0, 0, 2_147_483_647);
    const limit = wholeNumber(query.limit, 'limit', 20, 1, 100);
    await this.audit.record(ctx, {
      action: 'audit.exported',
      entityType: 'audit_log',
      comment: JSON.stringify({ checkpoints: true, after, limit }),
    });
    const checkpoints = await this.db.read((em) =>
      exportCheckpoints(
        (sql, params) => em.query(sql, params) as Promise<Array<Record<string, unknown>>>,
        this.db.isPostgres,
        after,
        limit + 1,
      ),
    );
    const page = checkpoints.slice(0, limit);
    return {
      format: CHECKPOINT_FORMAT,
      keys: this.keys.describe(),
      checkpoints: page,
      nextAfter: checkpoints.length > limit ? page[page.length - 1].id : null,
    };
  }

  describeKeys(): ReturnType<AuditKeyring['describe']> {
    return this.keys.describe();
  }
}

function wholeNumber(raw: unknown, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (Array.isArray(raw)) throw CommonErrors.QUERY_REPEATED({}, { field: name });
  const s = String(raw);
  if (!/^\d{1,10}$/.test(s) || Number(s) < min || Number(s) > max)
    throw AuditErrors.AUDIT_CHECKPOINTS_BAD_NUMBER({ min, max, value: s.slice(0, 20) }, { field: name });
  return Number(s);
}
