import type { AppError } from '../common/errors';
import { AuthErrors, type SelfChange } from './auth.messages';
import type { DepartmentKind } from './department.entity';
import type { Role } from '../common/roles';

/**
 * Who may give which role to whom (issue 12 item 4, 三员分立: the administrator, the auditor and
 * the people who do the work are different people). The rules are data (ROLE_POLICY) and pure
 * functions over it, used by the user and department services; README "Roles and scope" states
 * the same table. Admins reach this code only through `org.manage` routes (permissions.ts).
 *
 * - Nobody changes their own roles, department or disabled state, or resets their own password
 *   through the admin route (that is POST /api/auth/password, with the current password).
 * - An admin grants, keeps or takes away only roles whose reach lies within its own
 *   department's subtree: `auditor` and `bureau_reviewer` reach the whole bureau, so only an
 *   admin of the bureau itself handles them. The same holds for a user it edits in any way
 *   (a password reset of a user whose roles reach further would be a way into them).
 * - `bureau_reviewer` is only for users of a bureau.
 * - `admin` and `auditor` stand alone: never with each other, never with a content role.
 * - A bureau is created by the installation (bootstrap) or by an admin of a bureau.
 */

/** The duty a role belongs to. Only content roles combine on one user. */
export type Duty = 'content' | 'administration' | 'audit';

/** How far a role reaches from its holder's department. */
export type Reach = 'department' | 'subtree' | 'bureau';

export interface RolePolicy {
  duty: Duty;
  reach: Reach;
  /** The kinds of department whose users may hold it (any when absent). */
  onlyIn?: readonly DepartmentKind[];
}

export const ROLE_POLICY: Readonly<Record<Role, RolePolicy>> = {
  submitter: { duty: 'content', reach: 'department' },
  dept_reviewer: { duty: 'content', reach: 'subtree' },
  bureau_reviewer: { duty: 'content', reach: 'bureau', onlyIn: ['bureau'] },
  auditor: { duty: 'audit', reach: 'bureau' },
  admin: { duty: 'administration', reach: 'subtree' },
};

/** Who creates bureaus through the API: admins whose own department is a bureau. */
export const BUREAU_CREATOR_KIND: DepartmentKind = 'bureau';

/** The admin making a change. */
export interface Granter {
  id: number;
  /** Its department's materialised path, `/1/4/`. */
  departmentPath: string;
}

/** A user's roles where they hold them. */
export interface Holding {
  roles: readonly Role[];
  departmentId: number;
  departmentPath: string;
  departmentKind: DepartmentKind;
}

export interface UserChange {
  /** The user changed; absent when it is being created. */
  userId?: number;
  /** As the user is now; null when it is being created. */
  before: Holding | null;
  /** As the change would leave it. */
  after: Holding;
  /** Whether the request changes the disabled state / resets the password (refused on oneself too). */
  disabledChanged?: boolean;
  passwordReset?: boolean;
}

/**
 * A refusal of the policy, ready to throw (`enforce`): 403 SELF_CHANGE, USER_OUT_OF_REACH,
 * ROLE_OUT_OF_REACH, BUREAU_CREATION_RESERVED; 400 ROLE_COMBINATION, ROLE_DEPARTMENT_KIND; each
 * naming its field. The words are the catalogue's (auth.messages.ts).
 */
export type GrantRefusal = AppError;

/** The path prefix a role covers when held in a department of `departmentPath`. */
export function reachPrefix(role: Role, departmentPath: string): string {
  if (ROLE_POLICY[role].reach !== 'bureau') return departmentPath;
  return `/${departmentPath.split('/').filter(Boolean)[0]}/`;
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((r) => b.includes(r));

/** Why a role combination may not be held by one user (the role that stands alone and another), or null. */
export function combinationProblem(roles: readonly Role[]): { role: Role; other: Role } | null {
  const alone = roles.find((r) => ROLE_POLICY[r].duty !== 'content');
  if (!alone || roles.length === 1) return null;
  return { role: alone, other: roles.find((r) => r !== alone)! };
}

/** Why `granter` may not make `change`, or null when it may. */
export function roleGrantRefusal(granter: Granter, change: UserChange): GrantRefusal | null {
  const { before, after } = change;
  if (before && change.userId === granter.id) {
    const self: Array<[SelfChange, boolean]> = [
      ['roles', !sameRoles(before.roles, after.roles)],
      ['departmentId', before.departmentId !== after.departmentId],
      ['disabled', change.disabledChanged === true],
      ['password', change.passwordReset === true],
    ];
    const field = self.find(([, changed]) => changed)?.[0];
    if (field) return AuthErrors.SELF_CHANGE({ what: field }, { field });
  }
  if (before) {
    const beyond = before.roles.find(
      (r) => !reachPrefix(r, before.departmentPath).startsWith(granter.departmentPath),
    );
    if (beyond)
      return AuthErrors.USER_OUT_OF_REACH(
        { role: beyond, reach: ROLE_POLICY[beyond].reach },
        { field: 'id' },
      );
  }
  const combination = combinationProblem(after.roles);
  if (combination) return AuthErrors.ROLE_COMBINATION(combination, { field: 'roles' });
  const rolesChanged = !before || !sameRoles(before.roles, after.roles);
  for (const role of after.roles) {
    const kinds = ROLE_POLICY[role].onlyIn;
    if (kinds && !kinds.includes(after.departmentKind)) {
      return AuthErrors.ROLE_DEPARTMENT_KIND(
        { role, kinds: [...kinds], departmentId: after.departmentId, kind: after.departmentKind },
        { field: rolesChanged ? 'roles' : 'departmentId' },
      );
    }
  }
  const beyond = after.roles.find(
    (r) => !reachPrefix(r, after.departmentPath).startsWith(granter.departmentPath),
  );
  if (beyond)
    return AuthErrors.ROLE_OUT_OF_REACH(
      { role: beyond, reach: ROLE_POLICY[beyond].reach },
      { field: 'roles' },
    );
  return null;
}

/** Why `granter` (an admin of a department of `granterKind`) may not create a bureau, or null. */
export function bureauCreationRefusal(granterKind: DepartmentKind): GrantRefusal | null {
  if (granterKind === BUREAU_CREATOR_KIND) return null;
  return AuthErrors.BUREAU_CREATION_RESERVED({ kind: granterKind }, { field: 'kind' });
}

/** A refusal as the answer to the request (the services call this with the functions' result). */
export function enforce(refusal: GrantRefusal | null): void {
  if (refusal) throw refusal;
}
