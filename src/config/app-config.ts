import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { defaults, type AppConfig } from '../../config/defaults';
import { loadAuditConfig } from './audit-key-settings';
import { loadNotificationConfig } from './notification-settings';
import { loadPreAssessmentConfig } from './pre-assessment-settings';

type Env = Record<string, string | undefined>;

/** Thrown at start-up when a setting is invalid; the message lists every bad setting. */
export class ConfigError extends Error {}

/**
 * Reads the configuration once, at start: defaults from config/defaults.ts, overridden by the
 * environment. A bad value stops the service with a message naming the setting (Immich's
 * lesson: fail at boot, list every bad variable).
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const cfg: AppConfig = structuredClone({
    ...defaults,
    nodeEnv: env.NODE_ENV ?? 'development',
    jwtSecretGenerated: false,
  });

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const json = <T>(name: string, fallback: T, check: (v: unknown) => string | null): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    try {
      const v = JSON.parse(raw) as unknown;
      const problem = check(v);
      if (problem) problems.push(`${name}: ${problem}`);
      return problem ? fallback : (v as T);
    } catch {
      problems.push(`${name} is not valid JSON`);
      return fallback;
    }
  };

  cfg.port = int('PORT', cfg.port, 0, 65535);
  cfg.host = env.HOST || cfg.host;
  if (!isIP(cfg.host) && cfg.host !== 'localhost')
    problems.push(
      `HOST="${cfg.host}" must be an IP address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every interface`,
    );
  cfg.trustProxy = trustedProxies(env.TRUST_PROXY, problems);
  const docs = env.DOCS_ENABLED;
  if (docs === undefined || docs === '') cfg.docsEnabled = cfg.nodeEnv !== 'production';
  else if (docs === 'true' || docs === 'false') cfg.docsEnabled = docs === 'true';
  else problems.push(`DOCS_ENABLED="${docs}" must be true or false`);
  cfg.databaseUrl = env.DATABASE_URL ?? '';
  if (cfg.databaseUrl && !/^postgres(ql)?:\/\//.test(cfg.databaseUrl)) {
    problems.push(
      'DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)',
    );
  }
  cfg.databasePath = env.DATABASE_PATH || cfg.databasePath;
  cfg.databaseTimeoutMs = int('DATABASE_TIMEOUT_MS', cfg.databaseTimeoutMs, 100, 600_000);
  cfg.databasePoolSize = int('DATABASE_POOL_SIZE', cfg.databasePoolSize, 1, 200);
  cfg.exportTimeoutMs = int('EXPORT_TIMEOUT_MS', cfg.exportTimeoutMs, 1000, 86_400_000);
  cfg.jwtExpiresInSeconds = int('JWT_EXPIRES_IN_SECONDS', cfg.jwtExpiresInSeconds, 30, 86_400);
  cfg.bodyLimitBytes = int('BODY_LIMIT_BYTES', cfg.bodyLimitBytes, 1024, 100 * 1024 * 1024);
  cfg.uploadLimitBytes = int('UPLOAD_LIMIT_BYTES', cfg.uploadLimitBytes, 1024, 1024 * 1024 * 1024);
  cfg.requestTimeoutMs = int('REQUEST_TIMEOUT_MS', cfg.requestTimeoutMs, 1000, 600_000);
  cfg.uploads = json('UPLOAD_LIMITS', cfg.uploads, (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return `must be an object of limit → whole number, with keys ${Object.keys(cfg.uploads).join(', ')}`;
    for (const [k, n] of Object.entries(v)) {
      if (!(k in cfg.uploads)) return `unknown limit ${k} (known: ${Object.keys(cfg.uploads).join(', ')})`;
      if (!Number.isSafeInteger(n) || (n as number) < 1) return `${k} must be a whole number of at least 1`;
    }
    return null;
  });
  cfg.uploads = { ...defaults.uploads, ...cfg.uploads };
  cfg.corsOrigins = env.CORS_ORIGINS ?? '';
  cfg.logLevel = env.LOG_LEVEL || cfg.logLevel;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(cfg.logLevel)) {
    problems.push(
      `LOG_LEVEL="${cfg.logLevel}" must be one of fatal, error, warn, info, debug, trace, silent`,
    );
  }
  cfg.password.minLength = int('PASSWORD_MIN_LENGTH', cfg.password.minLength, 8, 128);
  cfg.password.minClasses = int('PASSWORD_MIN_CLASSES', cfg.password.minClasses, 1, 4);
  cfg.lockout.maxFailures = int('LOCKOUT_MAX_FAILURES', cfg.lockout.maxFailures, 1, 100);
  cfg.lockout.minutes = int('LOCKOUT_MINUTES', cfg.lockout.minutes, 1, 24 * 60);
  cfg.publicRateLimit.max = int('PUBLIC_RATE_LIMIT_MAX', cfg.publicRateLimit.max, 1, 1_000_000);
  cfg.loginRateLimit.max = int('LOGIN_RATE_LIMIT_MAX', cfg.loginRateLimit.max, 1, 100_000);
  cfg.loginRateLimit.windowSeconds = int(
    'LOGIN_RATE_LIMIT_WINDOW_SECONDS',
    cfg.loginRateLimit.windowSeconds,
    1,
    86_400,
  );
  cfg.reviewDeadlineDays.internalReview = int(
    'REVIEW_DAYS_INTERNAL',
    cfg.reviewDeadlineDays.internalReview,
    1,
    365,
  );
  cfg.reviewDeadlineDays.bureauReview = int(
    'REVIEW_DAYS_BUREAU',
    cfg.reviewDeadlineDays.bureauReview,
    1,
    365,
  );
  const mustResolve = env.COMMENTS_MUST_BE_RESOLVED;
  if (mustResolve === 'true' || mustResolve === 'false')
    cfg.comments.mustResolveBeforeSubmit = mustResolve === 'true';
  else if (mustResolve !== undefined && mustResolve !== '')
    problems.push(`COMMENTS_MUST_BE_RESOLVED="${mustResolve}" must be true or false`);
  cfg.findingSeverities = json('FINDING_SEVERITIES', cfg.findingSeverities, (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return 'must be an object of finding code → severity';
    const bad = Object.entries(v).find(([, s]) => !['error', 'warning', 'info'].includes(s as string));
    return bad ? `severity of ${bad[0]} must be error, warning or info` : null;
  });
  cfg.evaluation.weights = json('SCORING_WEIGHTS', cfg.evaluation.weights, (v) => {
    const w = v as Record<string, unknown>;
    const keys = ['budget', 'output', 'benefit', 'satisfaction'];
    if (
      typeof v !== 'object' ||
      v === null ||
      keys.some((k) => typeof w[k] !== 'number' || (w[k] as number) < 0)
    ) {
      return `must give non-negative numbers for ${keys.join(', ')}`;
    }
    const sum = keys.reduce((s, k) => s + (w[k] as number), 0);
    return sum === 100 ? null : `the weights must add up to 100, not ${sum}`;
  });

  cfg.targetReview.weights = json('REVIEW_WEIGHTS', cfg.targetReview.weights, (v) => {
    const w = v as Record<string, unknown>;
    const keys = ['completeness', 'relevance', 'appropriateness', 'feasibility'];
    if (
      typeof v !== 'object' ||
      v === null ||
      Object.keys(w).some((k) => !keys.includes(k)) ||
      keys.some((k) => !Number.isSafeInteger(w[k]) || (w[k] as number) < 0)
    ) {
      return `must give whole numbers of at least 0 for ${keys.join(', ')} (and nothing else)`;
    }
    const sum = keys.reduce((s, k) => s + (w[k] as number), 0);
    return sum === 100 ? null : `the weights must add up to 100, not ${sum}`;
  });

  cfg.adminPassword = env.ADMIN_PASSWORD ?? '';
  const secret = env.JWT_SECRET ?? '';
  if (secret) {
    if (secret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
    cfg.jwtSecret = secret;
  } else if (cfg.nodeEnv === 'production') {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  } else {
    cfg.jwtSecret = randomBytes(32).toString('hex');
    cfg.jwtSecretGenerated = true;
  }

  loadAuditConfig(env, cfg, problems, int);
  loadNotificationConfig(env, cfg, problems, int);
  loadPreAssessmentConfig(env, cfg, problems, int);

  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return cfg;
}

/** Names proxy-addr (Fastify's trustProxy) understands for well-known ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: a comma-separated list of proxy addresses, CIDRs or range names. `true` (every
 * hop) and hop counts are refused: both believe X-Forwarded-For from a client that connects
 * directly, which can then pick its own address (the login limit, the audit log). Fastify
 * ≥ 5.12.1 ignores a hop count for that reason.
 */
function trustedProxies(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'false') return [];
  const fix =
    'list the proxies in front of the service instead: their addresses or CIDRs (e.g. 10.0.0.5,10.0.1.0/24), or loopback (a proxy on this machine), or uniquelocal (private networks)';
  if (raw.trim() === 'true') {
    problems.push(
      `TRUST_PROXY=true would believe X-Forwarded-For from anyone, so a client could choose its own address; ${fix}`,
    );
    return [];
  }
  if (/^\d+$/.test(raw.trim())) {
    problems.push(
      `TRUST_PROXY=${raw.trim()}: a hop count believes whoever connects directly, so a client could choose its own address; ${fix}`,
    );
    return [];
  }
  const items = raw.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!PROXY_RANGES.includes(item) && !isAddressOrCidr(item))
      problems.push(
        `TRUST_PROXY: "${item}" is not an IP address, a CIDR (10.0.1.0/24) or one of ${PROXY_RANGES.join(', ')}`,
      );
  }
  return items;
}

function isAddressOrCidr(s: string): boolean {
  const [address, prefix, ...rest] = s.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

export const APP_CONFIG = Symbol('APP_CONFIG');
