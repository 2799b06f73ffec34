import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { buildWorld, type World } from '../support/world';
import {
  checkChains,
  createPgDatabase,
  Remote,
  startService,
  type PgDatabase,
  type Service,
  releaseBuilt,
} from './service';

/**
 * Issue 7, deliverable 6(a): two instances of the built service (different ports) on one fresh
 * PostgreSQL database, started at the same moment, under a bounded mixed load sent to both at
 * random: indicator edits, transitions, bulk decisions and imports, eight at a time. Afterwards:
 * no 5xx and no failed connection; every declaration's state and version agree with the
 * successful answers; every accepted edit is in the final content or superseded by a later
 * accepted one; each accepted write is one version and one audit event; the transitions history
 * holds exactly the accepted transitions; the audit chains verify (the service's route and an
 * independent recomputation over SQL). And a user disabled on one instance is refused by the
 * other within its 2 s cache.
 */

const WORKERS = 8;
const OPS_PER_WORKER = 50;
const MAX_LOAD_MS = 90_000;

let db: PgDatabase;
let A: Service;
let B: Service;
let a: Remote;
let b: Remote;
let w: World;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  db = await createPgDatabase();
  const started = Date.now();
  // At the same moment, on an empty database: one migrates and creates the admin, the other waits.
  [A, B] = await Promise.all([
    startService({ DATABASE_URL: db.url(), DATABASE_POOL_SIZE: '6' }),
    startService({ DATABASE_URL: db.url(), DATABASE_POOL_SIZE: '6' }),
  ]);
  figures.startBothMs = Date.now() - started;
  a = new Remote(A.baseUrl);
  b = new Remote(B.baseUrl);
  w = await buildWorld(a);
}, 120_000);

afterAll(async () => {
  console.log(`two instances: ${JSON.stringify(figures)}`);
  await Promise.all([A?.stop(), B?.stop()]);
  await db?.drop();
  releaseBuilt();
});

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

interface Outcome {
  kind: 'edit' | 'transition' | 'bulk' | 'import';
  via: string;
  status: number;
  declarationId?: number;
  indicatorId?: number;
  value?: string;
  event?: string;
  version?: number;
  state?: string;
  created?: Array<{ id: number; projectName: string }>;
  ms: number;
}

describe('two instances on one PostgreSQL database', () => {
  it('both started at once on an empty database, one admin and one bureau were created', async () => {
    expect((await a.get('/api/health')).body).toEqual({ status: 'ok', database: 'up' });
    expect((await b.get('/api/health')).body).toEqual({ status: 'ok', database: 'up' });
    expect(await db.query(`SELECT username FROM users WHERE username = 'admin'`)).toHaveLength(1);
    expect(await db.query(`SELECT id FROM departments WHERE kind = 'bureau'`)).toHaveLength(1);
    expect((await db.query('SELECT count(*)::int AS n FROM migrations'))[0].n).toBeGreaterThan(0);
    // A token from one instance opens the other (shared JWT_SECRET).
    expect((await b.get('/api/auth/me', w.users.submitter.token)).status).toBe(200);
  });

  it('a bounded mixed load on both: states, versions and edits agree with the successful answers; audit verifies', async () => {
    const sub = w.users.submitter.token;
    const ids: number[] = [];
    const indicatorsOf = new Map<number, number[]>();
    // Four declarations only edited (they stay drafts), six that move: edits race with transitions there.
    const editOnly: number[] = [];
    const moving: number[] = [];
    for (let i = 0; i < 10; i++) {
      const d = await createValidDeclaration(i % 2 ? b : a, sub, {
        projectName: `负载项目${i}`,
      });
      ids.push(d.id);
      indicatorsOf.set(d.id, d.indicatorIds);
      (i < 4 ? editOnly : moving).push(d.id);
      if (i >= 7) await fire(a, d.id, 'SUBMIT', sub);
    }
    const initialTransitions = new Map<number, number>();
    for (const id of ids)
      initialTransitions.set(id, (await a.get(`/api/declarations/${id}/transitions`, sub)).body.length);
    const importText = readFileSync(
      join(process.cwd(), 'test', 'fixtures', 'own-trees-2026-cut-off.txt'),
      'utf8',
    ).split('\n\n')[0];

    const outcomes: Outcome[] = [];
    const failures: string[] = [];
    const deadline = Date.now() + MAX_LOAD_MS;
    let opNo = 0;
    const clients = [a, b];
    const viaName = (c: Remote) => (c === a ? 'A' : 'B');

    async function op(): Promise<void> {
      const n = ++opNo;
      const c = pick(clients);
      const r = Math.random();
      if (r < 0.4) {
        const id = Math.random() < 0.75 ? pick(editOnly) : pick(moving);
        const d = (await pick(clients).get(`/api/declarations/${id}`, sub)).body;
        const indicatorId = pick(indicatorsOf.get(id)!);
        const value = `指标名称-${n}`;
        const res = await c.patch(
          `/api/declarations/${id}/indicators/${indicatorId}`,
          { version: d.version, name: value },
          sub,
        );
        outcomes.push({
          kind: 'edit',
          via: viaName(c),
          status: res.status,
          declarationId: id,
          indicatorId,
          value,
          version: res.body?.version,
          ms: res.ms,
        });
      } else if (r < 0.75) {
        const id = pick(moving);
        const d = (await pick(clients).get(`/api/declarations/${id}`, sub)).body;
        const choices: Array<[string, string, Record<string, unknown>]> =
          d.state === 'drafting'
            ? [['SUBMIT', sub, {}]]
            : d.state === 'internalReview'
              ? [
                  ['APPROVE', w.users.deptReviewer.token, {}],
                  ['RETURN', w.users.deptReviewer.token, { comment: `退回 ${n}` }],
                  ['WITHDRAW', sub, {}],
                ]
              : d.state === 'bureauReview'
                ? [
                    ['RETURN', w.users.bureauReviewer.token, { comment: `退回 ${n}` }],
                    ['RETURN', w.users.bureauReviewer.token, { comment: `退回 ${n}` }],
                    ['APPROVE', w.users.bureauReviewer.token, {}],
                  ]
                : [];
        if (!choices.length) return;
        const [event, token, extra] = pick(choices);
        const res = await c.post(
          `/api/declarations/${id}/transitions`,
          { event, version: d.version, ...extra },
          token,
        );
        outcomes.push({
          kind: 'transition',
          via: viaName(c),
          status: res.status,
          declarationId: id,
          event,
          version: res.body?.version,
          state: res.body?.state,
          ms: res.ms,
        });
      } else if (r < 0.9) {
        const queue = (await pick(clients).get('/api/queues/mine', w.users.deptReviewer.token)).body;
        const items = (queue.items ?? [])
          .filter(
            (i: { declarationId: number; state: string }) =>
              ids.includes(i.declarationId) && i.state === 'internalReview',
          )
          .slice(0, 3)
          .map((i: { declarationId: number; version: number }) => ({
            declarationId: i.declarationId,
            version: i.version,
          }));
        if (!items.length) return;
        const event = pick(['APPROVE', 'RETURN']);
        const res = await c.post(
          '/api/queues/bulk',
          { event, items, ...(event === 'RETURN' ? { comment: `批量退回 ${n}` } : {}) },
          w.users.deptReviewer.token,
        );
        if (res.status !== 200)
          outcomes.push({ kind: 'bulk', via: viaName(c), status: res.status, ms: res.ms });
        for (const item of res.body?.items ?? [])
          outcomes.push({
            kind: 'bulk',
            via: viaName(c),
            status: item.ok ? 200 : item.status,
            declarationId: item.declarationId,
            event,
            version: item.version,
            state: item.state,
            ms: res.ms,
          });
      } else {
        const text = importText.replace('行道树养护监测', `导入项目-${n}`);
        const res = await c.request('POST', '/api/imports/declarations', {
          token: sub,
          raw: { payload: text, contentType: 'text/plain; charset=utf-8' },
        });
        outcomes.push({
          kind: 'import',
          via: viaName(c),
          status: res.status,
          created: (res.body?.declarations ?? []).map((d: { id: number; projectName: string }) => ({
            id: d.id,
            projectName: d.projectName,
          })),
          ms: res.ms,
        });
      }
    }

    const started = Date.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let i = 0; i < OPS_PER_WORKER && Date.now() < deadline; i++) {
          try {
            await op();
          } catch (e) {
            failures.push(String(e));
          }
        }
      }),
    );
    const loadMs = Date.now() - started;

    // No failed connection, no 5xx.
    expect(failures).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
    const ok = (o: Outcome) => o.status >= 200 && o.status < 300 && o.version !== undefined;

    for (const id of ids) {
      const final = (await a.get(`/api/declarations/${id}`, sub)).body;
      const accepted = outcomes.filter((o) => o.declarationId === id && ok(o));
      // Each accepted write made its own version: none was applied twice or on top of a stale read.
      const versions = accepted.map((o) => o.version!);
      expect(new Set(versions).size).toBe(versions.length);
      if (accepted.length) expect(final.version).toBe(Math.max(...versions));
      const transitions = accepted.filter((o) => o.kind !== 'edit').sort((x, y) => x.version! - y.version!);
      if (transitions.length) expect(final.state).toBe(transitions[transitions.length - 1].state);
      const history = (await b.get(`/api/declarations/${id}/transitions`, sub)).body;
      expect(history.length).toBe(initialTransitions.get(id)! + transitions.length);
      // No lost update: per indicator, the accepted edit with the highest version is what is stored.
      for (const indicatorId of indicatorsOf.get(id)!) {
        const edits = accepted.filter((o) => o.kind === 'edit' && o.indicatorId === indicatorId);
        if (!edits.length) continue;
        const last = edits.reduce((x, y) => (y.version! > x.version! ? y : x));
        const stored = final.indicators.find((i: { id: number }) => i.id === indicatorId);
        expect({ indicatorId, name: stored.name }).toEqual({ indicatorId, name: last.value });
      }
    }

    // Imports: all or nothing, each accepted one is there with its indicators.
    const imports = outcomes.filter((o) => o.kind === 'import' && o.status === 200);
    for (const o of imports)
      for (const c of o.created!) {
        const d = await b.get(`/api/declarations/${c.id}`, sub);
        expect({
          id: c.id,
          status: d.status,
          name: d.body.projectName,
          indicators: d.body.indicators?.length,
        }).toEqual({
          id: c.id,
          status: 200,
          name: c.projectName,
          indicators: 4,
        });
      }
    const importedRows = await db.query(
      `SELECT count(*)::int AS n FROM declarations WHERE project_name LIKE '导入项目-%'`,
    );
    expect(importedRows[0].n).toBe(imports.reduce((s, o) => s + o.created!.length, 0));

    // One version, one audited request: every write that bumped a declaration's version wrote
    // its events (one, or one per indicator it touched) under that request's id, and the chain
    // head is the chain's last event.
    const mismatched = await db.query(
      `SELECT d.id, d.version, c.head_seq,
              (SELECT count(DISTINCT e.request_id)::int FROM audit_events e WHERE e.chain = c.chain) AS requests,
              (SELECT max(e.seq) FROM audit_events e WHERE e.chain = c.chain) AS last_seq
       FROM declarations d JOIN audit_chains c ON c.chain = 'd:' || d.id
       WHERE d.version <> (SELECT count(DISTINCT e.request_id) FROM audit_events e WHERE e.chain = c.chain)
          OR c.head_seq <> (SELECT max(e.seq) FROM audit_events e WHERE e.chain = c.chain)`,
    );
    expect(mismatched).toEqual([]);
    const unaudited = await db.query(
      `SELECT t.declaration_id, count(*)::int AS transitions,
              (SELECT count(*)::int FROM audit_events e WHERE e.declaration_id = t.declaration_id AND e.action = 'workflow.transitioned') AS events
       FROM declaration_transitions t GROUP BY t.declaration_id
       HAVING count(*) <> (SELECT count(*) FROM audit_events e WHERE e.declaration_id = t.declaration_id AND e.action = 'workflow.transitioned')`,
    );
    expect(unaudited).toEqual([]);

    const verify = await pick([a, b]).get('/api/audit/verify', w.users.auditor.token);
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    const chains = checkChains(
      await db.query('SELECT * FROM audit_events ORDER BY id'),
      await db.query('SELECT * FROM audit_chains'),
    );
    expect(chains.problems).toEqual([]);

    const count = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
    figures.load = {
      ops: opNo,
      requestsRecorded: outcomes.length,
      ms: loadMs,
      edits: {
        accepted: count((o) => o.kind === 'edit' && ok(o)),
        refused409: count((o) => o.kind === 'edit' && o.status === 409),
        other: count((o) => o.kind === 'edit' && !ok(o) && o.status !== 409),
      },
      transitions: {
        accepted: count((o) => o.kind === 'transition' && ok(o)),
        refused: count((o) => o.kind === 'transition' && !ok(o)),
      },
      bulkItems: {
        accepted: count((o) => o.kind === 'bulk' && ok(o)),
        refused: count((o) => o.kind === 'bulk' && !ok(o)),
      },
      imports: { accepted: imports.length, declarationsCreated: importedRows[0].n },
      viaA: count((o) => o.via === 'A'),
      viaB: count((o) => o.via === 'B'),
      slowestMs: Math.max(...outcomes.map((o) => o.ms)),
      auditEventsVerified: verify.body.checked,
      chains: chains.chains,
    };
    // The load really raced: both instances served, and some writes lost the race (409).
    expect(count((o) => o.via === 'A')).toBeGreaterThan(10);
    expect(count((o) => o.via === 'B')).toBeGreaterThan(10);
    expect(count((o) => ok(o))).toBeGreaterThan(20);
  }, 180_000);

  it('a user disabled on one instance is refused by the other within its 2 s cache', async () => {
    const created = await a.post(
      '/api/users',
      {
        username: 'leaver',
        displayName: 'L',
        password: 'Test-Passw0rd!',
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    expect(created.status).toBe(201);
    const token = await b.login('leaver');
    expect((await b.get('/api/auth/me', token)).status).toBe(200);
    const started = Date.now();
    expect((await a.patch(`/api/users/${created.body.id}`, { disabled: true }, w.admin)).status).toBe(200);
    expect((await a.get('/api/auth/me', token)).status).toBe(401);
    let status = 200;
    while (status === 200 && Date.now() - started < 5000) {
      status = (await b.get('/api/auth/me', token)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    figures.disabledRefusedOnOtherInstanceMs = Date.now() - started;
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(2600);
  });
});
