import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';

/** The library module's hand-written SQL. Each function adds its parameters in the order of the SQL text. */

/**
 * The earlier declarations of a project within the reader's scope: those along its copy chain
 * (`ids`: previous_declaration_id walked back), and those of the same department and project name
 * in earlier years (a project is the same across years when copied forward, or by its name in
 * its department: the declarations have no project code of their own). Newest year first.
 */
export function earlierDeclarations(
  p: SqlValues,
  user: AuthUser,
  d: { ids: number[]; departmentId: number; projectName: string | null; year: number },
): string {
  const chain = d.ids.length ? `d.id IN (${d.ids.map((id) => p.add(id)).join(', ')})` : '1 = 0';
  const byName =
    d.projectName === null
      ? ''
      : ` OR (d.department_id = ${p.add(d.departmentId)} AND d.project_name = ${p.add(d.projectName)} AND d.year < ${p.add(d.year)})`;
  return `SELECT d.id FROM declarations d
          WHERE (${chain}${byName}) AND d.approved_version IS NOT NULL
            AND ${declarationScopeSql(user, (v) => p.add(v))}
          ORDER BY d.year DESC, d.id DESC`;
}
