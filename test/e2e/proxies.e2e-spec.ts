import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_PASSWORD, PASSWORD, startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 12, item 7: TRUST_PROXY=true believed X-Forwarded-For from anyone, so a client escaped
 * the per-address login limit and wrote an address of its choice into the audit log. Now only
 * the listed proxies are believed (`true` and hop counts are refused at start:
 * app-config.spec.ts). The service listens on 127.0.0.1; requests from 127.0.0.2 are another
 * machine to it.
 */

const WRONG = 'Wrong-Passw0rd!';

/** A login from the loopback address `from`, with the X-Forwarded-For a client or proxy sent. */
function loginVia(
  t: TestApp,
  username: string,
  password: string,
  forwardedFor?: string,
  from = '127.0.0.1',
): Promise<{ status: number; body: any }> {
  const url = new URL(t.baseUrl);
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        localAddress: from,
        method: 'POST',
        path: '/api/auth/login',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** An auditor (made by the bootstrap admin), logged in through its own forwarded address. */
async function auditorToken(t: TestApp): Promise<string> {
  const admin = await loginVia(t, 'admin', ADMIN_PASSWORD, '9.9.9.1');
  expect(admin.status).toBe(200);
  const bureauId = (await t.get('/api/departments', admin.body.accessToken)).body[0].id;
  const created = await t.post(
    '/api/users',
    {
      username: 'proxy.auditor',
      displayName: 'A',
      password: PASSWORD,
      roles: ['auditor'],
      departmentId: bureauId,
    },
    admin.body.accessToken,
  );
  expect(created.status).toBe(201);
  const auditor = await loginVia(t, 'proxy.auditor', PASSWORD, '9.9.9.2');
  expect(auditor.status).toBe(200);
  return auditor.body.accessToken;
}

/** The addresses the audit log holds for failed logins of `username`. */
async function auditedAddresses(t: TestApp, token: string, username: string): Promise<string[]> {
  const res = await t.get('/api/audit/events?action=auth.login_failed&limit=500', token);
  expect(res.status).toBe(200);
  return res.body.items
    .filter((e: { actor: { username: string } }) => e.actor.username === username)
    .map((e: { ip: string }) => e.ip);
}

describe('TRUST_PROXY=127.0.0.1: one proxy, on this machine', () => {
  let t: TestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1', LOGIN_RATE_LIMIT_MAX: '3' });
    auditor = await auditorToken(t);
  });
  afterAll(async () => t?.close());

  it('takes the address the proxy saw; what the client put before it changes neither the login limit nor the audit log', async () => {
    // The proxy appends the address it saw (5.6.7.8) to whatever chain the client sent.
    const spoofs = ['1.2.3.4', '1.2.3.5', '10.0.0.1, 1.2.3.6', '127.0.0.1'];
    const answers = [];
    for (const spoof of spoofs) answers.push(await loginVia(t, 'proxy.victim', WRONG, `${spoof}, 5.6.7.8`));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(await auditedAddresses(t, auditor, 'proxy.victim')).toEqual(['5.6.7.8', '5.6.7.8', '5.6.7.8']);
  });

  it('another client behind the same proxy has a limit of its own', async () => {
    expect((await loginVia(t, 'proxy.other', WRONG, '5.6.7.9')).status).toBe(401);
    expect(await auditedAddresses(t, auditor, 'proxy.other')).toEqual(['5.6.7.9']);
  });

  it('a client that is not the proxy (127.0.0.2) is not believed: its header is ignored', async () => {
    // 5.6.7.8 is limited already; the header does not put this client there, nor take it elsewhere.
    const res = await loginVia(t, 'proxy.direct', WRONG, '5.6.7.8', '127.0.0.2');
    expect(res.status).toBe(401);
    for (let i = 0; i < 2; i++) await loginVia(t, 'proxy.direct', WRONG, `1.1.1.${i}`, '127.0.0.2');
    expect((await loginVia(t, 'proxy.direct', WRONG, '2.2.2.2', '127.0.0.2')).status).toBe(429);
    expect(await auditedAddresses(t, auditor, 'proxy.direct')).toEqual([
      '127.0.0.2',
      '127.0.0.2',
      '127.0.0.2',
    ]);
  });
});

describe('TRUST_PROXY=10.0.0.1: the proxies listed do not include this client', () => {
  let t: TestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '10.0.0.1', LOGIN_RATE_LIMIT_MAX: '3' });
    auditor = await auditorToken(t);
  });
  afterAll(async () => t?.close());

  it('ignores X-Forwarded-For: the connection’s address is counted and audited', async () => {
    // The two logins of auditorToken came from 127.0.0.1 too (their headers ignored).
    expect((await loginVia(t, 'list.victim', WRONG, '1.2.3.4, 10.0.0.1')).status).toBe(401);
    expect((await loginVia(t, 'list.victim', WRONG, '1.2.3.5')).status).toBe(429);
    expect(await auditedAddresses(t, auditor, 'list.victim')).toEqual(['127.0.0.1']);
  });
});

describe('TRUST_PROXY=127.0.0.1,5.6.7.8: two proxies in a row', () => {
  let t: TestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '127.0.0.1, 5.6.7.8', LOGIN_RATE_LIMIT_MAX: '3' });
    auditor = await auditorToken(t);
  });
  afterAll(async () => t?.close());

  it('walks back through the listed proxies to the first address that is not one', async () => {
    expect((await loginVia(t, 'chain.victim', WRONG, '1.2.3.4, 4.3.2.1, 5.6.7.8')).status).toBe(401);
    expect(await auditedAddresses(t, auditor, 'chain.victim')).toEqual(['4.3.2.1']);
  });
});
