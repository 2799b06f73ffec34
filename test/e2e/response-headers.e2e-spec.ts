import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration } from '../support/factories';
import { PASSWORD, startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 12, item 9: the API's answers, which carry tokens (login) and declaration content,
 * are never stored by a browser or proxy (`Cache-Control: no-store`, `Pragma: no-cache`), and
 * each carries a Content-Security-Policy that lets nothing in it load, run or be framed. The
 * Swagger UI page's own policy is checked against the built service
 * (test/faults/docs-and-listen.fault-spec.ts: SwaggerModule.setup cannot run inside Jest).
 */

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

let calls = 0;

async function answers(): Promise<Array<[string, Res]>> {
  const sub = w.users.submitter.token;
  const username = `hdr.changer${++calls}`;
  const { id } = await createValidDeclaration(t, sub);
  const changer = await t.post(
    '/api/users',
    {
      username,
      displayName: 'C',
      password: PASSWORD,
      roles: ['submitter'],
      departmentId: w.deptA,
    },
    w.admin,
  );
  expect(changer.status).toBe(201);
  return [
    ['200 login (a token)', await t.post('/api/auth/login', { username: 'submitter', password: PASSWORD })],
    ['401 login', await t.post('/api/auth/login', { username: 'submitter', password: 'Wrong-Passw0rd!' })],
    ['200 me', await t.get('/api/auth/me', sub)],
    ['200 declaration', await t.get(`/api/declarations/${id}`, sub)],
    ['200 xlsx', await t.get(`/api/declarations/${id}/export.xlsx`, sub)],
    [
      '204 password changed',
      await t.post(
        '/api/auth/password',
        { currentPassword: PASSWORD, newPassword: 'Header-Passw0rd!' },
        await t.login(username),
      ),
    ],
    ['200 health', await t.get('/api/health')],
    ['401', await t.get('/api/declarations')],
    ['404 no route', await t.get('/api/no-such-route', sub)],
    ['400', await t.post('/api/declarations', { year: 'next' }, sub)],
  ];
}

describe('response headers', () => {
  it('no API answer may be stored: Cache-Control: no-store and Pragma: no-cache, errors included', async () => {
    for (const [what, res] of await answers()) {
      expect({ what, cacheControl: res.headers['cache-control'], pragma: res.headers.pragma }).toEqual({
        what,
        cacheControl: 'no-store',
        pragma: 'no-cache',
      });
    }
  });

  it('every API answer has a Content-Security-Policy that allows nothing and no framing', async () => {
    for (const [what, res] of await answers()) {
      const csp = String(res.headers['content-security-policy'] ?? '');
      const directives = Object.fromEntries(
        csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
      );
      expect({
        what,
        defaultSrc: directives['default-src'],
        frameAncestors: directives['frame-ancestors'],
      }).toEqual({
        what,
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
      });
    }
  });

  it('a path outside /api (the future web console) gets a policy for its own files, still never framed', async () => {
    const res = await t.get('/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
