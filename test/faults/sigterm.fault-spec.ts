import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildWorld } from '../support/world';
import {
  createPgDatabase,
  releaseBuilt,
  Remote,
  sleep,
  sqliteDir,
  startService,
  type Service,
} from './service';

/**
 * Issue 7, deliverable 6(d): graceful shutdown. Ten imports of the real summary table (nine
 * declarations each) are sent at once; SIGTERM arrives 100 ms later, while they are in flight.
 * Every one of them is answered 200 with its nine declarations (some after the signal), the
 * process then ends by itself (no SIGKILL needed) within 15 s, and after a restart on the same
 * database all 90 declarations are there and the audit verifies. On SQLite and on PostgreSQL.
 */

const IMPORTS = 10;
const FIXTURE = readFileSync(
  join(process.cwd(), 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt'),
  'utf8',
);
const figures: Record<string, unknown> = {};

afterAll(() => {
  console.log(`SIGTERM: ${JSON.stringify(figures)}`);
  releaseBuilt();
});

/** Resolves with the exit, or null after `ms`; the timer does not outlive it. */
async function exitWithin(S: Service, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([S.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function scenario(label: string, env: Record<string, string>) {
  let S: Service = await startService(env);
  try {
    const r = new Remote(S.baseUrl, 60_000);
    const w = await buildWorld(r);
    const sub = w.users.submitter.token;
    const started = Date.now();
    const doneAt: number[] = [];
    const inFlight = Array.from({ length: IMPORTS }, (_, i) =>
      r
        .request('POST', '/api/imports/declarations', {
          token: sub,
          raw: {
            payload: FIXTURE.replaceAll('2026', String(2030 + i)),
            contentType: 'text/plain; charset=utf-8',
          },
        })
        .finally(() => doneAt.push(Date.now())),
    );
    await sleep(100);
    const termAt = Date.now();
    S.proc.kill('SIGTERM');
    const answers = await Promise.allSettled(inFlight);
    const exit = await exitWithin(S, 15_000);
    const exitMs = Date.now() - termAt;
    expect(exit).not.toBeNull();
    const summary = answers.map((a) =>
      a.status === 'fulfilled' ? `${a.value.status} ${a.value.body?.created}` : `failed ${String(a.reason)}`,
    );
    expect(summary).toEqual(Array.from({ length: IMPORTS }, () => '200 9'));
    // The test caught requests in flight: some were answered after the signal.
    const answeredAfterSigterm = doneAt.filter((t) => t > termAt).length;
    expect(answeredAfterSigterm).toBeGreaterThan(0);

    S = await startService(env);
    const r2 = new Remote(S.baseUrl);
    let total = 0;
    for (let i = 0; i < IMPORTS; i++) {
      const list = await r2.get(`/api/declarations?year=${2030 + i}&limit=500`, sub);
      expect({ year: 2030 + i, status: list.status, count: list.body.items?.length }).toEqual({
        year: 2030 + i,
        status: 200,
        count: 9,
      });
      total += list.body.items.length;
    }
    expect((await r2.get('/api/audit/verify', w.users.auditor.token)).body.ok).toBe(true);
    figures[label] = {
      importsInFlight: IMPORTS,
      answered200: IMPORTS,
      answeredAfterSigterm,
      sigtermAfterMs: termAt - started,
      lastAnswerAfterSigtermMs: Math.max(...doneAt) - termAt,
      exitAfterSigtermMs: exitMs,
      exit,
      declarationsAfterRestart: total,
    };
  } finally {
    await S.stop('SIGKILL');
  }
}

describe('graceful shutdown on SIGTERM', () => {
  it('SQLite: requests in flight are finished and committed, then the process ends by itself', async () => {
    const dir = sqliteDir();
    try {
      await scenario('sqlite', { DATABASE_PATH: dir.path });
    } finally {
      dir.drop();
    }
  }, 120_000);

  it('PostgreSQL: requests in flight are finished and committed, then the process ends by itself', async () => {
    const db = await createPgDatabase();
    try {
      await scenario('postgres', { DATABASE_URL: db.url() });
    } finally {
      await db.drop();
    }
  }, 120_000);
});
