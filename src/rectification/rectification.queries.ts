import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';

/**
 * The rectification module's hand-written SQL: items joined to their declaration, whose
 * department scope (scope.ts) is the item's. Each function adds its parameters in the order of
 * the SQL text.
 */

export interface ItemFilters {
  year?: number;
  /** A department subtree's path prefix. */
  departmentPrefix?: string | null;
  status?: string;
  /** true: open past the due day; false: everything else. */
  overdue?: boolean;
  declarationId?: number;
  today: string;
}

const FROM = `FROM rectification_items r JOIN declarations d ON d.id = r.declaration_id`;

function conditions(p: SqlValues, user: AuthUser, f: ItemFilters): string[] {
  const where = [declarationScopeSql(user, (v) => p.add(v))];
  if (f.year !== undefined) where.push(`d.year = ${p.add(f.year)}`);
  if (f.departmentPrefix) where.push(`d.department_path LIKE ${p.add(`${f.departmentPrefix}%`)}`);
  if (f.status !== undefined) where.push(`r.status = ${p.add(f.status)}`);
  if (f.declarationId !== undefined) where.push(`r.declaration_id = ${p.add(f.declarationId)}`);
  if (f.overdue === true) where.push(`(r.status = 'open' AND r.due_on < ${p.add(f.today)})`);
  if (f.overdue === false) where.push(`NOT (r.status = 'open' AND r.due_on < ${p.add(f.today)})`);
  return where;
}

/** A page of the items the user may read, nearest due day first, after the cursor (dueOn, id). */
export function visibleItems(
  p: SqlValues,
  user: AuthUser,
  f: ItemFilters,
  after: { dueOn: string; id: number } | null,
  take: number,
): string {
  const where = conditions(p, user, f);
  if (after)
    where.push(
      `(r.due_on > ${p.add(after.dueOn)} OR (r.due_on = ${p.add(after.dueOn)} AND r.id > ${p.add(after.id)}))`,
    );
  return `SELECT r.id, r.due_on ${FROM} WHERE ${where.join(' AND ')} ORDER BY r.due_on, r.id LIMIT ${Math.trunc(take)}`;
}

/** The counts of the same filters per status, and how many of them are overdue. */
export function itemCounts(p: SqlValues, user: AuthUser, f: ItemFilters): string {
  // The SELECT's value first: SQLite's `?` are taken in the order of the text.
  const today = p.add(f.today);
  const where = conditions(p, user, { ...f, status: undefined, overdue: undefined });
  return `SELECT r.status, COUNT(*) AS n,
    SUM(CASE WHEN r.status = 'open' AND r.due_on < ${today} THEN 1 ELSE 0 END) AS overdue
    ${FROM} WHERE ${where.join(' AND ')} GROUP BY r.status`;
}

/** One item the user may read (`id`), locked for a step (`lockClause`: ` FOR UPDATE OF r` or ''). */
export function itemInScope(p: SqlValues, user: AuthUser, id: number, lockClause: string): string {
  return `SELECT r.id, d.department_path ${FROM}
    WHERE r.id = ${p.add(id)} AND ${declarationScopeSql(user, (v) => p.add(v))}${lockClause}`;
}

/** The items with what their view shows of the declaration and its department. */
export function itemRows(p: SqlValues, ids: readonly number[]): string {
  return `SELECT r.*, d.year, d.project_name, d.department_id, d.department_path, d.state AS declaration_state,
    dep.name AS department_name
    ${FROM} JOIN departments dep ON dep.id = d.department_id
    WHERE r.id IN (${ids.map((id) => p.add(id)).join(', ')})`;
}

/**
 * The declarations of the same project up to and including declaration `alias` (its own, the one
 * it was copied from, and those of the same department and project name in earlier years): the
 * join condition over `pr` (the earlier one) and `alias`.
 */
const SAME_PROJECT = (alias: string) =>
  `(pr.id = ${alias}.id OR pr.id = ${alias}.previous_declaration_id
    OR (pr.department_id = ${alias}.department_id AND pr.project_name = ${alias}.project_name AND pr.year < ${alias}.year))`;

/** The items not yet accepted of a declaration's project (itself and its earlier years), within the user's scope. */
export function unacceptedOfProject(p: SqlValues, user: AuthUser, declarationId: number): string {
  return `SELECT r.id FROM declarations x JOIN declarations pr ON ${SAME_PROJECT('x')}
    JOIN rectification_items r ON r.declaration_id = pr.id
    WHERE x.id = ${p.add(declarationId)} AND r.status <> 'accepted'
      AND ${declarationScopeSql(user, (v) => p.add(v), 'pr')}
    ORDER BY r.due_on, r.id`;
}

/**
 * For a page of declarations (a queue), in ONE statement: how many items of each one's project
 * are not accepted yet, and how many of those are overdue.
 */
export function unacceptedCounts(p: SqlValues, ids: readonly number[], today: string): string {
  return `SELECT x.id, COUNT(r.id) AS n,
    SUM(CASE WHEN r.status = 'open' AND r.due_on < ${p.add(today)} THEN 1 ELSE 0 END) AS overdue
    FROM declarations x JOIN declarations pr ON ${SAME_PROJECT('x')}
    JOIN rectification_items r ON r.declaration_id = pr.id AND r.status <> 'accepted'
    WHERE x.id IN (${ids.map((id) => p.add(id)).join(', ')})
    GROUP BY x.id`;
}
