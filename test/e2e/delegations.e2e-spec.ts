import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DelegationLookup } from '../../src/delegations/delegation-lookup';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Substitutes (审核代理, issue 16 item 2) through the API: a department reviewer names a
 * colleague whose scope covers theirs for some days; the colleague's queue marks the absent
 * reviewer's items, and their approval records on whose behalf, on the transition row and in
 * its audit event, which verifies; segregation of duties still holds for the substitute; a
 * delegation past its last day no longer applies; creating and ending one is audited; an admin
 * names one for an absent reviewer. Refusals come in Chinese with a code.
 */

let t: TestApp;
let w: World;
let principal: { id: number; token: string };
/** A submitter and department reviewer of department A: covers the principal, and submits too. */
let standIn: { id: number; token: string };
/** A department reviewer of department B: does not cover department A. */
let far: { id: number; token: string };
let delegationId: number;

const day = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

async function user(username: string, roles: string[], departmentId: number) {
  const res = await t.post(
    '/api/users',
    {
      username,
      displayName: username === 'absent.rev' ? '王休假' : username,
      password: PASSWORD,
      roles,
      departmentId,
    },
    w.admin,
  );
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  return { id: res.body.id as number, token: await t.login(username) };
}

async function submitted(projectName: string, token = w.users.submitter.token): Promise<number> {
  const d = await createValidDeclaration(t, token, { projectName });
  await fire(t, d.id, 'SUBMIT', token);
  return d.id;
}

const queueItem = async (token: string, id: number) =>
  ((await t.get('/api/queues/mine?limit=500', token)).body.items as any[]).find(
    (i) => i.declarationId === id,
  );

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  principal = await user('absent.rev', ['dept_reviewer'], w.deptA);
  standIn = await user('stand.in', ['submitter', 'dept_reviewer'], w.deptA);
  far = await user('far.rev', ['dept_reviewer'], w.deptB);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('naming a substitute', () => {
  it('offers the reviewers whose scope covers the principal’s', async () => {
    const res = await t.get('/api/delegations/candidates?role=dept_reviewer', principal.token);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((c: any) => c.id);
    expect(ids).toEqual(expect.arrayContaining([standIn.id, w.users.deptReviewer.id]));
    expect(ids).not.toContain(far.id);
    expect(ids).not.toContain(principal.id);
  });

  it('refuses an ineligible substitute, bad dates, and a reviewer naming one for someone else', async () => {
    const base = { role: 'dept_reviewer', startsOn: day(0), endsOn: day(5) };
    let res = await t.post('/api/delegations', { ...base, substituteId: far.id }, principal.token);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'DELEGATION_SUBSTITUTE_INELIGIBLE', field: 'substituteId' });
    expect(res.body.message).toContain('审核范围覆盖被代理人');
    res = await t.post(
      '/api/delegations',
      { ...base, substituteId: standIn.id, endsOn: day(-1) },
      principal.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DELEGATION_DATES_ORDER');
    res = await t.post(
      '/api/delegations',
      { ...base, substituteId: standIn.id, principalId: w.users.deptReviewer.id },
      principal.token,
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('DELEGATION_FOR_OTHERS');
    res = await t.post('/api/delegations', { ...base, substituteId: principal.id }, principal.token);
    expect(res.body.code).toBe('DELEGATION_SELF');
  });

  it('creates one (audited), lists it for both people and the admin, and refuses an overlapping one', async () => {
    const res = await t.post(
      '/api/delegations',
      { substituteId: standIn.id, role: '单位审核人', startsOn: day(0), endsOn: day(5), reason: '出差' },
      principal.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      principal: { id: principal.id, displayName: '王休假' },
      substitute: { id: standIn.id },
      role: 'dept_reviewer',
      status: 'active',
      statusLabel: '代理中',
      reason: '出差',
    });
    delegationId = res.body.id;
    for (const token of [principal.token, standIn.token, w.admin]) {
      const list = await t.get('/api/delegations', token);
      expect(list.body.items.map((d: any) => d.id)).toContain(delegationId);
    }
    expect((await t.get('/api/delegations', w.users.deptReviewer.token)).body.items).toEqual([]);
    const again = await t.post(
      '/api/delegations',
      { substituteId: w.users.deptReviewer.id, role: 'dept_reviewer', startsOn: day(3), endsOn: day(9) },
      principal.token,
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'DELEGATION_OVERLAP', existingId: delegationId });
    const events = (await t.get('/api/audit/events?action=delegation.created', w.users.auditor.token)).body
      .items;
    expect(events[0]).toMatchObject({ entityType: 'delegation', comment: '出差' });
    expect(events[0].changes).toEqual(
      expect.arrayContaining([{ field: 'substituteId', before: null, after: standIn.id }]),
    );
  });
});

describe('the substitute at work', () => {
  it('sees the absent reviewer’s item marked, approves it, and the action records onBehalfOf', async () => {
    const id = await submitted('代理审核项目');
    const item = await queueItem(standIn.token, id);
    expect(item.delegatedFrom).toEqual({ id: principal.id, name: '王休假' });
    // The unit's own reviewer holds no delegation: the same item, unmarked.
    expect((await queueItem(w.users.deptReviewer.token, id)).delegatedFrom).toBeNull();

    await fire(t, id, 'APPROVE', standIn.token, { rating: '优' });
    const history = (await t.get(`/api/declarations/${id}/transitions`, standIn.token)).body;
    expect(history[history.length - 1]).toMatchObject({
      event: 'APPROVE',
      actor: { id: standIn.id },
      onBehalfOf: { id: principal.id, displayName: '王休假' },
    });
    expect(history[0].onBehalfOf).toBeNull();
    const aud = w.users.auditor.token;
    const events = (await t.get(`/api/audit/events?declarationId=${id}&action=workflow.transitioned`, aud))
      .body.items;
    const approve = events.find((e: any) => e.changes.some((c: any) => c.after === 'APPROVE'));
    expect(approve.changes).toEqual(
      expect.arrayContaining([{ field: 'onBehalfOf', before: null, after: principal.id }]),
    );
    const verify = await t.get(`/api/audit/verify?declarationId=${id}`, aud);
    expect(verify.body.ok).toBe(true);
  });

  it('segregation of duties holds for the substitute: nobody approves what they submitted', async () => {
    const own = await submitted('自己提交的项目', standIn.token);
    const res = await t.post(
      `/api/declarations/${own}/transitions`,
      { event: 'APPROVE', version: (await t.get(`/api/declarations/${own}`, standIn.token)).body.version },
      standIn.token,
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('WORKFLOW_SEGREGATION');
  });

  it('a delegation past its last day no longer applies', async () => {
    // Its days moved into the past (as if a week had gone by).
    await t.dataSource.query(
      t.db.env.DATABASE_URL
        ? 'UPDATE delegations SET starts_on = $1, ends_on = $2 WHERE id = $3'
        : 'UPDATE delegations SET starts_on = ?, ends_on = ? WHERE id = ?',
      [day(-10), day(-1), delegationId],
    );
    // The service remembers a substitute's delegations of the day for two seconds; the calendar
    // moving on changes the day it asks about, an edit of the rows behind its back does not.
    t.app.get(DelegationLookup).forget();
    const id = await submitted('到期后的项目');
    expect((await queueItem(standIn.token, id)).delegatedFrom).toBeNull();
    await fire(t, id, 'APPROVE', standIn.token);
    const history = (await t.get(`/api/declarations/${id}/transitions`, standIn.token)).body;
    expect(history[history.length - 1].onBehalfOf).toBeNull();
    const list = (await t.get('/api/delegations', principal.token)).body.items;
    expect(list.find((d: any) => d.id === delegationId)).toMatchObject({
      status: 'expired',
      statusLabel: '已到期',
    });
    const end = await t.post(`/api/delegations/${delegationId}/end`, {}, principal.token);
    expect(end.status).toBe(409);
    expect(end.body.code).toBe('DELEGATION_ALREADY_OVER');
  });
});

describe('an admin for an absent reviewer, and ending early', () => {
  it('names a substitute for the reviewer, who ends it early; both audited; the log verifies', async () => {
    const res = await t.post(
      '/api/delegations',
      {
        principalId: principal.id,
        substituteId: w.users.deptReviewer.id,
        role: 'dept_reviewer',
        startsOn: day(0),
        endsOn: day(3),
      },
      w.admin,
    );
    expect(res.status).toBe(201);
    expect(res.body.createdBy).not.toBe(principal.id);
    const ended = await t.post(`/api/delegations/${res.body.id}/end`, {}, principal.token);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended', statusLabel: '已提前结束' });
    expect(ended.body.endedAt).toEqual(expect.any(String));
    // Ended: the unit reviewer's decisions are their own again.
    const id = await submitted('提前结束后的项目');
    expect((await queueItem(w.users.deptReviewer.token, id)).delegatedFrom).toBeNull();
    // Somebody else's delegation is "not found" to a reviewer outside it.
    expect((await t.post(`/api/delegations/${res.body.id}/end`, {}, far.token)).status).toBe(404);
    const aud = w.users.auditor.token;
    const endedEvents = (await t.get('/api/audit/events?action=delegation.ended', aud)).body.items;
    expect(endedEvents.map((e: any) => String(e.entityId))).toContain(String(res.body.id));
    expect((await t.get('/api/audit/verify', aud)).body.ok).toBe(true);
  });
});
