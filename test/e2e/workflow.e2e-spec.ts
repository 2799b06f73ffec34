import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../src/audit/audit.service';
import { createValidDeclaration, fire } from '../support/factories';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

let t: TestApp;
let w: World;
let u: World['users'];

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  u = w.users;
});
afterAll(async () => t?.close());

const state = async (id: number) => (await t.get(`/api/declarations/${id}`, u.submitter.token)).body;
const post = (id: number, body: Record<string, unknown>, token: string) =>
  t.post(`/api/declarations/${id}/transitions`, body, token);

async function approved(): Promise<number> {
  const { id } = await createValidDeclaration(t, u.submitter.token);
  await fire(t, id, 'SUBMIT', u.submitter.token);
  await fire(t, id, 'APPROVE', u.deptReviewer.token);
  await fire(t, id, 'APPROVE', u.bureauReviewer.token);
  return id;
}

describe('the life of a declaration', () => {
  it('goes drafting → internalReview → bureauReview → approved, with history, queues and an approved version', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    const submitted = await post(
      id,
      { event: 'SUBMIT', version: (await state(id)).version },
      u.submitter.token,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('internalReview');
    expect(submitted.body.allowedEvents).toEqual(['WITHDRAW']);

    const queue = (await t.get('/api/queues/mine', u.deptReviewer.token)).body;
    const item = queue.items.find((i: { declarationId: number }) => i.declarationId === id);
    expect(item).toMatchObject({ state: 'internalReview', overdue: false });
    expect(Date.parse(item.dueAt) - Date.parse(item.enteredAt)).toBe(5 * 86_400_000);
    expect(queue.counts.internalReview).toBeGreaterThanOrEqual(1);
    expect(
      (await t.get('/api/queues/mine', u.bureauReviewer.token)).body.items.map(
        (i: { declarationId: number }) => i.declarationId,
      ),
    ).not.toContain(id);

    expect((await t.get(`/api/declarations/${id}`, u.deptReviewer.token)).body.allowedEvents).toEqual([
      'APPROVE',
      'RETURN',
    ]);
    await fire(t, id, 'APPROVE', u.deptReviewer.token, { rating: '优' });
    await fire(t, id, 'APPROVE', u.bureauReviewer.token);
    const d = await state(id);
    expect(d.state).toBe('approved');
    expect(d.approvedVersion).toBe(1);
    const history = (await t.get(`/api/declarations/${id}/transitions`, u.auditor.token)).body;
    expect(
      history.map((h: { event: string; from: string; to: string; role: string }) => [
        h.event,
        h.from,
        h.to,
        h.role,
      ]),
    ).toEqual([
      ['SUBMIT', 'drafting', 'internalReview', 'submitter'],
      ['APPROVE', 'internalReview', 'bureauReview', 'dept_reviewer'],
      ['APPROVE', 'bureauReview', 'approved', 'bureau_reviewer'],
    ]);
    expect(history[1]).toMatchObject({
      actor: { id: u.deptReviewer.id, username: 'deptreviewer' },
      rating: '优',
    });
    expect((await t.get(`/api/declarations/${id}/versions`, u.submitter.token)).body).toHaveLength(1);
  });

  it('returns with a required comment, and the submitter finds it in their queue', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const v = (await state(id)).version;
    const noComment = await post(id, { event: 'RETURN', version: v }, u.deptReviewer.token);
    expect(noComment.status).toBe(400);
    expect(noComment.body.message).toMatch(/comment/i);
    expect((await state(id)).version).toBe(v);
    const returned = await post(
      id,
      { event: 'RETURN', version: v, comment: '满意度指标值偏低，请调整', rating: '中' },
      u.deptReviewer.token,
    );
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('drafting');
    const mine = (await t.get('/api/queues/mine', u.submitter.token)).body.items.map(
      (i: { declarationId: number }) => i.declarationId,
    );
    expect(mine).toContain(id);
    expect((await t.get(`/api/declarations/${id}/transitions`, u.submitter.token)).body[1].comment).toBe(
      '满意度指标值偏低，请调整',
    );
  });

  it('lets only the submitter who submitted withdraw', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const v = (await state(id)).version;
    expect((await post(id, { event: 'WITHDRAW', version: v }, u.submitter2.token)).status).toBe(403);
    expect((await post(id, { event: 'WITHDRAW', version: v }, u.submitter.token)).body.state).toBe(
      'drafting',
    );
  });

  it('blocks SUBMIT with 422 and the findings while content has errors', async () => {
    const res = await t.post('/api/declarations', { year: 2026, projectName: '缺项' }, u.submitter.token);
    const r = await post(res.body.id, { event: 'SUBMIT', version: res.body.version }, u.submitter.token);
    expect(r.status).toBe(422);
    expect(r.body.findings.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['HEADER_FIELD_REQUIRED', 'NO_OUTPUT_INDICATOR']),
    );
    expect((await state(res.body.id)).state).toBe('drafting');
  });

  it('hides a declaration from a reviewer outside its unit (404) and lets admin and auditor fire nothing', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const v = (await state(id)).version;
    expect((await post(id, { event: 'APPROVE', version: v }, u.otherReviewer.token)).status).toBe(404);
    expect((await post(id, { event: 'APPROVE', version: v }, u.auditor.token)).status).toBe(403);
    expect((await post(id, { event: 'APPROVE', version: v }, w.admin)).status).toBe(403);
    // The bureau may not approve for the unit: APPROVE exists in this state, but not for its role.
    expect((await post(id, { event: 'APPROVE', version: v }, u.bureauReviewer.token)).status).toBe(403);
    expect((await post(id, { event: 'OPEN_MONITORING', version: v }, u.bureauReviewer.token)).status).toBe(
      409,
    );
    expect((await state(id)).version).toBe(v);
  });

  it('refuses approval by the person who submitted, whatever roles they hold', async () => {
    const both = await t.post(
      '/api/users',
      {
        username: 'both',
        displayName: 'B',
        password: 'Test-Passw0rd!',
        roles: ['submitter', 'dept_reviewer'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    expect(both.status).toBe(201);
    const token = await t.login('both');
    const { id } = await createValidDeclaration(t, token);
    await fire(t, id, 'SUBMIT', token);
    const r = await post(id, { event: 'APPROVE', version: (await state(id)).version }, token);
    expect(r.status).toBe(403);
    expect(r.body.reason).toBe('segregation');
  });
});

describe('adjustment', () => {
  it('opens edits against the approved version, shows weakened targets, and becomes the new baseline', async () => {
    const id = await approved();
    expect(
      (await post(id, { event: 'REQUEST_ADJUSTMENT', version: (await state(id)).version }, u.submitter.token))
        .status,
    ).toBe(400);
    await fire(t, id, 'REQUEST_ADJUSTMENT', u.submitter.token, { comment: '年中预算调整' });
    let d = await state(id);
    expect(d.state).toBe('adjustment.drafting');
    expect(
      (
        await t.patch(
          `/api/declarations/${id}`,
          { version: d.version, projectName: '改名' },
          u.submitter.token,
        )
      ).status,
    ).toBe(409);
    const first = d.indicators[0];
    const p = await t.patch(
      `/api/declarations/${id}/indicators/${first.id}`,
      { version: d.version, target: '≥140.00(个)', reason: '预算压减' },
      u.submitter.token,
    );
    expect(p.status).toBe(200);
    const findings = (await t.get(`/api/declarations/${id}/findings`, u.deptReviewer.token)).body;
    expect(findings.find((f: { code: string }) => f.code === 'ADJUSTMENT_WEAKENS_TARGET')).toMatchObject({
      severity: 'warning',
    });
    await fire(t, id, 'SUBMIT', u.submitter.token);
    await fire(t, id, 'APPROVE', u.deptReviewer.token);
    await fire(t, id, 'APPROVE', u.bureauReviewer.token);
    d = await state(id);
    expect(d.state).toBe('approved');
    expect(d.approvedVersion).toBe(2);
    const diff = (await t.get(`/api/declarations/${id}/versions/1/diff/2`, u.auditor.token)).body;
    expect(diff.indicators.changed).toEqual([
      {
        id: first.id,
        name: first.name,
        changes: [{ field: 'target', before: '≥150.00(个)', after: '≥140.00(个)' }],
      },
    ]);
  });

  it('CANCEL_ADJUSTMENT restores the approved content exactly', async () => {
    const id = await approved();
    const before = await state(id);
    await fire(t, id, 'REQUEST_ADJUSTMENT', u.submitter.token, { comment: '试调整' });
    let d = await state(id);
    const r1 = await t.patch(
      `/api/declarations/${id}/indicators/${d.indicators[0].id}`,
      { version: d.version, name: '改动后的名称' },
      u.submitter.token,
    );
    await t.delete(
      `/api/declarations/${id}/indicators/${d.indicators[1].id}?version=${r1.body.version}`,
      u.submitter.token,
    );
    d = await state(id);
    await t.patch(
      `/api/declarations/${id}`,
      { version: d.version, funds: { other: '5.00' } },
      u.submitter.token,
    );
    await fire(t, id, 'CANCEL_ADJUSTMENT', u.submitter.token);
    const after = await state(id);
    expect(after.state).toBe('approved');
    expect(after.indicators).toEqual(before.indicators);
    expect(after.funds).toEqual(before.funds);
    // The restore and the transition are two events on one chain, in that order, and it verifies.
    const events = (await t.get(`/api/audit/events?declarationId=${id}&limit=2`, u.auditor.token)).body.items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'workflow.transitioned',
      'adjustment.cancelled',
    ]);
    const verify = await t.get(`/api/audit/verify?declarationId=${id}`, u.auditor.token);
    expect(verify.body.ok).toBe(true);
  });
});

describe('queues', () => {
  type QueueItem = { declarationId: number; state: string; enteredAt: string };
  /** Every item of the caller's queue, page by page with the cursor. */
  async function walk(
    token: string,
    limit: number,
  ): Promise<{ items: QueueItem[]; counts: Record<string, number> }> {
    const items: QueueItem[] = [];
    let cursor: string | null = null;
    let counts: Record<string, number>;
    do {
      const res: Res = await t.get(
        `/api/queues/mine?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      );
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      counts = res.body.counts;
      cursor = res.body.nextCursor;
    } while (cursor);
    return { items, counts };
  }

  it('merges the states of a review stage oldest first, pages without repeats, and counts per state', async () => {
    const first = await createValidDeclaration(t, u.submitter.token);
    await fire(t, first.id, 'SUBMIT', u.submitter.token);
    const adjusted = await approved();
    await fire(t, adjusted, 'REQUEST_ADJUSTMENT', u.submitter.token, { comment: '调整预算' });
    await fire(t, adjusted, 'SUBMIT', u.submitter.token);
    const last = await createValidDeclaration(t, u.submitter.token);
    await fire(t, last.id, 'SUBMIT', u.submitter.token);

    const { items, counts } = await walk(u.deptReviewer.token, 1);
    const ids = items.map((i) => i.declarationId);
    expect(new Set(ids).size).toBe(ids.length);
    const sorted = [...items].sort((a, b) =>
      a.enteredAt === b.enteredAt ? a.declarationId - b.declarationId : a.enteredAt < b.enteredAt ? -1 : 1,
    );
    expect(items).toEqual(sorted);
    expect(ids.filter((id) => [first.id, adjusted, last.id].includes(id))).toEqual([
      first.id,
      adjusted,
      last.id,
    ]);
    expect(items.find((i) => i.declarationId === adjusted)!.state).toBe('adjustment.internalReview');
    expect(counts['adjustment.internalReview']).toBe(
      items.filter((i) => i.state === 'adjustment.internalReview').length,
    );
    expect(counts.internalReview).toBe(items.filter((i) => i.state === 'internalReview').length);
    // Another unit's reviewer sees none of them; the bureau sees none before the unit approves.
    const other = (await walk(u.otherReviewer.token, 50)).items.map((i) => i.declarationId);
    const bureau = (await walk(u.bureauReviewer.token, 50)).items.map((i) => i.declarationId);
    for (const id of [first.id, adjusted, last.id]) {
      expect(other).not.toContain(id);
      expect(bureau).not.toContain(id);
    }
  });
});

describe('bulk and year operations', () => {
  it('decides several items, each with its own checks, answering per item', async () => {
    const a = await createValidDeclaration(t, u.submitter.token);
    const b = await createValidDeclaration(t, u.submitter.token);
    await fire(t, a.id, 'SUBMIT', u.submitter.token);
    await fire(t, b.id, 'SUBMIT', u.submitter.token);
    const res = await t.post(
      '/api/queues/bulk',
      {
        event: 'APPROVE',
        items: [
          { declarationId: a.id, version: (await state(a.id)).version },
          { declarationId: b.id, version: 1 },
        ],
      },
      u.deptReviewer.token,
    );
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ declarationId: a.id, ok: true, state: 'bureauReview' });
    expect(res.body.items[1]).toMatchObject({ declarationId: b.id, ok: false, status: 409 });
    expect((await state(b.id)).state).toBe('internalReview');
  });

  it('opens monitoring for a whole year, saying what opened and what could not', async () => {
    const id = await approved();
    const draft = await createValidDeclaration(t, u.submitter.token);
    const res = await t.post('/api/workflow/open-monitoring', { year: 2026 }, u.bureauReviewer.token);
    expect(res.status).toBe(200);
    expect(res.body.items.find((i: { declarationId: number }) => i.declarationId === id)).toMatchObject({
      opened: true,
      state: 'monitoring.reporting',
    });
    expect(res.body.items.find((i: { declarationId: number }) => i.declarationId === draft.id)).toMatchObject(
      { opened: false },
    );
    expect(res.body.opened).toBeGreaterThanOrEqual(1);
    expect((await t.post('/api/workflow/open-monitoring', { year: 2026 }, u.deptReviewer.token)).status).toBe(
      403,
    );
  });

  it('publishes the statechart', async () => {
    const def = (await t.get('/api/workflow/definition', u.submitter.token)).body;
    expect(def.states.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['drafting', 'monitoring.internalReview', 'closed']),
    );
  });
});

describe('concurrency and atomicity', () => {
  it('20 simultaneous APPROVE of one declaration: exactly one wins, one transition row, one audit row', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const v = (await state(id)).version;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post(id, { event: 'APPROVE', version: v }, u.deptReviewer.token)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const approvals = (await t.get(`/api/declarations/${id}/transitions`, u.submitter.token)).body.filter(
      (h: { event: string }) => h.event === 'APPROVE',
    );
    expect(approvals).toHaveLength(1);
    const audit = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM audit_events WHERE declaration_id = ${id} AND action = 'workflow.transitioned'`,
    );
    expect(Number(audit[0].n)).toBe(2);
  });

  it('a failure after the state write leaves state, history and audit as they were', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    const before = await state(id);
    const auditBefore = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM audit_events WHERE declaration_id = ${id}`,
    );
    AuditService.failNextWrite = new Error('forced failure of the audit write');
    const r = await post(id, { event: 'SUBMIT', version: before.version }, u.submitter.token);
    expect(r.status).toBe(500);
    expect(r.body.message).not.toMatch(/forced|audit/);
    const after = await state(id);
    expect(after.state).toBe('drafting');
    expect(after.version).toBe(before.version);
    expect((await t.get(`/api/declarations/${id}/transitions`, u.submitter.token)).body).toEqual([]);
    const auditAfter = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM audit_events WHERE declaration_id = ${id}`,
    );
    expect(Number(auditAfter[0].n)).toBe(Number(auditBefore[0].n));
  });
});
