import { EVENT_SELECT, VERIFY_SELECT } from '../audit/audit-columns';
import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';
import type { AuditFilter } from './audit-filter';
import { TRANSITION_COLUMNS } from './transition-evidence';

/**
 * The audit log's hand-written SQL: what an auditor reads (the list, an indicator's timeline,
 * verify, the CSV). The SELECT lists derive from the column table (audit/audit-columns.ts);
 * the export's own statements (COPY, its labels in SQL) are built in audit-csv.ts from the same
 * table. Each function adds its parameters in the order of the SQL text.
 */

// ---------------------------------------------------------------------------------------
// The list and the timeline

/** The filter's conditions on `audit_events e`, older than `beforeId`. */
export function eventFilter(p: SqlValues, f: AuditFilter, beforeId: number): string[] {
  const where = [`e.id < ${p.add(beforeId)}`];
  if (f.declarationId !== undefined) where.push(`e.declaration_id = ${p.add(f.declarationId)}`);
  if (f.indicatorId !== undefined) where.push(`e.indicator_id = ${p.add(f.indicatorId)}`);
  if (f.actorId !== undefined) where.push(`e.actor_id = ${p.add(f.actorId)}`);
  if (f.action !== undefined) where.push(`e.action = ${p.add(f.action)}`);
  if (f.from !== undefined) where.push(`e.at >= ${p.add(f.from)}`);
  if (f.to !== undefined) where.push(`e.at ${f.to.inclusive ? '<=' : '<'} ${p.add(f.to.at)}`);
  return where;
}

/** Events of the system chain, or of existing declarations within the user's scope. */
export function eventInScope(p: SqlValues, user: AuthUser): string {
  const inScope = declarationScopeSql(user, (v) => p.add(v));
  return `(e.declaration_id IS NULL OR e.declaration_id IN (SELECT d.id FROM declarations d WHERE ${inScope}))`;
}

/** A department outside the subtree `pathPrefix` (any one: `x`). */
export const departmentOutside = (p: SqlValues, pathPrefix: string) =>
  `SELECT 1 AS "x" FROM departments WHERE path NOT LIKE ${p.add(`${pathPrefix}%`)} LIMIT 1`;

/** A page of events matching `where`, newest first. */
export const eventsNewestFirst = (where: string, limit: number) =>
  `SELECT ${EVENT_SELECT} FROM audit_events e WHERE ${where} ORDER BY e.id DESC LIMIT ${Number(limit)}`;

/** The declaration an indicator's audit rows name (`declarationId`), its first. */
export const indicatorOwner = (p: SqlValues, indicatorId: number) =>
  `SELECT declaration_id AS "declarationId" FROM audit_events
         WHERE indicator_id = ${p.add(indicatorId)} AND declaration_id IS NOT NULL ORDER BY id LIMIT 1`;

/** An indicator's events, oldest first. */
export const indicatorEvents = (p: SqlValues, indicatorId: number) =>
  `SELECT ${EVENT_SELECT} FROM audit_events e WHERE e.indicator_id = ${p.add(indicatorId)} ORDER BY e.id ASC`;

// ---------------------------------------------------------------------------------------
// Verify

/** PostgreSQL: one snapshot for the whole pass, without blocking writers. */
export const VERIFY_SNAPSHOT = 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY';

/** The chains' heads (`chain, seq, hash`), or one chain's. */
export const chainHeads = (p: SqlValues, only: string | undefined) =>
  `SELECT chain AS "chain", head_seq AS "seq", head_hash AS "hash" FROM audit_chains${
    only ? ` WHERE chain = ${p.add(only)}` : ''
  }`;

/** The transition rows of some declarations, by declaration then id (`= ANY` on PostgreSQL, one parameter). */
export function transitionsOf(p: SqlValues, ids: number[], postgres: boolean): string {
  const where = postgres
    ? `declaration_id = ANY(${p.add(ids)}::int[])`
    : `declaration_id IN (${ids.map((id) => p.add(id)).join(', ')})`;
  return `SELECT ${TRANSITION_COLUMNS} FROM declaration_transitions WHERE ${where} ORDER BY declaration_id, id`;
}

/** A batch of events in (chain, seq) order after a position (one chain's, or all), VERIFY_SELECT's columns. */
export function verifyBatch(
  p: SqlValues,
  only: string | undefined,
  after: [string, number] | null,
  batchSize: number,
): string {
  const where: string[] = [];
  if (only) where.push(`chain = ${p.add(only)}`);
  if (after)
    where.push(only ? `seq > ${p.add(after[1])}` : `(chain, seq) > (${p.add(after[0])}, ${p.add(after[1])})`);
  return `SELECT ${VERIFY_SELECT} FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY chain, seq LIMIT ${Number(batchSize)}`;
}

/** A declaration (or the one given) without an audit chain: `id`, the first. */
export const declarationWithoutChain = (p: SqlValues, declarationId: number | undefined) =>
  `SELECT d.id AS "id" FROM declarations d
       WHERE ${declarationId !== undefined ? `d.id = ${p.add(declarationId)} AND ` : ''}NOT EXISTS
         (SELECT 1 FROM audit_chains c WHERE c.chain = 'd:' || d.id) ORDER BY d.id LIMIT 1`;

/** A transition row of a declaration with no audit event at all: `id, declarationId`, the first. */
export const transitionWithoutEvents = (p: SqlValues, declarationId: number | undefined) =>
  `SELECT t.id AS "id", t.declaration_id AS "declarationId" FROM declaration_transitions t
       WHERE ${declarationId !== undefined ? `t.declaration_id = ${p.add(declarationId)} AND ` : ''}NOT EXISTS
         (SELECT 1 FROM audit_events e WHERE e.chain = 'd:' || t.declaration_id) ORDER BY t.id LIMIT 1`;

/** The first keyed event, by the primary key (unkeyed events are the oldest). */
export const FIRST_KEYED_EVENT =
  'SELECT id AS "id" FROM audit_events WHERE hash_version <> 1 ORDER BY id LIMIT 1';

// ---------------------------------------------------------------------------------------
// The CSV export (its COPY statement derives from the column and cell tables: audit-csv.ts)

/** PostgreSQL: the export's own limit on its connection, reset before the connection goes back. */
export const setStatementTimeout = (ms: number) => `SET statement_timeout = ${Number(ms)}`;
export const RESET_STATEMENT_TIMEOUT = 'RESET statement_timeout';

// ---------------------------------------------------------------------------------------
// The routine verify

/** The newest `most` transition rows of each of some declarations, by declaration then id. */
export const latestTransitionsOf = (p: SqlValues, ids: number[], most: number) =>
  `SELECT ${TRANSITION_COLUMNS} FROM (SELECT t.*, row_number() OVER (PARTITION BY t.declaration_id ORDER BY t.id DESC) AS rn
           FROM declaration_transitions t WHERE t.declaration_id IN (${ids.map((d) => p.add(d)).join(', ')})) x
         WHERE x.rn <= ${Number(most)} ORDER BY declaration_id, id`;

/** Anything of a declaration's to verify: its chain head or its row (`x`, none when neither). */
export const declarationOrChain = (p: SqlValues, declarationId: number) =>
  `SELECT 1 AS "x" FROM audit_chains WHERE chain = ${p.add(`d:${declarationId}`)}
         UNION ALL SELECT 1 AS "x" FROM declarations WHERE id = ${p.add(declarationId)}`;

/** The events of some chains' seq ranges (after `after`, up to `upto` when given), VERIFY_SELECT's columns. */
export function eventsInRanges(
  p: SqlValues,
  ranges: Array<{ chain: string; after: number; upto?: number }>,
): string {
  const where = ranges
    .map(
      (r) =>
        `(chain = ${p.add(r.chain)} AND seq > ${p.add(r.after)}${r.upto === undefined ? '' : ` AND seq <= ${p.add(r.upto)}`})`,
    )
    .join(' OR ');
  return `SELECT ${VERIFY_SELECT} FROM audit_events WHERE ${where} ORDER BY chain, seq`;
}
