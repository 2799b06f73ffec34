import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import type { Res } from '../support/test-app';
import { buildWorld, type World } from '../support/world';
import {
  checkChains,
  createPgDatabase,
  freePort,
  Remote,
  sleep,
  startService,
  TcpProxy,
  type PgDatabase,
  type Service,
  releaseBuilt,
} from './service';

/**
 * Issue 7, deliverable 6(b): PostgreSQL goes away under load. The machine's PostgreSQL is
 * shared with other suites, so it is never stopped: the service reaches its database through a
 * TCP proxy run by this test, and the proxy is cut. Two ways: refused (every connection dropped,
 * the port closed) and a black hole (connections dropped, new ones accepted and never answered:
 * the hang that timeouts exist for). While away: every request fails fast, 503 with a clear
 * message and Retry-After, within DATABASE_TIMEOUT_MS (2 s here) and a margin; /api/health
 * answers 503 `database: "down"`. Back: the same process (no restart) answers 200 again, and
 * nothing partial was written (each declaration's version is the length of its audit chain,
 * every transition row has its audit event, the chains verify).
 */

const TIMEOUT_MS = 2000;
const MARGIN_MS = 1500;
const WORKERS = 4;

let db: PgDatabase;
let proxy: TcpProxy;
let S: Service;
let r: Remote;
let w: World;
const ids: number[] = [];
const indicatorsOf = new Map<number, number[]>();
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  db = await createPgDatabase();
  proxy = new TcpProxy(await freePort());
  await proxy.start();
  S = await startService({
    DATABASE_URL: db.url(proxy.port),
    DATABASE_TIMEOUT_MS: String(TIMEOUT_MS),
    DATABASE_POOL_SIZE: '4',
  });
  r = new Remote(S.baseUrl, 20_000);
  w = await buildWorld(r);
  for (let i = 0; i < 4; i++) {
    const d = await createValidDeclaration(r, w.users.submitter.token, {
      projectName: `断库项目${i}`,
    });
    ids.push(d.id);
    indicatorsOf.set(d.id, d.indicatorIds);
  }
}, 120_000);

afterAll(async () => {
  console.log(`postgres outage: ${JSON.stringify(figures)}`);
  await S?.stop();
  await proxy?.stop();
  await db?.drop();
  releaseBuilt();
});

interface Outcome {
  started: number;
  ms: number;
  status: number;
  kind: string;
  message?: string;
  code?: string;
  retryAfter?: string;
  indicatorId?: number;
  value?: string;
  error?: string;
}

/** Workers editing indicators and moving declarations until `stop()`; every answer recorded. */
function load() {
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const sub = w.users.submitter.token;
  const one = async (): Promise<void> => {
    const k = ++n;
    const id = ids[k % ids.length];
    const started = Date.now();
    const record = (kind: string, res: Res & { ms: number }, extra: Partial<Outcome> = {}) =>
      outcomes.push({
        started,
        ms: Date.now() - started,
        status: res.status,
        kind,
        message: res.body?.message,
        code: res.body?.code,
        retryAfter: res.headers['retry-after'] as string | undefined,
        ...extra,
      });
    try {
      const d = await r.get(`/api/declarations/${id}`, sub);
      if (d.status !== 200) return void record('read', d);
      if (k % 5 === 0 && d.body.state === 'drafting') {
        record(
          'transition',
          await r.post(
            `/api/declarations/${id}/transitions`,
            { event: 'SUBMIT', version: d.body.version },
            sub,
          ),
        );
      } else if (k % 5 === 0 && d.body.state === 'internalReview') {
        record(
          'transition',
          await r.post(
            `/api/declarations/${id}/transitions`,
            { event: 'RETURN', version: d.body.version, comment: `退回 ${k}` },
            w.users.deptReviewer.token,
          ),
        );
      } else {
        const indicatorId = indicatorsOf.get(id)![k % 5];
        const value = `断库-${k}`;
        record(
          'edit',
          await r.patch(
            `/api/declarations/${id}/indicators/${indicatorId}`,
            { version: d.body.version, name: value },
            sub,
          ),
          { indicatorId, value },
        );
      }
    } catch (e) {
      outcomes.push({ started, ms: Date.now() - started, status: 0, kind: 'error', error: String(e) });
    }
  };
  // Bounded even when a test fails before stopping it: at most 60 s and 20 000 requests.
  const until = Date.now() + 60_000;
  const done = Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (running && Date.now() < until && outcomes.length < 20_000) await one();
    }),
  );
  return {
    outcomes,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function health(): Promise<{ status: number; body: any; ms: number }> {
  const res = await r.get('/api/health');
  return { status: res.status, body: res.body, ms: res.ms };
}

async function untilHealthy(maxMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    if ((await health()).status === 200) return Date.now() - started;
    await sleep(200);
  }
  throw new Error(`not healthy ${maxMs} ms after the database came back`);
}

/** The checks while the database is away: fast 503s with a clear message, health down. */
async function duringOutage(label: string, cutAt: number, outcomes: Outcome[]): Promise<void> {
  const h = await health();
  expect({ label, status: h.status, body: h.body }).toEqual({
    label,
    status: 503,
    body: { status: 'degraded', database: 'down' },
  });
  expect(h.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  // Requests started after the cut (+100 ms for the proxy to drop its sockets).
  const after = outcomes.filter((o) => o.started > cutAt + 100);
  expect(after.length).toBeGreaterThan(4);
  const wrong = after.filter(
    (o) =>
      o.status !== 503 ||
      o.ms > TIMEOUT_MS + MARGIN_MS ||
      o.code !== 'DATABASE_UNAVAILABLE' ||
      o.message !== '数据库暂时不可用，请稍后再试' ||
      !o.retryAfter,
  );
  expect({ label, wrong: wrong.slice(0, 5) }).toEqual({ label, wrong: [] });
  figures[label] = {
    requestsDuringOutage: after.length,
    all503: true,
    slowestMs: Math.max(...after.map((o) => o.ms)),
    healthMs: h.ms,
  };
}

describe('PostgreSQL going away under load (through a TCP proxy)', () => {
  it('refused connections: fast 503s and health down; back: recovers without a restart', async () => {
    const pid = S.proc.pid;
    const l = load();
    try {
      await sleep(1500);
      const cutAt = Date.now();
      await proxy.refuse();
      await sleep(3500);
      await duringOutage('refused', cutAt, l.outcomes);
      await proxy.up();
      const upAt = Date.now();
      const recoveredMs = await untilHealthy(15_000);
      await sleep(1500);
      await l.stop();
      // After the service was healthy again, the load succeeded again (no 5xx, no failure).
      const afterUp = l.outcomes.filter((o) => o.started > upAt + recoveredMs + 200);
      expect(afterUp.length).toBeGreaterThan(4);
      expect(afterUp.filter((o) => o.status >= 500 || o.status === 0)).toEqual([]);
      expect(l.outcomes.filter((o) => o.status === 0)).toEqual([]);
      expect(S.proc.pid).toBe(pid);
      expect(S.proc.exitCode).toBeNull();
      const before = l.outcomes.filter((o) => o.started + o.ms < cutAt);
      figures.refused = {
        ...(figures.refused as object),
        acceptedBeforeCut: before.filter((o) => o.status < 300).length,
        recoveredAfterMs: recoveredMs,
        acceptedAfterRecovery: afterUp.filter((o) => o.status < 300).length,
      };
    } finally {
      await l.stop();
      await proxy.up();
    }
  }, 90_000);

  it('a black hole (connections hang): 503 within the timeout, never a hang; back: recovers', async () => {
    const l = load();
    try {
      await sleep(1000);
      const cutAt = Date.now();
      await proxy.blackhole();
      await sleep(2 * TIMEOUT_MS + 1500);
      await duringOutage('blackhole', cutAt, l.outcomes);
      await proxy.up();
      const upAt = Date.now();
      const recoveredMs = await untilHealthy(20_000);
      await sleep(1500);
      await l.stop();
      const afterUp = l.outcomes.filter((o) => o.started > upAt + recoveredMs + 200);
      expect(afterUp.length).toBeGreaterThan(4);
      expect(afterUp.filter((o) => o.status >= 500 || o.status === 0)).toEqual([]);
      figures.blackhole = { ...(figures.blackhole as object), recoveredAfterMs: recoveredMs };
    } finally {
      await l.stop();
      await proxy.up();
    }
  }, 90_000);

  it('nothing partial was written: versions match audit chains, transitions are audited, chains verify', async () => {
    // Directly on the database (not through the proxy).
    const mismatched = await db.query(
      `SELECT d.id, d.version, c.head_seq FROM declarations d JOIN audit_chains c ON c.chain = 'd:' || d.id
       WHERE c.head_seq <> d.version`,
    );
    expect(mismatched).toEqual([]);
    const unaudited = await db.query(
      `SELECT t.declaration_id FROM declaration_transitions t GROUP BY t.declaration_id
       HAVING count(*) <> (SELECT count(*) FROM audit_events e
                           WHERE e.declaration_id = t.declaration_id AND e.action = 'workflow.transitioned')`,
    );
    expect(unaudited).toEqual([]);
    const chains = checkChains(
      await db.query('SELECT * FROM audit_events ORDER BY id'),
      await db.query('SELECT * FROM audit_chains'),
    );
    expect(chains.problems).toEqual([]);
    const verify = await r.get('/api/audit/verify', w.users.auditor.token);
    expect(verify.body.ok).toBe(true);
    // The service still works end to end after both outages.
    const d = await createValidDeclaration(r, w.users.submitter.token, { projectName: '恢复后' });
    await fire(r, d.id, 'SUBMIT', w.users.submitter.token);
    figures.afterwards = { auditEventsVerified: verify.body.checked, proxyConnections: proxy.connections };
  }, 60_000);
});
