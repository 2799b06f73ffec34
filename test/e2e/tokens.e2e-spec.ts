import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { User } from '../../src/auth/user.entity';
import { createValidDeclaration } from '../support/factories';
import { JWT_SECRET, PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 7, deliverable 2: tokens the service did not issue, or no longer honours, are 401;
 * a disabled user, a removed role, a moved department or a reset password take effect on the
 * very next request made with an old token. Tokens are forged here with node:crypto (HS256 =
 * HMAC-SHA256 over `header.payload`, base64url), with the e2e secret of test-app.ts.
 */

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (alg: string, secret: string, data: string) =>
  createHmac(alg, secret).update(data).digest('base64url');

function forge(
  payload: Record<string, unknown>,
  opts: { alg?: string; secret?: string; signature?: string } = {},
): string {
  const alg = opts.alg ?? 'HS256';
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  if (opts.signature !== undefined) return `${head}.${opts.signature}`;
  const digest = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${head}.${digest ? hmac(digest, opts.secret ?? JWT_SECRET, head) : ''}`;
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (sub: number, extra: Record<string, unknown> = {}) => ({
  sub,
  tv: 0,
  iat: now(),
  exp: now() + 600,
  ...extra,
});
const me = (token: string) => t.get('/api/auth/me', token || undefined);

/** Why a token is refused: each a 401 of the auth catalogue. */
const TOKEN_CODES = ['TOKEN_MISSING', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_LIFETIME', 'SESSION_ENDED'];

async function newUser(username: string, roles: string[], departmentId = w.deptA) {
  const res = await t.post(
    '/api/users',
    { username, displayName: username, password: PASSWORD, roles, departmentId },
    w.admin,
  );
  if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${res.text}`);
  return { id: res.body.id as number, token: await t.login(username) };
}

describe('tokens the service did not issue', () => {
  it('accepts a token forged with the right secret (so the refusals below are for the stated reason)', async () => {
    const res = await me(forge(claims(w.users.submitter.id)));
    expect(res.status).toBe(200);
    expect(res.body.username).toBe('submitter');
  });

  it.each([
    ['alg none, no signature', () => forge(claims(w.users.submitter.id), { alg: 'none' })],
    [
      'alg none with the HS256 signature kept',
      () => {
        const good = forge(claims(w.users.submitter.id)).split('.');
        return `${b64({ alg: 'none', typ: 'JWT' })}.${good[1]}.${good[2]}`;
      },
    ],
    [
      'HS512 signed with the secret (only HS256 is accepted)',
      () => forge(claims(w.users.submitter.id), { alg: 'HS512' }),
    ],
    [
      'a wrong signature (another secret)',
      () => forge(claims(w.users.submitter.id), { secret: 'not-the-secret-0123456789-0123456789' }),
    ],
    ['a signature of garbage', () => forge(claims(w.users.submitter.id), { signature: 'AAAA' })],
    [
      'a payload changed after signing (submitter → admin)',
      () => {
        const [h, , s] = forge(claims(w.users.submitter.id)).split('.');
        return `${h}.${b64(claims(w.users.admin.id))}.${s}`;
      },
    ],
    ['an expired token', () => forge(claims(w.users.submitter.id, { iat: now() - 7200, exp: now() - 3600 }))],
    [
      'a token not valid before an hour from now',
      () => forge(claims(w.users.submitter.id, { nbf: now() + 3600 })),
    ],
    ['an unknown user', () => forge(claims(999_999))],
    [
      'a subject that is not a number',
      () => forge(claims(w.users.submitter.id, { sub: String(w.users.submitter.id) })),
    ],
    ['no token version', () => forge({ sub: w.users.submitter.id, iat: now(), exp: now() + 600 })],
    ['a token version the user never had', () => forge(claims(w.users.submitter.id, { tv: 7 }))],
    // Issue 12 item 9: jsonwebtoken checks exp only when present; such tokens would never end.
    ['no expiry (exp)', () => forge({ sub: w.users.submitter.id, tv: 0, iat: now() })],
    [
      'an expiry ten years away',
      () => forge(claims(w.users.submitter.id, { exp: now() + 10 * 365 * 86_400 })),
    ],
    [
      'an expiry but no issue time (iat)',
      () => forge({ sub: w.users.submitter.id, tv: 0, exp: now() + 600 }),
    ],
    [
      'an issue time an hour ahead (to stretch a long life past the check)',
      () => forge(claims(w.users.submitter.id, { iat: now() + 3600, exp: now() + 3600 + 600 })),
    ],
    ['two parts only', () => forge(claims(w.users.submitter.id)).split('.').slice(0, 2).join('.')],
    ['not a JWT', () => 'not-a-token'],
    ['an empty bearer', () => ''],
  ])('refuses %s with 401', async (_, make) => {
    const token = make();
    for (const url of ['/api/auth/me', '/api/declarations', '/api/users']) {
      const res = await t.get(url, token || undefined);
      expect({ url, status: res.status }).toEqual({ url, status: 401 });
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(TOKEN_CODES).toContain(res.body.code);
    }
  });

  it('says an expired token has expired', async () => {
    const token = forge(claims(w.users.submitter.id, { iat: now() - 7200, exp: now() - 3600 }));
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' });
    const english = await t.request('GET', '/api/auth/me', { token, headers: { 'accept-language': 'en' } });
    expect(english.body).toMatchObject({
      code: 'TOKEN_EXPIRED',
      message: 'the token has expired; log in again',
    });
  });

  it('tells a missing token from a bad one', async () => {
    expect((await me('')).body).toMatchObject({ code: 'TOKEN_MISSING', message: '请先登录' });
    expect((await me('not-a-token')).body).toMatchObject({
      code: 'TOKEN_INVALID',
      message: '登录凭证无效，请重新登录',
    });
    expect((await me(forge(claims(w.users.submitter.id, { tv: 7 })))).body).toMatchObject({
      code: 'SESSION_ENDED',
      message: '登录已失效（账户已停用、密码已修改或账户已变更），请重新登录',
    });
  });

  it('says why a token without expiry is refused', async () => {
    const res = await me(forge({ sub: w.users.submitter.id, tv: 0, iat: now() }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'TOKEN_LIFETIME',
      message: '登录凭证无效：没有有效期，或有效期长于本系统签发的凭证；请重新登录',
    });
  });

  it('accepts the tokens it issues (exp − iat is the configured lifetime)', async () => {
    const [, payload] = w.users.submitter.token.split('.');
    const { iat, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(exp - iat).toBe(1800);
    expect((await me(w.users.submitter.token)).status).toBe(200);
  });

  it('refuses a token sent other than as a Bearer header', async () => {
    const token = w.users.submitter.token;
    expect(
      (await t.request('GET', '/api/auth/me', { headers: { authorization: `Basic ${token}` } })).status,
    ).toBe(401);
    expect((await t.request('GET', '/api/auth/me', { headers: { authorization: token } })).status).toBe(401);
    expect((await t.get(`/api/auth/me?access_token=${token}`)).status).toBe(401);
    expect((await t.request('GET', '/api/auth/me', { headers: { cookie: `token=${token}` } })).status).toBe(
      401,
    );
  });
});

describe('changes to a user take effect on the very next request with an old token', () => {
  it('a disabled user', async () => {
    const u = await newUser('tok.disabled', ['submitter']);
    expect((await me(u.token)).status).toBe(200);
    expect((await t.patch(`/api/users/${u.id}`, { disabled: true }, w.admin)).status).toBe(200);
    expect((await me(u.token)).status).toBe(401);
    expect((await t.post('/api/declarations', { year: 2026 }, u.token)).status).toBe(401);
    // Enabling again does not revive the old token (disabling ended every session).
    expect((await t.patch(`/api/users/${u.id}`, { disabled: false }, w.admin)).status).toBe(200);
    expect((await me(u.token)).status).toBe(401);
    expect((await me(await t.login('tok.disabled'))).status).toBe(200);
  });

  it('a removed role (submitter → auditor): writes are 403 at once, reads follow the new role', async () => {
    const u = await newUser('tok.role', ['submitter']);
    expect((await t.post('/api/declarations', { year: 2026 }, u.token)).status).toBe(201);
    expect((await t.patch(`/api/users/${u.id}`, { roles: ['auditor'] }, w.admin)).status).toBe(200);
    const refused = await t.post('/api/declarations', { year: 2026 }, u.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: '您的角色（安全审计员）无权编辑申报表；需要以下角色之一：填报人',
    });
    expect((await t.get('/api/audit/verify', u.token)).status).toBe(200);
    expect((await me(u.token)).body.roles).toEqual(['auditor']);
  });

  it('an added role takes effect at once too', async () => {
    // (auditor no longer combines with another role: the added role is a reviewer's.)
    const u = await newUser('tok.added', ['submitter'], w.unitId);
    expect((await t.get('/api/monitoring/summary?year=2026', u.token)).status).toBe(403);
    await t.patch(`/api/users/${u.id}`, { roles: ['submitter', 'dept_reviewer'] }, w.admin);
    expect((await t.get('/api/monitoring/summary?year=2026', u.token)).status).toBe(200);
  });

  it('a user moved to another department loses the old department’s declarations at once', async () => {
    const u = await newUser('tok.mover', ['submitter']);
    const { id } = await createValidDeclaration(t, u.token);
    expect((await t.get(`/api/declarations/${id}`, u.token)).status).toBe(200);
    await t.patch(`/api/users/${u.id}`, { departmentId: w.deptB }, w.admin);
    expect((await t.get(`/api/declarations/${id}`, u.token)).status).toBe(404);
  });

  it('a password reset by an administrator, or changed by the user, ends the old sessions', async () => {
    const u = await newUser('tok.reset', ['submitter']);
    await t.patch(`/api/users/${u.id}`, { password: 'Brand-New-Passw0rd!' }, w.admin);
    expect((await me(u.token)).status).toBe(401);
    const fresh = await t.login('tok.reset', 'Brand-New-Passw0rd!');
    const second = await t.login('tok.reset', 'Brand-New-Passw0rd!');
    const changed = await t.post(
      '/api/auth/password',
      { currentPassword: 'Brand-New-Passw0rd!', newPassword: 'Third-Passw0rd!!' },
      fresh,
    );
    expect(changed.status).toBe(204);
    expect((await me(second)).status).toBe(401);
    expect((await me(fresh)).status).toBe(401);
  });

  it('a change made elsewhere (another instance, straight in the database) is honoured within the 2 s cache', async () => {
    const u = await newUser('tok.elsewhere', ['submitter']);
    expect((await me(u.token)).status).toBe(200);
    const started = Date.now();
    await t.dataSource.getRepository(User).update({ id: u.id }, { disabled: true });
    let status = 200;
    while (status === 200 && Date.now() - started < 5000) {
      status = (await me(u.token)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2600);
  });
});
