import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { createValidDeclaration } from '../support/factories';
import { buildWorld, type World } from '../support/world';
import { checkChains, releaseBuilt, Remote, sleep, sqliteDir, startService, type Service } from './service';

/**
 * Issue 7, deliverable 6(c): the service on its embedded SQLite file is killed with SIGKILL
 * while writing (transitions and indicator edits from four workers), three times at random
 * moments, and started again on the same file each time. After each restart: the file opens
 * (integrity_check ok), every acknowledged write is there (the version is at least the highest
 * version answered), every committed transition row has its audit event, each declaration's
 * version is the length of its audit chain, and the chains verify (the service's route and an
 * independent recomputation over the file).
 */

const ROUNDS = 3;
const WORKERS = 4;

let dir: ReturnType<typeof sqliteDir>;
let S: Service;
let w: World;
const ids: number[] = [];
const indicatorsOf = new Map<number, number[]>();
const figures: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dir = sqliteDir();
  S = await startService({ DATABASE_PATH: dir.path });
  const r = new Remote(S.baseUrl);
  w = await buildWorld(r);
  for (let i = 0; i < 6; i++) {
    const d = await createValidDeclaration(r, w.users.submitter.token, {
      projectName: `断电项目${i}`,
    });
    ids.push(d.id);
    indicatorsOf.set(d.id, d.indicatorIds);
  }
}, 120_000);

afterAll(async () => {
  console.log(`sqlite SIGKILL: ${JSON.stringify(figures)}`);
  await S?.stop('SIGKILL');
  dir?.drop();
  releaseBuilt();
});

interface Ack {
  declarationId: number;
  version: number;
  kind: 'edit' | 'transition';
}

/** Writes until the process dies; the acknowledged ones (2xx with a version) are returned. */
async function writeUntilKilled(
  r: Remote,
  killAfterMs: number,
): Promise<{ acks: Ack[]; refused: number; cut: number }> {
  const acks: Ack[] = [];
  let refused = 0;
  let cut = 0;
  let alive = true;
  let n = 0;
  const sub = w.users.submitter.token;
  const worker = async () => {
    while (alive) {
      const k = ++n;
      const id = ids[k % ids.length];
      try {
        const d = (await r.get(`/api/declarations/${id}`, sub)).body;
        let res;
        let kind: Ack['kind'] = 'transition';
        if (d.state === 'drafting' && k % 3 === 0) {
          res = await r.post(
            `/api/declarations/${id}/transitions`,
            { event: 'SUBMIT', version: d.version },
            sub,
          );
        } else if (d.state === 'internalReview') {
          res = await r.post(
            `/api/declarations/${id}/transitions`,
            k % 2
              ? { event: 'RETURN', version: d.version, comment: `退回 ${k}` }
              : { event: 'APPROVE', version: d.version },
            w.users.deptReviewer.token,
          );
        } else if (d.state === 'bureauReview') {
          res = await r.post(
            `/api/declarations/${id}/transitions`,
            { event: 'RETURN', version: d.version, comment: `退回 ${k}` },
            w.users.bureauReviewer.token,
          );
        } else {
          kind = 'edit';
          res = await r.patch(
            `/api/declarations/${id}/indicators/${indicatorsOf.get(id)![k % 5]}`,
            { version: d.version, name: `断电-${k}` },
            sub,
          );
        }
        if (res.status < 300 && typeof res.body?.version === 'number')
          acks.push({ declarationId: id, version: res.body.version, kind });
        else refused += 1;
      } catch {
        cut += 1; // the connection died with the process
        await sleep(20);
      }
    }
  };
  const workers = Promise.all(Array.from({ length: WORKERS }, worker));
  await sleep(killAfterMs);
  S.proc.kill('SIGKILL');
  await S.exited;
  await sleep(300);
  alive = false;
  await workers;
  return { acks, refused, cut };
}

function invariants(path: string) {
  // Read-write (only reads are made): opening a WAL file left by a killed process recovers the
  // log first, as the service does when it starts.
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const integrity = db.pragma('integrity_check', { simple: true });
    const mismatched = db
      .prepare(
        `SELECT d.id, d.version, c.head_seq FROM declarations d JOIN audit_chains c ON c.chain = 'd:' || d.id
         WHERE c.head_seq <> d.version`,
      )
      .all();
    const unaudited = db
      .prepare(
        `SELECT t.declaration_id, count(*) AS n FROM declaration_transitions t GROUP BY t.declaration_id
         HAVING count(*) <> (SELECT count(*) FROM audit_events e
                             WHERE e.declaration_id = t.declaration_id AND e.action = 'workflow.transitioned')`,
      )
      .all();
    const transitions = (
      db.prepare('SELECT count(*) AS n FROM declaration_transitions').get() as { n: number }
    ).n;
    const chains = checkChains(
      db.prepare('SELECT * FROM audit_events ORDER BY id').all() as Record<string, unknown>[],
      db.prepare('SELECT * FROM audit_chains').all() as Record<string, unknown>[],
    );
    const versions = new Map(
      (
        db.prepare('SELECT id, version FROM declarations').all() as Array<{ id: number; version: number }>
      ).map((d) => [d.id, d.version]),
    );
    return { integrity, mismatched, unaudited, transitions, chains, versions };
  } finally {
    db.close();
  }
}

describe('SQLite: SIGKILL during writes, then restart on the same file', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: every acknowledged write survives, every committed transition is audited, verify ok`, async () => {
      const r = new Remote(S.baseUrl, 10_000);
      const killAfter = 400 + Math.floor(Math.random() * 1200);
      const { acks, refused, cut } = await writeUntilKilled(r, killAfter);
      expect(acks.length).toBeGreaterThan(0);

      // The file as the killed process left it (before anything opens it for writing).
      const left = invariants(dir.path);
      expect(left.integrity).toBe('ok');

      const started = Date.now();
      S = await startService({ DATABASE_PATH: dir.path }, { timeoutMs: 60_000 });
      const restartMs = Date.now() - started;
      const r2 = new Remote(S.baseUrl);
      expect((await r2.get('/api/health')).body).toEqual({ status: 'ok', database: 'up' });

      const after = invariants(dir.path);
      expect(after.integrity).toBe('ok');
      expect(after.mismatched).toEqual([]);
      expect(after.unaudited).toEqual([]);
      expect(after.chains.problems).toEqual([]);
      const lost = acks.filter((a) => (after.versions.get(a.declarationId) ?? 0) < a.version);
      expect(lost).toEqual([]);
      const verify = await r2.get('/api/audit/verify', w.users.auditor.token);
      expect(verify.body.ok).toBe(true);
      // The old tokens still work after the restart (same secret, users on file).
      expect((await r2.get('/api/auth/me', w.users.submitter.token)).status).toBe(200);

      figures.push({
        round,
        killedAfterMs: killAfter,
        acknowledged: acks.length,
        acknowledgedTransitions: acks.filter((a) => a.kind === 'transition').length,
        refused,
        cutByKill: cut,
        transitionRows: after.transitions,
        auditEvents: after.chains.events,
        restartMs,
      });
    }, 90_000);
  }
});
