import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { diffFields } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { User } from '../auth/user.entity';
import { CommonErrors } from '../common/common.messages';
import { valueLabel, type Lang } from '../common/i18n';
import { Cursors, parseLimit } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import type { DeliveryQuery, InboxQuery } from './notifications.dto';
import {
  deadLetterInScope,
  markAllRead as markAllReadSql,
  unreadCount as unreadCountSql,
} from './notifications.queries';
import { Notification, NotificationDelivery } from './notification.entity';
import { NotificationStream } from './notification-stream';
import { NotificationErrors, renderNotification, type NotificationParams } from './notifications.messages';

/** A message as its reader sees it: the words in the reader's language, the page it is about. */
export function notificationView(n: Notification, lang: Lang) {
  const { title, body } = renderNotification(n.kind, JSON.parse(n.params) as NotificationParams, lang);
  return {
    id: n.id,
    kind: n.kind,
    kindLabel: valueLabel(n.kind, lang, 'notificationKind'),
    title,
    body,
    link: n.link,
    declarationId: n.declarationId,
    createdAt: n.createdAt,
    read: n.readAt !== null,
    readAt: n.readAt,
  };
}

/**
 * The inbox: a user's own messages, newest first, and their read marks; one's own email
 * address; and for admins the delivery state of the emails (the outbox and its dead letters)
 * of the users they administer, without what the messages say. Every query is limited to the
 * caller's own rows (or, for an admin, its department subtree's users) in its WHERE clause.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Cursors) private readonly cursors: Cursors,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(NotificationStream) private readonly stream: NotificationStream,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // News for a stream: each new message, then the count (also alone, after read marks).
    stream.handleNewsWith(async (client, ids) => {
      for (const view of await this.byIds(client.userId, ids, client.lang)) client.send('notification', view);
      client.send('unread', { unreadCount: await this.unreadCount(client.userId) });
    });
  }

  async list(ctx: RequestContext, query: InboxQuery) {
    const limit = parseLimit(query.limit);
    const unread = query.unread;
    const cursor = this.cursors.decode(query.cursor);
    const before = cursor ? Number(cursor[0]) : null;
    if (cursor && !Number.isSafeInteger(before)) throw CommonErrors.CURSOR_INVALID({}, { field: 'cursor' });
    const rows = await this.db.read((em) => {
      const qb = em
        .createQueryBuilder(Notification, 'n')
        .where('n.user_id = :me', { me: ctx.user.id })
        .orderBy('n.id', 'DESC')
        .take(limit + 1);
      if (unread === true) qb.andWhere('n.read_at IS NULL');
      if (unread === false) qb.andWhere('n.read_at IS NOT NULL');
      if (before !== null) qb.andWhere('n.id < :before', { before });
      return qb.getMany();
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((n) => notificationView(n, ctx.lang)),
      nextCursor: rows.length > limit ? this.cursors.encode([page[page.length - 1].id]) : null,
      unreadCount: await this.unreadCount(ctx.user.id),
    };
  }

  unreadCount(userId: number): Promise<number> {
    return this.db.read(async (em) => {
      const p = this.db.parameters();
      const [row] = (await em.query(unreadCountSql(p, userId), p.values)) as Array<{ n: string | number }>;
      return Number(row?.n ?? 0);
    });
  }

  /** One's own newest messages by id (the live stream's lookups). */
  byIds(userId: number, ids: number[], lang: Lang) {
    if (!ids.length) return Promise.resolve([]);
    return this.db.read(async (em) =>
      (
        await em
          .createQueryBuilder(Notification, 'n')
          .where('n.user_id = :me AND n.id IN (:...ids)', { me: userId, ids })
          .orderBy('n.id', 'ASC')
          .getMany()
      ).map((n) => notificationView(n, lang)),
    );
  }

  /** Marks one of one's own messages read (again: no change); another's is 404. */
  async markRead(ctx: RequestContext, id: number) {
    const view = await this.db.write(async (tx) => {
      const n = await tx.findOne(Notification, { where: { id, userId: ctx.user.id } });
      if (!n) throw NotificationErrors.NOTIFICATION_NOT_FOUND({ id }, { field: 'id' });
      if (n.readAt === null) {
        n.readAt = nowIso();
        await tx.update(Notification, { id, userId: ctx.user.id }, { readAt: n.readAt });
      }
      return notificationView(n, ctx.lang);
    });
    const unreadCount = await this.unreadCount(ctx.user.id);
    await this.stream.changed(ctx.user.id);
    return { notification: view, unreadCount };
  }

  async markAllRead(ctx: RequestContext) {
    const marked = await this.db.write(async (tx) => {
      const rows = await this.db.writeAll(tx, [(p) => markAllReadSql(p, ctx.user.id, nowIso())]);
      return rows.length;
    });
    await this.stream.changed(ctx.user.id);
    return { marked, unreadCount: 0 };
  }

  /** One's own notification settings: the email address, and whether the service sends email. */
  async settings(ctx: RequestContext) {
    const user = await this.db.read((em) => em.findOne(User, { where: { id: ctx.user.id } }));
    return { email: user?.email ?? null, emailEnabled: this.config.notifications.smtpUrl !== '' };
  }

  /** Sets or clears one's own email address (audited as a change of the user). */
  async setOwnEmail(ctx: RequestContext, email: string | null) {
    const next = email?.trim() || null;
    await this.db.write(async (tx) => {
      const user = await tx.findOne(User, { where: { id: ctx.user.id } });
      if (!user) throw NotificationErrors.NOTIFICATION_NOT_FOUND({ id: ctx.user.id });
      if (user.email === next) return;
      await tx.update(User, { id: user.id }, { email: next, updatedAt: nowIso() });
      await this.audit.record(ctx, {
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        changes: diffFields({ email: user.email }, { email: next }, ['email']),
      });
    });
    return this.settings(ctx);
  }

  /**
   * For an admin: the emails of the users it administers (its department's subtree), by state
   * (dead letters by default), newest first: to whom, where, how often tried, the last error.
   * Not what they say: the messages are about declarations, which an admin does not read.
   */
  async deliveries(ctx: RequestContext, query: DeliveryQuery) {
    const limit = parseLimit(query.limit);
    const status = query.status || 'dead';
    const cursor = this.cursors.decode(query.cursor);
    const before = cursor ? Number(cursor[0]) : null;
    if (cursor && !Number.isSafeInteger(before)) throw CommonErrors.CURSOR_INVALID({}, { field: 'cursor' });
    const rows = await this.db.read((em) => {
      const qb = em
        .createQueryBuilder(NotificationDelivery, 'x')
        .innerJoin(User, 'u', 'u.id = x.user_id')
        .innerJoin('departments', 'dep', 'dep.id = u.department_id')
        .innerJoin(Notification, 'n', 'n.id = x.notification_id')
        .select([
          'x.id AS id',
          'x.status AS status',
          'x.address AS address',
          'x.attempts AS attempts',
          'x.next_attempt_at AS "nextAttemptAt"',
          'x.last_error AS "lastError"',
          'x.created_at AS "createdAt"',
          'x.sent_at AS "sentAt"',
          'n.kind AS kind',
          'u.id AS "userId"',
          'u.username AS username',
          'u.display_name AS "displayName"',
        ])
        .where('dep.path LIKE :prefix', { prefix: `${ctx.user.departmentPath}%` })
        .andWhere('x.status = :status', { status })
        .orderBy('x.id', 'DESC')
        .limit(limit + 1);
      if (before !== null) qb.andWhere('x.id < :before', { before });
      return qb.getRawMany<Record<string, unknown>>();
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: Number(r.id),
        kind: String(r.kind),
        kindLabel: valueLabel(String(r.kind), ctx.lang, 'notificationKind'),
        recipient: { id: Number(r.userId), username: String(r.username), displayName: String(r.displayName) },
        address: String(r.address),
        status: String(r.status),
        statusLabel: valueLabel(String(r.status), ctx.lang, 'deliveryStatus'),
        attempts: Number(r.attempts),
        nextAttemptAt: r.status === 'pending' ? String(r.nextAttemptAt) : null,
        lastError: (r.lastError as string | null) ?? null,
        createdAt: String(r.createdAt),
        sentAt: (r.sentAt as string | null) ?? null,
      })),
      nextCursor: rows.length > limit ? this.cursors.encode([Number(page[page.length - 1].id)]) : null,
    };
  }

  /** An admin sends a dead letter again: pending, its attempts from zero, due now. */
  async requeue(ctx: RequestContext, id: number) {
    await this.db.write(async (tx) => {
      const p = this.db.parameters();
      const [row] = (await tx.query(
        deadLetterInScope(p, id, ctx.user.departmentPath, this.db.forUpdateSql),
        p.values,
      )) as Array<{ id: number; attempts: number }>;
      if (!row) throw NotificationErrors.DELIVERY_NOT_FOUND({ id }, { field: 'id' });
      await tx.update(
        NotificationDelivery,
        { id },
        { status: 'pending', attempts: 0, nextAttemptAt: nowIso(), lastError: null },
      );
      await this.audit.record(ctx, {
        action: 'notification.requeued',
        entityType: 'notification_delivery',
        entityId: id,
        changes: [
          { field: 'status', before: 'dead', after: 'pending' },
          { field: 'attempts', before: Number(row.attempts), after: 0 },
        ],
      });
    });
    return { id, status: 'pending' };
  }
}
