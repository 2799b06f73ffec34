import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';
import type { Awaiting } from '../lifecycle/declaration.decisions';
import { INITIAL_STATE } from '../lifecycle/declaration.machine';

/**
 * The queue's hand-written SQL: one ordered index scan per (state, scope), merged, and the
 * counts per role (queues.service.ts says why it is written so). Each function adds its
 * parameters when called, in the order of the SQL text (SQLite's `?` are positional).
 */

/** A condition on the year (`?year=`). */
export const yearIs = (p: SqlValues, year: number) => `d.year = ${p.add(year)}`;

/** A condition: owned by a department of the subtree whose path starts with `prefix`. */
export const inSubtree = (p: SqlValues, prefix: string) => `d.department_path LIKE ${p.add(`${prefix}%`)}`;

/** Overdue (`entered < limit`) or not (`entered >= limit`), the limit being now − the deadline. */
export const enteredBefore = (p: SqlValues, overdue: boolean, limit: string) =>
  `d.state_entered_at ${overdue ? '<' : '>='} ${p.add(limit)}`;

/**
 * The declarations whose owning department stands in one of `a.relations` to the user, as SQL:
 * the user's own department; their subtree (owner or ancestor); any, within what the user may see.
 */
export function relationScope(user: AuthUser, a: Awaiting): (p: SqlValues) => string {
  if (a.relations.includes('other')) return (p) => declarationScopeSql(user, (v) => p.add(v));
  if (a.relations.includes('ancestor')) return (p) => inSubtree(p, user.departmentPath);
  return (p) => `d.department_id = ${p.add(user.departmentId)}`;
}

/** The states as a condition; a new draft (the initial state) awaits its submitter only once returned (ever submitted). */
export function inStates(p: SqlValues, states: readonly string[]): string {
  const parts: string[] = [];
  const plain = states.filter((s) => s !== INITIAL_STATE);
  if (plain.length) parts.push(`d.state IN (${plain.map((s) => p.add(s)).join(', ')})`);
  if (states.includes(INITIAL_STATE))
    parts.push(`(d.state = '${INITIAL_STATE}' AND d.ever_submitted IS TRUE)`);
  return parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0];
}

/** Entered at or after an instant (a due-date cursor's range, queues.service.ts `afterCursor`). */
export const enteredFrom = (p: SqlValues, at: string) => `d.state_entered_at >= ${p.add(at)}`;

/** After a cursor's (state_entered_at, id). */
export const enteredAfter = (p: SqlValues, at: string, id: number) =>
  `(d.state_entered_at > ${p.add(at)} OR (d.state_entered_at = ${p.add(at)} AND d.id > ${p.add(id)}))`;

/** One branch: the oldest `take` rows matching `conditions`, by one index range (`b<n>` names it in the union). */
export const branchRows = (conditions: string[], take: number, n: number) =>
  `SELECT * FROM (SELECT d.id, d.version, d.state, d.state_entered_at FROM declarations d WHERE ${conditions.join(' AND ')}
         ORDER BY d.state_entered_at, d.id LIMIT ${take}) b${n}`;

/** The branches merged oldest first by the database (each branch is in that order already). */
export const oldestFirst = (branches: string[], take: number) =>
  `SELECT * FROM (${branches.join(' UNION ALL ')}) q ORDER BY q.state_entered_at, q.id LIMIT ${take}`;

/** The branches as they come, merged by due date in the service (their deadlines differ). */
export const allBranches = (branches: string[]) => branches.join(' UNION ALL ');

/** The count per state of one role's items. */
export const countByState = (where: string[]) =>
  `SELECT d.state AS state, COUNT(*) AS n FROM declarations d WHERE ${where.join(' AND ')} GROUP BY d.state`;

/** Every role's counts in one statement. */
export const allCounts = (parts: string[]) => parts.join(' UNION ALL ');

/** The names on a page: its departments (`kind` d) and its people (`kind` u), one query. */
export function pageNames(p: SqlValues, departments: number[], users: number[]): string {
  const parts = [
    `SELECT 'd' AS kind, id, name FROM departments WHERE id IN (${departments.map((id) => p.add(id)).join(', ')})`,
  ];
  if (users.length)
    parts.push(
      `SELECT 'u' AS kind, id, display_name AS name FROM users WHERE id IN (${users.map((id) => p.add(id)).join(', ')})`,
    );
  return parts.join(' UNION ALL ');
}
