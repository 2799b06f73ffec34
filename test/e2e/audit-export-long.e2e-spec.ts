import http from 'node:http';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld } from '../support/world';

/**
 * A CSV export that runs far longer than a database statement may: on PostgreSQL its one
 * COPY used to be cut ("aborted") after DATABASE_TIMEOUT_MS. Its own file, because the
 * service here runs with a 1 s database timeout, and Passport keeps one strategy per
 * process: two apps in one test file would share it.
 */

let t: TestApp;
let auditor: string;

beforeAll(async () => {
  t = await startTestApp({ DATABASE_TIMEOUT_MS: '1000' });
  auditor = (await buildWorld(t)).users.auditor.token;
  // 60 MB of events (20,000 × 3 KB on a chain of their own), far more than socket buffers hold.
  const filler = 'x'.repeat(3000);
  for (let batch = 0; batch < 40; batch++) {
    const rows = Array.from({ length: 500 }, (_, i) => {
      const seq = batch * 500 + i + 1;
      return `('filler', ${seq}, '${'0'.repeat(64)}', '${'0'.repeat(64)}', '2026-01-01T00:00:00.000Z', 'filler', '', 'audit.viewed', 'success', 'audit_log', '[]', '${seq} ${filler}')`;
    });
    await t.dataSource.query(
      `INSERT INTO audit_events (chain, seq, prev_hash, hash, at, actor_username, actor_roles, action, outcome, entity_type, changes, comment) VALUES ${rows.join(', ')}`,
    );
  }
}, 60_000);
afterAll(async () => t?.close());

it('streams a whole export however long it takes: the database timeout does not cut it', async () => {
  const [{ n }] = (await t.dataSource.query('SELECT count(*) AS n FROM audit_events')) as Array<{
    n: number | string;
  }>;
  // A client that stops reading for 3 s after the first chunk: the COPY runs far beyond 1 s.
  const { status, lines, last } = await new Promise<{ status: number; lines: number; last: string }>(
    (resolve, reject) => {
      const req = http.get(
        `${t.baseUrl}/api/audit/events.csv`,
        { headers: { authorization: `Bearer ${auditor}` } },
        (res) => {
          let count = 0;
          let tail = '';
          res.once('data', () => {
            res.pause();
            setTimeout(() => res.resume(), 3000);
          });
          res.on('data', (chunk: Buffer) => {
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
            tail = (tail + chunk.toString('utf8')).slice(-200);
          });
          res.on('end', () => resolve({ status: res.statusCode!, lines: count, last: tail }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    },
  );
  expect(status).toBe(200);
  // The header and every event written before the export (its own record is newer).
  expect(lines).toBe(1 + Number(n));
  expect(last.endsWith('\n')).toBe(true);
  // The service goes on answering with its ordinary timeout.
  expect((await t.get('/api/audit/events?limit=1', auditor)).status).toBe(200);
}, 60_000);
