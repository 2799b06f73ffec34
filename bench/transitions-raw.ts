// The raw baseline of the transitions: the statements of one transition run directly with
// `pg`, no service (transitions_raw; BENCH_RAW_MODE=before: the statements of an earlier round).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool, type PoolClient } from 'pg';
import { INSERT_COLUMNS } from '../src/audit/audit-columns';
import { benchKeyring } from './common';
import { cpuSample, cpuUse, stats, type LoadStats } from './harness';
import type { Item, ItemPool } from './transition-pool';

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

export { RAW_MODE, rawTransitions };
