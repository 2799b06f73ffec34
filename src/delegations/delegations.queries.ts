import { delegationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';

/**
 * The delegations module's hand-written SQL (joins of delegations, users and departments).
 * Each function adds its parameters in the order of the SQL text.
 */

const PERSON = `SELECT u.id, u.username, u.display_name, u.roles, u.disabled, u.department_id,
  dep.name AS department_name, dep.path AS department_path
  FROM users u JOIN departments dep ON dep.id = u.department_id`;

/** One user with their department (`lockClause`: ` FOR UPDATE OF u` on PostgreSQL, or ''). */
export function personById(p: SqlValues, id: number, lockClause: string): string {
  return `${PERSON} WHERE u.id = ${p.add(id)}${lockClause}`;
}

export function peopleByIds(p: SqlValues, ids: readonly number[]): string {
  return `${PERSON} WHERE u.id IN (${ids.map((id) => p.add(id)).join(', ')})`;
}

/** The users of a bureau holding `role`, the principal left out (the candidates before `mayStandIn`). */
export function holdersOfRole(p: SqlValues, bureauPrefix: string, principalId: number, role: string): string {
  return `${PERSON} WHERE dep.path LIKE ${p.add(`${bureauPrefix}%`)} AND u.id <> ${p.add(principalId)}
         AND (',' || u.roles || ',') LIKE ${p.add(`%,${role},%`)} ORDER BY dep.path, u.id`;
}

/** A page of the delegations the user may read (`id`), newest first, after the cursor's id. */
export function visibleDelegations(
  p: SqlValues,
  user: AuthUser,
  beforeId: number | null,
  take: number,
): string {
  const where = [delegationScopeSql(user, (v) => p.add(v))];
  if (beforeId !== null) where.push(`dl.id < ${p.add(beforeId)}`);
  return `SELECT dl.id FROM delegations dl JOIN users pu ON pu.id = dl.principal_id
         JOIN departments pdep ON pdep.id = pu.department_id
         WHERE ${where.join(' AND ')} ORDER BY dl.id DESC LIMIT ${Math.trunc(take)}`;
}

/** One delegation the user may read (`delegationScopeSql`), locked for its end. */
export function visibleDelegation(p: SqlValues, user: AuthUser, id: number, lockClause: string): string {
  return `SELECT dl.* FROM delegations dl JOIN users pu ON pu.id = dl.principal_id
         JOIN departments pdep ON pdep.id = pu.department_id
         WHERE dl.id = ${p.add(id)} AND ${delegationScopeSql(user, (v) => p.add(v))}${lockClause}`;
}

/** A delegation of the principal in the role, not over by `today`, whose days meet [startsOn, endsOn]. */
export function overlappingDelegation(
  p: SqlValues,
  d: { principalId: number; role: string; today: string; startsOn: string; endsOn: string },
): string {
  return `SELECT id, starts_on, ends_on FROM delegations WHERE principal_id = ${p.add(d.principalId)}
         AND role = ${p.add(d.role)} AND ended_at IS NULL AND ends_on >= ${p.add(d.today)}
         AND starts_on <= ${p.add(d.endsOn)} AND ends_on >= ${p.add(d.startsOn)} ORDER BY id LIMIT 1`;
}

/** The delegations to a substitute in force on `day`, with the principal's roles and department path. */
export function delegationsInForce(p: SqlValues, substituteId: number, day: string): string {
  return `SELECT dl.id, dl.principal_id, dl.role, u.display_name, u.roles, u.disabled, dep.path
       FROM delegations dl JOIN users u ON u.id = dl.principal_id JOIN departments dep ON dep.id = u.department_id
       WHERE dl.substitute_id = ${p.add(substituteId)} AND dl.ended_at IS NULL
         AND dl.starts_on <= ${p.add(day)} AND dl.ends_on >= ${p.add(day)}
       ORDER BY dl.id`;
}

export function departmentPaths(p: SqlValues, ids: readonly number[]): string {
  return `SELECT id, path FROM departments WHERE id IN (${ids.map((id) => p.add(id)).join(', ')})`;
}
