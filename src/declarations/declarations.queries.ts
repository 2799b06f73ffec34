import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';

/**
 * The declarations module's hand-written SQL, where TypeORM's builder cost more than the query
 * (the hot paths). Each function adds its parameters in the order of the SQL text.
 */

/** A declaration's indicators (`*`) in the form's order. */
export function indicatorsOf(p: SqlValues, declarationId: number): string {
  return `SELECT * FROM indicators WHERE declaration_id = ${p.add(declarationId)} ORDER BY position, id`;
}

/**
 * One declaration within the user's scope (`d.*`), optionally with its audit chain's head
 * (`c_head_seq`, `c_head_hash`) and ending with `lockClause` (` FOR UPDATE` on PostgreSQL).
 */
export function declarationInScope(
  p: SqlValues,
  user: AuthUser,
  id: number,
  opts: { chainHead: boolean; lockClause: string },
): string {
  return `SELECT d.*${opts.chainHead ? ', c.head_seq AS "c_head_seq", c.head_hash AS "c_head_hash"' : ''}
       FROM declarations d${opts.chainHead ? " JOIN audit_chains c ON c.chain = 'd:' || d.id" : ''}
       WHERE d.id = ${p.add(id)} AND ${declarationScopeSql(user, (v) => p.add(v))}${opts.lockClause}`;
}

/**
 * The latest of each declaration's transitions by one of `events` (RETURN and the events that
 * open a round): `declaration_id, event, comment, at, actor_id`.
 */
export function latestTransitionsBy(p: SqlValues, events: readonly string[], ids: number[]): string {
  const eventList = events.map((e) => p.add(e)).join(', ');
  const idList = ids.map((id) => p.add(id)).join(', ');
  return `SELECT t.declaration_id, t.event, t.comment, t.at, t.actor_id FROM declaration_transitions t
     WHERE t.id IN (SELECT MAX(t2.id) FROM declaration_transitions t2
       WHERE t2.event IN (${eventList}) AND t2.declaration_id IN (${idList}) GROUP BY t2.declaration_id)`;
}
