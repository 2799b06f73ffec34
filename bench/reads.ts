// The reads: each route under autocannon at 1 and 8 connections (queues, declarations, the
// audit list), then the bureau's whole queue page by page once (`queue_bureau_pages`).
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import {
  call,
  cannon,
  cpuSample,
  cpuUse,
  loadFields,
  loadText,
  percentile,
  probe,
  profileCut,
  report,
  reportError,
  round,
  stats,
  wanted,
  type Actor,
  type LoadStats,
} from './harness';

export const READ_DURATION_S = Number(process.env.BENCH_READ_DURATION ?? 5);
export const READ_CONNECTIONS = [1, 8];

export async function readLoad(
  port: number,
  connections: number,
  seconds: number,
  token: string,
  nextPath: () => string,
): Promise<LoadStats> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const request: autocannon.Request = {
    method: 'GET',
    setupRequest: (req) => {
      req.method = 'GET';
      req.path = nextPath();
      req.headers = { authorization: `Bearer ${token}` };
      return req;
    },
    onResponse: (status) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
    },
  };
  const c0 = await cpuSample();
  const r = await cannon(
    { url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests: [request] },
    latencies,
  );
  const cpu = cpuUse(c0, await cpuSample());
  return stats(latencies, r['2xx'], r.non2xx + r.errors + r.timeouts, r.duration, statuses, cpu);
}

/** Probes a route once: a clear error when it is missing or refuses, instead of a run of 404s. */
function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

/** Declarations with 15 indicators (every 37th id): the ones `declaration_get` and the verify of one chain read. */
export async function declarationsWith15Indicators(db: Pool): Promise<number[]> {
  return (
    await db.query(
      `SELECT declaration_id AS id FROM indicators WHERE declaration_id % 37 = 0 GROUP BY declaration_id HAVING count(*) = 15 ORDER BY declaration_id LIMIT 2000`,
    )
  ).rows.map((r: { id: number }) => r.id);
}

/** Requests per second of each read route by concurrency, for `reads_ratio`. */
export type ReadRps = Map<string, Map<number, number>>;

/** Every read route, each at every concurrency (BENCH_ONLY: its name or `reads`). */
export async function benchReads(opts: {
  port: number;
  declarations: number;
  eventsNow: () => Promise<number>;
  bureau: Actor;
  auditor: Actor;
  deptReviewer: Actor;
  get15: number[];
}): Promise<ReadRps> {
  const { port, declarations, eventsNow, bureau, auditor, deptReviewer, get15 } = opts;
  const rps: ReadRps = new Map();
  const auditDecl = get15.slice(0, 1000);
  const reads: Array<{
    name: string;
    token: string;
    path: () => string;
    field: 'declarations' | 'events';
    p95Target: number;
    extra?: Record<string, unknown>;
  }> = [
    {
      name: 'queue_bureau',
      token: bureau.token,
      path: () => '/api/queues/mine',
      field: 'declarations',
      p95Target: 20,
      extra: { user: 'bureau_reviewer' },
    },
    {
      // By due date: the branches are merged in the service (their deadlines differ).
      name: 'queue_bureau_due',
      token: bureau.token,
      path: () => '/api/queues/mine?sort=due',
      field: 'declarations',
      p95Target: 20,
      extra: { user: 'bureau_reviewer', sort: 'due' },
    },
    {
      // One year's items: counted and paged from the queue index alone (it carries the year).
      name: 'queue_bureau_year',
      token: bureau.token,
      path: () => '/api/queues/mine?year=2026',
      field: 'declarations',
      p95Target: 20,
      extra: { user: 'bureau_reviewer', year: 2026 },
    },
    {
      name: 'queue_department',
      token: deptReviewer.token,
      path: () => '/api/queues/mine',
      field: 'declarations',
      p95Target: 20,
      extra: { user: 'dept_reviewer (unit)' },
    },
    {
      name: 'declarations_list',
      token: bureau.token,
      path: () => '/api/declarations?year=2026',
      field: 'declarations',
      p95Target: 20,
      extra: { user: 'bureau_reviewer', year: 2026 },
    },
    {
      name: 'declaration_get',
      token: bureau.token,
      path: (
        (next) => () =>
          `/api/declarations/${next()}`
      )(cycle(get15)),
      field: 'declarations',
      p95Target: 20,
      extra: { indicators: 15 },
    },
    {
      name: 'audit_by_declaration',
      token: auditor.token,
      path: (
        (next) => () =>
          `/api/audit/events?declarationId=${next()}`
      )(cycle(auditDecl)),
      field: 'events',
      p95Target: 10,
    },
    {
      name: 'audit_unfiltered',
      token: auditor.token,
      path: () => '/api/audit/events',
      field: 'events',
      p95Target: 10,
    },
  ];
  for (const r of reads) {
    if (!wanted(r.name, 'reads')) continue;
    const size = r.field === 'declarations' ? { declarations: declarations } : { events: await eventsNow() };
    try {
      await probe(port, r.path(), r.token);
      await readLoad(port, 8, 1, r.token, r.path); // warm-up
      for (const c of READ_CONNECTIONS) {
        const s = await readLoad(port, c, READ_DURATION_S, r.token, r.path);
        if (s.errors === 0) rps.set(r.name, (rps.get(r.name) ?? new Map<number, number>()).set(c, s.rps));
        report(
          r.name,
          {
            ...size,
            concurrency: c,
            ...loadFields(s),
            ...(r.extra ?? {}),
            cpu: s.cpu,
          },
          loadText(c, s, 'req/s'),
          { text: `p95 ≤ ${r.p95Target} ms`, met: s.errors === 0 && s.p95 <= r.p95Target },
        );
      }
    } catch (e) {
      reportError(r.name, size, e);
    }
    await profileCut(r.name);
  }
  return rps;
}

/**
 * The bureau's whole queue, page after page, once: each page's items are new to the service,
 * so their findings counts are computed (the lines above read one page again and again, and
 * after the first request its counts are remembered per declaration version).
 */
export async function benchQueuePages(port: number, declarations: number, bureau: Actor): Promise<void> {
  const times: number[] = [];
  let items = 0;
  try {
    let cursor: string | null = null;
    do {
      const path: string = `/api/queues/mine?limit=50${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call(port, 'GET', path, { token: bureau.token });
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${res.text.slice(0, 160)}`);
      times.push(res.ms);
      const body = JSON.parse(res.text) as { items: unknown[]; nextCursor: string | null };
      items += body.items.length;
      cursor = body.nextCursor;
    } while (cursor);
    const sorted = [...times].sort((x, y) => x - y);
    const p95 = percentile(sorted, 95);
    report(
      'queue_bureau_pages',
      {
        declarations: declarations,
        pages: times.length,
        items,
        concurrency: 1,
        p50_ms: round(percentile(sorted, 50), 2),
        p95_ms: round(p95, 2),
        p99_ms: round(percentile(sorted, 99), 2),
        user: 'bureau_reviewer',
      },
      `${times.length} pages, ${items} items, each once: p50 ${round(percentile(sorted, 50), 2)} ms  p95 ${round(p95, 2)} ms  p99 ${round(percentile(sorted, 99), 2)} ms`,
      { text: 'p95 ≤ 20 ms', met: p95 <= 20 },
    );
  } catch (e) {
    reportError('queue_bureau_pages', { declarations: declarations }, e);
  }
  await profileCut('queue_bureau_pages');
}
