// Shared by the seed (bench/seed.ts and its parts) and the benchmarks (bench/run.ts and its
// families): the database URL, the scale, the bench password and keys and a small seeded PRNG.
// Nothing here talks to the service (bench/harness.ts does).
import { defaults } from '../config/defaults';
import { AuditKeyring } from '../src/audit/audit-keys';

/** Every seeded user has this password; the hash is computed once by the seed. */
export const BENCH_PASSWORD = 'Bench-Passw0rd!2026';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/pd_bench';
/** The shared JWT secret of the service instances the bench starts (so tokens work on both). */
export const BENCH_JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdef0123456789';
/** The keyring of BENCH_AUDIT_ENV: the seed and the raw transitions key their events with it. */
export function benchKeyring(): AuditKeyring {
  const env = BENCH_AUDIT_ENV;
  return AuditKeyring.fromConfig({
    audit: {
      ...defaults.audit,
      key: env.AUDIT_KEY,
      keyId: env.AUDIT_KEY_ID,
      signingKey: env.AUDIT_SIGNING_KEY,
    },
    databasePath: ':memory:',
    nodeEnv: 'production',
  });
}

/** The audit keys of the bench (the seed keys and signs with them; the instances verify with them). */
export const BENCH_AUDIT_ENV = {
  AUDIT_KEY: 'bench-only-audit-mac-key-0123456789abcdef0123456789',
  AUDIT_KEY_ID: 'bench-1',
  AUDIT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIMShD+ds4jZrz6zTMKVhNbf8JJ0m3+ndZSWxIUMIhLpw',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The PostgreSQL URL of the bench: DATABASE_URL or the local pd_bench; loopback only. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const host = new URL(url).hostname;
  if (!LOOPBACK.has(host)) {
    throw new Error(`DATABASE_URL host ${host} is not a loopback address; the bench only runs locally`);
  }
  return url;
}

/** The value following `--name` on the command line, or `--name=value`. */
export function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

export function hasFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/** `--scale 0.1` or BENCH_SCALE; 1 is the full data set of issue 8. */
export function benchScale(): number {
  const raw = argValue('scale') ?? process.env.BENCH_SCALE ?? '1';
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s > 10)
    throw new Error(`scale: must be a number in (0, 10], not ${raw}`);
  return s;
}

/**
 * `--events N` (BENCH_EVENTS): the audit trail's length for the same organisation and
 * declarations as the scale gives (more edits per declaration), so `verify_incremental` can be
 * measured at 1 and at 2 million events over the same chains. Unset: 1,000,000 × scale.
 */
export function benchEvents(): number | undefined {
  const raw = argValue('events') ?? process.env.BENCH_EVENTS;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1000 || n > 20_000_000)
    throw new Error(`events: must be a whole number from 1000 to 20000000, not ${raw}`);
  return n;
}

/** sfc32, seeded through splitmix32: fast, deterministic, good enough for test data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const mix = () => {
      seed = (seed + 0x9e3779b9) | 0;
      let z = seed;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A key of `weights` drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1][0];
  }

  /** A version-4-shaped UUID (the service's request ids look like this). */
  uuid(): string {
    const hex = (n: number) =>
      Math.floor(this.next() * 16 ** n)
        .toString(16)
        .padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + this.int(0, 3)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
  }
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
