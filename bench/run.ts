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
//
// The measurements live by family: service.ts (startup, rss), reads.ts, console.ts,
// imports.ts, transitions.ts with transition-pool.ts and transitions-raw.ts, audit.ts; what
// they share (report lines, CPU accounting, service instances, HTTP, logins) in harness.ts.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import {
  benchAuditCsv,
  benchAuditCsvRaw,
  benchVerifyAll,
  benchVerifyDeclaration,
  benchVerifyIncremental,
  benchVerifyRaw,
} from './audit';
import { databaseUrl, formatDuration } from './common';
import { benchConsoleBundle, benchConsoleQueue } from './console';
import { benchReadsRaw } from './reads-raw';
import {
  actorOf,
  git,
  login,
  MAIN,
  printSummary,
  profileCut,
  sampleCpuOf,
  SERVICES,
  setMeta,
  sleep,
  stopAll,
  wanted,
  type LoadStats,
  type Meta,
} from './harness';
import { benchImportFixture } from './imports';
import { benchQueuePages, benchReads, declarationsWith15Indicators } from './reads';
import { benchStartup, reportRss } from './service';
import { transitionPool } from './transition-pool';
import { benchTransitions, benchTransitionsRaw, benchTwoInstances } from './transitions';

async function main(): Promise<void> {
  const started = performance.now();
  const url = databaseUrl();
  const meta: Meta = {
    db: 'postgres',
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    node: process.version,
    cpus: os.cpus().length,
  };
  setMeta(meta);
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm run bench does)`);
  // The console's first page: no database needed, so it is measured first.
  if (wanted('console_bundle', 'console')) benchConsoleBundle();
  const db = new Pool({ connectionString: url, max: 4 });
  sampleCpuOf(db);
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
        .join(' ')}; commit ${meta.commit}${meta.dirty ? ' (dirty)' : ''}`,
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

  const svcA = await benchStartup(url);
  const port = svcA.port;
  // Idle memory: the started instance, before anyone logs in.
  await sleep(2000);
  const idleRss = svcA.rssMb();

  // Who acts.
  const actor = (username: string) => actorOf(db, port, username);
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

  const { pool, logins } = await transitionPool(db, port, bureau);

  await profileCut('setup');
  // After the logins (argon2id verifies allocate 19 MiB each, native memory the allocator keeps).
  const loggedInRss = svcA.rssMb();
  svcA.peakRssMb = 0;

  // Reads.
  const get15 = await declarationsWith15Indicators(db);
  const serviceRps = await benchReads({
    port,
    declarations: counts.declarations,
    eventsNow,
    bureau,
    auditor,
    deptReviewer,
    get15,
  });
  if (wanted('reads_raw', 'reads')) await benchReadsRaw({ url, serviceRps, bureau, auditor, get15 });
  if (wanted('queue_bureau_pages', 'reads')) await benchQueuePages(port, counts.declarations, bureau);
  if (wanted('console_queue', 'console')) await benchConsoleQueue(port, db, bureau);
  if (wanted('import_fixture')) await benchImportFixture(port, importerToken);

  // Transitions through HTTP, then the same statements straight to PostgreSQL.
  const readsRss = svcA.peakRssMb;
  svcA.peakRssMb = 0;
  const httpRps = wanted('transitions')
    ? await benchTransitions(port, db, pool)
    : new Map<number, LoadStats>();
  const loadRss = svcA.peakRssMb;
  if (wanted('transitions', 'transitions_raw')) await benchTransitionsRaw(url, db, pool, httpRps);
  if (wanted('transitions_two_instances')) await benchTwoInstances(url, port, db, pool);

  // The audit trail: the CSV export, then verification of one declaration's chain and of every chain.
  const csvRowsPerS = wanted('audit_csv') ? await benchAuditCsv(svcA, auditor, eventsNow) : undefined;
  if (wanted('audit_csv', 'audit_csv_raw')) await benchAuditCsvRaw(url, db, csvRowsPerS);
  if (wanted('verify_declaration', 'verify')) await benchVerifyDeclaration(port, auditor, get15, eventsNow);
  const verifyAllEps = wanted('verify_all', 'verify')
    ? await benchVerifyAll(port, auditor, eventsNow)
    : undefined;
  if (wanted('verify_raw', 'verify')) await benchVerifyRaw(db, verifyAllEps);
  if (wanted('verify_incremental', 'verify')) await benchVerifyIncremental(port, auditor, db, eventsNow);

  // Memory.
  reportRss(svcA, { idle: idleRss, loggedIn: loggedInRss, reads: readsRss, transitions: loadRss }, logins);

  await stopAll();
  await db.end();
  printSummary(started, counts);
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
