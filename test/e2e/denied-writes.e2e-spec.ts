import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeniedWrites } from '../../src/audit/denied-writes';
import { createValidDeclaration } from '../support/factories';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 13 item 10 (等保 2.0 8.1.4.3): a 403 answered to a signed-in user's write is a security
 * event in the audit log, the permission guard's and the services' alike (the role-grant
 * policy's), with a per-user limit so that a loop cannot flood the log: at most
 * DeniedWrites.perWindow events per user per window, then one summary with the count.
 */

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

interface Item {
  id: number;
  actor: { id: number; username: string };
  role: string;
  action: string;
  actionLabel: string;
  outcome: string;
  entityType: string;
  entityId: string | null;
  declarationId: number | null;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
  changesText: string | null;
  comment: string | null;
}

async function events(query: string): Promise<Item[]> {
  const res = await t.get(`/api/audit/events?${query}&limit=500`, w.users.auditor.token);
  expect(res.status).toBe(200);
  return res.body.items;
}

async function newUser(username: string, roles: string[], departmentId = w.deptA) {
  const res = await t.post(
    '/api/users',
    { username, displayName: username, password: PASSWORD, roles, departmentId },
    w.admin,
  );
  if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${res.text}`);
  return { id: res.body.id as number, token: await t.login(username) };
}

describe('a refused write is recorded', () => {
  it('by the permission guard: who, which route and path, the permission it needs, why', async () => {
    const u = await newUser('denied.one', ['submitter']);
    const res = await t.request('POST', '/api/users?x=1', {
      token: u.token,
      body: { username: 'x' },
      headers: { 'x-request-id': 'denied-req-1' },
    });
    expect(res.status).toBe(403);
    const [e] = await events(`actorId=${u.id}&action=access.denied`);
    expect(e).toMatchObject({
      actor: { id: u.id, username: 'denied.one' },
      role: 'submitter',
      action: 'access.denied',
      actionLabel: '越权操作被拒绝',
      outcome: 'denied',
      entityType: 'route',
      entityId: 'POST /api/users',
      declarationId: null,
      changes: [
        { field: 'method', before: null, after: 'POST' },
        { field: 'path', before: null, after: '/api/users' },
        { field: 'permission', before: null, after: 'org.manage' },
        { field: 'errorCode', before: null, after: 'PERMISSION_DENIED' },
      ],
      changesText:
        '请求方法：POST；请求路径：/api/users；所需权限：管理用户和部门；错误代码：PERMISSION_DENIED',
      comment: res.body.message,
    });
    expect(e.comment).toBe('您的角色（填报人）无权管理用户和部门；需要以下角色之一：系统管理员');
    const [raw] = await t.dataSource.query(`SELECT request_id FROM audit_events WHERE id = ${e.id}`);
    expect(raw.request_id).toBe('denied-req-1');
  });

  it('on a declaration route, with the route as declared and the path as sent', async () => {
    const { id } = await createValidDeclaration(t, w.users.submitter.token);
    const res = await t.delete(`/api/declarations/${id}`, w.users.deptReviewer.token);
    expect(res.status).toBe(403);
    const [e] = await events(`actorId=${w.users.deptReviewer.id}&action=access.denied`);
    expect(e).toMatchObject({ entityId: 'DELETE /api/declarations/:id', declarationId: null });
    expect(e.changes[1]).toEqual({ field: 'path', before: null, after: `/api/declarations/${id}` });
  });

  it('by the role-grant policy (a 403 of the service), and the refused change is not made', async () => {
    const admin = await newUser('denied.admin', ['admin'], w.unitId);
    const res = await t.patch(
      `/api/users/${w.users.submitter2.id}`,
      { roles: ['admin', 'auditor'] },
      admin.token,
    );
    expect(res.body).toMatchObject({ code: 'ROLE_COMBINATION' });
    const self = await t.patch(`/api/users/${admin.id}`, { disabled: true }, admin.token);
    expect(self.status).toBe(403);
    const reach = await t.post(
      '/api/users',
      {
        username: 'denied.aud',
        displayName: 'A',
        password: PASSWORD,
        roles: ['auditor'],
        departmentId: w.unitId,
      },
      admin.token,
    );
    expect(reach.status).toBe(403);
    const recorded = await events(`actorId=${admin.id}&action=access.denied`);
    // The 400 (a combination refused for everyone) is a bad request, not a refused access.
    expect(recorded.map((e) => [e.entityId, e.changes.find((c) => c.field === 'errorCode')?.after])).toEqual([
      ['POST /api/users', 'ROLE_OUT_OF_REACH'],
      ['PATCH /api/users/:id', 'SELF_CHANGE'],
    ]);
    expect(recorded[1].comment).toBe('停用：不能停用或启用自己的账户，请由其他管理员办理');
    expect(recorded.every((e) => !e.changes.some((c) => c.field === 'permission'))).toBe(true);
    expect((await t.get('/api/auth/me', admin.token)).status).toBe(200);
    expect(
      (await t.get('/api/users', w.admin)).body.items.map((u: { username: string }) => u.username),
    ).not.toContain('denied.aud');
  });

  it('but not a refused read, nor a refusal before sign-in', async () => {
    const u = await newUser('denied.read', ['submitter']);
    expect((await t.get('/api/users', u.token)).status).toBe(403);
    expect((await t.get('/api/audit/events', u.token)).status).toBe(403);
    expect((await t.post('/api/users', {})).status).toBe(401);
    expect(await events(`actorId=${u.id}&action=access.denied`)).toEqual([]);
  });
});

describe('a loop of refused writes', () => {
  it('writes at most the limit one by one, then one summary with the count; the chain verifies', async () => {
    const u = await newUser('denied.loop', ['submitter']);
    const other = await newUser('denied.other', ['submitter']);
    const limit = DeniedWrites.perWindow;
    for (let i = 0; i < 200; i++) {
      const res = await t.post('/api/departments', { code: `L${i}`, name: 'x', kind: 'department' }, u.token);
      expect(res.status).toBe(403);
    }
    // Another user's refusals are counted apart.
    expect((await t.post('/api/users', {}, other.token)).status).toBe(403);
    expect(await events(`actorId=${u.id}&action=access.denied`)).toHaveLength(limit);
    expect(await events(`actorId=${other.id}&action=access.denied`)).toHaveLength(1);
    // The window closes (here at once; by its timer after a minute, and at shutdown).
    await t.app.get(DeniedWrites).flush();
    const [summary, ...more] = await events(`actorId=${u.id}&action=access.denials_summarised`);
    expect(more).toEqual([]);
    expect(summary).toMatchObject({
      actionLabel: '越权操作被拒绝（汇总）',
      outcome: 'denied',
      entityType: 'user',
      entityId: String(u.id),
    });
    expect(summary.changes[0]).toEqual({ field: 'count', before: null, after: 200 - limit });
    expect(summary.changes.map((c) => c.field)).toEqual(['count', 'from', 'to', 'routes']);
    expect(summary.changes[3].after).toEqual(['POST /api/departments']);
    expect(summary.changesText).toMatch(new RegExp(`^次数：${200 - limit}；开始时间：`));
    expect(await events(`actorId=${other.id}&action=access.denials_summarised`)).toEqual([]);
    // Nothing more to summarise; the next refusal opens a new window and is recorded.
    await t.app.get(DeniedWrites).flush();
    expect(await events(`actorId=${u.id}&action=access.denials_summarised`)).toHaveLength(1);
    expect((await t.post('/api/users', {}, u.token)).status).toBe(403);
    expect(await events(`actorId=${u.id}&action=access.denied`)).toHaveLength(limit + 1);
    const verify = await t.get('/api/audit/verify', w.users.auditor.token);
    expect(verify.body).toMatchObject({ ok: true });
  });
});
