import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { eventHashProblem, GENESIS_HASH, type MacLookup } from '../../src/audit/audit-hash';
import { PG_ADMIN_URL } from '../support/test-db';
import { HttpClient } from '../support/http-client';
import {
  ADMIN_PASSWORD,
  AUDIT_KEY,
  AUDIT_KEY_ID,
  AUDIT_SIGNING_KEY,
  JWT_SECRET,
  PASSWORD,
  PRE_ASSESSMENT_OUT_OF_REACH,
} from '../support/test-app';

/**
 * The fault suites drive the BUILT service (`node dist/src/main.js`, built by
 * `npm run test:faults`) as separate processes on loopback ports: two instances on one
 * PostgreSQL database, an instance behind a TCP proxy the test can cut, an instance killed with
 * SIGKILL or SIGTERM. Everything is bounded: request timeouts, start-up timeouts, counts.
 */

export const MAIN = join(process.cwd(), 'dist', 'src', 'main.js');
export { ADMIN_PASSWORD, JWT_SECRET, PASSWORD };

let snapshot: string | null = null;
const SNAPSHOTS = join(process.cwd(), 'node_modules', '.cache', 'pd-faults');

/**
 * The built service, copied aside (under node_modules/.cache, so its packages still resolve)
 * the first time a suite needs it: other sessions rebuilding (`rm -rf dist`) during a run cannot
 * pull it away from under a restart. Each suite removes its copy (releaseBuilt, in afterAll);
 * copies left by killed runs (their process is gone) are swept here.
 */
export function builtMain(): string {
  if (snapshot) return snapshot;
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: run the fault suites with npm run test:faults (it builds first)`);
  sweepStaleSnapshots();
  const dir = join(SNAPSHOTS, `${process.pid}-${randomBytes(3).toString('hex')}`);
  cpSync(join(process.cwd(), 'dist'), dir, { recursive: true });
  snapshot = join(dir, 'src', 'main.js');
  return snapshot;
}

export function releaseBuilt(): void {
  if (!snapshot) return;
  rmSync(join(snapshot, '..', '..'), { recursive: true, force: true });
  snapshot = null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sweepStaleSnapshots(): void {
  if (!existsSync(SNAPSHOTS)) return;
  for (const name of readdirSync(SNAPSHOTS)) {
    if (!processAlive(Number(name.split('-')[0])))
      rmSync(join(SNAPSHOTS, name), { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Databases

export interface PgDatabase {
  name: string;
  /** A URL with host and port replaced, e.g. to go through a proxy. */
  url(port?: number): string;
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createPgDatabase(): Promise<PgDatabase> {
  const name = `pd_fault_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const base = new URL(PG_ADMIN_URL);
  const url = (port?: number) => {
    const u = new URL(base.toString());
    u.pathname = `/${name}`;
    if (port) {
      u.hostname = '127.0.0.1';
      u.port = String(port);
    }
    return u.toString();
  };
  return {
    name,
    url,
    async query(sql, params) {
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        return (await c.query(sql, params as unknown[])).rows;
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function sqliteDir(): { path: string; drop(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pd-fault-'));
  return { path: join(dir, 'app.sqlite'), drop: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// The service as a process

export interface Service {
  port: number;
  baseUrl: string;
  proc: ChildProcess;
  /** Resolves with the exit code or signal when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startService(
  env: Record<string, string>,
  opts: { port?: number; waitFor?: 'healthy' | 'listening'; timeoutMs?: number } = {},
): Promise<Service> {
  const main = builtMain();
  const port = opts.port ?? (await freePort());
  let out = '';
  const proc = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET,
      ADMIN_PASSWORD,
      AUDIT_KEY,
      AUDIT_KEY_ID,
      AUDIT_SIGNING_KEY,
      LOG_LEVEL: 'silent',
      // The gate is out of reach of the suites that test other things (test-app.ts).
      ...PRE_ASSESSMENT_OUT_OF_REACH,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  proc.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // Where it was told to listen (HOST), loopback by default.
  const baseUrl = `http://${env.HOST ?? '127.0.0.1'}:${port}`;
  const service: Service = {
    port,
    baseUrl,
    proc,
    exited,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`the service on port ${port} exited while starting:\n${out}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (opts.waitFor === 'listening' || res.status === 200) return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop('SIGKILL');
      throw new Error(`the service on port ${port} did not become ready:\n${out}`);
    }
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP to a service, with the shape of the e2e harness (so its factories work)

/** A spawned service's HTTP side; the e2e helpers (buildWorld, factories) take it as they are. */
export class Remote extends HttpClient {}

// ---------------------------------------------------------------------------------------------
// A TCP proxy in front of PostgreSQL that the test can cut

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** 'up' forwards; 'refuse' closes the port; 'blackhole' accepts and never answers. */
  mode: 'up' | 'refuse' | 'blackhole' = 'up';
  connections = 0;

  constructor(
    readonly port: number,
    readonly target = { host: '127.0.0.1', port: 5432 },
  ) {}

  async start(): Promise<void> {
    this.mode = 'up';
    await this.listen();
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((client) => this.accept(client));
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
      this.server = server;
    });
  }

  private accept(client: net.Socket): void {
    this.connections += 1;
    this.track(client);
    if (this.mode === 'blackhole') return; // held open, never answered
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private dropAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** The database goes away: every connection is cut and new ones are refused. */
  async refuse(): Promise<void> {
    this.mode = 'refuse';
    const closing = this.closeServer();
    this.dropAll();
    await closing;
  }

  /** The database stops answering: connections are cut, new ones accepted and left hanging. */
  async blackhole(): Promise<void> {
    this.mode = 'blackhole';
    this.dropAll();
    if (!this.server) await this.listen();
  }

  async up(): Promise<void> {
    this.dropAll();
    this.mode = 'up';
    if (!this.server) await this.listen();
  }

  private closeServer(): Promise<void> {
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async stop(): Promise<void> {
    const closing = this.closeServer();
    this.dropAll();
    await closing;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks through SQL (the audit chains, recomputed with the service's own hash)

export interface ChainCheck {
  ok: boolean;
  events: number;
  chains: number;
  problems: string[];
}

/** The service's MAC under the suites' AUDIT_KEY, computed here independently of its keyring. */
const macFor: MacLookup = (alg, keyId) =>
  alg === 'hmac-sha256' && keyId === AUDIT_KEY_ID
    ? (text) => createHmac('sha256', AUDIT_KEY).update(text).digest('hex')
    : undefined;

/** An audit_events row as stored (snake_case columns; numbers may come back as strings). */
type EventRow = Record<string, unknown>;

/**
 * Recomputes every chain from the rows, independently of the service's verify route: each
 * event's hash (src/audit/audit-hash.ts), its link to the previous one, gap-free seq, and the
 * chain head row pointing at the last event.
 */
export function checkChains(events: EventRow[], heads: EventRow[]): ChainCheck {
  const problems: string[] = [];
  const byChain = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = byChain.get(String(e.chain)) ?? [];
    list.push(e);
    byChain.set(String(e.chain), list);
  }
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  for (const [chain, list] of byChain) {
    list.sort((a, b) => Number(a.seq) - Number(b.seq));
    let prev = GENESIS_HASH;
    list.forEach((e, i) => {
      if (Number(e.seq) !== i + 1)
        problems.push(`${chain}: seq ${String(e.seq)} where ${i + 1} was expected`);
      if (e.prev_hash !== prev) problems.push(`${chain}#${String(e.seq)}: prev_hash does not link`);
      const problem = eventHashProblem(
        {
          chain,
          seq: Number(e.seq),
          prevHash: String(e.prev_hash),
          at: String(e.at),
          actorId: num(e.actor_id),
          actorUsername: (e.actor_username as string | null) ?? null,
          actorRoles: String(e.actor_roles ?? ''),
          action: String(e.action),
          outcome: String(e.outcome),
          entityType: String(e.entity_type),
          entityId: (e.entity_id as string | null) ?? null,
          declarationId: num(e.declaration_id),
          indicatorId: num(e.indicator_id),
          state: (e.state as string | null) ?? null,
          changes: String(e.changes),
          comment: (e.comment as string | null) ?? null,
          requestId: (e.request_id as string | null) ?? null,
          ip: (e.ip as string | null) ?? null,
        },
        {
          hashVersion: Number(e.hash_version),
          hashAlg: String(e.hash_alg),
          keyId: (e.key_id as string | null) ?? null,
        },
        String(e.hash),
        macFor,
      );
      if (problem) problems.push(`${chain}#${String(e.seq)}: ${problem}`);
      prev = String(e.hash);
    });
  }
  const headOf = new Map(heads.map((h) => [String(h.chain), h]));
  for (const [chain, list] of byChain) {
    const head = headOf.get(chain);
    const last = list[list.length - 1];
    if (!head) problems.push(`${chain}: no head row`);
    else if (Number(head.head_seq) !== Number(last.seq) || head.head_hash !== last.hash)
      problems.push(`${chain}: the head row does not point at the last event`);
  }
  for (const h of heads)
    if (!byChain.has(String(h.chain)) && Number(h.head_seq) !== 0)
      problems.push(`${String(h.chain)}: head without events`);
  return {
    ok: problems.length === 0,
    events: events.length,
    chains: byChain.size,
    problems: problems.slice(0, 20),
  };
}
