import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { FAILING_AUDIT, failingAudit } from '../support/failing-audit';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 16 item 1: review comments anchored to a header field or an indicator; RETURN carries
 * the open ones; the submitter replies and resolves; the reviewer reopens; what changed since
 * the return; audited on the declaration's chain; the setting that blocks SUBMIT.
 */

let t: TestApp;
let w: World;
let u: World['users'];

beforeAll(async () => {
  t = await startTestApp({}, undefined, [FAILING_AUDIT]);
  w = await buildWorld(t);
  u = w.users;
});
afterAll(async () => t?.close());

const comments = (id: number, token: string) => t.get(`/api/declarations/${id}/comments`, token);
const open = (id: number, body: Record<string, unknown>, token: string) =>
  t.post(`/api/declarations/${id}/comments`, body, token);
const on = (id: number, thread: number, what: string, body: Record<string, unknown>, token: string) =>
  t.post(`/api/declarations/${id}/comments/${thread}/${what}`, body, token);

async function submitted(app: TestApp, users: World['users'], projectName: string) {
  const d = await createValidDeclaration(app, users.submitter.token, { projectName });
  await fire(app, d.id, 'SUBMIT', users.submitter.token);
  return d;
}

describe('review comments through one return', () => {
  let id: number;
  let indicatorId: number;
  let onIndicator: number;
  let onName: number;

  beforeAll(async () => {
    const d = await submitted(t, u, '意见测试项目');
    id = d.id;
    indicatorId = d.indicatorIds[0];
  });

  it('lets the reviewer of the stage open a thread on an indicator and on a header field', async () => {
    const first = await open(
      id,
      { anchor: 'indicator', indicatorId, comment: '数量指标偏低，请对照上年实际值' },
      u.deptReviewer.token,
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      anchor: 'indicator',
      indicatorId,
      anchorLabel: '三级指标“开展建设项目数量”',
      status: 'open',
      statusLabel: '待解决',
      currentRound: true,
      openedState: 'internalReview',
      entries: [{ kind: 'comment', comment: '数量指标偏低，请对照上年实际值', role: 'dept_reviewer' }],
      may: { reply: true, resolve: true, reopen: false },
    });
    onIndicator = first.body.id;
    // The anchor may be sent as the form's word.
    const second = await open(
      id,
      { anchor: '项目名称', comment: '项目名称应与立项批复一致' },
      u.deptReviewer.token,
    );
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ anchor: 'projectName', anchorLabel: '项目名称', indicatorId: null });
    onName = second.body.id;
  });

  it('refuses a second open thread on one anchor, a bad anchor, and anyone but the reviewer of the stage', async () => {
    const again = await open(id, { anchor: 'projectName', comment: '再说一遍' }, u.deptReviewer.token);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'COMMENT_THREAD_OPEN', threadId: onName });
    expect(again.body.message).toContain('项目名称');

    const noIndicator = await open(id, { anchor: 'indicator', comment: 'x' }, u.deptReviewer.token);
    expect(noIndicator.body).toMatchObject({
      code: 'COMMENT_ANCHOR_INDICATOR_REQUIRED',
      field: 'indicatorId',
    });
    const unknown = await open(
      id,
      { anchor: 'indicator', indicatorId: 999999, comment: 'x' },
      u.deptReviewer.token,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('COMMENT_INDICATOR_UNKNOWN');
    const badAnchor = await open(id, { anchor: 'colour', comment: 'x' }, u.deptReviewer.token);
    expect(badAnchor.status).toBe(400);
    expect(badAnchor.body).toMatchObject({ code: 'FIELD_ONE_OF', field: 'anchor' });
    expect(badAnchor.body.message).toContain('意见位置');
    const empty = await open(id, { anchor: 'annualGoal', comment: '   ' }, u.deptReviewer.token);
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'FIELD_REQUIRED', field: 'comment' });

    // The submitter and the bureau (not its stage yet) may not open one; the auditor writes nothing.
    expect((await open(id, { anchor: 'annualGoal', comment: 'x' }, u.submitter.token)).body.code).toBe(
      'COMMENT_REVIEWER_ONLY',
    );
    expect((await open(id, { anchor: 'annualGoal', comment: 'x' }, u.bureauReviewer.token)).status).toBe(403);
    expect((await open(id, { anchor: 'annualGoal', comment: 'x' }, u.auditor.token)).status).toBe(403);
  });

  it('shows the threads to whoever reads the declaration, and to nobody else', async () => {
    const mine = await comments(id, u.submitter.token);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ openCount: 2, mayOpen: false, mustResolveBeforeSubmit: false });
    expect(mine.body.items.map((x: { id: number }) => x.id)).toEqual([onIndicator, onName]);
    expect((await comments(id, u.deptReviewer.token)).body.mayOpen).toBe(true);
    const audit = await comments(id, u.auditor.token);
    expect(audit.status).toBe(200);
    expect(audit.body.items[0].may).toEqual({ reply: false, resolve: false, reopen: false });
    expect((await comments(id, u.submitterB.token)).status).toBe(404);
    expect((await comments(id, u.otherReviewer.token)).status).toBe(404);
    expect((await comments(id, u.admin.token)).status).toBe(403);
    expect((await on(id, onName, 'replies', { comment: 'x' }, u.submitterB.token)).status).toBe(404);
    expect((await on(id, onName, 'resolve', {}, u.auditor.token)).status).toBe(403);
    expect((await t.get(`/api/declarations/${id}/changes-since-return`, u.submitterB.token)).status).toBe(
      404,
    );
  });

  it('RETURN carries the open threads: the history shows them on the return', async () => {
    await fire(t, id, 'RETURN', u.deptReviewer.token, { comment: '请按审核意见修改', rating: '中' });
    const history = (await t.get(`/api/declarations/${id}/transitions`, u.submitter.token)).body;
    const ret = history.find((h: { event: string }) => h.event === 'RETURN');
    expect(ret.carriedComments).toEqual([
      {
        threadId: onIndicator,
        anchor: 'indicator',
        indicatorId,
        anchorLabel: '三级指标“开展建设项目数量”',
        body: '数量指标偏低，请对照上年实际值',
      },
      {
        threadId: onName,
        anchor: 'projectName',
        indicatorId: null,
        anchorLabel: '项目名称',
        body: '项目名称应与立项批复一致',
      },
    ]);
    expect(history.find((h: { event: string }) => h.event === 'SUBMIT').carriedComments).toEqual([]);
    const list = (await comments(id, u.submitter.token)).body;
    expect(list.items[0].carriedAt).toEqual([ret.at]);
    // Back in drafting, the reviewer is not the reviewer of a stage: no new thread, no reopening.
    expect((await open(id, { anchor: 'annualGoal', comment: 'x' }, u.deptReviewer.token)).body.code).toBe(
      'COMMENT_NOT_IN_REVIEW',
    );
  });

  it('lets the submitter reply, fix and resolve; the resubmitted declaration shows what changed since the return', async () => {
    const reply = await on(id, onIndicator, 'replies', { comment: '已按上年实际值上调' }, u.submitter.token);
    expect(reply.status).toBe(201);
    expect(reply.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['comment', 'reply']);
    expect(reply.body.entries[1]).toMatchObject({
      role: 'submitter',
      roleLabel: '填报人',
      state: 'drafting',
    });

    const d = (await t.get(`/api/declarations/${id}`, u.submitter.token)).body;
    let version = (
      await t.patch(
        `/api/declarations/${id}`,
        { version: d.version, projectName: '意见测试项目（立项批复名称）' },
        u.submitter.token,
      )
    ).body.version;
    version = (
      await t.patch(
        `/api/declarations/${id}/indicators/${indicatorId}`,
        { version, target: '≥180.00(个)' },
        u.submitter.token,
      )
    ).body.version;
    expect(version).toBeGreaterThan(d.version);

    const resolved = await on(id, onIndicator, 'resolve', { comment: '已修改' }, u.submitter.token);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedBy: { id: u.submitter.id },
      may: { reopen: false },
    });
    expect((await on(id, onIndicator, 'resolve', {}, u.submitter.token)).body.code).toBe(
      'COMMENT_ALREADY_RESOLVED',
    );
    // With the setting off, an open thread does not block SUBMIT.
    await fire(t, id, 'SUBMIT', u.submitter.token);

    const changes = await t.get(`/api/declarations/${id}/changes-since-return`, u.deptReviewer.token);
    expect(changes.status).toBe(200);
    expect(changes.body).toMatchObject({
      fromState: 'internalReview',
      fromStateLabel: '单位内部审核',
      returnedBy: { id: u.deptReviewer.id },
      carried: [
        { threadId: onIndicator, status: 'resolved', statusLabel: '已解决' },
        { threadId: onName, status: 'open' },
      ],
    });
    expect(changes.body.diff.header).toEqual([
      { field: 'projectName', before: '意见测试项目', after: '意见测试项目（立项批复名称）' },
    ]);
    expect(changes.body.diff.indicators.changed).toEqual([
      {
        id: indicatorId,
        name: '开展建设项目数量',
        changes: [{ field: 'target', before: '≥150.00(个)', after: '≥180.00(个)' }],
      },
    ]);
    expect(changes.body.diff.funds).toEqual([]);
  });

  it('lets the reviewer of the stage reopen a resolved thread and resolve one that is settled', async () => {
    expect((await on(id, onIndicator, 'reopen', {}, u.submitter.token)).body.code).toBe(
      'COMMENT_REVIEWER_ONLY',
    );
    const reopened = await on(
      id,
      onIndicator,
      'reopen',
      { comment: '仍低于上年实际值' },
      u.deptReviewer.token,
    );
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', resolvedBy: null, resolvedAt: null });
    expect(reopened.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'comment',
      'reply',
      'resolved',
      'reopened',
    ]);
    expect((await on(id, onName, 'reopen', {}, u.deptReviewer.token)).body.code).toBe('COMMENT_NOT_RESOLVED');
    expect((await on(id, onName, 'resolve', {}, u.deptReviewer.token)).body.status).toBe('resolved');
    expect((await on(id, 424242, 'replies', { comment: 'x' }, u.deptReviewer.token)).body.code).toBe(
      'COMMENT_THREAD_NOT_FOUND',
    );
  });

  it('keeps the threads across versions: approved, the indicator keeps its thread', async () => {
    await on(id, onIndicator, 'resolve', {}, u.deptReviewer.token);
    await fire(t, id, 'APPROVE', u.deptReviewer.token, { rating: '良' });
    await fire(t, id, 'APPROVE', u.bureauReviewer.token);
    await fire(t, id, 'REQUEST_ADJUSTMENT', u.submitter.token, { comment: '年中调整' });
    await fire(t, id, 'CANCEL_ADJUSTMENT', u.submitter.token);
    const list = (await comments(id, u.auditor.token)).body;
    expect(
      list.items.map((x: { id: number; indicatorId: number | null; indicatorRemoved: boolean }) => [
        x.id,
        x.indicatorId,
        x.indicatorRemoved,
      ]),
    ).toEqual([
      [onIndicator, indicatorId, false],
      [onName, null, false],
    ]);
  });

  it('audits every comment on the declaration’s chain, in words, and the chain verifies', async () => {
    const events = (await t.get(`/api/audit/events?declarationId=${id}&limit=500`, u.auditor.token)).body
      .items as Array<{
      action: string;
      actionLabel?: string;
      comment: string | null;
      changes: Array<{ field: string; before: unknown; after: unknown }>;
      changesText?: string;
    }>;
    const actions = events.map((e) => e.action).filter((a) => a.startsWith('comment.'));
    expect(actions).toEqual(
      expect.arrayContaining([
        'comment.opened',
        'comment.replied',
        'comment.resolved',
        'comment.reopened',
        'comment.carried',
      ]),
    );
    const carried = events.find((e) => e.action === 'comment.carried')!;
    expect(carried.comment).toBe('三级指标“开展建设项目数量”；项目名称');
    expect(carried.changes).toEqual([{ field: 'threads', before: null, after: [onIndicator, onName] }]);
    const opened = events.filter((e) => e.action === 'comment.opened').map((e) => e.comment);
    expect(opened.sort()).toEqual(['数量指标偏低，请对照上年实际值', '项目名称应与立项批复一致'].sort());
    const verify = await t.get(`/api/audit/verify?declarationId=${id}`, u.auditor.token);
    expect(verify.body.ok).toBe(true);
    expect((await t.get('/api/audit/verify', u.auditor.token)).body.ok).toBe(true);
    const csv = await t.get(`/api/audit/events.csv?declarationId=${id}`, u.auditor.token);
    expect(csv.text).toContain('提出审核意见');
    expect(csv.text).toContain('意见状态：待解决 → 已解决');
  });

  it('answers never-returned declarations with an empty comparison', async () => {
    const d = await submitted(t, u, '从未退回');
    const changes = await t.get(`/api/declarations/${d.id}/changes-since-return`, u.submitter.token);
    expect(changes.body).toMatchObject({ returnedAt: null, diff: null, carried: [] });
  });
});

describe('a thread on an indicator the submitter then removes', () => {
  it('keeps the indicator’s name, says it was removed, and the diff since the return lists it', async () => {
    const d = await submitted(t, u, '删除指标');
    const gone = d.indicatorIds[2];
    const thread = (
      await open(
        d.id,
        { anchor: 'indicator', indicatorId: gone, comment: '该指标与项目无关，建议删除' },
        u.deptReviewer.token,
      )
    ).body;
    await fire(t, d.id, 'RETURN', u.deptReviewer.token, { comment: '见审核意见' });
    const version = (await t.get(`/api/declarations/${d.id}`, u.submitter.token)).body.version;
    const del = await t.delete(
      `/api/declarations/${d.id}/indicators/${gone}?version=${version}`,
      u.submitter.token,
    );
    expect(del.status).toBe(200);
    await on(d.id, thread.id, 'resolve', { comment: '已删除该指标' }, u.submitter.token);
    const after = (await comments(d.id, u.submitter.token)).body.items[0];
    expect(after).toMatchObject({
      indicatorId: gone,
      indicatorRemoved: true,
      anchorLabel: '三级指标“项目完成及时性”',
      status: 'resolved',
    });
    await fire(t, d.id, 'SUBMIT', u.submitter.token);
    const changes = (await t.get(`/api/declarations/${d.id}/changes-since-return`, u.deptReviewer.token))
      .body;
    expect(changes.diff.indicators.removed).toEqual([
      expect.objectContaining({ id: gone, name: '项目完成及时性', target: '及时' }),
    ]);
  });
});

describe('a comment and its audit record commit together or not at all', () => {
  const count = async (table: string, id: number) =>
    Number(
      (await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE declaration_id = ${id}`))[0].n,
    );
  const fail = () => failingAudit(t.app).failNextWrite(new Error('forced failure of the audit write'));

  it('rolls back a thread, a resolution and a RETURN whose audit write fails', async () => {
    const d = await submitted(t, u, '审计失败');
    const events = await count('audit_events', d.id);
    fail();
    expect((await open(d.id, { anchor: 'annualGoal', comment: '请量化' }, u.deptReviewer.token)).status).toBe(
      500,
    );
    expect(await count('comment_threads', d.id)).toBe(0);
    expect(await count('comment_entries', d.id)).toBe(0);
    expect(await count('audit_events', d.id)).toBe(events);

    const thread = (await open(d.id, { anchor: 'annualGoal', comment: '请量化' }, u.deptReviewer.token)).body;
    fail();
    expect((await on(d.id, thread.id, 'resolve', {}, u.deptReviewer.token)).status).toBe(500);
    expect((await comments(d.id, u.submitter.token)).body.items[0]).toMatchObject({ status: 'open' });
    expect((await comments(d.id, u.submitter.token)).body.items[0].entries).toHaveLength(1);

    // The RETURN's first audit write is the carried threads': it fails, nothing of the return stays.
    const before = (await t.get(`/api/declarations/${d.id}`, u.deptReviewer.token)).body;
    fail();
    const r = await t.post(
      `/api/declarations/${d.id}/transitions`,
      { event: 'RETURN', version: before.version, comment: '退回' },
      u.deptReviewer.token,
    );
    expect(r.status).toBe(500);
    expect((await t.get(`/api/declarations/${d.id}`, u.deptReviewer.token)).body).toMatchObject({
      state: 'internalReview',
      version: before.version,
    });
    expect(await count('comment_returns', d.id)).toBe(0);
    await fire(t, d.id, 'RETURN', u.deptReviewer.token, { comment: '退回' });
    expect(await count('comment_returns', d.id)).toBe(1);
    expect((await t.get('/api/audit/verify', u.auditor.token)).body.ok).toBe(true);
  });
});

describe('COMMENTS_MUST_BE_RESOLVED=true', () => {
  let t2: TestApp;
  let u2: World['users'];

  beforeAll(async () => {
    t2 = await startTestApp({ COMMENTS_MUST_BE_RESOLVED: 'true' });
    u2 = (await buildWorld(t2)).users;
  });
  afterAll(async () => t2?.close());

  it('blocks SUBMIT while a thread is open, naming it, and lets it through once all are resolved', async () => {
    const d = await submitted(t2, u2, '必须解决');
    const thread = (
      await t2.post(
        `/api/declarations/${d.id}/comments`,
        { anchor: 'funds.total', comment: '资金总额与预算批复不符' },
        u2.deptReviewer.token,
      )
    ).body;
    await fire(t2, d.id, 'RETURN', u2.deptReviewer.token, { comment: '见审核意见' });

    const view = (await t2.get(`/api/declarations/${d.id}`, u2.submitter.token)).body;
    const submit = view.actions.find((a: { event: string }) => a.event === 'SUBMIT');
    expect(submit).toMatchObject({ allowed: false, reasonCode: 'COMMENTS_OPEN_BLOCK_SUBMIT' });
    expect(submit.reason).toBe('还有 1 条审核意见未解决（项目资金总额），全部标记为已解决后才能提交');
    const refused = await t2.post(
      `/api/declarations/${d.id}/transitions`,
      { event: 'SUBMIT', version: view.version },
      u2.submitter.token,
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'COMMENTS_OPEN_BLOCK_SUBMIT',
      openComments: [{ threadId: thread.id, anchor: 'funds.total', anchorLabel: '项目资金总额' }],
    });
    expect((await t2.get(`/api/declarations/${d.id}`, u2.submitter.token)).body.state).toBe('drafting');

    await t2.post(`/api/declarations/${d.id}/comments/${thread.id}/resolve`, {}, u2.submitter.token);
    const after = (await t2.get(`/api/declarations/${d.id}`, u2.submitter.token)).body;
    expect(after.actions.find((a: { event: string }) => a.event === 'SUBMIT')).toMatchObject({
      allowed: true,
    });
    await fire(t2, d.id, 'SUBMIT', u2.submitter.token);
    expect((await t2.get(`/api/declarations/${d.id}`, u2.submitter.token)).body.state).toBe('internalReview');
  });

  it('lets a later phase through although a thread was left open when the reviewers approved', async () => {
    const d = await submitted(t2, u2, '批准时未解决');
    await t2.post(
      `/api/declarations/${d.id}/comments`,
      { anchor: 'overallGoal', comment: '可在下年度完善' },
      u2.deptReviewer.token,
    );
    await fire(t2, d.id, 'APPROVE', u2.deptReviewer.token);
    await fire(t2, d.id, 'APPROVE', u2.bureauReviewer.token);
    await fire(t2, d.id, 'REQUEST_ADJUSTMENT', u2.submitter.token, { comment: '调整资金' });
    // The thread belongs to the declaration's review, not to the adjustment's.
    await fire(t2, d.id, 'SUBMIT', u2.submitter.token);
    expect((await t2.get(`/api/declarations/${d.id}`, u2.submitter.token)).body.state).toBe(
      'adjustment.internalReview',
    );
    const list = (await t2.get(`/api/declarations/${d.id}/comments`, u2.submitter.token)).body;
    expect(list.openCount).toBe(1);
    expect(list.items[0]).toMatchObject({ status: 'open', currentRound: false });
  });
});
