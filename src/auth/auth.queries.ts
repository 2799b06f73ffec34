import type { SqlValues } from '../database/db.service';

/**
 * The auth module's hand-written SQL: the login counters, each changed in the one statement that
 * decides it (never read and written back). The services run them (`AuthService.statement`).
 */

/** A successful login clears the failure count, unless a lock is (still or again) in force: `RETURNING id` when cleared. */
export function clearFailedLogins(p: SqlValues, userId: number, now: string): string {
  return `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ${p.add(userId)}
             AND (locked_until IS NULL OR locked_until <= ${p.add(now)}) RETURNING id`;
}

/**
 * One wrong password counted, and the account locked `until` when it reaches `maxFailures` (the
 * count restarts after an expired lock); returns the count and the lock as they are now.
 */
export function countWrongPassword(
  p: SqlValues,
  userId: number,
  at: { now: string; until: string; maxFailures: number },
): string {
  const { now, until, maxFailures } = at;
  // Failures so far in the current period: an expired lock starts a new one.
  const base = 'CASE WHEN locked_until IS NULL THEN failed_logins ELSE 0 END';
  return `UPDATE users SET
            failed_logins = CASE WHEN locked_until > ${p.add(now)} THEN failed_logins + 1
              WHEN ${base} + 1 >= ${p.add(maxFailures)} THEN 0 ELSE ${base} + 1 END,
            locked_until = CASE WHEN locked_until > ${p.add(now)} THEN locked_until
              WHEN ${base} + 1 >= ${p.add(maxFailures)} THEN ${p.add(until)} ELSE NULL END
          WHERE id = ${p.add(userId)}
          RETURNING failed_logins AS "failedLogins", locked_until AS "lockedUntil"`;
}
