import type { SqlValues } from '../database/db.service';

/** The org module's hand-written SQL (the account administration; the rest goes through TypeORM). */

/**
 * One's own password changed, only if it is still the one just verified and no lock was set
 * since it was read, with the token version incremented where it is stored: `RETURNING id` when
 * changed.
 */
export function changeOwnPassword(
  p: SqlValues,
  user: { id: number; passwordHash: string },
  hash: string,
  now: string,
): string {
  return `UPDATE users SET password_hash = ${p.add(hash)}, token_version = token_version + 1,
            failed_logins = 0, locked_until = NULL, updated_at = ${p.add(now)}
          WHERE id = ${p.add(user.id)} AND password_hash = ${p.add(user.passwordHash)}
            AND (locked_until IS NULL OR locked_until <= ${p.add(now)})
          RETURNING id`;
}

/** PostgreSQL: the transaction-scoped lock that lets one of two starting instances create the admin. */
export const BOOTSTRAP_ADVISORY_LOCK = 'SELECT pg_advisory_xact_lock($1)';
