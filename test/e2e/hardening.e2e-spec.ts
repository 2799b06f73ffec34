import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { FAILING_AUDIT, failingAudit } from '../support/failing-audit';
import { createValidDeclaration } from '../support/factories';
import {
  ADMIN_PASSWORD,
  AUDIT_KEY,
  AUDIT_SIGNING_KEY,
  JWT_SECRET,
  PASSWORD,
  startTestApp,
  type Res,
  type TestApp,
} from '../support/test-app';
import { onPostgres } from '../support/test-db';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 7, deliverable 5 (hardening): login rate-limited per client address (429 with
 * Retry-After), security headers on every answer, CORS off unless CORS_ORIGINS is set, slow
 * clients cut off by REQUEST_TIMEOUT_MS, no stack traces or SQL in error bodies (a 5xx body
 * carries only the request id), duplicates created at the same moment are 409 not 500, and the
 * passwords, tokens and secrets of a run never appear in its logs.
 */

/** A request from a chosen loopback source address (127.0.0.2 is another client to the service). */
function fromAddress(
  baseUrl: string,
  localAddress: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  const url = new URL(baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        localAddress,
        method,
        path,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : null,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('login rate limit per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '3', LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  afterAll(async () => t?.close());

  it('answers 429 with Retry-After after the limit, whatever the account, and even for the right password', async () => {
    const login = (username: string, password: string) => t.post('/api/auth/login', { username, password });
    expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
    expect((await login('admin', 'Wrong-Passw0rd!')).status).toBe(401);
    expect((await login('nobody', 'Wrong-Passw0rd!')).status).toBe(401);
    const limited = await login('someone-else', 'Wrong-Passw0rd!');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      retryAfterSeconds: retryAfter,
    });
    expect(limited.body).toMatchObject({
      code: 'LOGIN_RATE_LIMITED',
      message: `登录尝试过于频繁，请 ${retryAfter} 秒后再试`,
    });
    const right = await login('admin', ADMIN_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toBeDefined();
  });

  it('counts per address: another client address can still log in', async () => {
    const other = await fromAddress(t.baseUrl, '127.0.0.2', 'POST', '/api/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(other.status).toBe(200);
    expect(typeof other.body.accessToken).toBe('string');
    // …while the first address is still limited.
    expect((await t.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(
      429,
    );
  });

  it('does not limit the other routes', async () => {
    for (let i = 0; i < 10; i++) expect((await t.get('/api/health')).status).toBe(200);
  });
});

describe('headers, CORS, timeouts and error bodies', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_MS: '1500', LOGIN_RATE_LIMIT_MAX: '1000' }, undefined, [
      FAILING_AUDIT,
    ]);
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const SECURITY_HEADERS: Record<string, RegExp> = {
    'x-content-type-options': /^nosniff$/,
    'x-frame-options': /^SAMEORIGIN$/,
    'strict-transport-security': /max-age=\d{7,}/,
    'referrer-policy': /^no-referrer$/,
    'x-dns-prefetch-control': /^off$/,
    'x-permitted-cross-domain-policies': /^none$/,
    'cross-origin-opener-policy': /^same-origin$/,
    'cross-origin-resource-policy': /^same-origin$/,
    'x-download-options': /^noopen$/,
    'x-xss-protection': /^0$/,
  };

  async function answers(): Promise<Array<[string, Res]>> {
    const sub = w.users.submitter.token;
    const { id } = await createValidDeclaration(t, sub);
    return [
      ['200 health', await t.get('/api/health')],
      ['200 json', await t.get(`/api/declarations/${id}`, sub)],
      ['200 xlsx', await t.get(`/api/declarations/${id}/export.xlsx`, sub)],
      ['401', await t.get('/api/declarations')],
      ['403', await t.get('/api/users', sub)],
      ['404 out of scope', await t.get(`/api/declarations/${id}`, w.users.submitterB.token)],
      ['404 no route', await t.get('/api/no-such-route', sub)],
      ['400 validation', await t.post('/api/declarations', { year: 'next' }, sub)],
      [
        '400 malformed JSON',
        await t.request('POST', '/api/declarations', {
          token: sub,
          raw: { payload: '{', contentType: 'application/json' },
        }),
      ],
      ['409 stale', await t.patch(`/api/declarations/${id}`, { version: 1, projectName: 'x' }, sub)],
      [
        '413',
        await t.request('POST', '/api/declarations', {
          token: sub,
          raw: {
            payload: JSON.stringify({ year: 2026, projectName: 'x'.repeat(1_100_000) }),
            contentType: 'application/json',
          },
        }),
      ],
      [
        '415',
        await t.request('POST', '/api/declarations', {
          token: sub,
          raw: { payload: '<a/>', contentType: 'application/xml' },
        }),
      ],
    ];
  }

  it('sends the security headers on every kind of answer, and no X-Powered-By', async () => {
    for (const [what, res] of await answers()) {
      for (const [name, re] of Object.entries(SECURITY_HEADERS))
        expect({ what, name, value: res.headers[name] }).toEqual({
          what,
          name,
          value: expect.stringMatching(re),
        });
      expect({ what, poweredBy: res.headers['x-powered-by'] }).toEqual({ what, poweredBy: undefined });
      expect(String(res.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('keeps stack traces, file paths and SQL out of every error body', async () => {
    for (const [what, res] of await answers()) {
      if (res.status < 400) continue;
      expect({
        what,
        keys: Object.keys(res.body).filter(
          (k) =>
            ![
              'statusCode',
              'error',
              'code',
              'message',
              'details',
              'field',
              'reason',
              'currentVersion',
              'findings',
            ].includes(k),
        ),
      }).toEqual({ what, keys: [] });
      expect({
        what,
        leak:
          /\bat \S+ \(|\/srv\/app\/|node_modules|\.ts:\d+|SELECT |INSERT |UPDATE |QueryFailed|stack/i.exec(
            res.text,
          )?.[0] ?? null,
      }).toEqual({ what, leak: null });
    }
  });

  it('answers a server error with only the request id: no message of the error, no SQL, no stack', async () => {
    const secret = 'S3cret-Parameter-Value';
    failingAudit(t.app).failNextWrite(
      new QueryFailedError(
        `INSERT INTO "audit_events" ("password_hash") VALUES ($1) -- ${secret}`,
        [secret],
        Object.assign(
          new Error(
            `relation "audit_events" violates something at Db.write (/srv/app/src/database/db.service.ts:27:5)`,
          ),
          {
            code: 'XX000',
          },
        ),
      ),
    );
    const res = await t.post(
      '/api/declarations',
      { year: 2026, projectName: '服务器错误' },
      w.users.submitter.token,
    );
    expect(res.status).toBe(500);
    const requestId = res.headers['x-request-id'];
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL_ERROR',
      message: `系统内部错误；请联系管理员并提供请求编号 ${requestId}`,
      requestId,
    });
    expect(res.text).not.toMatch(/INSERT|audit_events|password|S3cret|db\.service|\/srv\/app\//);
    // …and the failed write left nothing behind.
    const list = await t.get(
      '/api/declarations?q=%E6%9C%8D%E5%8A%A1%E5%99%A8%E9%94%99%E8%AF%AF',
      w.users.submitter.token,
    );
    expect(list.body.items).toEqual([]);
  });

  it('answers duplicates created at the same moment 409, never 500', async () => {
    const deps = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.post(
          '/api/departments',
          { code: 'DUP-DEPT', name: '重复', kind: 'department', parentId: w.unitId },
          w.admin,
        ),
      ),
    );
    expect(deps.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const users = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.post(
          '/api/users',
          {
            username: 'dup.user',
            displayName: 'D',
            password: PASSWORD,
            roles: ['submitter'],
            departmentId: w.deptA,
          },
          w.admin,
        ),
      ),
    );
    expect(users.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of [...deps, ...users].filter((x) => x.status === 409)) {
      expect(r.body.message).not.toMatch(/duplicate key|constraint|SQLITE|UNIQUE/i);
      // Seen by the check, or by the unique index when two checks passed at the same moment.
      expect(['DEPARTMENT_CODE_TAKEN', 'USERNAME_TAKEN', 'CONCURRENT_CHANGE']).toContain(r.body.code);
    }
  });

  it('has CORS off: no Access-Control-Allow-Origin for any origin, and preflights are not answered', async () => {
    const res = await t.request('GET', '/api/health', { headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await t.request('OPTIONS', '/api/declarations', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('cuts off a client that does not finish sending its request within REQUEST_TIMEOUT_MS (408)', async () => {
    const url = new URL(t.baseUrl);
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () =>
        socket.write(
          'POST /api/declarations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
            `Content-Length: 100\r\nAuthorization: Bearer ${w.users.submitter.token}\r\n\r\n{"year":`,
        ),
      );
      let data = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(`still open after 10 s ${data}`);
      }, 10_000);
      socket.on('data', (d) => (data += d));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(data);
      });
    });
    const took = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(4000);
  }, 15_000);
});

describe('CORS with CORS_ORIGINS set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://pd.example.gov.cn, https://admin.example.gov.cn' });
  });
  afterAll(async () => t?.close());

  it('allows exactly the configured origins', async () => {
    const allowed = await t.request('GET', '/api/health', {
      headers: { origin: 'https://pd.example.gov.cn' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://pd.example.gov.cn');
    const second = await t.request('GET', '/api/health', {
      headers: { origin: 'https://admin.example.gov.cn' },
    });
    expect(second.headers['access-control-allow-origin']).toBe('https://admin.example.gov.cn');
    const other = await t.request('GET', '/api/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.request('OPTIONS', '/api/declarations', {
      headers: { origin: 'https://pd.example.gov.cn', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://pd.example.gov.cn');
  });
});

describe('secrets never logged', () => {
  let t: TestApp;
  const captured: string[] = [];
  const write = process.stdout.write;
  const secrets: Array<[string, string]> = [
    ['ADMIN_PASSWORD', ADMIN_PASSWORD],
    ['the users’ password', PASSWORD],
    ['JWT_SECRET', JWT_SECRET],
    ['AUDIT_KEY', AUDIT_KEY],
    ['AUDIT_SIGNING_KEY', AUDIT_SIGNING_KEY],
  ];

  beforeAll(async () => {
    // pino writes to process.stdout when its write has been replaced (else straight to fd 1),
    // so the replacement must be in place before the app (and its logger) is created.
    process.stdout.write = ((chunk: string | Uint8Array) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    t = await startTestApp({ LOG_LEVEL: 'info', LOGIN_RATE_LIMIT_MAX: '1000' }, undefined, [FAILING_AUDIT]);
  });
  afterAll(async () => {
    await t?.close();
    process.stdout.write = write;
  });

  it('greps the logs of a run for every password, token and secret it used: none is there', async () => {
    const w = await buildWorld(t);
    const tokens = Object.values(w.users).map((u) => u.token);
    const sub = w.users.submitter.token;
    const wrong = 'Wrong-Secret-Passw0rd!';
    const reset = 'Reset-Secret-Passw0rd!';
    const changed = 'Changed-Secret-Passw0rd!';
    secrets.push(['a wrong password', wrong], ['a reset password', reset], ['a changed password', changed]);
    // Failures and successes that carry credentials.
    expect((await t.post('/api/auth/login', { username: 'submitter', password: wrong })).status).toBe(401);
    expect((await t.post('/api/auth/login', { username: 'nobody', password: wrong })).status).toBe(401);
    expect(
      (await t.post('/api/auth/login', { username: 'submitter', password: wrong, extra: 1 })).status,
    ).toBe(400);
    expect(
      (
        await t.request('POST', '/api/auth/login', {
          raw: { payload: `{"username":"submitter","password":"${wrong}"`, contentType: 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect((await t.patch(`/api/users/${w.users.submitter2.id}`, { password: reset }, w.admin)).status).toBe(
      200,
    );
    const t2 = await t.login('submitter2', reset);
    tokens.push(t2);
    expect(
      (await t.post('/api/auth/password', { currentPassword: reset, newPassword: changed }, t2)).status,
    ).toBe(204);
    expect(
      (await t.post('/api/auth/password', { currentPassword: wrong, newPassword: changed }, sub)).status,
    ).toBe(400);
    expect(
      (
        await t.post(
          '/api/users',
          {
            username: 'logged.user',
            displayName: 'L',
            password: wrong,
            roles: ['submitter'],
            departmentId: w.deptA,
          },
          w.admin,
        )
      ).status,
    ).toBe(201);
    // Requests with tokens: fine, refused, and a server error (which is logged with its stack).
    await createValidDeclaration(t, sub);
    // The audit keys at work: a signed checkpoint, its export, a verification.
    expect((await t.post('/api/audit/checkpoints', {}, w.users.auditor.token)).status).toBe(201);
    expect((await t.get('/api/audit/checkpoints', w.users.auditor.token)).status).toBe(200);
    expect((await t.get('/api/audit/verify', w.users.auditor.token)).body.ok).toBe(true);
    expect((await t.get('/api/users', sub)).status).toBe(403);
    expect((await t.get('/api/auth/me', `${sub}x`)).status).toBe(401);
    failingAudit(t.app).failNextWrite(new Error('forced failure for the log test'));
    expect((await t.post('/api/declarations', { year: 2026 }, sub)).status).toBe(500);

    const logs = captured.join('');
    // The capture works: the run's requests and the forced error are in it.
    expect(logs).toContain('"url":"/api/auth/login"');
    expect(logs).toContain('forced failure for the log test');
    const lines = logs.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const [what, value] of secrets) if (logs.includes(value)) found.push(what);
    for (const token of tokens) {
      if (logs.includes(token)) found.push(`a token ${token.slice(0, 12)}…`);
      const signature = token.split('.')[2];
      if (logs.includes(signature)) found.push(`the signature of a token ${token.slice(0, 12)}…`);
    }
    expect(found).toEqual([]);
    console.log(
      `secrets grep (${onPostgres ? 'PostgreSQL' : 'SQLite'}): ${lines.length} log lines, ${secrets.length} secrets and ${tokens.length} tokens looked for, none found`,
    );
  });
});
