import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

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
    expect(wrong.body.message).toBe(unknown.body.message);
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
    const right = await t.post('/api/auth/login', { username: 'locky', password: PASSWORD });
    expect(right.status).toBe(423);
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
    expect((await t.get('/api/auth/me', token)).status).toBe(401);
    expect((await t.post('/api/auth/login', { username: 'leaver', password: PASSWORD })).status).toBe(401);
  });

  it('rejects malformed login bodies with 400 naming the field', async () => {
    const res = await t.post('/api/auth/login', { username: 'submitter' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^password: required/);
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
      });
    }
  }
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
    expect(res.body.message).toBe('password: must be at least 10 characters long');
    expect(
      (await t.get('/api/users', w.admin)).body.items.map((u: { username: string }) => u.username),
    ).not.toContain('weak');
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
    expect(res.body.message).toBe('isRoot: unknown field');
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
    expect(role.body.message).toMatch(/^roles: each must be one of/);
    const dep = await t.post(
      '/api/departments',
      { code: 'BAD', name: 'x', kind: 'unit', parentId: w.deptA },
      w.admin,
    );
    expect(dep.status).toBe(400);
    expect(dep.body.message).toBe('parentId: a unit must sit under a bureau, not a department');
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
    expect(tooDeep.body.message).toBe(
      `parentId: department ${parentId} is at level 12; the tree has at most 12 levels`,
    );
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
    expect(
      (
        await t.post(
          '/api/users',
          {
            username: 'intruder',
            displayName: 'I',
            password: PASSWORD,
            roles: ['submitter'],
            departmentId: w.deptA,
          },
          admin2,
        )
      ).status,
    ).toBe(400);
    expect(
      (await t.patch(`/api/users/${w.users.submitter.id}`, { displayName: 'hijack' }, admin2)).status,
    ).toBe(404);
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
