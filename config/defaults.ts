/**
 * Every tunable of the service, with its default. Each value can be overridden by the
 * environment variable named beside it (see src/config/app-config.ts, which validates them
 * at start and stops the service naming the bad setting). Values marked "ours" in
 * docs/spec/domain.md live here so an agency can change them without code.
 */
export const defaults = {
  port: 3000, // PORT
  /**
   * Address to listen on. This machine only by default: the demo's passwords are public, and a
   * reverse proxy on the same machine reaches it; HOST=0.0.0.0 serves every interface (a
   * container, a load balancer on another machine).
   */
  host: '127.0.0.1', // HOST
  /**
   * The proxies whose X-Forwarded-For is believed for the client address (login rate limit,
   * audit log): their addresses or CIDRs, or loopback / linklocal / uniquelocal. Empty: none,
   * the address is the connection's. Never "every hop" (TRUST_PROXY=true is refused).
   */
  trustProxy: [] as string[], // TRUST_PROXY: comma-separated
  /** Swagger UI at /api/docs and the document at /api/docs-json; unset: on, except in production. */
  docsEnabled: true, // DOCS_ENABLED
  databaseUrl: '', // DATABASE_URL: postgres://...; empty = embedded SQLite
  databasePath: 'data/app.sqlite', // DATABASE_PATH
  /** PostgreSQL: how long a query or a connection attempt may take before 503. */
  databaseTimeoutMs: 5000, // DATABASE_TIMEOUT_MS
  databasePoolSize: 10, // DATABASE_POOL_SIZE
  /**
   * PostgreSQL: how long the audit CSV export's one statement (COPY) may stream. It runs as
   * long as the client reads, so the per-statement timeout above would cut large exports.
   */
  exportTimeoutMs: 1_800_000, // EXPORT_TIMEOUT_MS: 30 minutes
  jwtSecret: '', // JWT_SECRET (required when NODE_ENV=production)
  /** On an empty user table, create `admin` with this password (policy applies). */
  adminPassword: '', // ADMIN_PASSWORD
  jwtExpiresInSeconds: 1800, // JWT_EXPIRES_IN_SECONDS: 30 minutes
  bodyLimitBytes: 1_048_576, // BODY_LIMIT_BYTES (JSON and text bodies)
  uploadLimitBytes: 10_485_760, // UPLOAD_LIMIT_BYTES (import files)
  requestTimeoutMs: 30_000, // REQUEST_TIMEOUT_MS
  /**
   * An uploaded .xlsx is inspected before it is parsed (src/exports/xlsx-inspect.ts: the zip
   * directory, every entry inflated as a stream with a cap, the sheet XML scanned as it
   * streams), then parsed in a worker thread with a heap cap and a time limit
   * (src/imports/upload-worker.ts). Generous for real forms: our form uses columns A..H and
   * about 15 rows plus one per indicator (at most 500), so 10,000 rows hold a summary of
   * hundreds of declarations. Beyond a limit the upload is refused 413 naming it.
   * UPLOAD_LIMITS (JSON, e.g. {"maxRows":20000}) overrides any of them.
   */
  uploads: {
    /** Files in the zip (an export has about 10; one sheet per declaration at most). */
    maxEntries: 1000,
    /** Uncompressed bytes of one zip entry, and of all of them together. */
    maxEntryBytes: 16 * 1024 * 1024,
    maxTotalBytes: 32 * 1024 * 1024,
    /** Uncompressed / compressed bytes of an entry (checked once it passes 1 MiB). */
    maxCompressionRatio: 100,
    /** Highest row number and column (26 = Z) of any cell, row or range of a sheet. */
    maxRows: 10_000,
    maxColumns: 26,
    /** Cells (<c>) of the whole workbook, and cells covered by data validations. */
    maxCells: 200_000,
    /** <mergeCell> elements of one sheet (a form of 500 indicators has about 1,000; 5,000 take exceljs about 4 s). */
    maxMergedCells: 5_000,
    /** Entries (<si>) of the shared-string table. */
    maxSharedStrings: 100_000,
    /** Declarations in one import (text or workbook); each is one insert with its audit record. */
    maxDeclarations: 1_000,
    /** The parse worker: wall-clock time, and its V8 heap (old generation) in MiB. */
    parseTimeoutMs: 20_000,
    parseHeapMb: 256,
    /** Parse workers at once (each may use parseHeapMb); more uploads wait, up to 20. */
    maxConcurrentParses: 2,
  },
  corsOrigins: '', // CORS_ORIGINS: comma-separated; empty = CORS off
  logLevel: 'info', // LOG_LEVEL
  password: {
    minLength: 10, // PASSWORD_MIN_LENGTH
    minClasses: 3, // PASSWORD_MIN_CLASSES: of lower, upper, digit, symbol
  },
  lockout: {
    maxFailures: 5, // LOCKOUT_MAX_FAILURES
    minutes: 15, // LOCKOUT_MINUTES
  },
  // 绩效目标公开's public routes (no login): requests per client address and instance a minute.
  publicRateLimit: {
    max: 120, // PUBLIC_RATE_LIMIT_MAX requests
  },
  /** Per client address, on top of the per-account lockout. */
  loginRateLimit: {
    max: 30, // LOGIN_RATE_LIMIT_MAX requests
    windowSeconds: 60, // LOGIN_RATE_LIMIT_WINDOW_SECONDS
  },
  /** Review deadlines in days (docs/spec/workflow.md). */
  reviewDeadlineDays: {
    internalReview: 5, // REVIEW_DAYS_INTERNAL
    bureauReview: 10, // REVIEW_DAYS_BUREAU
  },
  /**
   * Review comments (src/comments): when true, SUBMIT is refused while any comment thread of
   * the declaration is open (COMMENTS_OPEN_BLOCK_SUBMIT, naming them); when false the open
   * threads are shown to the submitter and carried by the next RETURN, but do not block.
   */
  comments: {
    mustResolveBeforeSubmit: false, // COMMENTS_MUST_BE_RESOLVED: true | false
  },
  /**
   * The 数据局's scored review of the targets (绩效目标审核, 财预〔2015〕88号; docs/spec/domain.md §8):
   * the weight of each of the four dimensions in the total (whole numbers adding up to 100); the
   * grade bands are the self-evaluation's (`evaluation.grades`, §6).
   */
  targetReview: {
    weights: { completeness: 25, relevance: 25, appropriateness: 25, feasibility: 25 }, // REVIEW_WEIGHTS (JSON)
    /** Longest opinion or amendments text. */
    maxTextLength: 2000,
  },
  /** Findings severities (docs/spec/domain.md §3); an agency may soften or harden a rule here. */
  findingSeverities: {} as Record<string, 'error' | 'warning' | 'info'>, // FINDING_SEVERITIES: JSON object code → severity
  monitoring: {
    defaultPeriodEndMonth: 7, // ours
    budgetLight: { red: 60, yellow: 80 }, // ratio below red → red; below yellow → yellow
    /** Quantitative indicator: completion (score with weight 1) below this → red. */
    indicatorRedBelow: '0.8',
    /** Longest free text accepted in a report field (note, measures, remark, actual text). */
    maxTextLength: 2000,
  },
  evaluation: {
    weights: { budget: 10, output: 50, benefit: 30, satisfaction: 10 }, // SCORING_WEIGHTS (JSON)
    grades: { excellent: 90, good: 80, fair: 60 }, // 优 ≥ 90 > 良 ≥ 80 > 中 ≥ 60 > 差
    /** Reverse (≤) indicators: 'linear' = w·(1 − (a − t)/t), 0 at 2t (ours). */
    reverseRule: 'linear' as const,
    qualitativeBands: { achieved: ['0.8', '1'], partial: ['0.6', '0.8'], notAchieved: ['0', '0.6'] },
    budgetRateWarningBelow: 90,
    /** Warn when a higher-is-better actual exceeds its target by this share or more. */
    overTargetWarningShare: '0.2',
    /** Longest free text accepted in a report field (analysis, override reason, actual text). */
    maxTextLength: 2000,
  },
  /**
   * Rectification (整改, src/rectification): an approved self-evaluation's items are due this
   * many WORKING days after the approval (about three months; rectification-due.ts, on the
   * working-day calendar of src/calendar); the evidence file may be at most this large.
   */
  rectification: {
    dueDays: 60,
    maxAttachmentBytes: 5_242_880,
  },
  /**
   * The audit trail's keys and signed checkpoints (docs/audit.md). Keys are required when
   * NODE_ENV=production; elsewhere the missing ones are kept in AUDIT_KEY_FILE (created once,
   * mode 0600, outside the database).
   */
  audit: {
    key: '', // AUDIT_KEY: HMAC key of every new event, at least 32 characters
    keyId: '', // AUDIT_KEY_ID: its id, stored on each event (letters, digits, . _ -; at most 32)
    keysRetired: '', // AUDIT_KEYS_RETIRED: id:key,id:key — older keys, to verify older events
    signingKey: '', // AUDIT_SIGNING_KEY: Ed25519 private key, PKCS8 PEM or base64 DER
    signingKeysRetired: '', // AUDIT_SIGNING_KEYS_RETIRED: base64 SPKI public keys, comma-separated
    keyFile: '', // AUDIT_KEY_FILE: development keys; default audit-keys.json beside the SQLite file
    checkpointMinutes: 60, // AUDIT_CHECKPOINT_MINUTES: sign the chain heads at least this often …
    checkpointEvents: 10_000, // AUDIT_CHECKPOINT_EVENTS: … or after this many new events
    checkpointSweepSeconds: 60, // AUDIT_CHECKPOINT_SWEEP_SECONDS: how often to look; 0 = never (tests)
  },
  /**
   * Notifications (src/notifications, README "Notifications"): the in-app inbox always; email
   * when SMTP_URL is set. Timers of 0 are off (tests drive them by hand).
   */
  notifications: {
    smtpUrl: '', // SMTP_URL: smtp://user:pass@host:587 or smtps://…; empty = no email
    smtpFrom: '绩效目标管理系统 <no-reply@localhost>', // SMTP_FROM
    /** The console's address as users reach it, for the links in emails (https://perf.example.gov.cn). */
    publicUrl: '', // PUBLIC_URL: empty = the link's path alone
    dispatchMs: 5000, // NOTIFY_DISPATCH_MS: how often an instance sends due emails; 0 = never
    batchSize: 20, // NOTIFY_BATCH_SIZE: emails one instance claims at a time
    maxAttempts: 6, // NOTIFY_MAX_ATTEMPTS: then the message is a dead letter
    retryBaseSeconds: 60, // NOTIFY_RETRY_BASE_SECONDS: 1, 2, 4, 8 … times this after each failure
    /** How long a claimed email stays with the instance that claimed it (it may have died). */
    leaseSeconds: 120, // NOTIFY_LEASE_SECONDS
    sweepSeconds: 600, // NOTIFY_SWEEP_SECONDS: how often the deadline sweep looks; 0 = never
    dueSoonDays: 2, // NOTIFY_DUE_SOON_DAYS: remind the reviewers this many days before the deadline
    escalateAfterDays: 2, // NOTIFY_ESCALATE_AFTER_DAYS: an internal review this long overdue goes to the 数据局
    streamPollMs: 1000, // NOTIFY_STREAM_POLL_MS: SQLite only; PostgreSQL uses LISTEN/NOTIFY
    streamHeartbeatSeconds: 25, // NOTIFY_STREAM_HEARTBEAT_SECONDS: a comment line keeps proxies from closing the stream
  },
  /**
   * The pre-assessment gate (事前绩效评估, 中发〔2018〕34号; docs/spec/domain.md §11, ours): a new
   * project (not copied forward from last year's) whose 年度资金申请总额 is at or above
   * `threshold` 元, or a recurring one whose request grew by more than `growthPercent` % over
   * last year's approved request, needs a recorded pre-assessment before SUBMIT
   * (PRE_ASSESSMENT_MISSING). Money as a decimal string, never a float.
   */
  preAssessment: {
    threshold: '5000000.00', // PRE_ASSESSMENT_THRESHOLD: 元, a decimal string
    growthPercent: '20', // PRE_ASSESSMENT_GROWTH_PERCENT: a percentage, up to two decimals
    /** The largest attachment (the assessment report), at most UPLOAD_LIMIT_BYTES. */
    attachmentMaxBytes: 10_485_760, // PRE_ASSESSMENT_ATTACHMENT_MAX_BYTES
  },
  referenceData: {
    projectNatures: ['经常性专项业务费', '其他经常性项目', '其他一次性项目'],
    projectCategories: ['特定目标类', '其他运转类'],
  },
};

export type AppConfig = typeof defaults & { nodeEnv: string; jwtSecretGenerated: boolean };
