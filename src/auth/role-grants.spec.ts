import { describe, expect, it } from '@jest/globals';
import type { DepartmentKind } from './department.entity';
import {
  bureauCreationRefusal,
  combinationProblem,
  reachPrefix,
  ROLE_POLICY,
  roleGrantRefusal,
  type Granter,
  type Holding,
} from './role-grants';
import { ROLES, type Role } from '../common/roles';

/**
 * The role-grant policy as a table (issue 12 item 4). The tree: bureau 1 → unit 2 → department 3,
 * and unit 5 beside unit 2; bureau 9 is another bureau.
 */
const DEPS: Record<string, { id: number; path: string; kind: DepartmentKind }> = {
  bureau: { id: 1, path: '/1/', kind: 'bureau' },
  unit: { id: 2, path: '/1/2/', kind: 'unit' },
  dept: { id: 3, path: '/1/2/3/', kind: 'department' },
  otherUnit: { id: 5, path: '/1/5/', kind: 'unit' },
};
type Dep = keyof typeof DEPS;

const ADMINS: Record<string, Granter> = {
  bureauAdmin: { id: 100, departmentPath: '/1/' },
  unitAdmin: { id: 101, departmentPath: '/1/2/' },
  deptAdmin: { id: 102, departmentPath: '/1/2/3/' },
};

const at = (roles: Role[], dep: Dep): Holding => ({
  roles,
  departmentId: DEPS[dep].id,
  departmentPath: DEPS[dep].path,
  departmentKind: DEPS[dep].kind,
});

const create = (granter: string, roles: Role[], dep: Dep) =>
  roleGrantRefusal(ADMINS[granter], { before: null, after: at(roles, dep) })?.code ?? 'allowed';

describe('the policy table', () => {
  it('gives every role a duty and a reach; only bureau_reviewer is tied to a kind of department', () => {
    for (const role of ROLES) expect(ROLE_POLICY[role]).toBeDefined();
    expect(Object.entries(ROLE_POLICY).filter(([, p]) => p.onlyIn)).toEqual([
      ['bureau_reviewer', { duty: 'content', reach: 'bureau', onlyIn: ['bureau'] }],
    ]);
  });

  it('lets a bureau admin grant each role alone to a user of the bureau (every role can be granted)', () => {
    for (const role of ROLES)
      expect({ role, answer: create('bureauAdmin', [role], 'bureau') }).toEqual({ role, answer: 'allowed' });
  });

  it('reaches: a bureau role covers the holder’s whole bureau, the others start at its department', () => {
    expect(reachPrefix('auditor', '/1/2/3/')).toBe('/1/');
    expect(reachPrefix('bureau_reviewer', '/1/')).toBe('/1/');
    expect(reachPrefix('dept_reviewer', '/1/2/')).toBe('/1/2/');
    expect(reachPrefix('admin', '/1/2/3/')).toBe('/1/2/3/');
    expect(reachPrefix('submitter', '/1/2/3/')).toBe('/1/2/3/');
  });
});

describe('an admin grants only roles whose reach lies within its subtree', () => {
  it.each<[string, Role[], Dep, string]>([
    ['bureauAdmin', ['auditor'], 'dept', 'allowed'],
    ['bureauAdmin', ['dept_reviewer'], 'unit', 'allowed'],
    ['unitAdmin', ['submitter'], 'dept', 'allowed'],
    ['unitAdmin', ['dept_reviewer'], 'unit', 'allowed'],
    ['unitAdmin', ['admin'], 'dept', 'allowed'],
    ['deptAdmin', ['submitter', 'dept_reviewer'], 'dept', 'allowed'],
    // auditor reaches the whole bureau: only a bureau admin grants it.
    ['unitAdmin', ['auditor'], 'unit', 'ROLE_OUT_OF_REACH'],
    ['deptAdmin', ['auditor'], 'dept', 'ROLE_OUT_OF_REACH'],
    // bureau_reviewer: only users of a bureau (checked before the reach).
    ['deptAdmin', ['bureau_reviewer'], 'dept', 'ROLE_DEPARTMENT_KIND'],
    ['bureauAdmin', ['bureau_reviewer'], 'unit', 'ROLE_DEPARTMENT_KIND'],
    ['bureauAdmin', ['bureau_reviewer', 'dept_reviewer'], 'bureau', 'allowed'],
  ])('%s granting %j to a user of %s: %s', (granter, roles, dep, expected) => {
    expect(create(granter, roles, dep)).toBe(expected);
  });
});

describe('admin and auditor stand alone', () => {
  it.each<[Role[], boolean]>([
    [['admin', 'auditor'], false],
    [['auditor', 'submitter'], false],
    [['admin', 'submitter'], false],
    [['admin', 'dept_reviewer'], false],
    [['auditor', 'bureau_reviewer'], false],
    [['submitter', 'dept_reviewer'], true],
    [['dept_reviewer', 'bureau_reviewer'], true],
    [['admin'], true],
    [['auditor'], true],
  ])('%j: %s', (roles, ok) => {
    expect(combinationProblem(roles) === null).toBe(ok);
    // Refused for everyone, the bureau admin included, with 400 naming roles.
    const refusal = roleGrantRefusal(ADMINS.bureauAdmin, { before: null, after: at(roles, 'bureau') });
    if (ok) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ status: 400, code: 'ROLE_COMBINATION', field: 'roles' });
  });
});

describe('nobody changes their own roles, department or disabled state, or resets their own password here', () => {
  const self = ADMINS.deptAdmin;
  const me = at(['admin'], 'dept');
  it.each<[string, Partial<Parameters<typeof roleGrantRefusal>[1]>, string | null]>([
    ['grants itself auditor', { after: at(['auditor'], 'dept') }, 'roles'],
    ['adds submitter to its admin role', { after: at(['admin', 'submitter'], 'dept') }, 'roles'],
    ['disables itself', { disabledChanged: true }, 'disabled'],
    ['resets its own password', { passwordReset: true }, 'password'],
    ['changes only its display name (same roles)', {}, null],
  ])('%s', (_, change, field) => {
    const refusal = roleGrantRefusal(self, { userId: self.id, before: me, after: me, ...change });
    if (field === null) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ status: 403, code: 'SELF_CHANGE', field });
  });

  it('moving itself is refused too', () => {
    const unitAdmin = ADMINS.unitAdmin;
    expect(
      roleGrantRefusal(unitAdmin, {
        userId: unitAdmin.id,
        before: at(['admin'], 'unit'),
        after: at(['admin'], 'dept'),
      }),
    ).toMatchObject({ status: 403, code: 'SELF_CHANGE', field: 'departmentId' });
  });
});

describe('changing a user', () => {
  it('an admin may not touch a user whose roles reach beyond its subtree (a password reset would be a way in)', () => {
    const auditorInUnit = at(['auditor'], 'unit');
    for (const change of [
      {},
      { passwordReset: true },
      { disabledChanged: true },
      { after: at(['submitter'], 'unit') },
    ])
      expect(
        roleGrantRefusal(ADMINS.unitAdmin, {
          userId: 7,
          before: auditorInUnit,
          after: auditorInUnit,
          ...change,
        }),
      ).toMatchObject({ status: 403, code: 'USER_OUT_OF_REACH' });
    expect(
      roleGrantRefusal(ADMINS.bureauAdmin, {
        userId: 7,
        before: auditorInUnit,
        after: at(['submitter'], 'unit'),
      }),
    ).toBeNull();
  });

  it('moving a bureau_reviewer out of the bureau is refused, naming departmentId', () => {
    expect(
      roleGrantRefusal(ADMINS.bureauAdmin, {
        userId: 7,
        before: at(['bureau_reviewer'], 'bureau'),
        after: at(['bureau_reviewer'], 'unit'),
      }),
    ).toMatchObject({ status: 400, code: 'ROLE_DEPARTMENT_KIND', field: 'departmentId' });
  });

  it('an admin manages the users of its subtree, other admins included', () => {
    expect(
      roleGrantRefusal(ADMINS.unitAdmin, {
        userId: 8,
        before: at(['admin'], 'dept'),
        after: at(['submitter'], 'dept'),
      }),
    ).toBeNull();
  });
});

describe('creating a bureau', () => {
  it('is for an admin of a bureau only', () => {
    expect(bureauCreationRefusal('bureau')).toBeNull();
    for (const kind of ['unit', 'department'] as const)
      expect(bureauCreationRefusal(kind)).toMatchObject({
        status: 403,
        code: 'BUREAU_CREATION_RESERVED',
        field: 'kind',
      });
  });
});
