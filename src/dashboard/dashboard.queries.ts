import { declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { SqlValues } from '../database/db.service';

/**
 * The dashboard's SQL: counts per department of a year's declarations in the caller's scope, and
 * the overdue review items. Each function adds its parameters in the order of the SQL text.
 */

/** The year and the caller's scope over declarations `d`. */
const yearInScope = (p: SqlValues, year: number, user: AuthUser) =>
  `d.year = ${p.add(year)} AND ${declarationScopeSql(user, (v) => p.add(v))}`;

/** Declarations per department and state: `department_id, k, n`. */
export const statesByDepartment = (p: SqlValues, year: number, user: AuthUser) =>
  `SELECT d.department_id, d.state AS k, COUNT(*) AS n FROM declarations d WHERE ${yearInScope(p, year, user)} GROUP BY d.department_id, d.state`;

/** Monitoring reports per department and budget light: `department_id, k, n`. */
export const lightsByDepartment = (p: SqlValues, year: number, user: AuthUser) =>
  `SELECT d.department_id, r.budget_light AS k, COUNT(*) AS n FROM declarations d
           JOIN monitoring_reports r ON r.declaration_id = d.id WHERE ${yearInScope(p, year, user)} GROUP BY d.department_id, r.budget_light`;

/** Self-evaluations per department and grade: `department_id, k, n`. */
export const gradesByDepartment = (p: SqlValues, year: number, user: AuthUser) =>
  `SELECT d.department_id, e.grade AS k, COUNT(*) AS n FROM declarations d
           JOIN evaluation_reports e ON e.declaration_id = d.id WHERE ${yearInScope(p, year, user)} GROUP BY d.department_id, e.grade`;

/** Of the year in scope, in one of `states` (a review stage) since before `cutoff`. */
export interface OverdueFilter {
  year: number;
  user: AuthUser;
  states: readonly string[];
  cutoff: string;
}

const overdueCondition = (p: SqlValues, f: OverdueFilter) =>
  `${yearInScope(p, f.year, f.user)} AND d.state IN (${f.states.map((s) => p.add(s)).join(', ')}) AND d.state_entered_at < ${p.add(f.cutoff)}`;

/** How many are overdue: `n`. */
export const overdueCount = (p: SqlValues, f: OverdueFilter) =>
  `SELECT COUNT(*) AS n FROM declarations d WHERE ${overdueCondition(p, f)}`;

/** The first `limit` overdue, the earliest entered first, with their department's name. */
export const overdueItems = (p: SqlValues, f: OverdueFilter, limit: number) =>
  `SELECT d.id, d.project_name, d.department_id, dep.name AS department_name, d.state, d.state_entered_at
             FROM declarations d LEFT JOIN departments dep ON dep.id = d.department_id
             WHERE ${overdueCondition(p, f)} ORDER BY d.state_entered_at, d.id LIMIT ${limit}`;

/** The names and paths of the departments: `id, name, path`. */
export const departmentsByIds = (p: SqlValues, ids: number[]) =>
  `SELECT id, name, path FROM departments WHERE id IN (${ids.map((id) => p.add(id)).join(', ')})`;
