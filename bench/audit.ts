// The audit trail: the CSV export of every event (`audit_csv`, rows/s and the service's memory
// while it streams) and verification of one declaration's chain and of every chain.
import { spawnSync } from 'node:child_process';
import { hash } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  call,
  cpuSample,
  cpuText,
  cpuUse,
  mb,
  percentile,
  probe,
  profileCut,
  report,
  reportError,
  round,
  type Actor,
  type Service,
} from './harness';
import type { Pool } from 'pg';
import { hashedFieldsOfRow, VERIFY_SELECT, verifyPosition } from '../src/audit/audit-columns';
import { keyedContent, unkeyedContent } from '../src/audit/audit-hash';
import { csvCopyPg } from '../src/audit-log/audit-csv';
import { benchKeyring } from './common';

const sha256Hex = (text: string) => hash('sha256', text, 'hex');

/** `audit_csv`: GET /api/audit/events.csv streamed to the end, the instance's RSS sampled meanwhile. */
export async function benchAuditCsv(
  svcA: Service,
  auditor: Actor,
  eventsNow: () => Promise<number>,
): Promise<number | undefined> {
  const port = svcA.port;
  const events = await eventsNow();
  let rowsPerS: number | undefined;
  try {
    const base = svcA.rssMb();
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, svcA.rssMb())), 25);
    const c0 = await cpuSample();
    const t0 = performance.now();
    const { rows, bytes } = await new Promise<{ rows: number; bytes: number }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'GET',
          path: '/api/audit/events.csv',
          headers: { authorization: `Bearer ${auditor.token}` },
          agent: false,
        },
        (res) => {
          let lines = 0;
          let size = 0;
          let head = '';
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (head.length < 300) head += chunk.toString('utf8', 0, Math.min(chunk.length, 300));
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          });
          res.on('end', () =>
            res.statusCode === 200
              ? resolve({ rows: Math.max(0, lines - 1), bytes: size })
              : reject(
                  new Error(
                    res.statusCode === 404 && head.includes('Cannot GET')
                      ? 'route missing: GET /api/audit/events.csv → 404'
                      : `GET /api/audit/events.csv → ${res.statusCode} ${head.slice(0, 160)}`,
                  ),
                ),
          );
          // A cut-off response must not leave the request (and its 600 s timer) holding the bench open.
          res.on('error', (e) => {
            req.destroy();
            reject(e);
          });
        },
      );
      req.setTimeout(600_000, () => req.destroy(new Error('CSV export timed out')));
      req.on('error', reject);
      req.end();
    });
    const secs = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, svcA.rssMb());
    const cpu = cpuUse(c0, await cpuSample());
    const growth = peak - base;
    rowsPerS = rows / secs;
    report(
      'audit_csv',
      {
        events,
        rows,
        rows_per_s: Math.round(rows / secs),
        seconds: round(secs, 2),
        mb: round(bytes / 2 ** 20),
        rss_base_mb: mb(base),
        rss_peak_mb: mb(peak),
        rss_growth_mb: mb(growth),
        cpu,
      },
      `${rows} rows in ${round(secs, 2)} s = ${Math.round(rows / secs)} rows/s, ${round(bytes / 2 ** 20)} MB; RSS ${mb(base)} → peak ${mb(peak)} MB (+${mb(growth)})${cpuText(cpu)}`,
      { text: '≥ 100000 rows/s, RSS growth < 50 MB', met: rows / secs >= 100_000 && growth < 50 },
    );
  } catch (e) {
    reportError('audit_csv', { events }, e);
  }
  await profileCut('audit_csv');
  return rowsPerS;
}

/** `verify_declaration`: 50 chains of declarations with 15 indicators, one request each. */
export async function benchVerifyDeclaration(
  port: number,
  auditor: Actor,
  get15: number[],
  eventsNow: () => Promise<number>,
): Promise<void> {
  const events = await eventsNow();
  try {
    await probe(port, `/api/audit/verify?declarationId=${get15[0]}`, auditor.token);
    let checked = 0;
    let ms = 0;
    const times: number[] = [];
    for (const id of get15.slice(1, 51)) {
      const res = await call(port, 'GET', `/api/audit/verify?declarationId=${id}`, {
        token: auditor.token,
      });
      const body = JSON.parse(res.text) as { ok: boolean; checked: number; brokenAt?: unknown };
      if (res.status !== 200 || !body.ok)
        throw new Error(`verify declaration ${id} → ${res.status} ${res.text.slice(0, 200)}`);
      checked += body.checked;
      ms += res.ms;
      times.push(res.ms);
    }
    times.sort((x, y) => x - y);
    const eps = checked / (ms / 1000);
    report(
      'verify_declaration',
      {
        events,
        events_per_s: Math.round(eps),
        requests: times.length,
        events_per_request: round(checked / times.length),
        p50_ms: round(percentile(times, 50), 2),
        p95_ms: round(percentile(times, 95), 2),
      },
      `${Math.round(eps)} events/s (${round(checked / times.length)} events per chain, p50 ${round(percentile(times, 50), 2)} ms, p95 ${round(percentile(times, 95), 2)} ms)`,
      { text: '≥ 200000 events/s', met: eps >= 200_000 },
    );
  } catch (e) {
    reportError('verify_declaration', { events }, e);
  }
  await profileCut('verify_declaration');
}

/** `verify_all`: every chain in one request. */
export async function benchVerifyAll(
  port: number,
  auditor: Actor,
  eventsNow: () => Promise<number>,
): Promise<number | undefined> {
  const events = await eventsNow();
  let eps: number | undefined;
  try {
    const c0 = await cpuSample();
    const res = await call(port, 'GET', '/api/audit/verify', { token: auditor.token, timeoutMs: 600_000 });
    const cpu = cpuUse(c0, await cpuSample());
    if (res.status === 404 && /Cannot GET/.test(res.text))
      throw new Error('route missing: GET /api/audit/verify → 404');
    const body = JSON.parse(res.text) as { ok: boolean; checked: number; brokenAt?: unknown };
    if (res.status !== 200) throw new Error(`verify → ${res.status} ${res.text.slice(0, 200)}`);
    if (!body.ok) throw new Error(`verify found a broken chain: ${JSON.stringify(body.brokenAt)}`);
    eps = body.checked / (res.ms / 1000);
    report(
      'verify_all',
      {
        events,
        checked: body.checked,
        events_per_s: Math.round(eps),
        seconds: round(res.ms / 1000, 2),
        cpu,
      },
      `${body.checked} events in ${round(res.ms / 1000, 2)} s = ${Math.round(eps)} events/s${cpuText(cpu)}`,
      { text: '≥ 200000 events/s', met: eps >= 200_000 },
    );
  } catch (e) {
    reportError('verify_all', { events }, e);
  }
  await profileCut('verify_all');
  return eps;
}

/**
 * `verify_raw`: the limit `verify_all` can approach on this machine. Every event's canonical
 * bytes (the same `auditHash` / `keyedContent` input the service hashes, read in the same chain
 * order) are made first, a batch at a time, and only the hashing is timed: one thread, the
 * service's own MAC, nothing else (no database, no HTTP, no chain checks). `verify_ratio` is
 * `verify_all.events_per_s ÷ verify_raw.events_per_s`.
 */
export async function benchVerifyRaw(db: Pool, verifyAllEps: number | undefined): Promise<void> {
  const BATCH = 20_000;
  const keys = benchKeyring();
  const C = {
    chain: verifyPosition('chain'),
    seq: verifyPosition('seq'),
    hashVersion: verifyPosition('hashVersion'),
    hashAlg: verifyPosition('hashAlg'),
    keyId: verifyPosition('keyId'),
  };
  let events = 0;
  let hashingMs = 0;
  let sink = 0;
  try {
    let after: [string, number] | null = null;
    for (;;) {
      const res: { rows: unknown[][] } = await db.query<unknown[]>({
        text: `SELECT ${VERIFY_SELECT} FROM audit_events${after ? ' WHERE (chain, seq) > ($1, $2)' : ''} ORDER BY chain, seq LIMIT ${BATCH}`,
        values: after ? [...after] : [],
        rowMode: 'array',
      });
      const rows: unknown[][] = res.rows;
      if (!rows.length) break;
      // The canonical bytes and the MAC of each event, made before the clock starts.
      const work: Array<[(text: string) => string, string]> = rows.map((r) => {
        const version = Number(r[C.hashVersion]);
        const fields = hashedFieldsOfRow(r);
        if (version === 1) return [sha256Hex, unkeyedContent(fields)];
        const alg = r[C.hashAlg] as string;
        const keyId = r[C.keyId] as string;
        const mac = keys.macFor(alg, keyId);
        if (!mac) throw new Error(`no bench key for ${alg}/${keyId}: seed with npm run bench:seed`);
        return [mac, keyedContent(fields, alg, keyId, version)];
      });
      const t0 = performance.now();
      for (const [mac, text] of work) sink += mac(text).length;
      hashingMs += performance.now() - t0;
      events += rows.length;
      const last: unknown[] = rows[rows.length - 1];
      after = [last[C.chain] as string, Number(last[C.seq])];
    }
    if (sink !== events * 64) throw new Error(`hashed ${sink / 64} events of ${events}`);
    const eps = events / (hashingMs / 1000);
    report(
      'verify_raw',
      { events, events_per_s: Math.round(eps), seconds: round(hashingMs / 1000, 2) },
      `${events} events' canonical bytes hashed in ${round(hashingMs / 1000, 2)} s on one thread = ${Math.round(eps)} events/s`,
    );
    if (verifyAllEps !== undefined) {
      const ratio = verifyAllEps / eps;
      report(
        'verify_ratio',
        {
          ratio: round(ratio, 2),
          verify_all_events_per_s: Math.round(verifyAllEps),
          verify_raw_events_per_s: Math.round(eps),
        },
        `verify_all ${Math.round(verifyAllEps)} ÷ raw ${Math.round(eps)} events/s = ${round(ratio, 2)}`,
        { text: '≥ 0.8', met: ratio >= 0.8 },
      );
    }
  } catch (e) {
    reportError('verify_raw', { events }, e);
  }
}

/**
 * `verify_incremental`: the routine verify (`?mode=routine`), which re-hashes only what came
 * after each chain's newest signed head. Its time should follow `since_checkpoint` (and the
 * number of chains), not `events`: run the bench on a seed of 1 and of 2 million events
 * (`npm run bench:seed -- --events 2000000`) and compare.
 */
export async function benchVerifyIncremental(
  port: number,
  auditor: Actor,
  db: Pool,
  eventsNow: () => Promise<number>,
): Promise<void> {
  const events = await eventsNow();
  let since = 0;
  try {
    const [row] = (
      await db.query(
        `SELECT coalesce(sum(c.head_seq - coalesce((SELECT max(h.seq) FROM audit_checkpoint_heads h WHERE h.chain = c.chain), 0)), 0)::bigint AS n,
                count(*)::int AS chains
         FROM audit_chains c`,
      )
    ).rows as Array<{ n: string; chains: number }>;
    since = Number(row.n);
    const c0 = await cpuSample();
    const res = await call(port, 'GET', '/api/audit/verify?mode=routine', {
      token: auditor.token,
      timeoutMs: 600_000,
    });
    const cpu = cpuUse(c0, await cpuSample());
    if (res.status !== 200) throw new Error(`routine verify → ${res.status} ${res.text.slice(0, 200)}`);
    const body = JSON.parse(res.text) as {
      ok: boolean;
      checked: number;
      checkpoints: number;
      brokenAt?: unknown;
    };
    if (!body.ok) throw new Error(`routine verify found a break: ${JSON.stringify(body.brokenAt)}`);
    report(
      'verify_incremental',
      {
        events,
        since_checkpoint: since,
        ms: round(res.ms, 0),
        checked: body.checked,
        checkpoints: body.checkpoints,
        chains: row.chains,
        cpu,
      },
      `${body.checked} events re-hashed (${since} since the chains' last checkpoints) of ${events}, ${row.chains} chains, ${body.checkpoints} checkpoints checked: ${round(res.ms, 0)} ms${cpuText(cpu)}`,
    );
  } catch (e) {
    reportError('verify_incremental', { events, since_checkpoint: since }, e);
  }
  await profileCut('verify_incremental');
}

/**
 * `audit_csv_raw`: psql writing the export's own COPY query (the Chinese cells in SQL, newest
 * first, every event: the scope of the bench's auditor is the whole trail) to /dev/null, no
 * service; `audit_csv_ratio` is `audit_csv.rows_per_s ÷ audit_csv_raw.rows_per_s`. What the
 * service adds: the HTTP stream, `changes` put in words in JavaScript, the scope check.
 */
export async function benchAuditCsvRaw(
  url: string,
  db: Pool,
  csvRowsPerS: number | undefined,
): Promise<void> {
  let rows = 0;
  try {
    rows = Number(
      ((await db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0] as { n: number }).n,
    );
    // psql's \copy takes the statement on one line and writes where the client runs.
    const copy = csvCopyPg('zh', 'TRUE')
      .replace(/\s+/g, ' ')
      .replace(/^COPY /, '\\copy ')
      .replace(/ TO STDOUT$/, " TO '/dev/null'");
    const t0 = performance.now();
    const out = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', copy], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const secs = (performance.now() - t0) / 1000;
    if (out.status !== 0)
      throw new Error(`psql → ${out.status}: ${(out.stderr || out.error?.message || '').slice(0, 300)}`);
    const raw = rows / secs;
    report(
      'audit_csv_raw',
      { rows, rows_per_s: Math.round(raw), seconds: round(secs, 2) },
      `psql \\copy of the export's query: ${rows} rows in ${round(secs, 2)} s = ${Math.round(raw)} rows/s`,
    );
    if (csvRowsPerS !== undefined) {
      const ratio = csvRowsPerS / raw;
      report(
        'audit_csv_ratio',
        {
          ratio: round(ratio, 2),
          audit_csv_rows_per_s: Math.round(csvRowsPerS),
          audit_csv_raw_rows_per_s: Math.round(raw),
        },
        `audit_csv ${Math.round(csvRowsPerS)} ÷ psql ${Math.round(raw)} rows/s = ${round(ratio, 2)}`,
        { text: '≥ 0.8', met: ratio >= 0.8 },
      );
    }
  } catch (e) {
    reportError('audit_csv_raw', { rows }, e);
  }
}
