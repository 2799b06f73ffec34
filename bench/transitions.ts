// The transitions: SUBMIT/APPROVE/RETURN through HTTP with their audit events
// (`transitions`), the same statements straight to PostgreSQL (`transitions_raw`,
// `transitions_ratio`) and the load split over two instances (`transitions_two_instances`).
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import {
  cannon,
  cpuSample,
  cpuText,
  cpuUse,
  loadFields,
  loadText,
  profileCut,
  call,
  report,
  reportError,
  round,
  startService,
  stats,
  type LoadStats,
} from './harness';
import { TRANSITION_CONCURRENCY, type CycleState, type Item, type ItemPool } from './transition-pool';
import { RAW_MODE, rawTransitions } from './transitions-raw';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const TWO_INSTANCE_CONCURRENCY = [16, 64];

async function httpTransitions(
  ports: number[],
  connections: number,
  seconds: number,
  pool: ItemPool,
): Promise<LoadStats> {
  if (pool.size < connections * 3)
    throw new Error(`only ${pool.size} declarations in the pool for ${connections} connections`);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let dry = false;
  const instances: autocannon.Instance[] = [];
  const request: autocannon.Request = {
    method: 'POST',
    setupRequest: (req, ctx) => {
      let item = ctx.item as Item | undefined;
      if (!item) {
        item = pool.take();
        if (!item) {
          // Every declaration failed or is in flight (the service is down or refusing): stop
          // the run with a harmless request instead of crashing inside autocannon.
          if (!dry) setImmediate(() => instances.forEach((i) => i.stop()));
          dry = true;
          req.method = 'GET';
          req.path = '/api/health';
          req.headers = {};
          req.body = undefined;
          return req;
        }
        ctx.item = item;
      }
      const s = pool.step(item);
      req.method = 'POST';
      req.path = `/api/declarations/${item.id}/transitions`;
      req.headers = { 'content-type': 'application/json', authorization: `Bearer ${s.actor.token}` };
      req.body = JSON.stringify({
        event: s.event,
        version: item.version,
        ...(s.comment ? { comment: s.comment } : {}),
        ...(s.review ? { review: s.review } : {}),
      });
      return req;
    },
    onResponse: (status, body, ctx) => {
      const item = ctx.item as Item | undefined;
      ctx.item = undefined;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!item) return;
      if (status === 200) {
        ok++;
        const r = JSON.parse(body) as { state: CycleState; version: number };
        item.state = r.state;
        item.version = r.version;
        pool.put(item);
      } else pool.fail(item, `${status} ${body.slice(0, 120)}`, status);
    },
  };
  const split = ports
    .map((port, i) => ({
      port,
      c: Math.floor(connections / ports.length) + (i < connections % ports.length ? 1 : 0),
    }))
    .filter((x) => x.c > 0);
  const c0 = await cpuSample();
  const results = await Promise.all(
    split.map(({ port, c }) =>
      cannon(
        { url: `http://127.0.0.1:${port}`, connections: c, duration: seconds, requests: [{ ...request }] },
        latencies,
        instances,
      ),
    ),
  );
  if (dry)
    throw new Error(`the declaration pool ran dry; failures: ${JSON.stringify(pool.failures).slice(0, 400)}`);
  const cpu = cpuUse(c0, await cpuSample());
  const secs = Math.max(...results.map((r) => r.duration));
  const errors = results.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0);
  return stats(latencies, ok, errors, secs, statuses, cpu);
}

/** `transitions` at each concurrency; returns the runs by concurrency for the ratios. */
export async function benchTransitions(
  port: number,
  db: Pool,
  pool: ItemPool,
): Promise<Map<number, LoadStats>> {
  const httpRps = new Map<number, LoadStats>();
  try {
    await httpTransitions([port], 16, 2, pool); // warm-up
    await pool.refresh(db);
    await profileCut('transitions-warmup');
    for (const c of TRANSITION_CONCURRENCY) {
      const s = await httpTransitions([port], c, DURATION_S, pool);
      await pool.refresh(db);
      await profileCut(`transitions-c${c}`);
      httpRps.set(c, s);
      report(
        'transitions',
        {
          concurrency: c,
          ...loadFields(s),
          transitions: s.ok,
          duration_s: round(s.seconds),
          statuses: s.statuses,
          cpu: s.cpu,
        },
        loadText(c, s, '/s'),
        c === 16
          ? { text: '≥ 1000/s, p99 ≤ 50 ms', met: s.rps >= 1000 && s.p99 <= 50 && s.errors === 0 }
          : undefined,
      );
      if (Object.keys(pool.failures).length) console.log('  failures:', JSON.stringify(pool.failures));
      pool.failures = {};
    }
  } catch (e) {
    reportError('transitions', {}, e);
  }
  return httpRps;
}

/** `transitions_raw` at each concurrency, and `transitions_ratio` where `transitions` ran too. */
export async function benchTransitionsRaw(
  url: string,
  db: Pool,
  pool: ItemPool,
  httpRps: Map<number, LoadStats>,
): Promise<void> {
  for (const c of TRANSITION_CONCURRENCY) {
    try {
      const s = await rawTransitions(url, c, DURATION_S, pool);
      await pool.refresh(db);
      if (Object.keys(pool.failures).length) console.log('  failures:', JSON.stringify(pool.failures));
      pool.failures = {};
      report(
        'transitions_raw',
        {
          concurrency: c,
          ...loadFields(s),
          statements: RAW_MODE,
          cpu: s.cpu,
        },
        loadText(c, s, '/s'),
      );
      const h = httpRps.get(c);
      if (h) {
        const ratio = h.rps / s.rps;
        report(
          'transitions_ratio',
          { concurrency: c, ratio: round(ratio, 2), http_rps: round(h.rps), raw_rps: round(s.rps) },
          `c=${String(c).padEnd(3)} service ÷ raw = ${round(ratio, 2)} (${round(h.rps)} ÷ ${round(s.rps)})`,
          // Issue 17's target: 0.65 of the raw statements, with a tail no longer than 3 × the median.
          c === 16 ? { text: '≥ 0.65, p99 ≤ 3 × p50', met: ratio >= 0.65 && h.p99 <= 3 * h.p50 } : undefined,
        );
      }
    } catch (e) {
      reportError('transitions_raw', { concurrency: c }, e);
    }
  }
}

/** `transitions_two_instances`: a second instance on the same database, the load split between them. */
export async function benchTwoInstances(url: string, port: number, db: Pool, pool: ItemPool): Promise<void> {
  try {
    const { svc: b } = await startService(url, 'b');
    await call(b.port, 'GET', '/api/health');
    await httpTransitions([port, b.port], 16, 2, pool); // warm-up of instance b
    await pool.refresh(db);
    for (const c of TWO_INSTANCE_CONCURRENCY) {
      // One instance, then two, back to back: the machine's other load drifts over minutes.
      const one = await httpTransitions([port], c, DURATION_S, pool);
      await pool.refresh(db);
      const s = await httpTransitions([port, b.port], c, DURATION_S, pool);
      await pool.refresh(db);
      await profileCut(`two-instances-c${c}`);
      report(
        'transitions_two_instances',
        {
          concurrency: c,
          ...loadFields(s),
          one_instance_rps: round(one.rps),
          one_instance_p99_ms: round(one.p99, 2),
          speedup: round(s.rps / one.rps, 2),
          cpu: s.cpu,
        },
        `c=${String(c).padEnd(3)} ${round(s.rps)} /s  p99 ${round(s.p99, 2)} ms  errors ${s.errors}  (one instance just before: ${round(one.rps)} /s, p99 ${round(one.p99, 2)} ms)${cpuText(s.cpu)}`,
      );
    }
    await b.stop();
  } catch (e) {
    reportError('transitions_two_instances', {}, e);
  }
}
