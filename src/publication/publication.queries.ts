import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';

/** The publication module's hand-written SQL. Each function adds its parameters in the order of the SQL text. */

/** A year's declarations that have an approved version, within the caller's scope, with the decision on each. */
export function approvedOfYear(p: SqlValues, user: AuthUser, year: number): string {
  return `SELECT d.id AS "id", d.project_name AS "projectName", d.department_id AS "departmentId",
                 dep.name AS "departmentName", d.state AS "state", d.approved_version AS "approvedVersion",
                 v.approved_at AS "approvedAt", v.content AS "content",
                 pub.published AS "published", pub.not_published_reason AS "notPublishedReason",
                 pub.decided_at AS "decidedAt", u.display_name AS "decidedBy"
            FROM declarations d
            JOIN declaration_versions v ON v.declaration_id = d.id AND v.version_no = d.approved_version
            JOIN departments dep ON dep.id = d.department_id
            LEFT JOIN publications pub ON pub.declaration_id = d.id
            LEFT JOIN users u ON u.id = pub.decided_by
           WHERE d.year = ${p.add(year)} AND d.approved_version IS NOT NULL
             AND ${declarationScopeSql(user, (v) => p.add(v))}
           ORDER BY d.id`;
}

/**
 * The published declarations of a year (all of them: the public table has no reader's scope),
 * each with its latest approved version. Only what the table shows is read.
 */
export function publishedOfYear(p: SqlValues, year: number): string {
  return `SELECT d.id AS "id", v.version_no AS "versionNo", v.approved_at AS "approvedAt", v.content AS "content"
            FROM publications pub
            JOIN declarations d ON d.id = pub.declaration_id
            JOIN declaration_versions v ON v.declaration_id = d.id AND v.version_no = d.approved_version
           WHERE pub.year = ${p.add(year)} AND pub.published IS TRUE
           ORDER BY d.id`;
}

/** One declaration if it is published: its latest approved version's number. */
export function publishedDeclaration(p: SqlValues, id: number): string {
  return `SELECT d.id AS "id", d.approved_version AS "approvedVersion"
            FROM publications pub JOIN declarations d ON d.id = pub.declaration_id
           WHERE pub.declaration_id = ${p.add(id)} AND pub.published IS TRUE AND d.approved_version IS NOT NULL`;
}

/** The transition events of a chain at one instant (an approval's: its version's approved_at). */
export function transitionEventsAt(p: SqlValues, chain: string, at: string): string {
  return `SELECT id AS "id", seq AS "seq", hash AS "hash", changes AS "changes"
            FROM audit_events
           WHERE chain = ${p.add(chain)} AND action = 'workflow.transitioned' AND at = ${p.add(at)}
           ORDER BY seq`;
}

/** One event by its place on a chain. */
export function eventAt(p: SqlValues, chain: string, seq: number): string {
  return `SELECT id AS "id", hash AS "hash" FROM audit_events WHERE chain = ${p.add(chain)} AND seq = ${p.add(seq)}`;
}
