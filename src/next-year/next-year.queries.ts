import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';

/** The next-year module's hand-written SQL. Each function adds its parameters in the order of the SQL text. */

/**
 * The project's declaration of next year, if it has one (`id`): the copy made from `sourceId`, or
 * one of the same department and project name for that year.
 */
export function successorOf(
  p: SqlValues,
  source: { id: number; departmentId: number; year: number; projectName: string | null },
): string {
  const copied = `previous_declaration_id = ${p.add(source.id)}`;
  const byName =
    source.projectName === null
      ? ''
      : ` OR (department_id = ${p.add(source.departmentId)} AND year = ${p.add(source.year + 1)} AND project_name = ${p.add(source.projectName)})`;
  return `SELECT id FROM declarations WHERE ${copied}${byName} ORDER BY id LIMIT 1`;
}

/** The declarations before and after one in its lineage, within the user's scope. */
export function lineageOf(
  p: SqlValues,
  user: AuthUser,
  d: { id: number; previousDeclarationId: number | null },
): string {
  return `SELECT d.id, d.year, d.project_name, d.state, d.previous_declaration_id FROM declarations d
         WHERE (d.id = ${p.add(d.previousDeclarationId ?? 0)} OR d.previous_declaration_id = ${p.add(d.id)})
           AND ${declarationScopeSql(user, (v) => p.add(v))}`;
}
