import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { MAILER, type Mailer } from './mailer';
import { claimDue, messagesOf, settleDelivery, SKIP_LOCKED } from './notifications.queries';
import { renderNotification, type NotificationParams } from './notifications.messages';

interface Claimed {
  id: number;
  address: string;
  attempts: number;
  kind: string;
  params: string;
  link: string;
}

export interface DispatchResult {
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Sends the outbox's emails. Each round claims a batch of due messages in one short transaction
 * (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances running at once take different rows; SQLite
 * has one writer) by moving their next attempt a lease ahead and counting the attempt; sends
 * them outside any transaction; then records each outcome. A failure is tried again after
 * 1, 2, 4 … × NOTIFY_RETRY_BASE_SECONDS; after NOTIFY_MAX_ATTEMPTS it is a dead letter, which an
 * admin sees and may requeue. An instance that dies mid-batch leaves its rows to come due again
 * when the lease ends: an email is sent at least once.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('notifications');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MAILER) private readonly mailer: Mailer | null,
  ) {}

  onApplicationBootstrap(): void {
    const ms = this.config.notifications.dispatchMs;
    if (!ms || !this.mailer) return;
    this.timer = setInterval(() => this.tick(), ms);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.mailer?.close();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.dispatch()
      .catch((e: unknown) => this.logger.error(`notification dispatch failed: ${String(e)}`))
      .finally(() => (this.running = null));
  }

  /** One round: every due email of one batch. `now` (ms) is the clock; tests move it. */
  async dispatch(now = Date.now()): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retried: 0, dead: 0 };
    if (!this.mailer) return result;
    const n = this.config.notifications;
    const claimed = await this.claim(now);
    for (const c of claimed) {
      const { title, body } = renderNotification(c.kind, JSON.parse(c.params) as NotificationParams, 'zh');
      const link = n.publicUrl ? `${n.publicUrl}${c.link}` : c.link;
      try {
        await this.mailer.send({
          to: c.address,
          subject: `【绩效目标管理系统】${title}`,
          text: `${body}\n\n在系统中查看：${link}\n\n（本邮件由系统自动发送，请勿直接回复。）`,
        });
        await this.settle(c.id, { status: 'sent', sent_at: new Date(now).toISOString(), last_error: null });
        result.sent++;
      } catch (e) {
        const error = String((e as Error)?.message ?? e).slice(0, 500);
        if (c.attempts >= n.maxAttempts) {
          await this.settle(c.id, { status: 'dead', last_error: error });
          this.logger.warn(`email ${c.id} is a dead letter after ${c.attempts} attempts: ${error}`);
          result.dead++;
        } else {
          const wait = n.retryBaseSeconds * 1000 * 2 ** (c.attempts - 1);
          await this.settle(c.id, { next_attempt_at: new Date(now + wait).toISOString(), last_error: error });
          result.retried++;
        }
      }
    }
    return result;
  }

  private claim(now: number): Promise<Claimed[]> {
    const n = this.config.notifications;
    return this.db.write(async (tx) => {
      const lease = new Date(now + n.leaseSeconds * 1000).toISOString();
      const due = new Date(now).toISOString();
      const skipLocked = this.db.isPostgres ? SKIP_LOCKED : '';
      // One statement: the claimed rows come back with the attempt counted.
      const rows = await this.db.writeAll(tx, [(p) => claimDue(p, due, lease, n.batchSize, skipLocked)]);
      if (!rows.length) return [];
      const q = this.db.parameters();
      const texts = (await tx.query(
        messagesOf(
          q,
          rows.map((r) => Number(r.notification_id)),
        ),
        q.values,
      )) as Array<{ id: number; kind: string; params: string; link: string }>;
      const byId = new Map(texts.map((t) => [Number(t.id), t]));
      return rows
        .map((r) => {
          const t = byId.get(Number(r.notification_id));
          return {
            id: Number(r.id),
            address: String(r.address),
            attempts: Number(r.attempts),
            kind: t?.kind ?? '',
            params: t?.params ?? '{}',
            link: t?.link ?? '/',
          };
        })
        .sort((a, b) => a.id - b.id);
    });
  }

  private settle(id: number, set: Parameters<typeof settleDelivery>[2]): Promise<void> {
    return this.db.write(async (tx) => {
      const p = this.db.parameters();
      await tx.query(settleDelivery(p, id, set), p.values);
    });
  }
}
