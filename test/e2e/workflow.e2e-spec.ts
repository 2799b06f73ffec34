import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SHIPPED_CALENDARS } from '../../src/calendar/shipped';
import { WorkCalendar } from '../../src/calendar/working-days';
import { englishIn, namesField } from '../support/errors';
import {
  createValidDeclaration,
  EXCELLENT_REVIEW,
  fire,
  VALID_HEADER,
  VALID_INDICATORS,
} from '../support/factories';
import { FAILING_AUDIT, failingAudit } from '../support/failing-audit';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

let t: TestApp;
let w: World;
let u: World['users'];

beforeAll(async () => {
  t = await startTestApp({}, undefined, [FAILING_AUDIT]);
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
    expect(submitted.body).toMatchObject({ state: 'internalReview', stateLabel: '单位内部审核' });
    expect(submitted.body.allowedEvents).toEqual(['WITHDRAW']);
    expect(submitted.body.actions).toEqual([
      { event: 'WITHDRAW', label: '撤回', allowed: true, reason: null, reasonCode: null, needs: {} },
    ]);

    const queue = (await t.get('/api/queues/mine', u.deptReviewer.token)).body;
    const item = queue.items.find((i: { declarationId: number }) => i.declarationId === id);
    expect(item).toMatchObject({ state: 'internalReview', overdue: false });
    // Five working days after the day it entered (the shipped holiday calendars), at that day's end.
    expect(item.dueAt).toBe(new WorkCalendar(SHIPPED_CALENDARS).due(item.enteredAt, 5).dueAt);
    expect(Date.parse(item.dueAt) - Date.parse(item.enteredAt)).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect(queue.counts.internalReview).toBeGreaterThanOrEqual(1);
    expect(
      (await t.get('/api/queues/mine', u.bureauReviewer.token)).body.items.map(
        (i: { declarationId: number }) => i.declarationId,
      ),
    ).not.toContain(id);

    const reviewing = (await t.get(`/api/declarations/${id}`, u.deptReviewer.token)).body;
    expect(reviewing.allowedEvents).toEqual(['APPROVE', 'RETURN']);
    expect(reviewing.actions).toEqual([
      {
        event: 'APPROVE',
        label: '审核通过',
        allowed: true,
        reason: null,
        reasonCode: null,
        needs: { rating: ['优', '良'] },
      },
      {
        event: 'RETURN',
        label: '退回',
        allowed: true,
        reason: null,
        reasonCode: null,
        needs: { comment: true, rating: ['中', '差'] },
      },
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
      actor: { id: u.deptReviewer.id, username: 'deptreviewer', displayName: 'deptReviewer' },
      rating: '优',
    });
    // A person reads the states, the event and the role in words.
    expect(
      history.map((h: Record<string, string>) => [h.eventLabel, h.fromLabel, h.toLabel, h.roleLabel]),
    ).toEqual([
      ['提交', '编制中', '单位内部审核', '填报人'],
      ['审核通过', '单位内部审核', '数据局审核', '单位审核人'],
      ['审核通过', '数据局审核', '已批复', '数据局审核人'],
    ]);
    const versions = (await t.get(`/api/declarations/${id}/versions`, u.submitter.token)).body;
    expect(versions).toEqual([
      expect.objectContaining({ versionNo: 1, kind: 'declaration', kindLabel: '绩效目标申报' }),
    ]);
    const missing = await t.get(`/api/declarations/${id}/versions/2`, u.submitter.token);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'VERSION_NOT_FOUND', message: `申报表 ${id} 没有批复版本 2` });
  });

  it('returns with a required comment, and the submitter finds it in their queue', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const v = (await state(id)).version;
    const noComment = await post(id, { event: 'RETURN', version: v }, u.deptReviewer.token);
    expect(noComment.status).toBe(400);
    expect(noComment.body).toMatchObject({
      code: 'WORKFLOW_COMMENT_REQUIRED',
      field: 'comment',
      message: '意见：「退回」时必须填写原因',
    });
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
    const other = await post(id, { event: 'WITHDRAW', version: v }, u.submitter2.token);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({
      code: 'WORKFLOW_SUBMITTER_ONLY',
      message: '只有提交本阶段的用户本人可以「撤回」',
    });
    // The other submitter sees WITHDRAW, not allowed, and why.
    expect((await t.get(`/api/declarations/${id}`, u.submitter2.token)).body.actions).toEqual([
      {
        event: 'WITHDRAW',
        label: '撤回',
        allowed: false,
        reason: '只有提交本阶段的用户本人可以「撤回」',
        reasonCode: 'WORKFLOW_SUBMITTER_ONLY',
        needs: {},
      },
    ]);
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
    const errors = r.body.findings.length;
    expect(r.body.findings.every((f: { severity: string }) => f.severity === 'error')).toBe(true);
    expect(r.body).toMatchObject({
      code: 'FINDINGS_BLOCK_SUBMIT',
      errorCount: errors,
      message: `还有 ${errors} 个错误需要修改，修改后才能提交`,
    });
    expect((await state(res.body.id)).state).toBe('drafting');
  });

  it('hides a declaration from a reviewer outside its unit (404) and lets admin and auditor fire nothing', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const v = (await state(id)).version;
    expect((await post(id, { event: 'APPROVE', version: v }, u.otherReviewer.token)).status).toBe(404);
    // The permission guard refuses them before the workflow is asked (its code is the guard's).
    expect((await post(id, { event: 'APPROVE', version: v }, u.auditor.token)).status).toBe(403);
    expect((await post(id, { event: 'APPROVE', version: v }, w.admin)).status).toBe(403);
    // The bureau may not approve for the unit: APPROVE exists in this state, but not for its role.
    const byBureau = await post(id, { event: 'APPROVE', version: v }, u.bureauReviewer.token);
    expect(byBureau.status).toBe(403);
    expect(byBureau.body).toMatchObject({
      code: 'WORKFLOW_ROLE_REQUIRED',
      message: '在「单位内部审核」状态，「审核通过」只能由本单位或上级单位的单位审核人办理',
    });
    const notNow = await post(id, { event: 'OPEN_MONITORING', version: v }, u.bureauReviewer.token);
    expect(notNow.status).toBe(409);
    expect(notNow.body).toMatchObject({
      code: 'WORKFLOW_EVENT_NOT_ALLOWED',
      field: 'event',
      state: 'internalReview',
      message: '当前状态为「单位内部审核」，不能进行「开启绩效监控」操作',
    });
    // The auditor is offered nothing (the admin reads no declaration); the bureau nothing at this stage.
    expect((await t.get(`/api/declarations/${id}`, w.admin)).status).toBe(403);
    for (const token of [u.auditor.token, u.bureauReviewer.token]) {
      const view = (await t.get(`/api/declarations/${id}`, token)).body;
      expect([view.actions, view.allowedEvents]).toEqual([[], []]);
    }
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
    expect(r.body.code).toBe('WORKFLOW_SEGREGATION');
    expect(r.body.message).toBe(
      '本阶段由您提交，您不能对其「审核通过」（不相容职务分离：任何人不审核本人提交的内容）',
    );
    // Shown, not allowed, with the same words; WITHDRAW stays theirs.
    const view = (await t.get(`/api/declarations/${id}`, token)).body;
    expect(
      view.actions.map((a: Record<string, unknown>) => [a.event, a.allowed, a.reasonCode, a.reason]),
    ).toEqual([
      ['WITHDRAW', true, null, null],
      ['APPROVE', false, 'WORKFLOW_SEGREGATION', r.body.message],
      ['RETURN', false, 'WORKFLOW_SEGREGATION', expect.stringContaining('「退回」')],
    ]);
    expect(view.allowedEvents).toEqual(['WITHDRAW']);
  });
});

describe('what the client may do: actions', () => {
  it('shows SUBMIT to an incomplete draft, not allowed, saying how many errors block it; allowed once fixed', async () => {
    const created = await t.post('/api/declarations', VALID_HEADER, u.submitter.token);
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const errors = (await t.get(`/api/declarations/${id}/findings`, u.submitter.token)).body.filter(
      (f: { severity: string }) => f.severity === 'error',
    ).length;
    expect(errors).toBeGreaterThan(0);
    const blocked = {
      event: 'SUBMIT',
      label: '提交',
      allowed: false,
      reason: `还有 ${errors} 个错误需要修改，修改后才能提交`,
      reasonCode: 'FINDINGS_BLOCK_SUBMIT',
      needs: {},
    };
    // The create answer and the view both say so; SUBMIT is no longer offered as allowed.
    expect(created.body.actions).toEqual([blocked]);
    expect(created.body.allowedEvents).toEqual([]);
    const view = (await t.get(`/api/declarations/${id}`, u.submitter.token)).body;
    expect(view.actions).toEqual([blocked]);
    expect(view.allowedEvents).toEqual([]);
    // What the action said is what SUBMIT answers.
    const refused = await post(id, { event: 'SUBMIT', version: view.version }, u.submitter.token);
    expect(refused.status).toBe(422);
    expect([refused.body.code, refused.body.message]).toEqual([blocked.reasonCode, blocked.reason]);

    let version = view.version as number;
    for (const indicator of VALID_INDICATORS) {
      const r = await t.post(
        `/api/declarations/${id}/indicators`,
        { version, ...indicator },
        u.submitter.token,
      );
      expect(r.status).toBe(201);
      version = r.body.version;
    }
    const fixed = (await t.get(`/api/declarations/${id}`, u.submitter.token)).body;
    expect(fixed.actions).toEqual([
      { event: 'SUBMIT', label: '提交', allowed: true, reason: null, reasonCode: null, needs: {} },
    ]);
    expect(fixed.allowedEvents).toEqual(['SUBMIT']);
    // A reviewer of the unit is offered nothing on a draft.
    expect((await t.get(`/api/declarations/${id}`, u.deptReviewer.token)).body.actions).toEqual([]);
  });

  it('returns the new actions with each transition: after a RETURN, SUBMIT is the submitter’s again', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const returned = await post(
      id,
      { event: 'RETURN', version: (await state(id)).version, comment: '请补充说明' },
      u.deptReviewer.token,
    );
    expect(returned.status).toBe(200);
    // The reviewer who returned it may do nothing more with it.
    expect(returned.body).toMatchObject({
      state: 'drafting',
      stateLabel: '编制中',
      actions: [],
      allowedEvents: [],
    });
    expect((await t.get(`/api/declarations/${id}`, u.submitter.token)).body.actions).toEqual([
      { event: 'SUBMIT', label: '提交', allowed: true, reason: null, reasonCode: null, needs: {} },
    ]);
    const withdrawn = await post(
      id,
      { event: '提交', version: (await state(id)).version },
      u.submitter.token,
    );
    expect(withdrawn.body.actions.map((a: { event: string }) => a.event)).toEqual(['WITHDRAW']);
  });
});

describe('Chinese words for codes, one message per problem, English on request', () => {
  it('accepts the Chinese name of an event and of a rating, in a transition and in bulk', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    const submitted = await post(
      id,
      { event: '提交', version: (await state(id)).version },
      u.submitter.token,
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('internalReview');
    const approvedByUnit = await post(
      id,
      { event: '审核通过', version: submitted.body.version, rating: '良' },
      u.deptReviewer.token,
    );
    expect(approvedByUnit.status).toBe(200);
    expect(approvedByUnit.body.state).toBe('bureauReview');
    // The 数据局's approval of the targets takes the scored review (issue 18 item 2): in bulk too.
    const unscored = await t.post(
      '/api/queues/bulk',
      { event: '审核通过', items: [{ declarationId: id, version: approvedByUnit.body.version }] },
      u.bureauReviewer.token,
    );
    expect(unscored.status).toBe(200);
    expect(unscored.body.items[0]).toMatchObject({
      declarationId: id,
      ok: false,
      status: 400,
      code: 'WORKFLOW_REVIEW_REQUIRED',
    });
    const bulk = await t.post(
      '/api/queues/bulk',
      {
        event: '审核通过',
        review: EXCELLENT_REVIEW,
        items: [{ declarationId: id, version: approvedByUnit.body.version }],
      },
      u.bureauReviewer.token,
    );
    expect(bulk.status).toBe(200);
    expect(bulk.body.items[0]).toMatchObject({ declarationId: id, ok: true, state: 'approved' });
    const history = (await t.get(`/api/declarations/${id}/transitions`, u.submitter.token)).body;
    expect(history.map((h: { event: string }) => h.event)).toEqual(['SUBMIT', 'APPROVE', 'APPROVE']);
    expect(history[1]).toMatchObject({ rating: '良', ratingLabel: '良' });
    expect(history[2]).toMatchObject({ rating: '优', scoredReview: { total: '95.00', grade: '优' } });

    const unknown = await post(id, { event: '批准', version: 1 }, u.submitter.token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('FIELD_ONE_OF');
    expect(namesField(unknown.body, 'event')).toBe(true);
    expect(unknown.body.message).toBe(
      '操作：须为以下之一：提交、撤回、审核通过、退回、申请调整、取消调整、开启绩效监控、开启绩效自评',
    );
  });

  it('says one sentence for a transition without its version, and names a rating that does not fit', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    const noVersion = await post(id, { event: 'SUBMIT' }, u.submitter.token);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body).toMatchObject({
      code: 'FIELD_REQUIRED',
      field: 'version',
      message: '版本号：必须填写',
    });
    expect(noVersion.body.details ?? []).toHaveLength(1);

    const v = (await state(id)).version;
    const rated = await post(id, { event: 'SUBMIT', version: v, rating: '优' }, u.submitter.token);
    expect(rated.status).toBe(400);
    expect(rated.body).toMatchObject({
      code: 'WORKFLOW_RATING_INVALID',
      field: 'rating',
      message: '评级：「提交」不附带评级',
    });
    await fire(t, id, 'SUBMIT', u.submitter.token);
    const wrong = await post(id, { event: 'APPROVE', version: v + 1, rating: '差' }, u.deptReviewer.token);
    expect(wrong.body).toMatchObject({
      code: 'WORKFLOW_RATING_INVALID',
      field: 'rating',
      message: '评级：「审核通过」时只能为 优、良',
    });
    const stale = await post(id, { event: 'APPROVE', version: v }, u.deptReviewer.token);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'DECLARATION_VERSION_STALE',
      field: 'version',
      currentVersion: v + 1,
      message: `版本号 ${v} 已过期：该申报已被修改，当前版本为 ${v + 1}；请刷新后再修改`,
    });
    expect((await state(id)).version).toBe(v + 1);
  });

  it.each(['open-monitoring', 'open-evaluation'])(
    '%s with {"year":"2026"} answers one message, and it is the right one',
    async (route) => {
      const res = await t.post(`/api/workflow/${route}`, { year: '2026' }, u.bureauReviewer.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'FIELD_INTEGER', field: 'year', message: '年度：须为整数' });
      expect(res.body.details ?? []).toHaveLength(1);
      const early = await t.post(`/api/workflow/${route}`, { year: 1999 }, u.bureauReviewer.token);
      expect(early.body).toMatchObject({ code: 'FIELD_RANGE', message: '年度：须在 2000 到 2100 之间' });
    },
  );

  it('speaks English with Accept-Language: en: actions, refusals and history', async () => {
    const en = { 'accept-language': 'en' };
    const created = await t.request('POST', '/api/declarations', {
      token: u.submitter.token,
      body: VALID_HEADER,
      headers: en,
    });
    const id = created.body.id as number;
    const errors = (await t.get(`/api/declarations/${id}/findings`, u.submitter.token)).body.filter(
      (f: { severity: string }) => f.severity === 'error',
    ).length;
    const view = (
      await t.request('GET', `/api/declarations/${id}`, { token: u.submitter.token, headers: en })
    ).body;
    expect(view.actions).toEqual([
      {
        event: 'SUBMIT',
        label: 'Submit',
        allowed: false,
        reason: `${errors} error${errors === 1 ? '' : 's'} must be corrected before submitting`,
        reasonCode: 'FINDINGS_BLOCK_SUBMIT',
        needs: {},
      },
    ]);
    const refused = await t.request('POST', `/api/declarations/${id}/transitions`, {
      token: u.deptReviewer.token,
      body: { event: 'APPROVE', version: view.version },
      headers: en,
    });
    expect(refused.body).toMatchObject({
      code: 'WORKFLOW_EVENT_NOT_ALLOWED',
      message: '"Approve" is not possible in state "drafting"',
    });

    const done = await createValidDeclaration(t, u.submitter.token);
    await fire(t, done.id, 'SUBMIT', u.submitter.token);
    const history = (
      await t.request('GET', `/api/declarations/${done.id}/transitions`, {
        token: u.submitter.token,
        headers: en,
      })
    ).body;
    expect(history[0]).toMatchObject({
      eventLabel: 'Submit',
      fromLabel: 'drafting',
      toLabel: 'internal review',
      roleLabel: 'submitter',
    });
  });

  it('tells a Chinese reader every workflow refusal in Chinese, with no English word', async () => {
    const { id } = await createValidDeclaration(t, u.submitter.token);
    const v = (await state(id)).version;
    const answers = [
      await post(id, { event: 'APPROVE', version: v }, u.deptReviewer.token),
      await post(id, { event: 'SUBMIT', version: v + 5 }, u.submitter.token),
      await post(id, { event: 'SUBMIT', version: v, rating: '优' }, u.submitter.token),
      await post(id, { event: 'LAUNCH', version: v }, u.submitter.token),
      await post(id, { event: 'SUBMIT', version: v }, u.deptReviewer.token),
      await post(id, { event: 'OPEN_MONITORING', version: v }, u.bureauReviewer.token),
      await t.post('/api/workflow/open-evaluation', { year: '2026' }, u.bureauReviewer.token),
      await t.get(`/api/declarations/${id}/versions/9`, u.submitter.token),
    ];
    for (const r of answers) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect([r.body.code, englishIn(r.body.message)]).toEqual([r.body.code, null]);
    }
  });
});

describe('adjustment', () => {
  it('opens edits against the approved version, shows weakened targets, and becomes the new baseline', async () => {
    const id = await approved();
    const offered = (await t.get(`/api/declarations/${id}`, u.submitter.token)).body.actions;
    expect(offered).toEqual([
      {
        event: 'REQUEST_ADJUSTMENT',
        label: '申请调整',
        allowed: true,
        reason: null,
        reasonCode: null,
        needs: { comment: true },
      },
    ]);
    const noReason = await post(
      id,
      { event: 'REQUEST_ADJUSTMENT', version: (await state(id)).version },
      u.submitter.token,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({
      code: 'WORKFLOW_COMMENT_REQUIRED',
      field: 'comment',
      message: '意见：「申请调整」时必须填写原因',
    });
    await fire(t, id, 'REQUEST_ADJUSTMENT', u.submitter.token, { comment: '年中预算调整' });
    let d = await state(id);
    expect(d.state).toBe('adjustment.drafting');
    const rename = await t.patch(
      `/api/declarations/${id}`,
      { version: d.version, projectName: '改名' },
      u.submitter.token,
    );
    expect(rename.status).toBe(409);
    expect(rename.body).toMatchObject({
      code: 'DECLARATION_STATE_NOT_EDITABLE',
      state: 'adjustment.drafting',
      message: '当前状态为「目标调整 · 编制中」，不能修改项目基本信息（只能在「编制中」状态修改）',
    });
    const first = d.indicators[0];
    const p = await t.patch(
      `/api/declarations/${id}/indicators/${first.id}`,
      { version: d.version, target: '≥140.00(个)', reason: '预算压减' },
      u.submitter.token,
    );
    expect(p.status).toBe(200);
    // What the reviewers are asked to approve: the adjustment against the approved version.
    const pending = await t.get(`/api/declarations/${id}/versions/1/diff`, u.deptReviewer.token);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ from: 1, to: null, header: [], funds: [], goals: [] });
    expect(pending.body.indicators).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          id: first.id,
          name: first.name,
          changes: [{ field: 'target', before: '≥150.00(个)', after: '≥140.00(个)' }],
        },
      ],
    });
    expect((await t.get(`/api/declarations/${id}/versions/9/diff`, u.deptReviewer.token)).body.code).toBe(
      'VERSION_NOT_FOUND',
    );
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
    const { projectName } = (await t.get(`/api/declarations/${draft.id}`, u.submitter.token)).body;
    expect(projectName).toEqual(expect.any(String));
    expect(res.body.items.find((i: { declarationId: number }) => i.declarationId === draft.id)).toEqual({
      declarationId: draft.id,
      projectName,
      opened: false,
      state: 'drafting',
      stateLabel: '编制中',
      code: 'WORKFLOW_OPEN_YEAR_NOT_IN_STATE',
      reason: '当前状态为「编制中」；只有「已批复」的申报表可以「开启绩效监控」',
    });
    expect(res.body.opened).toBeGreaterThanOrEqual(1);
    expect((await t.post('/api/workflow/open-monitoring', { year: 2026 }, u.deptReviewer.token)).status).toBe(
      403,
    );
  });

  it('publishes the statechart, labelled in the reader’s language', async () => {
    const def = (await t.get('/api/workflow/definition', u.submitter.token)).body;
    expect(def.states.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['drafting', 'monitoring.internalReview', 'closed']),
    );
    expect(def.states.find((s: { id: string }) => s.id === 'monitoring.internalReview').label).toBe(
      '绩效监控 · 单位内部审核',
    );
    expect(def.events.find((e: { type: string }) => e.type === 'SUBMIT').label).toBe('提交');
    const en = (
      await t.request('GET', '/api/workflow/definition', {
        token: u.submitter.token,
        headers: { 'accept-language': 'en' },
      })
    ).body;
    expect(en.states.find((s: { id: string }) => s.id === 'monitoring.internalReview').label).toBe(
      'monitoring · internal review',
    );
    expect(en.events.find((e: { type: string }) => e.type === 'SUBMIT').label).toBe('Submit');
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
    failingAudit(t.app).failNextWrite(new Error('forced failure of the audit write'));
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
