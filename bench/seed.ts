// `npm run bench:seed [-- --scale 0.1]`: a deterministic, realistic data set on PostgreSQL for
// `npm run bench` (issue 8). At scale 1: 1,000 departments (bureau → units → departments),
// ~1,200 users, 100,000 declarations (2024–2027, every workflow state) with ~15 indicators each
// taken from the shapes of the Shanghai fixture, their transition history and approved
// versions, and 1,000,000 audit events whose hash chains (one per declaration, one `system`)
// verify, with matching audit_chains heads.
//
// The database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/pd_bench) is created
// when missing; a database whose name contains "bench" is dropped and created again, any other
// must be empty. The schema comes from the service's own migrations. Rows go in with
// multi-row `INSERT ... SELECT * FROM unnest($1::int[], ...)` batches of thousands, two in
// flight while the next batch is generated. Audit events are inserted in time order (ids grow
// with time, chains interleave in the table as they do in production) and keyed with the
// service's own keyring (BENCH_AUDIT_ENV) as they go; the chain heads are then signed in
//
// The parts, in the order they run (one PRNG through all of them, so the data set is the same
// at every run): seed-org.ts, seed-declarations.ts (with the paths of seed-workflow.ts),
// seed-audit.ts; the database plumbing in seed-db.ts, the sizes and the clock in seed-size.ts.
import { Pool } from 'pg';
import { databaseUrl, formatDuration, Rng } from './common';
import { seedAudit } from './seed-audit';
import { prepareDatabase } from './seed-db';
import { seedDeclarations } from './seed-declarations';
import { seedOrganisation } from './seed-org';
import { N_DECLARATIONS, N_DEPARTMENTS, N_EVENTS, scale, SEED } from './seed-size';

async function main(): Promise<void> {
  const started = Date.now();
  const url = databaseUrl();
  console.log(
    `bench seed: scale ${scale}: ${N_DEPARTMENTS} departments, ${N_DECLARATIONS} declarations, ${N_EVENTS} audit events → ${url.replace(/\/\/[^@]*@/, '//')}`,
  );
  await prepareDatabase(url);
  const pool = new Pool({ connectionString: url, max: 3, options: '-c synchronous_commit=off' });
  const r = new Rng(SEED);

  const org = await seedOrganisation(pool, r);
  const { decls, declEvents } = await seedDeclarations(pool, r, org, started);
  await seedAudit(pool, r, org, decls, declEvents, started);
  await seedPreAssessments(pool);

  // Sequences past the explicit ids, then statistics and the visibility map (autovacuum's job
  // in production) so the planner sees the real sizes.
  for (const t of [
    'departments',
    'users',
    'declarations',
    'indicators',
    'declaration_transitions',
    'declaration_versions',
    'audit_events',
  ])
    await pool.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
  const vacuumStarted = Date.now();
  await pool.query('VACUUM (ANALYZE)');
  console.log(`  VACUUM ANALYZE (${formatDuration(Date.now() - vacuumStarted)})`);

  const counts = (
    await pool.query(`SELECT
      (SELECT count(*) FROM departments)::int AS departments,
      (SELECT count(*) FROM users)::int AS users,
      (SELECT count(*) FROM declarations)::int AS declarations,
      (SELECT count(*) FROM indicators)::int AS indicators,
      (SELECT count(*) FROM declaration_transitions)::int AS transitions,
      (SELECT count(*) FROM declaration_versions)::int AS versions,
      (SELECT count(*) FROM audit_events)::int AS audit_events,
      (SELECT count(*) FROM audit_chains)::int AS audit_chains,
      pg_size_pretty(pg_database_size(current_database())) AS size`)
  ).rows[0] as Record<string, number | string>;
  const byState = (
    await pool.query('SELECT state, count(*)::int AS n FROM declarations GROUP BY state ORDER BY state')
  ).rows as Array<{ state: string; n: number }>;
  await pool.end();
  console.log('declarations by state:', byState.map((s) => `${s.state} ${s.n}`).join(', '));
  console.log('counts:', JSON.stringify(counts));
  console.log(`seeded in ${formatDuration(Date.now() - started)}`);
}

/**
 * A recorded 事前绩效评估 (conclusion 通过) for every declaration not yet approved once: the
 * gate (domain.md §11) refuses SUBMIT of a new project of 5,000,000.00 元 or more without one,
 * and a department submits only after recording it. Not audited here: verify checks the chains,
 * and a pre-assessment's record is not a link of one.
 */
async function seedPreAssessments(pool: Pool): Promise<void> {
  const { rowCount } = await pool.query(
    `INSERT INTO pre_assessments (declaration_id, necessity, economy, goals, feasibility, financing,
       conclusion, attachment_id, recorded_by, recorded_at, updated_by, updated_at)
     SELECT id, '项目立项依据充分，符合单位职能', '测算依据充分，投入经济', '绩效目标明确、可衡量',
       '实施方案可行，进度安排合理', '资金来源明确，筹资合规', 'pass', NULL,
       created_by, created_at, created_by, created_at
     FROM declarations WHERE approved_version IS NULL`,
  );
  console.log(`  ${rowCount} pre-assessments (the declarations not yet approved)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
