import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { englishIn, namesField } from '../support/errors';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

const EN = { 'accept-language': 'en' };

/** An ISO instant as the service writes it for a person: Beijing time (UTC+8), in words. */
function beijing(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}（北京时间）`;
}

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

describe('login', () => {
  it('gives a token and the user; the token opens /auth/me', async () => {
    const res = await t.post('/api/auth/login', { username: 'submitter', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: w.users.submitter.id,
      username: 'submitter',
      displayName: 'submitter',
      roles: ['submitter'],
      departmentId: w.deptA,
    });
    const me = await t.get('/api/auth/me', res.body.accessToken);
    expect(me.body.username).toBe('submitter');
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await t.post('/api/auth/login', { username: 'submitter2', password: 'Wrong-Passw0rd!' });
    const unknown = await t.post('/api/auth/login', { username: 'nobody', password: 'Wrong-Passw0rd!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'AUTH_BAD_CREDENTIALS', message: '用户名或密码错误' });
    expect(unknown.body).toEqual(wrong.body);
    const english = await t.request('POST', '/api/auth/login', {
      body: { username: 'nobody', password: 'Wrong-Passw0rd!' },
      headers: EN,
    });
    expect(english.body).toMatchObject({
      code: 'AUTH_BAD_CREDENTIALS',
      message: 'invalid username or password',
    });
  });

  it('locks the account after five failures, answering 423 with when to retry, even for the right password', async () => {
    await t.post(
      '/api/users',
      {
        username: 'locky',
        displayName: 'L',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    for (let i = 0; i < 4; i++)
      expect(
        (await t.post('/api/auth/login', { username: 'locky', password: 'Wrong-Passw0rd!' })).status,
      ).toBe(401);
    const fifth = await t.post('/api/auth/login', { username: 'locky', password: 'Wrong-Passw0rd!' });
    expect(fifth.status).toBe(423);
    expect(Date.parse(fifth.body.retryAt)).toBeGreaterThan(Date.now() + 14 * 60_000);
    // When to retry, in words and in Beijing time.
    expect(fifth.body).toMatchObject({
      code: 'ACCOUNT_LOCKED',
      message: `登录失败次数过多，账户已锁定至 ${beijing(fifth.body.retryAt)}，请届时再试或联系管理员`,
    });
    const right = await t.post('/api/auth/login', { username: 'locky', password: PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('ACCOUNT_LOCKED');
  });

  it('refuses a disabled user, and their existing token stops working on the next request', async () => {
    const created = await t.post(
      '/api/users',
      {
        username: 'leaver',
        displayName: 'L',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    const token = await t.login('leaver');
    expect((await t.get('/api/auth/me', token)).status).toBe(200);
    expect((await t.patch(`/api/users/${created.body.id}`, { disabled: true }, w.admin)).status).toBe(200);
    const ended = await t.get('/api/auth/me', token);
    expect(ended.status).toBe(401);
    expect(ended.body).toMatchObject({
      code: 'SESSION_ENDED',
      message: expect.stringMatching(/^登录已失效/),
    });
    const login = await t.post('/api/auth/login', { username: 'leaver', password: PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body).toMatchObject({ code: 'ACCOUNT_DISABLED', message: '该账户已停用，请联系管理员' });
  });

  it('rejects malformed login bodies with 400 naming the field', async () => {
    const res = await t.post('/api/auth/login', { username: 'submitter' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'FIELD_REQUIRED', field: 'password', message: '密码：必须填写' });
    for (const [body, code, field] of [
      [{ username: '', password: 'x' }, 'FIELD_NOT_BLANK', 'username'],
      [{ username: 'a', password: 7 }, 'FIELD_TEXT', 'password'],
      [{ username: 'a', password: 'x', remember: true }, 'FIELD_UNKNOWN', 'remember'],
      [{ username: 'a'.repeat(257), password: 'x' }, 'FIELD_TOO_LONG', 'username'],
      // A list is no JSON body any route reads (body-check.ts), the login included.
      [['admin'], 'FIELD_OBJECT', 'body'],
    ] as const) {
      const r = await t.post('/api/auth/login', body);
      expect({ body, status: r.status, code: r.body.code, field: r.body.field }).toEqual({
        body,
        status: 400,
        code,
        field,
      });
    }
  });
});

describe('tokens', () => {
  it('requires a token on every route but login, health and docs', async () => {
    expect((await t.get('/api/auth/me')).status).toBe(401);
    expect((await t.get('/api/users')).status).toBe(401);
    expect((await t.get('/api/departments')).status).toBe(401);
    expect((await t.get('/api/health')).status).toBe(200);
    expect((await t.get('/api/auth/me', 'not-a-token')).status).toBe(401);
  });
});

describe('admin routes × roles', () => {
  const routes: Array<[string, string, () => unknown]> = [
    [
      'POST',
      '/api/departments',
      () => ({
        code: `X${Math.random().toString(36).slice(2, 8)}`,
        name: 'x',
        kind: 'department',
        parentId: w.unitId,
      }),
    ],
    ['GET', '/api/users', () => undefined],
    [
      'POST',
      '/api/users',
      () => ({
        username: `u${Math.random().toString(36).slice(2, 8)}`,
        displayName: 'x',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.deptA,
      }),
    ],
    ['PATCH', '/api/users/:id', () => ({ displayName: 'renamed' })],
  ];
  const expected: Record<string, number> = {
    anonymous: 401,
    submitter: 403,
    deptReviewer: 403,
    bureauReviewer: 403,
    auditor: 403,
  };
  for (const [method, path, body] of routes) {
    for (const who of [...Object.keys(expected), 'admin']) {
      it(`${method} ${path} as ${who}`, async () => {
        const url = path.replace(':id', String(w.users.submitter2.id));
        const token = who === 'anonymous' ? undefined : w.users[who as keyof World['users']].token;
        const res = await t.request(method, url, { token, body: body() });
        if (who === 'admin') expect(res.status).toBe(method === 'POST' ? 201 : 200);
        else expect(res.status).toBe(expected[who]);
        if (res.status === 403) expect(res.body.code).toBe('PERMISSION_DENIED');
      });
    }
  }

  it('says which role a route needs, in words', async () => {
    const res = await t.post(
      '/api/departments',
      { code: 'NOPE', name: 'x', kind: 'department', parentId: w.unitId },
      w.users.submitter.token,
    );
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: '您的角色（填报人）无权管理用户和部门；需要以下角色之一：系统管理员',
    });
    const read = await t.get('/api/audit/events', w.users.deptReviewer.token);
    expect(read.body.message).toBe('您的角色（单位审核人）无权查阅审计日志；需要以下角色之一：安全审计员');
    const english = await t.request('GET', '/api/users', { token: w.users.auditor.token, headers: EN });
    expect(english.body.message).toBe(
      'your role (auditor) may not manage users and departments; it needs one of: administrator',
    );
  });
});

describe('users and departments', () => {
  it('never returns a password or hash', async () => {
    const res = await t.get('/api/users', w.admin);
    expect(res.text).not.toMatch(/argon2|password/i);
  });

  it('rejects a weak password with 400 naming the rule, and creates nothing', async () => {
    const res = await t.post(
      '/api/users',
      {
        username: 'weak',
        displayName: 'W',
        password: 'short1A',
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
      field: 'password',
      message: '密码：至少需要 10 个字符',
    });
    const simple = await t.request('POST', '/api/users', {
      token: w.admin,
      body: {
        username: 'weak',
        displayName: 'W',
        password: 'alllowercase',
        roles: ['submitter'],
        departmentId: w.deptA,
      },
    });
    expect(simple.body).toMatchObject({
      code: 'PASSWORD_TOO_SIMPLE',
      message: '密码：须包含小写字母、大写字母、数字、符号这四类中的至少 3 类',
    });
    const named = await t.request('POST', '/api/users', {
      token: w.admin,
      body: {
        username: 'weak',
        displayName: 'W',
        password: 'Weak-Passw0rd!',
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      headers: EN,
    });
    expect(named.body).toMatchObject({
      code: 'PASSWORD_CONTAINS_USERNAME',
      field: 'password',
      message: 'password: must not contain the username',
    });
    expect(
      (await t.get('/api/users', w.admin)).body.items.map((u: { username: string }) => u.username),
    ).not.toContain('weak');
  });

  it('refuses a username or a department code that is taken, with 409 naming the field', async () => {
    const taken = await t.post(
      '/api/users',
      {
        username: 'submitter',
        displayName: 'S',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      code: 'USERNAME_TAKEN',
      field: 'username',
      message: '用户名：「submitter」已被使用',
    });
    const dup = await t.post(
      '/api/departments',
      { code: 'SHDSC-OPS', name: '重复', kind: 'department', parentId: w.unitId },
      w.admin,
    );
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({
      code: 'DEPARTMENT_CODE_TAKEN',
      field: 'code',
      message: '部门代码：已有代码为「SHDSC-OPS」的部门',
    });
  });

  it('rejects unknown body fields with 400 naming them', async () => {
    const res = await t.post(
      '/api/users',
      {
        username: 'extra',
        displayName: 'E',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.deptA,
        isRoot: true,
      },
      w.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'FIELD_UNKNOWN', field: 'isRoot' });
  });

  it('rejects an unknown role and a department kind in the wrong place', async () => {
    const role = await t.post(
      '/api/users',
      {
        username: 'roley',
        displayName: 'R',
        password: PASSWORD,
        roles: ['superuser'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    expect(role.status).toBe(400);
    expect(role.body).toMatchObject({
      code: 'FIELD_ONE_OF',
      field: 'roles',
      message: '角色：须为以下之一：填报人、单位审核人、数据局审核人、安全审计员、系统管理员',
    });
    const dep = await t.post(
      '/api/departments',
      { code: 'BAD', name: 'x', kind: 'unit', parentId: w.deptA },
      w.admin,
    );
    expect(dep.status).toBe(400);
    expect(dep.body).toMatchObject({
      code: 'DEPARTMENT_PARENT_KIND',
      field: 'parentId',
      message: '上级部门：单位只能设在数据局之下，不能设在部门之下',
    });
    const english = await t.request('POST', '/api/departments', {
      token: w.admin,
      body: { code: 'BAD', name: 'x', kind: 'unit', parentId: w.deptA },
      headers: EN,
    });
    expect(english.body.message).toBe('parentId: a unit must sit under a bureau, not a department');
    const orphan = await t.post('/api/departments', { code: 'BAD', name: 'x', kind: 'department' }, w.admin);
    expect(orphan.body).toMatchObject({
      code: 'DEPARTMENT_PARENT_REQUIRED',
      field: 'parentId',
      message: '上级部门：部门须指定上级（单位或部门）',
    });
  });

  it('accepts roles and department kinds in words (填报人, 部门)', async () => {
    const dep = await t.post(
      '/api/departments',
      { code: 'WORDS', name: '文字部门', kind: '部门', parentId: w.unitId },
      w.admin,
    );
    expect(dep.status).toBe(201);
    expect(dep.body.kind).toBe('department');
    const user = await t.post(
      '/api/users',
      {
        username: 'words',
        displayName: '文字',
        password: PASSWORD,
        roles: ['填报人', '单位审核人'],
        departmentId: dep.body.id,
      },
      w.admin,
    );
    expect(user.status).toBe(201);
    expect(user.body.roles).toEqual(['submitter', 'dept_reviewer']);
    const same = await t.patch(`/api/users/${user.body.id}`, { roles: ['填报人', 'submitter'] }, w.admin);
    expect(same.body).toMatchObject({ code: 'FIELD_LIST_UNIQUE', field: 'roles' });
  });

  it('nests departments down to level 12 and refuses a 13th level, creating nothing', async () => {
    // The world's department A is level 3 (bureau → unit → department).
    let parentId = w.deptA;
    for (let level = 4; level <= 12; level++) {
      const res = await t.post(
        '/api/departments',
        { code: `DEEP-${level}`, name: `第${level}级`, kind: 'department', parentId },
        w.admin,
      );
      expect(res.status).toBe(201);
      expect(res.body.path.split('/').filter(Boolean)).toHaveLength(level);
      parentId = res.body.id;
    }
    const before = (await t.get('/api/departments', w.admin)).body.length;
    const tooDeep = await t.post(
      '/api/departments',
      { code: 'DEEP-13', name: '第13级', kind: 'department', parentId },
      w.admin,
    );
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body).toMatchObject({
      code: 'DEPARTMENT_TOO_DEEP',
      field: 'parentId',
      message: `上级部门：部门 ${parentId} 已是第 12 级，组织机构最多 12 级，不能再设下级`,
    });
    expect((await t.get('/api/departments', w.admin)).body.length).toBe(before);
  });

  it('scopes the user list to the admin’s own department subtree', async () => {
    await t.post(
      '/api/users',
      {
        username: 'admin2',
        displayName: 'A2',
        password: PASSWORD,
        roles: ['admin'],
        departmentId: w.otherUnitId,
      },
      w.admin,
    );
    const admin2 = await t.login('admin2');
    const created = await t.post(
      '/api/users',
      {
        username: 'stranger',
        displayName: 'S',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.otherUnitId,
      },
      admin2,
    );
    expect(created.status).toBe(201);
    const names = (await t.get('/api/users', admin2)).body.items.map((u: { username: string }) => u.username);
    expect(names.sort()).toEqual(['admin2', 'otherreviewer', 'stranger']);
    const intruder = await t.post(
      '/api/users',
      {
        username: 'intruder',
        displayName: 'I',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      admin2,
    );
    expect(intruder.status).toBe(400);
    expect(intruder.body).toMatchObject({
      code: 'DEPARTMENT_UNKNOWN',
      field: 'departmentId',
      message: `所属部门：部门 ${w.deptA} 不存在`,
    });
    const hijack = await t.patch(`/api/users/${w.users.submitter.id}`, { displayName: 'hijack' }, admin2);
    expect(hijack.status).toBe(404);
    expect(hijack.body).toMatchObject({
      code: 'USER_NOT_FOUND',
      message: `用户 ${w.users.submitter.id} 不存在`,
    });
  });

  it('takes a removed role away on the very next request with the old token', async () => {
    const res = await t.post(
      '/api/users',
      {
        username: 'formeradmin',
        displayName: 'F',
        password: PASSWORD,
        roles: ['admin'],
        departmentId: w.bureauId,
      },
      w.admin,
    );
    const token = await t.login('formeradmin');
    expect((await t.get('/api/users', token)).status).toBe(200);
    await t.patch(`/api/users/${res.body.id}`, { roles: ['auditor'] }, w.admin);
    expect((await t.get('/api/users', token)).status).toBe(403);
  });
});

describe('words', () => {
  it('answers every refusal of signing in and of the organisation in Chinese, without developer English', async () => {
    const user = (over: Record<string, unknown>) => ({
      username: 'wordy',
      displayName: 'W',
      password: PASSWORD,
      roles: ['submitter'],
      departmentId: w.deptA,
      ...over,
    });
    const answers = [
      await t.post('/api/auth/login', { username: 'nobody', password: 'x' }),
      await t.post('/api/auth/login', { username: 'a' }),
      await t.post('/api/auth/login', 'text'),
      await t.get('/api/auth/me'),
      await t.get('/api/auth/me', 'not-a-token'),
      await t.get('/api/users', w.users.submitter.token),
      await t.post('/api/users', user({ password: 'short' }), w.admin),
      await t.post('/api/users', user({ password: 'lowercaseonly' }), w.admin),
      await t.post('/api/users', user({ username: 'submitter' }), w.admin),
      await t.post('/api/users', user({ username: 'A B' }), w.admin),
      await t.post('/api/users', user({ roles: [] }), w.admin),
      await t.post('/api/users', user({ roles: ['root'] }), w.admin),
      await t.post('/api/users', user({ departmentId: 999_999 }), w.admin),
      await t.patch('/api/users/999999', { displayName: 'x' }, w.admin),
      await t.post(
        '/api/departments',
        { code: 'a b', name: 'x', kind: 'department', parentId: w.unitId },
        w.admin,
      ),
      await t.post('/api/departments', { code: 'K', name: 'x', kind: 'ministry' }, w.admin),
      await t.post('/api/departments', { code: 'K', name: 'x', kind: 'bureau', parentId: w.unitId }, w.admin),
      await t.post(
        '/api/auth/password',
        { currentPassword: 'Wrong-Passw0rd!', newPassword: 'x' },
        w.users.submitter2.token,
      ),
      await t.post(
        '/api/auth/password',
        { currentPassword: PASSWORD, newPassword: 'short' },
        w.users.submitter2.token,
      ),
    ];
    for (const res of answers) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect({ code: res.body.code, english: englishIn(res.body.message) }).toEqual({
        code: res.body.code,
        english: null,
      });
    }
    expect(namesField(answers[17].body, 'currentPassword')).toBe(true);
    expect(answers[17].body).toMatchObject({ code: 'WRONG_CURRENT_PASSWORD', message: '当前密码：不正确' });
    expect(answers[18].body).toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
      field: 'newPassword',
      message: '新密码：至少需要 10 个字符',
    });
    expect(answers[16].body).toMatchObject({
      code: 'BUREAU_HAS_NO_PARENT',
      message: '上级部门：数据局是组织机构的最高一级，不能有上级部门',
    });
  });
});

describe('health and documentation', () => {
  it('reports the database up', async () => {
    expect((await t.get('/api/health')).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('echoes or generates X-Request-Id', async () => {
    expect(
      (await t.request('GET', '/api/health', { headers: { 'x-request-id': 'abc-123' } })).headers[
        'x-request-id'
      ],
    ).toBe('abc-123');
    expect(String((await t.get('/api/health')).headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('documents every route of the application in the OpenAPI document', async () => {
    const doc = t.openApi();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const routes = t.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    expect(routes).toContain('api/health');
    for (const r of [
      'GET /api/health',
      'POST /api/auth/login',
      'GET /api/auth/me',
      'POST /api/departments',
      'GET /api/users',
      'PATCH /api/users/{id}',
    ]) {
      expect(documented).toContain(r);
    }
  });
});
