import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/request-context';
import { reachPrefix } from './role-grants';

/**
 * Department scope (docs/spec/api.md "Roles"): a submitter sees its own department; a dept_reviewer
 * its department and everything below; a bureau_reviewer and an auditor everything below
 * their bureau. A user with several roles gets the widest. Admins see no declarations.
 * Applied inside queries, so a list can never contain what its caller may not see, and a
 * get of something out of scope is "not found".
 */
export type Scope =
  { kind: 'none' } | { kind: 'department'; departmentId: number } | { kind: 'subtree'; pathPrefix: string };

export function declarationScope(user: AuthUser): Scope {
  if (user.roles.includes('bureau_reviewer') || user.roles.includes('auditor')) {
    const bureauId = user.departmentPath.split('/').filter(Boolean)[0];
    return { kind: 'subtree', pathPrefix: `/${bureauId}/` };
  }
  if (user.roles.includes('dept_reviewer')) return { kind: 'subtree', pathPrefix: user.departmentPath };
  if (user.roles.includes('submitter')) return { kind: 'department', departmentId: user.departmentId };
  return { kind: 'none' };
}

/**
 * The caller's scope as an SQL condition over declarations (alias `d` by default; the table
 * must have `department_id` and `department_path`). `param` turns a value into a placeholder.
 */
export function declarationScopeSql(user: AuthUser, param: (value: unknown) => string, alias = 'd'): string {
  const scope = declarationScope(user);
  switch (scope.kind) {
    case 'none':
      return '1 = 0';
    case 'department':
      return `${alias}.department_id = ${param(scope.departmentId)}`;
    case 'subtree':
      return `${alias}.department_path LIKE ${param(`${scope.pathPrefix}%`)}`;
  }
}

/** The same condition added to a TypeORM query. */
export function applyDeclarationScope<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  user: AuthUser,
  alias = 'd',
): SelectQueryBuilder<E> {
  const params: Record<string, unknown> = {};
  const condition = declarationScopeSql(
    user,
    (value) => {
      const name = `scope${Object.keys(params).length}`;
      params[name] = value;
      return `:${name}`;
    },
    alias,
  );
  return qb.andWhere(condition, params);
}

/** The relation of the caller's department to a declaration's owner (workflow guards). */
export function departmentRelation(user: AuthUser, ownerPath: string): 'owner' | 'ancestor' | 'other' {
  if (ownerPath === user.departmentPath) return 'owner';
  if (ownerPath.startsWith(user.departmentPath)) return 'ancestor';
  return 'other';
}

/** The reviewer roles a substitute may be named for (delegations). */
export const DELEGABLE_ROLES = ['dept_reviewer', 'bureau_reviewer'] as const;
export type DelegableRole = (typeof DELEGABLE_ROLES)[number];

/**
 * The department subtree a reviewer role reaches from its holder's department (the review
 * queue's scope: a department reviewer their department and below, a bureau reviewer the bureau).
 */
export function reviewReach(role: DelegableRole, departmentPath: string): string {
  return reachPrefix(role, departmentPath);
}

/**
 * Whether `substitute` may stand in for `principal` in `role` (issue 16 item 2): holds the role,
 * and the role's reach from the substitute's department covers the principal's. So whatever the
 * principal's queue holds is already within the substitute's own scope: a delegation says on whose
 * behalf the substitute acts, it never widens what anybody may see or do.
 */
export function mayStandIn(
  role: DelegableRole,
  principal: { roles: readonly string[]; departmentPath: string },
  substitute: { roles: readonly string[]; departmentPath: string },
): boolean {
  return (
    principal.roles.includes(role) &&
    substitute.roles.includes(role) &&
    reviewReach(role, principal.departmentPath).startsWith(reviewReach(role, substitute.departmentPath))
  );
}

/** The declarations a delegation reaches (the principal's review scope), as SQL over alias `d`. */
export function delegationReachSql(
  role: DelegableRole,
  principalPath: string,
  param: (value: unknown) => string,
  alias = 'd',
): string {
  return `${alias}.department_path LIKE ${param(`${reviewReach(role, principalPath)}%`)}`;
}

/**
 * The delegations a user may read, as SQL (alias `dl`, the principal's department `pdep`): an
 * admin those of the reviewers of its department subtree, anyone else those they gave or hold.
 */
export function delegationScopeSql(user: AuthUser, param: (value: unknown) => string): string {
  if (user.roles.includes('admin')) return `pdep.path LIKE ${param(`${user.departmentPath}%`)}`;
  return `(dl.principal_id = ${param(user.id)} OR dl.substitute_id = ${param(user.id)})`;
}
