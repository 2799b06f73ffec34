// `reads_raw` and `reads_ratio` (issue 17): the same reads as `declaration_get`, `queue_bureau`
// and `audit_unfiltered`, answered by a framework-free Node http + pg server
// (bench/raw-read-server.ts) that runs the service's own statements. They are captured from a
// service instance started with bench/capture-sql.ts: one request per path, one after the other,
// each statement the driver sent in between belonging to it. Writes (the audit list's read
// record, a login's bookkeeping) are left out: the baseline is the reads. The ratio is the
// service's rps ÷ the raw server's, same route, same concurrency, same run.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  call,
  loadFields,
  loadText,
  profileCut,
  report,
  reportError,
  round,
  ROOT,
  startService,
  type Actor,
} from './harness';
import { READ_CONNECTIONS, READ_DURATION_S, readLoad, type ReadRps } from './reads';

interface Statement {
  text: string;
  values: unknown[];
}

/** Statements a read replays: not writes, not row locks, not the background sweeps' own work. */
const REPLAYED = (s: Statement) =>
  !/\b(INSERT\s+INTO|UPDATE\s+"?\w+"?\s+SET|DELETE\s+FROM)\b/i.test(s.text) &&
  !/\bFOR (UPDATE|NO KEY UPDATE|SHARE)\b/i.test(s.text) &&
  !/\b(audit_checkpoint|notification|outbox)/i.test(s.text);

const cycle = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length];
};

export async function benchReadsRaw(opts: {
  url: string;
  serviceRps: ReadRps;
  bureau: Actor;
  auditor: Actor;
  get15: number[];
}): Promise<void> {
  const { url, serviceRps, bureau, auditor, get15 } = opts;
  const routes = [
    {
      name: 'declaration_get',
      token: bureau.token,
      paths: get15.slice(0, 200).map((id) => `/api/declarations/${id}`),
    },
    { name: 'queue_bureau', token: bureau.token, paths: ['/api/queues/mine'] },
    { name: 'audit_unfiltered', token: auditor.token, paths: ['/api/audit/events'] },
  ].filter((r) => serviceRps.has(r.name));
  if (!routes.length) return;
  const dir = mkdtempSync(join(os.tmpdir(), 'pd-bench-raw-'));
  try {
    // Capture: each path once, the statements sent meanwhile are its own.
    const captureFile = join(dir, 'capture.jsonl');
    writeFileSync(captureFile, '');
    const { svc: capture } = await startService(url, 'capture', {
      require: join(ROOT, 'dist', 'bench', 'capture-sql.js'),
      env: {
        BENCH_CAPTURE_FILE: captureFile,
        AUDIT_CHECKPOINT_MINUTES: '10080',
        AUDIT_CHECKPOINT_EVENTS: '100000000',
      },
    });
    const byPath: Record<string, Statement[]> = {};
    try {
      for (const r of routes)
        for (const path of r.paths) {
          // Twice: the first request of a path may fill caches (findings counts) the rest reuse.
          await call(capture.port, 'GET', path, { token: r.token });
          appendFileSync(captureFile, `${JSON.stringify({ mark: path })}\n`);
          const res = await call(capture.port, 'GET', path, { token: r.token });
          if (res.status !== 200) throw new Error(`capture GET ${path} → ${res.status}`);
          appendFileSync(captureFile, `${JSON.stringify({ end: path })}\n`);
        }
    } finally {
      await capture.stop();
    }
    let current: string | null = null;
    for (const line of readFileSync(captureFile, 'utf8').split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as Statement & { mark?: string; end?: string };
      if (entry.mark) current = entry.mark;
      else if (entry.end) current = null;
      else if (current && REPLAYED(entry))
        (byPath[current] ??= []).push({ text: entry.text, values: entry.values });
    }
    // A transaction left empty by the writes taken out is not replayed either.
    for (const [path, list] of Object.entries(byPath))
      byPath[path] = list.filter(
        (st, i) =>
          !(/^START TRANSACTION/i.test(st.text) && /^COMMIT/i.test(list[i + 1]?.text ?? '')) &&
          !(/^COMMIT/i.test(st.text) && /^START TRANSACTION/i.test(list[i - 1]?.text ?? '')),
      );
    const statementsFile = join(dir, 'statements.json');
    writeFileSync(statementsFile, JSON.stringify(byPath));

    const { svc: raw } = await startService(url, 'raw', {
      main: join(ROOT, 'dist', 'bench', 'raw-read-server.js'),
      env: { BENCH_RAW_STATEMENTS: statementsFile },
    });
    try {
      for (const r of routes) {
        const statements = byPath[r.paths[0]]?.length ?? 0;
        try {
          const next = cycle(r.paths);
          await readLoad(raw.port, 8, 1, '', next); // warm-up
          for (const c of READ_CONNECTIONS) {
            const s = await readLoad(raw.port, c, READ_DURATION_S, '', next);
            report(
              'reads_raw',
              { route: r.name, concurrency: c, statements, ...loadFields(s), cpu: s.cpu },
              `${r.name.padEnd(17)} ${loadText(c, s, 'req/s')}  (${statements} statements a request)`,
            );
            const service = serviceRps.get(r.name)?.get(c);
            if (service !== undefined && s.errors === 0) {
              const ratio = service / s.rps;
              report(
                'reads_ratio',
                {
                  route: r.name,
                  concurrency: c,
                  ratio: round(ratio, 2),
                  service_rps: round(service),
                  raw_rps: round(s.rps),
                },
                `${r.name.padEnd(17)} c=${c}: service ${round(service)} ÷ raw ${round(s.rps)} req/s = ${round(ratio, 2)}`,
                c === 8 ? { text: '≥ 0.7 at c=8', met: ratio >= 0.7 } : undefined,
              );
            }
          }
        } catch (e) {
          reportError('reads_raw', { route: r.name }, e);
        }
      }
    } finally {
      await raw.stop();
    }
  } catch (e) {
    reportError('reads_raw', {}, e);
  } finally {
    if (!process.env.BENCH_KEEP_RAW) rmSync(dir, { recursive: true, force: true });
  }
  await profileCut('reads_raw');
}
