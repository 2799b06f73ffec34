import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import { phaseOf, reviewStage } from '../lifecycle/declaration.machine';
import { TransitionHooks, type TransitionNotice } from '../workflow/transition-hooks';
import { Notification, NotificationDelivery } from './notification.entity';
import type { NotificationKind, NotificationParams } from './notifications.messages';
import { insertAndNotify, notify } from './notifications.queries';
import { awaitedIn, recipientsOf, type Recipient } from './recipients';

/** "user:id" pairs in one NOTIFY payload (at most 8000 bytes). */
const NOTICE_PAIRS = 400;

/** One message to be written for some recipients. */
export interface Draft {
  kind: NotificationKind;
  declarationId: number | null;
  params: NotificationParams;
  link: string;
  recipients: Recipient[];
}

/** The console page of a declaration in a state: its report's page in monitoring and evaluation. */
export function linkFor(declarationId: number, ...states: string[]): string {
  const phase = states.map((s) => phaseOf(s)).find((p) => p !== null);
  if (phase === 'monitoring') return `/monitoring/${declarationId}`;
  if (phase === 'evaluation') return `/evaluation/${declarationId}`;
  return `/declarations/${declarationId}`;
}

/**
 * The transactional outbox. Every message is written in the transaction of what it is about (a
 * transition, a reminder of the sweep): the inbox row of each recipient, an email to send for
 * each recipient with an address when SMTP_URL is set, and on PostgreSQL a NOTIFY that the
 * database delivers to every instance's live streams only when the transaction commits. A
 * transition that rolls back leaves no message behind.
 */
@Injectable()
export class NotificationOutbox implements OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TransitionHooks) private readonly hooks: TransitionHooks,
  ) {}

  /** Told of every transition in its transaction (workflow/transition-hooks.ts). */
  onModuleInit(): void {
    this.hooks.register({ committed: (tx, n) => this.transitioned(tx, n) });
  }

  /** The messages of a transition, in its transaction. */
  async transitioned(tx: Tx, n: TransitionNotice): Promise<void> {
    const about = { departmentId: n.departmentId, departmentPath: n.departmentPath };
    const params: NotificationParams = {
      projectName: n.projectName,
      year: n.year,
      event: n.event,
      from: n.from,
      to: n.to,
      actorName: n.actor.displayName,
    };
    const link = linkFor(n.declarationId, n.to, n.from);
    const drafts: Draft[] = [];
    const draft = (kind: NotificationKind, recipients: Recipient[], extra: NotificationParams = {}) =>
      drafts.push({
        kind,
        declarationId: n.declarationId,
        params: { ...params, ...extra },
        link,
        recipients,
      });
    // Nobody is told about what they did themselves, and a submitter is not asked to review
    // their own submission (segregation of duties).
    const others = (list: Recipient[]) =>
      list.filter((r) => r.id !== n.actor.id && r.id !== n.submittedAfter);

    // Who is told: the reviewers or submitters the new state awaits, and on a RETURN or an APPROVE
    // the one who had submitted it, read in one query.
    const awaited =
      (reviewStage(n.to) && (n.event === 'SUBMIT' || n.event === 'APPROVE')) ||
      n.event === 'OPEN_MONITORING' ||
      n.event === 'OPEN_EVALUATION'
        ? awaitedIn(n.to)
        : [];
    const submitterTold =
      (n.event === 'RETURN' || n.event === 'APPROVE') && n.submittedBefore && n.submittedBefore !== n.actor.id
        ? n.submittedBefore
        : null;
    const found = await recipientsOf(tx, this.db, about, awaited, submitterTold ? [submitterTold] : []);
    if (awaited.length)
      draft(
        n.event === 'SUBMIT' || n.event === 'APPROVE' ? 'review.awaiting' : 'report.opened',
        others(found.covering),
      );
    if (submitterTold) {
      if (n.event === 'RETURN') draft('declaration.returned', found.named, { comment: n.comment });
      else draft('declaration.approved', found.named);
    }
    await this.write(tx, drafts);
  }

  /** Writes the drafts' messages in the open transaction. */
  async write(tx: Tx, drafts: Draft[]): Promise<void> {
    const now = new Date().toISOString();
    const rows = drafts.flatMap((d) =>
      d.recipients.map((r) => ({
        row: {
          userId: r.id,
          kind: d.kind,
          declarationId: d.declarationId,
          params: JSON.stringify(d.params),
          link: d.link,
          createdAt: now,
          readAt: null,
        } satisfies Partial<Notification>,
        email: r.email,
      })),
    );
    if (!rows.length) return;
    const insert = this.db.insertManyStatement(
      Notification,
      rows.map((r) => r.row),
    );
    // On PostgreSQL the rows and their notice to the live streams go as one statement.
    const together = this.db.isPostgres && rows.length <= NOTICE_PAIRS;
    const written = await this.db.writeAll(tx, [
      (p) => (together ? insertAndNotify(p, insert(p)) : `${insert(p)} RETURNING id, user_id`),
    ]);
    // The ids in the order of the rows: each (user, kind) once per draft, so matched by position
    // within the returned set sorted by id (both engines number a multi-row insert in order).
    const ids = written.map((w) => Number(w.id)).sort((a, b) => a - b);
    if (this.config.notifications.smtpUrl) {
      const deliveries = rows.flatMap((r, i) =>
        r.email
          ? [
              {
                notificationId: ids[i],
                userId: r.row.userId,
                channel: 'email',
                address: r.email,
                status: 'pending' as const,
                attempts: 0,
                nextAttemptAt: now,
                lastError: null,
                createdAt: now,
                sentAt: null,
              },
            ]
          : [],
      );
      if (deliveries.length)
        await this.db.writeAll(tx, [this.db.insertManyStatement(NotificationDelivery, deliveries)]);
    }
    if (this.db.isPostgres && !together) {
      // Delivered to the listeners at commit, never for a rolled-back transaction. A payload
      // holds at most 8000 bytes: "user:id" pairs in chunks.
      const pairs = rows.map((r, i) => `${r.row.userId}:${ids[i]}`);
      for (let i = 0; i < pairs.length; i += NOTICE_PAIRS) {
        const p = this.db.parameters();
        await tx.query(notify(p, pairs.slice(i, i + NOTICE_PAIRS).join(',')), p.values);
      }
    }
  }
}
