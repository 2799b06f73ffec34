// The audit chains, one per declaration and one `system` (departments, users, logins), in time
// order and keyed with the service's keyring as they go, with the transition history they
// record (written in the same pass, so both are numbered in time order); then the chain heads
// and their signed checkpoints, as the service's sweep would leave them.
import type { Pool } from 'pg';
import { sealCheckpoints } from '../src/audit/audit-checkpoints';
import { COLUMNS } from '../src/audit/audit-columns';
import { GENESIS_HASH } from '../src/audit/audit-hash';
import { formatMoney } from '../src/common/money';
import { benchKeyring, formatDuration, type Rng } from './common';
import { BulkWriter } from './seed-db';
import { ADJUST_COMMENTS, type DeclInfo } from './seed-declarations';
import type { Organisation, UserRow } from './seed-org';
import { ANCHOR, iso, N_EVENTS } from './seed-size';

export async function seedAudit(
  pool: Pool,
  r: Rng,
  org: Organisation,
  decls: DeclInfo[],
  declEvents: number,
  started: number,
): Promise<void> {
  const { depts, users, orgAt, userAt } = org;
  // The audit schedule: every event's time, chain and step, sorted by time.
  const nSystem = N_EVENTS - declEvents;
  const total = declEvents + nSystem;
  const evTime = new Float64Array(total);
  const evDecl = new Int32Array(total);
  const evStep = new Int32Array(total);
  let e = 0;
  for (const d of decls) {
    for (let k = 0; k < d.times.length; k++) {
      evTime[e] = d.times[k];
      evDecl[e] = d.id;
      evStep[e] = k;
      e++;
    }
  }
  // System chain: departments, users, then logins spread over the years.
  const nLogins = nSystem - depts.length - users.length;
  const loginTimes = new Float64Array(nLogins);
  const firstLogin = Date.UTC(2023, 8, 1);
  for (let k = 0; k < nLogins; k++) loginTimes[k] = Math.floor(firstLogin + r.next() * (ANCHOR - firstLogin));
  loginTimes.sort();
  const loginUser = new Int32Array(nLogins);
  const activeUsers = users.filter((u) => u.roles !== 'admin');
  for (let k = 0; k < nLogins; k++) loginUser[k] = r.pick(activeUsers).id;
  for (let k = 0; k < nSystem; k++) {
    evTime[e] =
      k < depts.length
        ? orgAt + depts[k].id * 60_000
        : k < depts.length + users.length
          ? userAt(users[k - depts.length])
          : loginTimes[k - depts.length - users.length];
    evDecl[e] = 0;
    evStep[e] = k;
    e++;
  }
  const order = new Int32Array(total);
  for (let k = 0; k < total; k++) order[k] = k;
  order.sort((a, b) => evTime[a] - evTime[b] || evDecl[a] - evDecl[b] || evStep[a] - evStep[b]);
  console.log(`  audit schedule: ${total} events sorted (${formatDuration(Date.now() - started)})`);

  // Every column of audit-columns.ts, the id included (the seed numbers the events itself).
  const auditWriter = new BulkWriter(
    pool,
    'audit_events',
    COLUMNS.map((c) => [c.column, c.type] as const),
  );
  const transitionWriter = new BulkWriter(pool, 'declaration_transitions', [
    ['id', 'integer'],
    ['declaration_id', 'integer'],
    ['event', 'varchar'],
    ['from_state', 'varchar'],
    ['to_state', 'varchar'],
    ['actor_id', 'integer'],
    ['actor_username', 'varchar'],
    ['role', 'varchar'],
    ['comment', 'text'],
    ['rating', 'varchar'],
    ['at', 'varchar'],
  ]);
  const heads = new Map<string, { seq: number; hash: string }>();
  const keys = benchKeyring();
  let transitionId = 0;
  const ipOf = (u: UserRow) =>
    `10.${(u.departmentId >> 8) & 255}.${u.departmentId & 255}.${(u.id % 200) + 20}`;
  for (let n = 0; n < total; n++) {
    const k = order[n];
    const at = iso(evTime[k]);
    const declId = evDecl[k];
    const step = evStep[k];
    let actor: UserRow;
    let action: string;
    let entityType: string;
    let entityId: string | null;
    let indicatorIdOf: number | null = null;
    let state: string | null = null;
    let changes: unknown[] = [];
    let comment: string | null = null;
    if (declId === 0) {
      if (step < depts.length) {
        const dep = depts[step];
        actor = users[0];
        action = 'department.created';
        entityType = 'department';
        entityId = String(dep.id);
        changes = [
          { field: 'code', before: null, after: dep.code },
          { field: 'name', before: null, after: dep.name },
          { field: 'kind', before: null, after: dep.kind },
          { field: 'parentId', before: null, after: dep.parentId },
        ];
      } else if (step < depts.length + users.length) {
        const u = users[step - depts.length];
        actor = users[0];
        action = 'user.created';
        entityType = 'user';
        entityId = String(u.id);
        changes = [
          { field: 'username', before: null, after: u.username },
          { field: 'displayName', before: null, after: u.displayName },
          { field: 'roles', before: null, after: u.roles.split(',') },
          { field: 'departmentId', before: null, after: u.departmentId },
          { field: 'disabled', before: null, after: false },
        ];
      } else {
        actor = users[loginUser[step - depts.length - users.length] - 1];
        action = 'auth.login_succeeded';
        entityType = 'user';
        entityId = String(actor.id);
      }
    } else {
      const d = decls[declId - 1];
      const nEdits = d.edits.length;
      entityType = 'declaration';
      entityId = String(d.id);
      if (step === 0) {
        actor = d.submitter;
        state = 'drafting';
        const annual = formatMoney(d.annualRequest);
        if (d.imported) {
          action = 'declaration.imported';
          comment = `imported from ${d.year}年度项目绩效目标汇总表.txt, line ${1 + (d.id % 40) * 17}`;
          changes = [
            { field: 'projectName', before: null, after: d.projectName },
            { field: 'indicators', before: null, after: d.indicators.length },
            { field: 'funds.annualRequest', before: null, after: annual },
          ];
        } else {
          action = 'declaration.created';
          changes = [
            { field: 'year', before: null, after: d.year },
            { field: 'projectName', before: null, after: d.projectName },
            { field: 'plannedStart', before: null, after: `${d.year}-01-01` },
            { field: 'plannedEnd', before: null, after: `${d.year}-12-31` },
            { field: 'funds.annualRequest', before: null, after: annual },
          ];
        }
      } else if (step <= nEdits) {
        actor = d.submitter;
        state = 'drafting';
        const what = d.edits[step - 1];
        if (what < 0) {
          action = 'declaration.updated';
          changes =
            (d.id + step) % 2
              ? [{ field: 'plannedEnd', before: `${d.year}-06-30`, after: `${d.year}-12-31` }]
              : [{ field: 'funds.carryover', before: '0.00', after: formatMoney(d.carryover) }];
        } else {
          const ind = d.indicators[what];
          action = 'indicator.updated';
          entityType = 'indicator';
          indicatorIdOf = d.firstIndicatorId + what;
          entityId = String(indicatorIdOf);
          comment = '根据预算评审意见调整';
          changes = [{ field: 'target', before: { ...ind.target, display: '待定' }, after: ind.target }];
        }
      } else {
        const s = d.path.steps[step - 1 - nEdits];
        actor = s.who === 'submitter' ? d.submitter : s.who === 'dept' ? d.deptReviewer : d.bureau;
        action = 'workflow.transitioned';
        state = s.from;
        comment =
          s.event === 'RETURN'
            ? d.returnComment
            : s.event === 'REQUEST_ADJUSTMENT'
              ? ADJUST_COMMENTS[d.id % ADJUST_COMMENTS.length]
              : null;
        const rating =
          s.event === 'APPROVE' && (d.id + step) % 3 !== 0
            ? (d.id + step) % 4
              ? '优'
              : '良'
            : s.event === 'RETURN' && d.id % 2
              ? '中'
              : null;
        changes = [
          { field: 'state', before: s.from, after: s.to },
          { field: 'event', before: null, after: s.event },
          ...(rating ? [{ field: 'rating', before: null, after: rating }] : []),
          { field: 'role', before: null, after: s.role },
        ];
        const w = transitionWriter.add([
          ++transitionId,
          d.id,
          s.event,
          s.from,
          s.to,
          actor.id,
          actor.username,
          s.role,
          comment,
          rating,
          at,
        ]);
        if (w) await w;
      }
    }
    const chain = declId === 0 ? 'system' : `d:${declId}`;
    const head = heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
    const event = {
      chain,
      seq: head.seq + 1,
      prevHash: head.hash,
      at,
      actorId: actor.id,
      actorUsername: actor.username,
      actorRoles: actor.roles,
      action,
      outcome: 'success',
      entityType,
      entityId,
      declarationId: declId === 0 ? null : declId,
      indicatorId: indicatorIdOf,
      state,
      changes: JSON.stringify(changes),
      comment,
      requestId: r.uuid(),
      ip: ipOf(actor),
    };
    const seal = keys.sealEvent(event);
    const h = seal.hash;
    heads.set(chain, { seq: event.seq, hash: h });
    const stored: Record<string, unknown> = { id: n + 1, ...event, ...seal };
    const w = auditWriter.add(COLUMNS.map((c) => stored[c.property]));
    if (w) await w;
    if ((n + 1) % 200_000 === 0)
      console.log(`  … ${n + 1} audit events (${formatDuration(Date.now() - started)})`);
  }
  await Promise.all([auditWriter.close(), transitionWriter.close()]);
  const chainWriter = new BulkWriter(
    pool,
    'audit_chains',
    [
      ['chain', 'varchar'],
      ['head_seq', 'integer'],
      ['head_hash', 'varchar'],
    ],
    10_000,
  );
  for (const [chain, h] of heads) {
    const w = chainWriter.add([chain, h.seq, h.hash]);
    if (w) await w;
  }
  await chainWriter.close();
  // The heads signed, as the service's first sweep would (same code: audit-checkpoints.ts).
  const sealer = await pool.connect();
  try {
    await sealer.query('BEGIN');
    const sealed = await sealCheckpoints(
      async (sql, params) => (await sealer.query(sql, params)).rows as Array<Record<string, unknown>>,
      true,
      keys.signer,
      { at: iso(ANCHOR) },
    );
    await sealer.query('COMMIT');
    console.log(`  ${sealed.length} signed checkpoints of ${heads.size} chain heads`);
  } finally {
    sealer.release();
  }
  console.log(
    `  ${auditWriter.rows} audit events in ${chainWriter.rows} chains, ${transitionWriter.rows} transitions (${formatDuration(Date.now() - started)}; database ${[auditWriter, transitionWriter].map((w) => formatDuration(w.dbMs)).join(' + ')})`,
  );
}
