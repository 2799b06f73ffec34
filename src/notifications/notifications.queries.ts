import type { SqlValues } from '../database/db.service';

/** The notifications module's hand-written SQL (the rest goes through TypeORM and the statement builder). */

/** PostgreSQL: the channel on which an instance tells every instance's streams about news ("user:id,…"). */
export const NOTIFY_CHANNEL = 'pd_notifications';
export const LISTEN = `LISTEN ${NOTIFY_CHANNEL}`;
/** PostgreSQL: a notice on the channel, delivered to the listeners when the transaction commits. */
export function notify(p: SqlValues, payload: string): string {
  return `SELECT pg_notify(${p.add(NOTIFY_CHANNEL)}, ${p.add(payload)})`;
}

/**
 * The enabled users of the declaration's department and of the departments above it (everyone
 * whose scope may cover it) who hold one of `roles`, and the enabled users `named` (a submitter
 * to tell), with their department's path: the recipients of a transition in one query.
 */
export function usersAbove(
  p: SqlValues,
  departmentPath: string,
  roles: readonly string[],
  named: readonly number[] = [],
): string {
  const path = p.add(departmentPath);
  const roleMatch = roles.length ? roles.map((r) => `u.roles LIKE ${p.add(`%${r}%`)}`).join(' OR ') : '1 = 0';
  const byId = named.length ? ` OR u.id IN (${named.map((id) => p.add(id)).join(', ')})` : '';
  return `SELECT u.id, u.username, u.display_name, u.roles, u.department_id, u.email, dep.path
            FROM users u JOIN departments dep ON dep.id = u.department_id
           WHERE NOT u.disabled AND ((${path} LIKE dep.path || '%' AND (${roleMatch}))${byId})
           ORDER BY u.id`;
}

/**
 * PostgreSQL: the inbox rows of `insert` and, in the same statement, the notice of them to every
 * instance's live streams ("user:id,…", delivered at commit): one round trip instead of two. The
 * rows' ids and users are returned. At most 400 rows, so the payload stays under its 8000 bytes.
 */
export function insertAndNotify(p: SqlValues, insert: string): string {
  return `WITH ins AS (${insert} RETURNING id, user_id),
       n AS (SELECT pg_notify(${p.add(NOTIFY_CHANNEL)}, (SELECT string_agg(user_id || ':' || id, ',' ORDER BY id) FROM ins)) AS sent)
  SELECT ins.id, ins.user_id FROM ins CROSS JOIN n`;
}

/** A user's unread messages. */
export function unreadCount(p: SqlValues, userId: number): string {
  return `SELECT COUNT(*) AS n FROM notifications WHERE user_id = ${p.add(userId)} AND read_at IS NULL`;
}

/** Marks all of a user's unread messages read: `RETURNING id` of each. */
export function markAllRead(p: SqlValues, userId: number, at: string): string {
  return `UPDATE notifications SET read_at = ${p.add(at)} WHERE user_id = ${p.add(userId)} AND read_at IS NULL RETURNING id`;
}

/** SQLite's live stream: messages written since the last one seen (ids commit in order: one writer). */
export function newerThan(p: SqlValues, lastSeen: number): string {
  return `SELECT id, user_id FROM notifications WHERE id > ${p.add(lastSeen)} ORDER BY id LIMIT 1000`;
}
export const NEWEST_ID = 'SELECT MAX(id) AS m FROM notifications';

/** A dead letter of a user within the admin's department subtree, locked for its requeue. */
export function deadLetterInScope(p: SqlValues, id: number, pathPrefix: string, forUpdate: string): string {
  return `SELECT x.id, x.attempts FROM notification_deliveries x
            JOIN users u ON u.id = x.user_id JOIN departments dep ON dep.id = u.department_id
           WHERE x.id = ${p.add(id)} AND x.status = 'dead' AND dep.path LIKE ${p.add(`${pathPrefix}%`)}${forUpdate}`;
}

/** PostgreSQL: rows another instance has claimed are passed over, not waited for. */
export const SKIP_LOCKED = ' FOR UPDATE SKIP LOCKED';

/**
 * Claims due emails: their attempt counted and their next attempt moved a lease ahead, in one
 * statement (`skipLocked`: ` FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances claiming at once
 * take different rows); the claimed rows come back.
 */
export function claimDue(
  p: SqlValues,
  due: string,
  lease: string,
  batch: number,
  skipLocked: string,
): string {
  return `UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = ${p.add(lease)}
           WHERE id IN (SELECT id FROM notification_deliveries
                         WHERE status = 'pending' AND next_attempt_at <= ${p.add(due)}
                         ORDER BY next_attempt_at, id LIMIT ${Math.trunc(batch)}${skipLocked})
           RETURNING id, notification_id, address, attempts`;
}

/** What the claimed emails say: their messages. */
export function messagesOf(p: SqlValues, ids: readonly number[]): string {
  return `SELECT id, kind, params, link FROM notifications WHERE id IN (${ids.map((id) => p.add(id)).join(', ')})`;
}

/** An email's outcome: sent, retried later, or dead. */
export function settleDelivery(
  p: SqlValues,
  id: number,
  set: { status?: string; sent_at?: string; next_attempt_at?: string; last_error: string | null },
): string {
  const assignments = Object.entries(set).map(([column, value]) => `${column} = ${p.add(value)}`);
  return `UPDATE notification_deliveries SET ${assignments.join(', ')} WHERE id = ${p.add(id)}`;
}

/** The review items that may have reached a deadline threshold: in a review state, entered by `horizon`. */
export function reviewItems(p: SqlValues, states: readonly string[], horizon: string): string {
  return `SELECT d.id, d.state, d.state_entered_at, d.project_name, d.year, d.department_id, d.department_path,
                 d.submitted_by, dep.name AS department_name
            FROM declarations d JOIN departments dep ON dep.id = d.department_id
           WHERE d.state IN (${states.map((s) => p.add(s)).join(', ')}) AND d.state_entered_at <= ${p.add(horizon)}
           ORDER BY d.state_entered_at, d.id`;
}

/** The reminder's key, unless some instance has written it: `RETURNING id` only for the one that did. */
export function takeReminder(
  p: SqlValues,
  r: { declarationId: number; state: string; enteredAt: string; threshold: string; at: string },
): string {
  return `INSERT INTO notification_reminders (declaration_id, state, entered_at, threshold, created_at)
          VALUES (${p.add(r.declarationId)}, ${p.add(r.state)}, ${p.add(r.enteredAt)}, ${p.add(r.threshold)}, ${p.add(r.at)})
          ON CONFLICT (declaration_id, state, entered_at, threshold) DO NOTHING RETURNING id`;
}
