// What every measurement of `npm run bench` (bench/run.ts) shares: which measurements run
// (BENCH_ONLY), the report lines (a table line and a `BENCH {json}` line, docs/spec/bench.md),
// percentiles, CPU accounting, the service instances it starts, HTTP calls, autocannon runs and
// the users who act (logged in through the service).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Pool } from 'pg';
import { BENCH_AUDIT_ENV, BENCH_JWT_SECRET, BENCH_PASSWORD, formatDuration } from './common';

export const ROOT = join(__dirname, '..', '..');
/** BENCH_SERVICE_MAIN: another build of the service (a patched copy, to measure a fix before it lands). */
export const MAIN = process.env.BENCH_SERVICE_MAIN ?? join(ROOT, 'dist', 'src', 'main.js');
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
/** Whether BENCH_ONLY (unset: everything) names one of these measurements or families. */
export const wanted = (...names: string[]) => !ONLY || names.some((n) => ONLY.has(n));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

export interface Meta {
  db: string;
  commit: string;
  dirty: boolean;
  node: string;
  cpus: number;
}
let META: Meta;
/** The commit, node and machine every BENCH line carries; set once before the first report. */
export function setMeta(meta: Meta): void {
  META = meta;
}
const SUMMARY: Array<{ name: string; what: string; target: string; met: boolean | null }> = [];

export function git(args: string[]): string {
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

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** One measurement: a table line, then its BENCH line. */
export function report(
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

export function reportError(name: string, fields: Record<string, unknown>, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.log(`${name.padEnd(26)} ERROR ${message}`);
  const { db, commit, node, cpus } = META;
  console.log(`BENCH ${JSON.stringify({ name, db, ...fields, error: message, commit, node, cpus })}`);
  SUMMARY.push({ name, what: `ERROR ${message}`, target: '', met: false });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface LoadStats {
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

export function stats(
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

/** A load run's throughput, latencies and errors, as every load line carries them (in this order). */
export const loadFields = (s: LoadStats) => ({
  rps: round(s.rps),
  p50_ms: round(s.p50, 2),
  p95_ms: round(s.p95, 2),
  p99_ms: round(s.p99, 2),
  errors: s.errors,
});

/** The table text of a load run at concurrency `c` (`unit`: "/s" or "req/s"). */
export const loadText = (c: number, s: LoadStats, unit: string) =>
  `c=${String(c).padEnd(3)} ${round(s.rps)} ${unit}  p50 ${round(s.p50, 2)} ms  p95 ${round(s.p95, 2)} ms  p99 ${round(s.p99, 2)} ms  errors ${s.errors}${cpuText(s.cpu)}`;

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
export interface CpuUse {
  service_pct: number | null;
  loadgen_pct: number | null;
  postgres_pct: number | null;
  other_pct: number | null;
}
const TICK_HZ = 100;
let CPU_DB: Pool | null = null;
/** The bench database: its server processes are counted as PostgreSQL's CPU. */
export function sampleCpuOf(db: Pool): void {
  CPU_DB = db;
}

function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export async function cpuSample(): Promise<CpuSample> {
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
export function cpuUse(a: CpuSample, b: CpuSample): CpuUse {
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

export const cpuText = (c: CpuUse) =>
  c.service_pct === null
    ? ''
    : `  cpu: service ${c.service_pct}% postgres ${c.postgres_pct}% loadgen ${c.loadgen_pct}% other ${c.other_pct}%`;

// ---------------------------------------------------------------------------------------
// Service instances
// ---------------------------------------------------------------------------------------

export class Service {
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

export const SERVICES: Service[] = [];
const PROFILE_DIR = process.env.BENCH_CPU_PROF ? join(process.env.BENCH_CPU_PROF) : null;

/** With BENCH_CPU_PROF: each instance writes the CPU profile since the last cut as <name>-<port>. */
export async function profileCut(name: string): Promise<void> {
  if (!PROFILE_DIR) return;
  for (const s of SERVICES) {
    writeFileSync(join(PROFILE_DIR, `cut-${s.pid}`), `${name}-${s.port}`);
  }
  await sleep(1500);
}
export const LOG_DIR = join(os.tmpdir(), 'pd-bench');

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
export async function startService(
  url: string,
  label: string,
  opts: { env?: Record<string, string>; require?: string; main?: string } = {},
): Promise<{ svc: Service; ms: number }> {
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
    ...opts.env,
  };
  delete env.ADMIN_PASSWORD;
  if (process.env.BENCH_POOL_SIZE) env.DATABASE_POOL_SIZE = process.env.BENCH_POOL_SIZE;
  if (PROFILE_DIR) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    env.BENCH_CPU_PROFILE_DIR = PROFILE_DIR;
  }
  const args = [
    ...(PROFILE_DIR ? ['--require', join(ROOT, 'dist', 'bench', 'cpu-profile.js')] : []),
    ...(opts.require ? ['--require', opts.require] : []),
    opts.main ?? MAIN,
  ];
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

export async function stopAll(): Promise<void> {
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

export function call(
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

export async function login(port: number, username: string): Promise<string> {
  const res = await call(port, 'POST', '/api/auth/login', {
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text.slice(0, 200)}`);
  return (JSON.parse(res.text) as { accessToken: string }).accessToken;
}

/** One autocannon run; latencies of every response are kept for exact percentiles. */
export function cannon(
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

/** Probes a route once: a clear error when it is missing or refuses, instead of a run of 404s. */
export async function probe(port: number, path: string, token: string): Promise<void> {
  const res = await call(port, 'GET', path, { token });
  if (res.status === 404 && /Cannot GET/.test(res.text))
    throw new Error(`route missing: GET ${path.split('?')[0]} → 404`);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${res.text.slice(0, 160)}`);
}

export const mb = (x: number) => round(x, 1);

// ---------------------------------------------------------------------------------------
// Who acts
// ---------------------------------------------------------------------------------------

export interface Actor {
  id: number;
  username: string;
  roles: string;
  token: string;
  /** The scope clause the service adds for this user (scope.ts). */
  scope: { kind: 'department'; departmentId: number } | { kind: 'subtree'; prefix: string };
}

/** A seeded user, logged in on the instance at `port`, with the scope the service gives them. */
export async function actorOf(db: Pool, port: number, username: string): Promise<Actor> {
  const r = (
    await db.query(
      'SELECT u.id, u.username, u.roles, u.department_id, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.username = $1',
      [username],
    )
  ).rows[0] as
    { id: number; username: string; roles: string; department_id: number; path: string } | undefined;
  if (!r) throw new Error(`user ${username} is missing: seed with npm run bench:seed`);
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
}

/** The table of every measurement at the end of the run, also written to LOG_DIR/last-run.json. */
export function printSummary(started: number, counts: Record<string, unknown>): void {
  console.log(`\nSummary (${formatDuration(performance.now() - started)}):`);
  for (const s of SUMMARY) {
    const mark = s.met === null ? '    ' : s.met ? ' ok ' : 'MISS';
    console.log(`  ${mark} ${s.name.padEnd(26)} ${s.what}${s.target ? `   [${s.target}]` : ''}`);
  }
  const summaryFile = join(LOG_DIR, 'last-run.json');
  writeFileSync(summaryFile, JSON.stringify({ meta: META, counts, summary: SUMMARY }, null, 2));
}
