import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { englishIn } from '../support/errors';
import { createValidDeclaration } from '../support/factories';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 12, item 4: admins stay in their lane (三员分立). The policy is src/auth/role-grants.ts
 * (its table is tested in role-grants.spec.ts); here each reproduction of the issue goes
 * through the API. The world's root admin is the bureau-level admin created at bootstrap; a
 * unit admin (上海市大数据中心) and a department admin (运营管理部) are made below.
 */

let t: TestApp;
let w: World;
let unitAdmin: { id: number; token: string };
let deptAdmin: { id: number; token: string };

async function createUser(token: string, username: string, roles: string[], departmentId: number) {
  return t.post(
    '/api/users',
    { username, displayName: username, password: PASSWORD, roles, departmentId },
    token,
  );
}

async function made(token: string, username: string, roles: string[], departmentId: number) {
  const res = await createUser(token, username, roles, departmentId);
  if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${res.text}`);
  return { id: res.body.id as number, token: await t.login(username) };
}

const usernames = async () =>
  (await t.get('/api/users', w.admin)).body.items.map((u: { username: string }) => u.username);

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
  unitAdmin = await made(w.admin, 'unit.admin', ['admin'], w.unitId);
  deptAdmin = await made(w.admin, 'dept.admin', ['admin'], w.deptA);
});
afterAll(async () => t?.close());

describe('nobody changes their own roles', () => {
  it('a department admin cannot grant itself auditor, so it reads neither the audit log nor other departments’ declarations', async () => {
    const { id } = await createValidDeclaration(t, w.users.submitterB.token);
    for (const roles of [['auditor'], ['admin', 'auditor']]) {
      const res = await t.patch(`/api/users/${deptAdmin.id}`, { roles }, deptAdmin.token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        code: 'SELF_CHANGE',
        field: 'roles',
        message: '角色：不能修改自己的角色，请由其他管理员办理',
      });
    }
    const english = await t.request('PATCH', `/api/users/${deptAdmin.id}`, {
      token: deptAdmin.token,
      body: { roles: ['auditor'] },
      headers: { 'accept-language': 'en' },
    });
    expect(english.body.message).toBe('roles: nobody changes their own roles; ask another administrator');
    expect((await t.get('/api/auth/me', deptAdmin.token)).body.roles).toEqual(['admin']);
    expect((await t.get('/api/audit/events', deptAdmin.token)).status).toBe(403);
    expect((await t.get(`/api/declarations/${id}`, deptAdmin.token)).status).toBe(403);
  });

  it('not even the bootstrap admin', async () => {
    const res = await t.patch(`/api/users/${w.users.admin.id}`, { roles: ['admin', 'auditor'] }, w.admin);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('SELF_CHANGE');
  });

  it('nor disables itself, moves itself, or resets its own password through the admin route', async () => {
    const self = `/api/users/${deptAdmin.id}`;
    for (const [body, field, message] of [
      [{ disabled: true }, 'disabled', '停用：不能停用或启用自己的账户，请由其他管理员办理'],
      [
        { password: 'Self-Reset-Passw0rd!' },
        'password',
        '密码：请通过"修改密码"修改自己的密码（需输入当前密码），不能在用户管理中重置',
      ],
    ] as const) {
      const res = await t.patch(self, body, deptAdmin.token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'SELF_CHANGE', field, message });
    }
    const move = await t.patch(`/api/users/${unitAdmin.id}`, { departmentId: w.deptA }, unitAdmin.token);
    expect(move.body).toMatchObject({
      code: 'SELF_CHANGE',
      field: 'departmentId',
      message: '所属部门：不能调整自己所属的部门，请由其他管理员办理',
    });
    // The old password still works; renaming oneself is fine.
    expect((await t.post('/api/auth/login', { username: 'dept.admin', password: PASSWORD })).status).toBe(
      200,
    );
    expect((await t.patch(self, { displayName: '部门管理员' }, deptAdmin.token)).status).toBe(200);
  });
});

describe('bureau_reviewer only for users of a bureau', () => {
  it('a department admin cannot create a bureau_reviewer in its own department, nor make one of a submitter', async () => {
    const res = await createUser(deptAdmin.token, 'fake.bureau', ['bureau_reviewer'], w.deptA);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'ROLE_DEPARTMENT_KIND',
      field: 'roles',
      message: `角色：“数据局审核人”仅限数据局的用户；所选部门（编号 ${w.deptA}）是部门`,
    });
    expect(await usernames()).not.toContain('fake.bureau');
    const promote = await t.patch(
      `/api/users/${w.users.submitter2.id}`,
      { roles: ['bureau_reviewer'] },
      deptAdmin.token,
    );
    expect(promote.status).toBe(400);
    expect(promote.body.code).toBe('ROLE_DEPARTMENT_KIND');
  });

  it('not even the bureau admin gives it to a user of a unit, or moves a bureau reviewer out of the bureau', async () => {
    const res = await createUser(w.admin, 'unit.bureau', ['bureau_reviewer'], w.unitId);
    expect(res.body).toMatchObject({ code: 'ROLE_DEPARTMENT_KIND', field: 'roles' });
    const move = await t.patch(
      `/api/users/${w.users.bureauReviewer.id}`,
      { departmentId: w.unitId },
      w.admin,
    );
    expect(move.status).toBe(400);
    expect(move.body).toMatchObject({ code: 'ROLE_DEPARTMENT_KIND', field: 'departmentId' });
  });
});

describe('an admin grants only roles that reach no further than its subtree', () => {
  it('auditor reaches the whole bureau: a unit admin cannot grant it, the bureau admin can', async () => {
    const res = await createUser(unitAdmin.token, 'unit.auditor', ['auditor'], w.unitId);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'ROLE_OUT_OF_REACH',
      field: 'roles',
      message:
        '角色：“安全审计员”的管辖范围为整个数据局，超出了您所在部门的范围；只有数据局的系统管理员可以授予',
    });
    const promote = await t.patch(
      `/api/users/${w.users.deptReviewer.id}`,
      { roles: ['auditor'] },
      unitAdmin.token,
    );
    expect(promote.status).toBe(403);
    expect((await createUser(w.admin, 'unit.auditor', ['auditor'], w.unitId)).status).toBe(201);
  });

  it('nor may it reset the password of, disable or change a user whose roles reach further', async () => {
    const auditor = await made(w.admin, 'unit.auditor2', ['auditor'], w.unitId);
    for (const body of [
      { password: 'Taken-Over-Passw0rd!' },
      { disabled: true },
      { roles: ['submitter'] },
      { displayName: 'x' },
    ]) {
      const res = await t.patch(`/api/users/${auditor.id}`, body, unitAdmin.token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        code: 'USER_OUT_OF_REACH',
        field: 'id',
        message:
          '该用户拥有“安全审计员”角色，其管辖范围为整个数据局，超出了您所在部门的范围；请由数据局的系统管理员办理',
      });
    }
    expect((await t.get('/api/audit/verify', auditor.token)).status).toBe(200);
    expect((await t.post('/api/auth/login', { username: 'unit.auditor2', password: PASSWORD })).status).toBe(
      200,
    );
  });

  it('within its subtree it manages users as before', async () => {
    const sub = await createUser(unitAdmin.token, 'unit.sub', ['submitter', 'dept_reviewer'], w.deptB);
    expect(sub.status).toBe(201);
    expect((await t.patch(`/api/users/${sub.body.id}`, { roles: ['admin'] }, unitAdmin.token)).status).toBe(
      200,
    );
    expect((await t.patch(`/api/users/${sub.body.id}`, { disabled: true }, unitAdmin.token)).status).toBe(
      200,
    );
  });

  it('an admin cannot move a user out of its subtree, nor edit one outside it', async () => {
    const mine = await createUser(deptAdmin.token, 'dept.sub', ['submitter'], w.deptA);
    expect(mine.status).toBe(201);
    const move = await t.patch(`/api/users/${mine.body.id}`, { departmentId: w.deptB }, deptAdmin.token);
    expect(move.status).toBe(400);
    expect(move.body).toMatchObject({
      code: 'DEPARTMENT_UNKNOWN',
      field: 'departmentId',
      message: `所属部门：部门 ${w.deptB} 不存在`,
    });
    expect(
      (await t.patch(`/api/users/${w.users.submitterB.id}`, { displayName: 'x' }, deptAdmin.token)).status,
    ).toBe(404);
    expect((await t.patch(`/api/users/${unitAdmin.id}`, { disabled: true }, deptAdmin.token)).status).toBe(
      404,
    );
  });
});

describe('admin and auditor stand alone', () => {
  it.each([
    [['admin', 'auditor']],
    [['auditor', 'submitter']],
    [['admin', 'submitter']],
    [['admin', 'dept_reviewer']],
  ])('%j is refused with 400, on create and on update, even to the bureau admin', async (roles) => {
    const name = `combo.${roles.join('.')}`.replace(/_/g, '');
    const res = await createUser(w.admin, name, roles, w.bureauId);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ROLE_COMBINATION', field: 'roles' });
    expect(res.body.message).toMatch(
      /^角色：“(系统管理员|安全审计员)”不能与“[^”]+”由同一人兼任：系统管理、安全审计和申报审核业务须由不同人员担任（三员分立）$/,
    );
    expect(englishIn(res.body.message)).toBeNull();
    expect(await usernames()).not.toContain(name);
    const update = await t.patch(`/api/users/${w.users.auditor.id}`, { roles }, w.admin);
    expect(update.status).toBe(400);
    expect(update.body.code).toBe('ROLE_COMBINATION');
  });

  it('content roles still combine', async () => {
    expect((await createUser(w.admin, 'two.hats', ['submitter', 'dept_reviewer'], w.unitId)).status).toBe(
      201,
    );
  });
});

describe('creating a bureau', () => {
  it('is refused to a unit or department admin (403), and allowed to the bureau admin made at bootstrap', async () => {
    for (const [token, code] of [
      [unitAdmin.token, 'BUREAU-U'],
      [deptAdmin.token, 'BUREAU-D'],
    ]) {
      const res = await t.post('/api/departments', { code, name: '新委办局', kind: 'bureau' }, token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'BUREAU_CREATION_RESERVED', field: 'kind' });
      expect(res.body.message).toMatch(
        /^机构类型：数据局只在系统安装时创建，或由数据局的系统管理员创建；您所在的是(单位|部门)$/,
      );
    }
    const codes = (await t.get('/api/departments', w.admin)).body.map((d: { code: string }) => d.code);
    expect(codes).not.toContain('BUREAU-U');
    // A unit admin still builds below its own unit.
    expect(
      (
        await t.post(
          '/api/departments',
          { code: 'U-SUB', name: '下设部门', kind: 'department', parentId: w.unitId },
          unitAdmin.token,
        )
      ).status,
    ).toBe(201);
    const ok = await t.post(
      '/api/departments',
      { code: 'BUREAU-2', name: '另一委办局', kind: 'bureau' },
      w.admin,
    );
    expect(ok.status).toBe(201);
  });
});

describe('what an admin may grant, asked of the API (GET /api/users/grants)', () => {
  const grantsOf = async (token: string) => {
    const res = await t.get('/api/users/grants', token);
    expect(res.status).toBe(200);
    return new Map<number, string[]>(
      res.body.items.map((g: { departmentId: number; roles: string[] }) => [g.departmentId, g.roles]),
    );
  };

  it('the bureau admin may grant every role in the bureau, but 数据局审核 nowhere below it', async () => {
    const grants = await grantsOf(w.admin);
    expect(grants.get(w.bureauId)).toEqual([
      'submitter',
      'dept_reviewer',
      'bureau_reviewer',
      'auditor',
      'admin',
    ]);
    expect(grants.get(w.deptA)).toEqual(['submitter', 'dept_reviewer', 'auditor', 'admin']);
  });

  it('a unit admin sees only its subtree and never the roles that reach the whole bureau', async () => {
    const grants = await grantsOf(unitAdmin.token);
    expect(grants.has(w.bureauId)).toBe(false);
    expect(grants.has(w.otherUnitId)).toBe(false);
    expect(grants.get(w.unitId)).toEqual(['submitter', 'dept_reviewer', 'admin']);
    expect(grants.get(w.deptA)).toEqual(['submitter', 'dept_reviewer', 'admin']);
  });

  it('says what the API then does: a role it leaves out is refused, one it lists is granted', async () => {
    const listed = (await grantsOf(unitAdmin.token)).get(w.deptB)!;
    expect(listed).not.toContain('auditor');
    expect((await createUser(unitAdmin.token, 'grants.auditor', ['auditor'], w.deptB)).status).toBe(403);
    expect((await createUser(unitAdmin.token, 'grants.reviewer', ['dept_reviewer'], w.deptB)).status).toBe(
      201,
    );
  });

  it('is for admins only', async () => {
    expect((await t.get('/api/users/grants', w.users.auditor.token)).status).toBe(403);
  });
});
