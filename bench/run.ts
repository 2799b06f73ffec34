// `npm run bench`: the measurements of issue 8 against the data set of `npm run bench:seed`,
// with the built service (`node dist/src/main.js`) started here as child processes on
// loopback ports. Load comes from autocannon's programmatic API; the raw-SQL baseline runs
// the statements of one transition (as TypeORM sends them) directly with `pg`. Every
// measurement prints a table line and one `BENCH {json}` line (docs/spec/bench.md).
//
// Environment: DATABASE_URL (default the local pd_bench), BENCH_DURATION (seconds per
// transition run, default 8), BENCH_READ_DURATION (seconds per read run, default 5),
// BENCH_LOG_LEVEL (the service's LOG_LEVEL, default info), BENCH_POOL_SIZE (the service's
// DATABASE_POOL_SIZE, default: the service default), BENCH_CPU_PROF=<dir> (start the services
// with a CPU profiler, writing one profile per measurement into that directory),
// BENCH_ONLY=name,name (run only those measurements), BENCH_SERVICE_MAIN (another build),
// BENCH_RAW_MODE=before (the raw baseline with the statements the service sent before this round).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Pool, type PoolClient } from 'pg';
import {
  BENCH_AUDIT_ENV,
  BENCH_JWT_SECRET,
  BENCH_PASSWORD,
  benchKeyring,
  databaseUrl,
  formatDuration,
} from './common';
import { INSERT_COLUMNS } from '../src/audit/audit-columns';
import { consoleBundle, QUEUE_ROW_SELECTOR, queueRender, topUpBureauQueue } from './console';

const ROOT = join(__dirname, '..', '..');
/** BENCH_SERVICE_MAIN: another build of the service (a patched copy, to measure a fix before it lands). */
const MAIN = process.env.BENCH_SERVICE_MAIN ?? join(ROOT, 'dist', 'src', 'main.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt');
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const READ_DURATION_S = Number(process.env.BENCH_READ_DURATION ?? 5);
const READ_CONNECTIONS = [1, 8];
const TRANSITION_CONCURRENCY = [1, 16, 64];
const TWO_INSTANCE_CONCURRENCY = [16, 64];
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const wanted = (...names: string[]) => !ONLY || names.some((n) => ONLY.has(n));

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

interface Meta {
  db: string;
  commit: string;
  dirty: boolean;
  node: string;
  cpus: number;
}
let META: Meta;
const SUMMARY: Array<{ name: string; what: string; target: string; met: boolean | null }> = [];

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** One measurement: a table line, then its BENCH line. */
function report(
  name: string,
  fields: Record<string, unknown>,
  what: string,
  target?: { text: string; met: boolean | null },
): void {
  const verdict = target
    ? `  [target ${target.text}: ${target.met === null ? 'n/a' : target.met ? 'met' : 'MISSED'}]`
    : '';
  console.log(`${name.padEnd(26)} ${what}${verdict}`);
  const { db, commit, node, cpus, dirty } = META;
  const line: Record<string, unknown> = { name, db, ...fields };
  if (target && target.met !== null) line.target_met = target.met;
  const loadavg = round(os.loadavg()[0], 2);
  console.log(
    `BENCH ${JSON.stringify({ ...line, commit, node, cpus, loadavg, ...(dirty ? { dirty } : {}) })}`,
  );
  SUMMARY.push({ name, what, target: target?.text ?? '', met: target?.met ?? null });
}

function reportError(name: string, fields: Record<string, unknown>, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.log(`${name.padEnd(26)} ERROR ${message}`);
  const { db, commit, node, cpus } = META;
  console.log(`BENCH ${JSON.stringify({ name, db, ...fields, error: message, commit, node, cpus })}`);
  SUMMARY.push({ name, what: `ERROR ${message}`, target: '', met: false });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface LoadStats {
  ok: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
  cpu: CpuUse;
}

function stats(
  latencies: number[],
  ok: number,
  errors: number,
  seconds: number,
  statuses: Record<string, number>,
  cpu: CpuUse,
): LoadStats {
  const sorted = Float64Array.from(latencies).sort();
  const arr = Array.from(sorted);
  return {
    ok,
    errors,
    seconds,
    rps: ok / seconds,
    p50: percentile(arr, 50),
    p95: percentile(arr, 95),
    p99: percentile(arr, 99),
    statuses,
    cpu,
  };
}

// ---------------------------------------------------------------------------------------
// CPU accounting: the service processes, the load generator (this process), the rest
// (PostgreSQL and anything else on the machine), as % of one core.
// ---------------------------------------------------------------------------------------

interface CpuSample {
  at: number;
  busy: number; // ticks, all cores
  services: number; // ticks
  /** Ticks of each PostgreSQL process serving the bench database, and of the server's own processes. */
  postgres: Map<number, number>;
  self: number; // µs
}
interface CpuUse {
  service_pct: number | null;
  loadgen_pct: number | null;
  postgres_pct: number | null;
  other_pct: number | null;
}
const TICK_HZ = 100;
let CPU_DB: Pool | null = null;

function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

async function cpuSample(): Promise<CpuSample> {
  let busy = NaN;
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
  } catch {
    /* not Linux */
  }
  const postgres = new Map<number, number>();
  if (CPU_DB) {
    // Other databases on the same server (other test suites) are "other", not ours.
    const pids = (
      await CPU_DB.query(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type <> 'client backend'",
      )
    ).rows as Array<{ pid: number }>;
    for (const { pid } of pids) {
      const t = processTicks(pid);
      if (t !== null) postgres.set(pid, t);
    }
  }
  const u = process.cpuUsage();
  return {
    at: performance.now(),
    busy,
    services: SERVICES.reduce((sum, svc) => sum + (processTicks(svc.pid) ?? 0), 0),
    postgres,
    self: u.user + u.system,
  };
}

/** CPU used between two samples, in % of one core (200% = both cores of this machine). */
function cpuUse(a: CpuSample, b: CpuSample): CpuUse {
  const seconds = (b.at - a.at) / 1000;
  if (!Number.isFinite(a.busy) || seconds <= 0)
    return { service_pct: null, loadgen_pct: null, postgres_pct: null, other_pct: null };
  const pct = (ticks: number) => (ticks / TICK_HZ / seconds) * 100;
  let pgTicks = 0;
  for (const [pid, t] of b.postgres) pgTicks += t - (a.postgres.get(pid) ?? 0);
  const busy = pct(b.busy - a.busy);
  const service = pct(b.services - a.services);
  const postgres = pct(pgTicks);
  const loadgen = ((b.self - a.self) / 1e6 / seconds) * 100;
  return {
    service_pct: round(service, 0),
    loadgen_pct: round(loadgen, 0),
    postgres_pct: round(postgres, 0),
    other_pct: round(Math.max(0, busy - service - loadgen - postgres), 0),
  };
}

const cpuText = (c: CpuUse) =>
  c.service_pct === null
    ? ''
    : `  cpu: service ${c.service_pct}% postgres ${c.postgres_pct}% loadgen ${c.loadgen_pct}% other ${c.other_pct}%`;

// ---------------------------------------------------------------------------------------
// Service instances
// ---------------------------------------------------------------------------------------

class Service {
  peakRssMb = 0;
  constructor(
    readonly port: number,
    readonly proc: ChildProcess,
    readonly logFile: string,
  ) {}

  get pid(): number {
    return this.proc.pid!;
  }

  rssMb(): number {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    const i = SERVICES.indexOf(this);
    if (i >= 0) SERVICES.splice(i, 1);
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

const SERVICES: Service[] = [];
const PROFILE_DIR = process.env.BENCH_CPU_PROF ? join(process.env.BENCH_CPU_PROF) : null;

/** With BENCH_CPU_PROF: each instance writes the CPU profile since the last cut as <name>-<port>. */
async function profileCut(name: string): Promise<void> {
  if (!PROFILE_DIR) return;
  for (const s of SERVICES) {
    writeFileSync(join(PROFILE_DIR, `cut-${s.pid}`), `${name}-${s.port}`);
  }
  await sleep(1500);
}
const LOG_DIR = join(os.tmpdir(), 'pd-bench');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts an instance; resolves with the time from spawn to its first 200 on /api/health. */
async function startService(url: string, label: string): Promise<{ svc: Service; ms: number }> {
  mkdirSync(LOG_DIR, { recursive: true });
  const port = await freePort();
  const logFile = join(LOG_DIR, `service-${label}-${port}.log`);
  const fd = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    JWT_SECRET: BENCH_JWT_SECRET,
    ...BENCH_AUDIT_ENV,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    LOGIN_RATE_LIMIT_MAX: '100000',
    // As `npm start` runs the service (README: argon2's blocks go back to the system).
    MALLOC_MMAP_THRESHOLD_: '1048576',
  };
  delete env.ADMIN_PASSWORD;
  if (process.env.BENCH_POOL_SIZE) env.DATABASE_POOL_SIZE = process.env.BENCH_POOL_SIZE;
  if (PROFILE_DIR) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    env.BENCH_CPU_PROFILE_DIR = PROFILE_DIR;
  }
  const args = PROFILE_DIR ? ['--require', join(ROOT, 'dist', 'bench', 'cpu-profile.js'), MAIN] : [MAIN];
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const svc = new Service(port, proc, logFile);
  SERVICES.push(svc);
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(
        `service ${label} exited (${proc.exitCode ?? proc.signalCode}) before answering:\n${tail}`,
      );
    }
    const res = await call(port, 'GET', '/api/health', { timeoutMs: 1000 }).catch(() => null);
    if (res?.status === 200) return { svc, ms: performance.now() - t0 };
    if (performance.now() - t0 > 60_000)
      throw new Error(`service ${label} did not answer /api/health within 60 s`);
    await sleep(10);
  }
}

async function stopAll(): Promise<void> {
  await Promise.all([...SERVICES].map((s) => s.stop()));
}

/** Peak RSS of every instance, sampled while load runs. */
const rssTimer = setInterval(() => {
  for (const s of SERVICES) {
    const mb = s.rssMb();
    if (mb > s.peakRssMb) s.peakRssMb = mb;
  }
}, 100);
rssTimer.unref();

// ---------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------

interface Reply {
  status: number;
  text: string;
  ms: number;
}

function call(
  port: number,
  method: string,
  path: string,
  opts: { token?: string; body?: string; contentType?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(opts.body));
    }
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - t0,
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

async function login(port: number, username: string): Promise<string> {
  const res = await call(port, 'POST', '/api/auth/login', {
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text.slice(0, 200)}`);
  return (JSON.parse(res.text) as { accessToken: string }).accessToken;
}

/** One autocannon run; latencies of every response are kept for exact percentiles. */
function cannon(
  opts: autocannon.Options,
  latencies: number[],
  instances?: autocannon.Instance[],
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ timeout: 30, ...opts }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    instances?.push(instance);
    instance.on('response', (_client: autocannon.Client, _status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
    });
  });
}

// ---------------------------------------------------------------------------------------
// Transitions: a pool of declarations cycling SUBMIT → APPROVE → RETURN
// ---------------------------------------------------------------------------------------

type CycleState = 'drafting' | 'internalReview' | 'bureauReview';
const CYCLE_STATES: CycleState[] = ['drafting', 'internalReview', 'bureauReview'];

interface Actor {
  id: number;
  username: string;
  roles: string;
  token: string;
  /** The scope clause the service adds for this user (scope.ts). */
  scope: { kind: 'department'; departmentId: number } | { kind: 'subtree'; prefix: string };
}

interface Item {
  id: number;
  version: number;
  state: CycleState;
  departmentId: number;
  submitter: Actor;
  reviewer: Actor;
  broken?: boolean;
}

const RETURN_COMMENT = '请补充绩效指标的测算依据';

class ItemPool {
  private queue: Item[] = [];
  failures: Record<string, number> = {};

  constructor(
    readonly items: Item[],
    readonly bureau: Actor,
  ) {
    this.queue = [...items];
  }

  take(): Item | undefined {
    return this.queue.shift();
  }

  put(item: Item): void {
    this.queue.push(item);
  }

  /** A failed item is re-read by refresh(); one the service refuses for good (not 409) leaves the pool. */
  fail(item: Item, why: string, status?: number): void {
    this.failures[why] = (this.failures[why] ?? 0) + 1;
    if (status !== undefined && status >= 400 && status < 500 && status !== 409) item.broken = true;
  }

  /**
   * Re-reads every item (in-flight ones at the end of a run, failed ones) from the database,
   * after a pause so the service has committed what it was doing when the load stopped.
   */
  async refresh(db: Pool): Promise<void> {
    await sleep(750);
    const rows = (
      await db.query('SELECT id, version, state FROM declarations WHERE id = ANY($1::int[])', [
        this.items.map((i) => i.id),
      ])
    ).rows as Array<{ id: number; version: number; state: string }>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    this.queue = [];
    for (const item of this.items) {
      const r = byId.get(item.id);
      if (!r || item.broken || !(CYCLE_STATES as string[]).includes(r.state)) continue;
      item.version = r.version;
      item.state = r.state as CycleState;
      this.queue.push(item);
    }
  }

  get size(): number {
    return this.queue.length;
  }

  step(item: Item): {
    event: 'SUBMIT' | 'APPROVE' | 'RETURN';
    actor: Actor;
    next: CycleState;
    comment: string | null;
  } {
    switch (item.state) {
      case 'drafting':
        return { event: 'SUBMIT', actor: item.submitter, next: 'internalReview', comment: null };
      case 'internalReview':
        return { event: 'APPROVE', actor: item.reviewer, next: 'bureauReview', comment: null };
      case 'bureauReview':
        return { event: 'RETURN', actor: this.bureau, next: 'drafting', comment: RETURN_COMMENT };
    }
  }
}

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

// The statements of one transition as the service sent them before this round (captured with
// log_statement=all): nine or ten round trips. BENCH_RAW_MODE=before measures them.
const SELECT_DECLARATION = `SELECT "d"."id" AS "d_id", "d"."department_id" AS "d_department_id", "d"."department_path" AS "d_department_path", "d"."year" AS "d_year", "d"."project_name" AS "d_project_name", "d"."project_nature" AS "d_project_nature", "d"."project_category" AS "d_project_category", "d"."competent_department" AS "d_competent_department", "d"."implementing_unit" AS "d_implementing_unit", "d"."planned_start" AS "d_planned_start", "d"."planned_end" AS "d_planned_end", "d"."funds_total" AS "d_funds_total", "d"."funds_annual_request" AS "d_funds_annual_request", "d"."funds_current_appropriation" AS "d_funds_current_appropriation", "d"."funds_carryover" AS "d_funds_carryover", "d"."funds_other" AS "d_funds_other", "d"."overall_goal" AS "d_overall_goal", "d"."annual_goal" AS "d_annual_goal", "d"."version" AS "d_version", "d"."state" AS "d_state", "d"."state_entered_at" AS "d_state_entered_at", "d"."snapshot" AS "d_snapshot", "d"."machine_version" AS "d_machine_version", "d"."submitted_by" AS "d_submitted_by", "d"."ever_submitted" AS "d_ever_submitted", "d"."approved_version" AS "d_approved_version", "d"."created_by" AS "d_created_by", "d"."created_at" AS "d_created_at", "d"."updated_at" AS "d_updated_at" FROM "declarations" "d" WHERE "d"."id" = $1 AND `;
const SELECT_INDICATORS = `SELECT "Indicator"."id" AS "Indicator_id", "Indicator"."declaration_id" AS "Indicator_declaration_id", "Indicator"."position" AS "Indicator_position", "Indicator"."level1" AS "Indicator_level1", "Indicator"."level2" AS "Indicator_level2", "Indicator"."cost_type" AS "Indicator_cost_type", "Indicator"."name" AS "Indicator_name", "Indicator"."target_display" AS "Indicator_target_display", "Indicator"."target_kind" AS "Indicator_target_kind", "Indicator"."target_comparator" AS "Indicator_target_comparator", "Indicator"."target_value" AS "Indicator_target_value", "Indicator"."target_unit" AS "Indicator_target_unit", "Indicator"."target_text" AS "Indicator_target_text", "Indicator"."target_direction" AS "Indicator_target_direction", "Indicator"."weight" AS "Indicator_weight", "Indicator"."source_line" AS "Indicator_source_line", "Indicator"."created_at" AS "Indicator_created_at", "Indicator"."updated_at" AS "Indicator_updated_at" FROM "indicators" "Indicator" WHERE (("Indicator"."declaration_id" = $1)) ORDER BY "Indicator"."position" ASC, "Indicator"."id" ASC`;
const UPDATE_DECLARATION = `UPDATE "declarations" SET "state" = $1, "snapshot" = $2, "machine_version" = $3, "state_entered_at" = $4, "version" = $5, "updated_at" = $6, "submitted_by" = $7, "ever_submitted" = $8, "approved_version" = $9 WHERE "id" = $10`;
const INSERT_TRANSITION = `INSERT INTO "declaration_transitions"("declaration_id", "event", "from_state", "to_state", "actor_id", "actor_username", "role", "comment", "rating", "at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "id"`;
const SELECT_CHAIN = `SELECT "c"."chain" AS "c_chain", "c"."head_seq" AS "c_head_seq", "c"."head_hash" AS "c_head_hash" FROM "audit_chains" "c" WHERE "c"."chain" = $1 FOR UPDATE`;
/** The INSERT of an audit event with its parameters from `$<from>` (the columns of audit-columns.ts). */
const insertAudit = (from: number) =>
  `INSERT INTO "audit_events" (${INSERT_COLUMNS.map((c) => `"${c.column}"`).join(', ')}) VALUES (${INSERT_COLUMNS.map((_, i) => `$${from + i}`).join(', ')})`;
const INSERT_AUDIT = `${insertAudit(1)} RETURNING "id"`;
const UPDATE_CHAIN = `UPDATE "audit_chains" SET "head_seq" = $1, "head_hash" = $2 WHERE "chain" = $3`;

type Step = ReturnType<ItemPool['step']>;

/** The locked declaration of a raw transition, with the caller's scope as the service applies it. */
async function lockDeclaration(client: PoolClient, select: string, s: Step, item: Item) {
  const scope = s.actor.scope;
  const d = (
    await client.query(
      `${select}${scope.kind === 'department' ? '"d"."department_id" = $2' : '"d"."department_path" LIKE $2'} FOR UPDATE`,
      [item.id, scope.kind === 'department' ? scope.departmentId : `${scope.prefix}%`],
    )
  ).rows[0] as Record<string, unknown> | undefined;
  if (!d) throw new Error(`declaration ${item.id} not found`);
  if (d.d_version !== item.version) throw new Error(`declaration ${item.id}: stale version`);
  if (s.event === 'SUBMIT') await client.query(SELECT_INDICATORS, [item.id]);
  return d;
}

/** The role a raw transition is fired in (the service's actingRole for these events). */
function actingRoleOf(s: Step, item: Item): string {
  return s.event === 'SUBMIT'
    ? 'submitter'
    : item.state === 'internalReview'
      ? 'dept_reviewer'
      : 'bureau_reviewer';
}

/** The parameters of the declaration UPDATE and the history INSERT, in the service's order. */
function stateAndHistoryParams(s: Step, item: Item, d: Record<string, unknown>, now: string): unknown[] {
  const role = actingRoleOf(s, item);
  return [
    s.next,
    JSON.stringify({ state: s.next, context: { adjustmentOrigin: null }, machineVersion: 1 }),
    1,
    now,
    item.version + 1,
    now,
    s.event === 'SUBMIT' ? s.actor.id : d.d_submitted_by,
    s.event === 'SUBMIT' ? true : d.d_ever_submitted,
    d.d_approved_version,
    item.id,
    item.id,
    s.event,
    item.state,
    s.next,
    s.actor.id,
    s.actor.username,
    role,
    s.comment,
    null,
    now,
  ];
}

const KEYS = benchKeyring();

/** The audit event and its INSERT parameters, keyed with the service's keyring (BENCH_AUDIT_ENV). */
function auditParams(
  s: Step,
  item: Item,
  seq: number,
  prevHash: string,
  at: string,
): { event: Record<string, unknown>; params: unknown[] } {
  const event = {
    chain: `d:${item.id}`,
    seq,
    prevHash,
    at,
    actorId: s.actor.id,
    actorUsername: s.actor.username,
    actorRoles: s.actor.roles,
    action: 'workflow.transitioned',
    outcome: 'success',
    entityType: 'declaration',
    entityId: String(item.id),
    declarationId: item.id,
    indicatorId: null,
    state: item.state,
    changes: JSON.stringify([
      { field: 'state', before: item.state, after: s.next },
      { field: 'event', before: null, after: s.event },
      { field: 'role', before: null, after: actingRoleOf(s, item) },
    ]),
    comment: s.comment,
    requestId: randomUUID(),
    ip: '127.0.0.1',
  };
  const stored: Record<string, unknown> = { ...event, ...KEYS.sealEvent(event) };
  return { event: stored, params: INSERT_COLUMNS.map((c) => stored[c.property]) };
}

/** Runs one raw transition in a transaction and moves the item along. */
async function rawTransaction(
  client: PoolClient,
  item: Item,
  s: Step,
  work: () => Promise<void>,
): Promise<void> {
  await client.query('START TRANSACTION');
  try {
    await work();
    await client.query('COMMIT');
    item.state = s.next;
    item.version += 1;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** One transition with the service's statements before this round, straight to PostgreSQL. */
async function rawFireBefore(client: PoolClient, pool: ItemPool, item: Item): Promise<void> {
  const s = pool.step(item);
  await rawTransaction(client, item, s, async () => {
    const d = await lockDeclaration(client, SELECT_DECLARATION, s, item);
    const now = new Date().toISOString();
    const params = stateAndHistoryParams(s, item, d, now);
    await client.query(UPDATE_DECLARATION, params.slice(0, 10));
    await client.query(INSERT_TRANSITION, params.slice(10));
    const chain = `d:${item.id}`;
    const head = (await client.query(SELECT_CHAIN, [chain])).rows[0] as {
      c_head_seq: number;
      c_head_hash: string;
    };
    // The event and the transition row share their instant (as the service writes them now).
    const audit = auditParams(s, item, head.c_head_seq + 1, head.c_head_hash, now);
    await client.query(INSERT_AUDIT, audit.params);
    await client.query(UPDATE_CHAIN, [audit.event.seq, audit.event.hash, chain]);
  });
}

// The statements of one transition as the service sends them now (captured with
// log_statement=all): four round trips, five with SUBMIT's indicators. The declaration and its
// chain head are locked by one SELECT; the declaration update, the history row, the new chain
// head and the audit event are written by one statement (Db.writeAll).
const SELECT_DECLARATION_AND_HEAD = `${SELECT_DECLARATION.replace(
  ' FROM "declarations" "d"',
  `, "c"."head_seq" AS "c_head_seq", "c"."head_hash" AS "c_head_hash", "c"."chain" AS "c_chain" FROM "declarations" "d" INNER JOIN "audit_chains" "c" ON "c"."chain" = 'd:' || "d"."id"`,
)}`;
const WRITE_TRANSITION = `WITH w0 AS (UPDATE "declarations" SET "state" = $1, "snapshot" = $2, "machine_version" = $3, "state_entered_at" = $4, "version" = $5, "updated_at" = $6, "submitted_by" = $7, "ever_submitted" = $8, "approved_version" = $9 WHERE "id" = $10), w1 AS (INSERT INTO "declaration_transitions" ("declaration_id", "event", "from_state", "to_state", "actor_id", "actor_username", "role", "comment", "rating", "at") VALUES ($11, $12, $13, $14, $15, $16, $17, $18, $19, $20)), w2 AS (UPDATE "audit_chains" SET "head_seq" = $21, "head_hash" = $22 WHERE "chain" = $23) ${insertAudit(24)} RETURNING id`;

/** One transition with the service's statements, straight to PostgreSQL. */
async function rawFire(client: PoolClient, pool: ItemPool, item: Item): Promise<void> {
  const s = pool.step(item);
  await rawTransaction(client, item, s, async () => {
    const d = await lockDeclaration(client, SELECT_DECLARATION_AND_HEAD, s, item);
    const now = new Date().toISOString();
    const audit = auditParams(s, item, (d.c_head_seq as number) + 1, d.c_head_hash as string, now);
    await client.query(WRITE_TRANSITION, [
      ...stateAndHistoryParams(s, item, d, now),
      audit.event.seq,
      audit.event.hash,
      audit.event.chain,
      ...audit.params,
    ]);
  });
}

const RAW_MODE = process.env.BENCH_RAW_MODE === 'before' ? 'before' : 'service';

async function rawTransitions(
  url: string,
  concurrency: number,
  seconds: number,
  pool: ItemPool,
): Promise<LoadStats> {
  const db = new Pool({ connectionString: url, max: concurrency });
  const clients = await Promise.all(Array.from({ length: concurrency }, () => db.connect()));
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const c0 = await cpuSample();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const item = pool.take();
        if (!item) throw new Error('the declaration pool ran dry');
        const start = performance.now();
        try {
          await (RAW_MODE === 'before' ? rawFireBefore : rawFire)(client, pool, item);
          latencies.push(performance.now() - start);
          ok++;
          pool.put(item);
        } catch (e) {
          errors++;
          pool.fail(item, e instanceof Error ? e.message : String(e));
        }
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = cpuUse(c0, await cpuSample());
  for (const c of clients) c.release();
  await db.end();
  return stats(latencies, ok, errors, secs, {}, cpu);
}

// ---------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------

async function readLoad(
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
async function probe(port: number, path: string, token: string): Promise<void> {
  const res = await call(port, 'GET', path, { token });
  if (res.status === 404 && /Cannot GET/.test(res.text))
    throw new Error(`route missing: GET ${path.split('?')[0]} → 404`);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${res.text.slice(0, 160)}`);
}

function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (x: number) => round(x, 1);

async function main(): Promise<void> {
  const started = performance.now();
  const url = databaseUrl();
  META = {
    db: 'postgres',
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    node: process.version,
    cpus: os.cpus().length,
  };
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm run bench does)`);
  // The console's first page: no database needed, so it is measured first.
  if (wanted('console_bundle', 'console')) {
    try {
      const b = consoleBundle(join(ROOT, 'dist', 'web'));
      const kb = (n: number) => round(n / 1024, 1);
      report(
        'console_bundle',
        {
          gzip_kb: kb(b.gzipBytes),
          raw_kb: kb(b.rawBytes),
          files: b.files.map((f) => ({ file: f.file, gzip_kb: kb(f.gzip) })),
        },
        `${kb(b.gzipBytes)} KB gzipped (${kb(b.rawBytes)} KB raw) in ${b.files.length} files: ` +
          b.files.map((f) => `${f.file.replace(/^\/assets\//, '')} ${kb(f.gzip)}`).join(', '),
        { text: '≤ 400 KB', met: b.gzipBytes <= 400 * 1024 },
      );
    } catch (e) {
      reportError('console_bundle', {}, e);
    }
  }
  const db = new Pool({ connectionString: url, max: 4 });
  CPU_DB = db;
  const counts = (
    await db
      .query(
        `SELECT (SELECT count(*) FROM declarations)::int AS declarations, (SELECT count(*) FROM audit_events)::int AS events,
        (SELECT count(*) FROM departments)::int AS departments, (SELECT count(*) FROM users)::int AS users`,
      )
      .catch(() => ({ rows: [{ declarations: 0, events: 0, departments: 0, users: 0 }] }))
  ).rows[0] as { declarations: number; events: number; departments: number; users: number };
  if (!counts.declarations) throw new Error(`no declarations in ${url}: run npm run bench:seed first`);
  const pgVersion = ((await db.query('SHOW server_version')).rows[0] as { server_version: string })
    .server_version;
  console.log(
    `bench: ${counts.declarations} declarations, ${counts.events} audit events, ${counts.departments} departments, ${counts.users} users; ` +
      `PostgreSQL ${pgVersion}; node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB; load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}; commit ${META.commit}${META.dirty ? ' (dirty)' : ''}`,
  );
  // The transitions of earlier runs leave dead rows and clear visibility bits, and index-only
  // scans turn into heap fetches (the bureau queue's counts: 2.5 → 6+ ms). Autovacuum would
  // clean up; where it is off (as on the reference machine) the bench does it, so each run
  // starts from the same state.
  const autovacuum = ((await db.query('SHOW autovacuum')).rows[0] as { autovacuum: string }).autovacuum;
  const vacuumStart = performance.now();
  await db.query('VACUUM (ANALYZE) declarations, declaration_transitions, audit_chains, audit_events');
  console.log(
    `VACUUM (ANALYZE) of the tables the bench writes: ${formatDuration(performance.now() - vacuumStart)} (autovacuum is ${autovacuum})`,
  );
  const eventsNow = async () =>
    ((await db.query('SELECT count(*)::int AS n FROM audit_events')).rows[0] as { n: number }).n;

  // Start-up: three cold starts, the last instance stays.
  let a: Service | null = null;
  {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { svc, ms } = await startService(url, 'a');
      times.push(ms);
      if (i < 2) await svc.stop();
      else a = svc;
    }
    const median = [...times].sort((x, y) => x - y)[1];
    report(
      'startup',
      { ms: round(median, 0), runs_ms: times.map((t) => round(t, 0)) },
      `${Math.round(median)} ms (runs ${times.map((t) => Math.round(t)).join(', ')} ms)`,
      {
        text: '≤ 2000 ms',
        met: median <= 2000,
      },
    );
  }
  const svcA = a!;
  const port = svcA.port;
  // Idle memory: the started instance, before anyone logs in.
  await sleep(2000);
  const idleRss = svcA.rssMb();

  // Who acts.
  const userRow = async (username: string) => {
    const r = (
      await db.query(
        'SELECT u.id, u.username, u.roles, u.department_id, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.username = $1',
        [username],
      )
    ).rows[0] as
      { id: number; username: string; roles: string; department_id: number; path: string } | undefined;
    if (!r) throw new Error(`user ${username} is missing: seed with npm run bench:seed`);
    return r;
  };
  const actor = async (username: string): Promise<Actor> => {
    const r = await userRow(username);
    const roles = r.roles.split(',');
    const bureau = `/${r.path.split('/').filter(Boolean)[0]}/`;
    return {
      id: r.id,
      username: r.username,
      roles: r.roles,
      token: await login(port, username),
      scope:
        roles.includes('bureau_reviewer') || roles.includes('auditor')
          ? { kind: 'subtree', prefix: bureau }
          : roles.includes('dept_reviewer')
            ? { kind: 'subtree', prefix: r.path }
            : { kind: 'department', departmentId: r.department_id },
    };
  };
  const bureau = await actor('bureau1');
  const auditor = await actor('auditor1');
  const queueReviewer = (
    await db.query(
      `SELECT u.username FROM users u JOIN departments d ON d.id = u.department_id
       WHERE u.roles = 'dept_reviewer' AND d.kind = 'unit' ORDER BY u.id LIMIT 1`,
    )
  ).rows[0] as { username: string };
  const deptReviewer = await actor(queueReviewer.username);
  const importer = (
    await db.query("SELECT username FROM users WHERE roles = 'submitter' ORDER BY id LIMIT 1")
  ).rows[0] as { username: string };
  const importerToken = await login(port, importer.username);

  // The transition pool: declarations of the departments with most items in the cycle.
  const target = 12 * Math.max(...TRANSITION_CONCURRENCY);
  const depRows = (
    await db.query(
      `SELECT d.department_id, dep.path, count(*)::int AS n FROM declarations d JOIN departments dep ON dep.id = d.department_id
       WHERE d.state = ANY($1::text[]) GROUP BY d.department_id, dep.path ORDER BY n DESC, d.department_id`,
      [CYCLE_STATES],
    )
  ).rows as Array<{ department_id: number; path: string; n: number }>;
  const chosen: typeof depRows = [];
  let total = 0;
  for (const r of depRows) {
    if (total >= target) break;
    chosen.push(r);
    total += r.n;
  }
  const submitterOf = new Map<number, Actor>();
  const reviewerOf = new Map<string, Actor>();
  for (const r of chosen) {
    const s = (
      await db.query(
        "SELECT username FROM users WHERE department_id = $1 AND roles LIKE '%submitter%' ORDER BY id LIMIT 1",
        [r.department_id],
      )
    ).rows[0] as { username: string } | undefined;
    const rv = (
      await db.query(
        `SELECT u.username FROM users u JOIN departments ud ON ud.id = u.department_id
         WHERE u.roles LIKE '%dept_reviewer%' AND $1 LIKE ud.path || '%' ORDER BY length(ud.path) DESC, u.id LIMIT 1`,
        [r.path],
      )
    ).rows[0] as { username: string } | undefined;
    if (!s || !rv) continue;
    submitterOf.set(r.department_id, await actor(s.username));
    if (!reviewerOf.has(rv.username)) reviewerOf.set(rv.username, await actor(rv.username));
    (r as { reviewer?: string }).reviewer = rv.username;
  }
  const itemRows = (
    await db.query(
      // Only content that passes the SUBMIT rules (imported drafts may not).
      `SELECT d.id, d.version, d.state, d.department_id FROM declarations d
       WHERE d.state = ANY($1::text[]) AND d.department_id = ANY($2::int[])
         AND d.project_name IS NOT NULL AND d.annual_goal IS NOT NULL AND d.planned_start IS NOT NULL
         AND d.funds_annual_request = coalesce(d.funds_current_appropriation, 0) + coalesce(d.funds_carryover, 0) + coalesce(d.funds_other, 0)
         AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.declaration_id = d.id AND i.target_display IS NULL)
       ORDER BY d.id`,
      [CYCLE_STATES, [...submitterOf.keys()]],
    )
  ).rows as Array<{ id: number; version: number; state: CycleState; department_id: number }>;
  const reviewerByDept = new Map(chosen.map((r) => [r.department_id, (r as { reviewer?: string }).reviewer]));
  const items: Item[] = itemRows.map((r) => ({
    id: r.id,
    version: r.version,
    state: r.state,
    departmentId: r.department_id,
    submitter: submitterOf.get(r.department_id)!,
    reviewer: reviewerOf.get(reviewerByDept.get(r.department_id)!)!,
  }));
  const pool = new ItemPool(items, bureau);
  console.log(
    `logged in ${submitterOf.size + reviewerOf.size + 4} users; transition pool: ${items.length} declarations of ${submitterOf.size} departments`,
  );

  await profileCut('setup');
  // After the logins (argon2id verifies allocate 19 MiB each, native memory the allocator keeps).
  const loggedInRss = svcA.rssMb();
  svcA.peakRssMb = 0;

  // Reads.
  const get15 = (
    await db.query(
      `SELECT declaration_id AS id FROM indicators WHERE declaration_id % 37 = 0 GROUP BY declaration_id HAVING count(*) = 15 ORDER BY declaration_id LIMIT 2000`,
    )
  ).rows.map((r: { id: number }) => r.id);
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
    const size =
      r.field === 'declarations' ? { declarations: counts.declarations } : { events: await eventsNow() };
    try {
      await probe(port, r.path(), r.token);
      await readLoad(port, 8, 1, r.token, r.path); // warm-up
      for (const c of READ_CONNECTIONS) {
        const s = await readLoad(port, c, READ_DURATION_S, r.token, r.path);
        report(
          r.name,
          {
            ...size,
            concurrency: c,
            rps: round(s.rps),
            p50_ms: round(s.p50, 2),
            p95_ms: round(s.p95, 2),
            p99_ms: round(s.p99, 2),
            errors: s.errors,
            ...(r.extra ?? {}),
            cpu: s.cpu,
          },
          `c=${String(c).padEnd(3)} ${round(s.rps)} req/s  p50 ${round(s.p50, 2)} ms  p95 ${round(s.p95, 2)} ms  p99 ${round(s.p99, 2)} ms  errors ${s.errors}${cpuText(s.cpu)}`,
          { text: `p95 ≤ ${r.p95Target} ms`, met: s.errors === 0 && s.p95 <= r.p95Target },
        );
      }
    } catch (e) {
      reportError(r.name, size, e);
    }
    await profileCut(r.name);
  }

  // The bureau's whole queue, page after page, once: each page's items are new to the service,
  // so their findings counts are computed (the lines above read one page again and again, and
  // after the first request its counts are remembered per declaration version).
  if (wanted('queue_bureau_pages', 'reads')) {
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
          declarations: counts.declarations,
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
      reportError('queue_bureau_pages', { declarations: counts.declarations }, e);
    }
    await profileCut('queue_bureau_pages');
  }

  // The console: Chromium opens the bureau reviewer's queue (10,600 items at scale 1). Five
  // runs, each in a fresh browser context (cold cache), after the reads above.
  if (wanted('console_queue', 'console')) {
    let queued = 0;
    try {
      const first = await call(port, 'GET', '/api/queues/mine?limit=1', { token: bureau.token });
      if (first.status !== 200)
        throw new Error(`GET /api/queues/mine → ${first.status} ${first.text.slice(0, 160)}`);
      queued = Object.values((JSON.parse(first.text) as { counts: Record<string, number> }).counts).reduce(
        (a, b) => a + b,
        0,
      );
      if (bureau.scope.kind === 'subtree') {
        const added = await topUpBureauQueue(db, bureau.scope.prefix, queued, 10_000);
        if (added)
          console.log(
            `console_queue: ${added} bureau-review declarations copied (a scaled seed) to queue 10,000 items`,
          );
        queued += added;
      }
      const r = await queueRender(`http://127.0.0.1:${port}`, bureau.token, 5);
      const sorted = [...r.runs].sort((x, y) => x - y);
      const median = percentile(sorted, 50);
      const big = queued >= 10_000;
      report(
        'console_queue',
        {
          items: queued,
          ms: round(median, 0),
          runs_ms: r.runs.map((x) => round(x, 0)),
          wall_runs_ms: r.wallRuns.map((x) => round(x, 0)),
          phases_ms: r.phases,
          selector: QUEUE_ROW_SELECTOR,
          user: 'bureau_reviewer',
        },
        `${queued} items: first row ${round(median, 0)} ms after navigation (median of ${r.runs.length}; runs ${r.runs
          .map((x) => Math.round(x))
          .join(', ')} ms)${big ? '' : ' — fewer than 10,000 items: seed at scale 1'}`,
        { text: '≤ 1000 ms with ≥ 10,000 items', met: big ? median <= 1000 : null },
      );
    } catch (e) {
      reportError('console_queue', { items: queued }, e);
    }
    await profileCut('console_queue');
  }

  // The fixture import: dry run and real (nine declarations each).
  if (wanted('import_fixture')) {
    try {
      const text = readFileSync(FIXTURE, 'utf8');
      const once = async (dryRun: boolean) => {
        const res = await call(port, 'POST', `/api/imports/declarations?dryRun=${dryRun}`, {
          token: importerToken,
          body: text,
          contentType: 'text/plain; charset=utf-8',
        });
        if (res.status !== 200)
          throw new Error(`import (dryRun=${dryRun}) → ${res.status} ${res.text.slice(0, 160)}`);
        return res.ms;
      };
      const dry: number[] = [];
      const real: number[] = [];
      for (let i = 0; i < 5; i++) dry.push(await once(true));
      for (let i = 0; i < 3; i++) real.push(await once(false));
      const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      report(
        'import_fixture',
        {
          dry_run_ms: round(med(dry)),
          import_ms: round(med(real)),
          dry_run_runs_ms: dry.map((x) => round(x)),
          import_runs_ms: real.map((x) => round(x)),
          declarations: 9,
        },
        `dry run ${round(med(dry))} ms, import ${round(med(real))} ms (median; first ${round(dry[0])} / ${round(real[0])} ms)`,
        { text: '≤ 200 ms', met: med(dry) <= 200 && med(real) <= 200 },
      );
    } catch (e) {
      reportError('import_fixture', {}, e);
    }
    await profileCut('import_fixture');
  }

  // Transitions through HTTP, then the same statements straight to PostgreSQL.
  const httpRps = new Map<number, LoadStats>();
  const readsRss = svcA.peakRssMb;
  svcA.peakRssMb = 0;
  if (wanted('transitions')) {
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
            rps: round(s.rps),
            p50_ms: round(s.p50, 2),
            p95_ms: round(s.p95, 2),
            p99_ms: round(s.p99, 2),
            errors: s.errors,
            transitions: s.ok,
            duration_s: round(s.seconds),
            statuses: s.statuses,
            cpu: s.cpu,
          },
          `c=${String(c).padEnd(3)} ${round(s.rps)} /s  p50 ${round(s.p50, 2)} ms  p95 ${round(s.p95, 2)} ms  p99 ${round(s.p99, 2)} ms  errors ${s.errors}${cpuText(s.cpu)}`,
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
  }
  const loadRss = svcA.peakRssMb;
  if (wanted('transitions', 'transitions_raw')) {
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
            rps: round(s.rps),
            p50_ms: round(s.p50, 2),
            p95_ms: round(s.p95, 2),
            p99_ms: round(s.p99, 2),
            errors: s.errors,
            statements: RAW_MODE,
            cpu: s.cpu,
          },
          `c=${String(c).padEnd(3)} ${round(s.rps)} /s  p50 ${round(s.p50, 2)} ms  p95 ${round(s.p95, 2)} ms  p99 ${round(s.p99, 2)} ms  errors ${s.errors}${cpuText(s.cpu)}`,
        );
        const h = httpRps.get(c);
        if (h) {
          const ratio = h.rps / s.rps;
          report(
            'transitions_ratio',
            { concurrency: c, ratio: round(ratio, 2), http_rps: round(h.rps), raw_rps: round(s.rps) },
            `c=${String(c).padEnd(3)} service ÷ raw = ${round(ratio, 2)} (${round(h.rps)} ÷ ${round(s.rps)})`,
            c === 16 ? { text: '≥ 0.5', met: ratio >= 0.5 } : undefined,
          );
        }
      } catch (e) {
        reportError('transitions_raw', { concurrency: c }, e);
      }
    }
  }

  // Two instances on one database, the load split between them.
  if (wanted('transitions_two_instances')) {
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
            rps: round(s.rps),
            p50_ms: round(s.p50, 2),
            p95_ms: round(s.p95, 2),
            p99_ms: round(s.p99, 2),
            errors: s.errors,
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

  // CSV export of every event: rows/s and the service's memory while it streams.
  if (wanted('audit_csv')) {
    const events = await eventsNow();
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
  }

  // Verify: one declaration's chain, then every chain.
  if (wanted('verify_declaration', 'verify')) {
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
  if (wanted('verify_all', 'verify')) {
    const events = await eventsNow();
    try {
      const c0 = await cpuSample();
      const res = await call(port, 'GET', '/api/audit/verify', { token: auditor.token, timeoutMs: 600_000 });
      const cpu = cpuUse(c0, await cpuSample());
      if (res.status === 404 && /Cannot GET/.test(res.text))
        throw new Error('route missing: GET /api/audit/verify → 404');
      const body = JSON.parse(res.text) as { ok: boolean; checked: number; brokenAt?: unknown };
      if (res.status !== 200) throw new Error(`verify → ${res.status} ${res.text.slice(0, 200)}`);
      if (!body.ok) throw new Error(`verify found a broken chain: ${JSON.stringify(body.brokenAt)}`);
      const eps = body.checked / (res.ms / 1000);
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
  }

  // Memory.
  const peakAll = Math.max(readsRss, loadRss, svcA.peakRssMb);
  report(
    'rss',
    {
      idle_mb: mb(idleRss),
      load_mb: mb(peakAll),
      logged_in_mb: mb(loggedInRss),
      reads_peak_mb: mb(readsRss),
      transitions_peak_mb: mb(loadRss),
      export_verify_peak_mb: mb(svcA.peakRssMb),
      end_mb: mb(svcA.rssMb()),
    },
    `idle ${mb(idleRss)} MB (after ${submitterOf.size + reviewerOf.size + 4} logins ${mb(loggedInRss)} MB); under load ${mb(peakAll)} MB peak (reads ${mb(readsRss)}, transitions ${mb(loadRss)}, CSV export and verify ${mb(svcA.peakRssMb)})`,
    { text: 'load ≤ 300 MB', met: peakAll <= 300 },
  );

  await stopAll();
  await db.end();
  console.log(`\nSummary (${formatDuration(performance.now() - started)}):`);
  for (const s of SUMMARY) {
    const mark = s.met === null ? '    ' : s.met ? ' ok ' : 'MISS';
    console.log(`  ${mark} ${s.name.padEnd(26)} ${s.what}${s.target ? `   [${s.target}]` : ''}`);
  }
  const summaryFile = join(LOG_DIR, 'last-run.json');
  writeFileSync(summaryFile, JSON.stringify({ meta: META, counts, summary: SUMMARY }, null, 2));
}

// Children never outlive the bench.
process.on('exit', () => {
  for (const s of SERVICES)
    if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void stopAll().finally(() => process.exit(130));
  });
}

main().catch(async (e: unknown) => {
  console.error(e);
  await stopAll().catch(() => undefined);
  process.exit(1);
});
