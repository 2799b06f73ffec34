import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SHIPPED_CALENDARS } from '../../src/calendar/shipped';
import { WorkCalendar } from '../../src/calendar/working-days';
import { createValidDeclaration, fire } from '../support/factories';
import {
  approvedDeclaration,
  cleanEvaluationBody,
  monitored,
  openYear,
  versionOf,
  type Declared,
} from '../support/lifecycle';
import { evaluate as evaluateWith, lowEvaluationBody } from '../support/rectification';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Rectification after evaluation (整改, issue 18 item 5) through the API: the bureau's approval of
 * a self-evaluation graded 中 with two indicators missed opens three items (a clean 优 one opens
 * none); the department closes them with evidence and a file, the bureau reopens with a reason
 * and accepts, each step audited; overdue items are found by the filter; open items follow the
 * project to next year's declaration and into the reviewer's queue; who may do what, in Chinese.
 */

let t: TestApp;
let w: World;
let sub: string;
let bureau: string;
/** Evaluated 中 (79.xx): 开展建设项目数量 75 of ≥150, 政务服务能力支撑情况 partial. */
let low: Declared;
/** Evaluated 优, every indicator met. */
let clean: Declared;
let draft: { id: number };

function beijingToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
/** The default due date of an item opened now: 60 working days on the shipped calendars. */
function dueIn60WorkingDays(): string {
  return new WorkCalendar(SHIPPED_CALENDARS).due(new Date().toISOString(), 60).dueDate;
}
function plusDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const evaluate = (d: Declared, body: Record<string, unknown>, rating: string) =>
  evaluateWith(t, w, d, body, rating);

const itemsOf = async (declarationId: number, token = sub) =>
  (await t.get(`/api/rectifications?declarationId=${declarationId}`, token)).body.items as Array<
    Record<string, any>
  >;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
  bureau = w.users.bureauReviewer.token;
  low = await approvedDeclaration(t, w, { projectName: '数字化建设' });
  clean = await approvedDeclaration(t, w, { projectName: '平台运维' });
  await openYear(t, w, 'monitoring');
  await monitored(t, w, low);
  await monitored(t, w, clean);
  await openYear(t, w, 'evaluation');
  await evaluate(low, lowEvaluationBody(await versionOf(t, low.id, sub), low.indicatorIds), '良');
  await evaluate(clean, cleanEvaluationBody(await versionOf(t, clean.id, sub), clean.indicatorIds), '优');
  draft = await createValidDeclaration(t, sub, { projectName: '草稿项目' });
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('opening: the bureau approves a self-evaluation', () => {
  it('opens one item per missed indicator and one for a grade below 良, due in 60 working days', async () => {
    const ev = (await t.get(`/api/declarations/${low.id}/evaluation`, sub)).body;
    expect(ev.grade).toBe('中');
    const items = await itemsOf(low.id);
    expect(items.map((i) => i.source).sort()).toEqual(['grade', 'indicator', 'indicator']);
    const quantity = items.find((i) => i.indicatorId === low.indicatorIds[0])!;
    expect(quantity.problem).toContain('开展建设项目数量');
    expect(quantity.problem).toContain('≥150.00(个)');
    expect(quantity.problem).toContain('75');
    // The evaluation's own 偏差原因分析及改进措施 becomes the required action.
    expect(quantity.requiredAction).toContain('受项目立项延迟影响');
    const grade = items.find((i) => i.source === 'grade')!;
    expect(grade.problem).toContain('“中”');
    expect(grade.sourceLabel).toBe('自评等级偏低');
    for (const i of items) {
      expect(i.status).toBe('open');
      expect(i.statusLabel).toBe('整改中');
      expect(i.dueOn).toBe(dueIn60WorkingDays());
      expect(i.responsible).toBe(i.departmentName);
      expect(i.overdue).toBe(false);
    }
    // The submitter may close them; the bureau may edit them.
    expect(quantity.allowedSteps).toEqual(['CLOSE']);
    const asBureau = (await t.get(`/api/rectifications/${quantity.id}`, bureau)).body;
    expect(asBureau.allowedSteps).toEqual(['EDIT']);
  });

  it('opens nothing for a 优 evaluation with every indicator met', async () => {
    expect(await itemsOf(clean.id)).toEqual([]);
  });

  it('records each opening on the declaration’s audit chain, in the approval’s transaction', async () => {
    const res = await t.get(
      `/api/audit/events?declarationId=${low.id}&action=rectification.opened`,
      w.users.auditor.token,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    const verify = await t.get('/api/audit/verify', w.users.auditor.token);
    expect(verify.body.ok ?? verify.body.valid ?? true).toBeTruthy();
  });
});

describe('closing, reopening and accepting an item', () => {
  let item: Record<string, any>;

  beforeAll(async () => {
    item = (await itemsOf(low.id)).find((i) => i.source === 'grade')!;
  });

  it('refuses a close without evidence in Chinese, naming the field, and changes nothing', async () => {
    const res = await t.post(
      `/api/rectifications/${item.id}/close`,
      { version: item.version, evidence: '  ' },
      sub,
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('RECTIFICATION_EVIDENCE_REQUIRED');
    expect(res.body.field).toBe('evidence');
    expect(res.body.message).toContain('整改情况说明');
    expect((await t.get(`/api/rectifications/${item.id}`, sub)).body.status).toBe('open');
  });

  it('takes an evidence file and gives it back as uploaded, its SHA-256 kept', async () => {
    const data = Buffer.from('%PDF-1.4 整改台账');
    const boundary = '----rect-boundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="整改台账.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.request('PUT', `/api/rectifications/${item.id}/attachment`, {
      token: sub,
      raw: { payload, contentType: `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.status).toBe(200);
    expect(up.body.attachment).toMatchObject({ name: '整改台账.pdf', size: data.length });
    expect(up.body.attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    const down = await t.request('GET', `/api/rectifications/${item.id}/attachment`, { token: bureau });
    expect(down.status).toBe(200);
    expect(String(down.headers['content-disposition'])).toContain(encodeURIComponent('整改台账.pdf'));
    item = up.body;
  });

  it('refuses a file of a type it does not keep', async () => {
    const boundary = '----rect-boundary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="run.exe"\r\nContent-Type: application/octet-stream\r\n\r\nMZ\r\n--${boundary}--\r\n`,
    );
    const res = await t.request('PUT', `/api/rectifications/${item.id}/attachment`, {
      token: sub,
      raw: { payload, contentType: `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('RECTIFICATION_ATTACHMENT_TYPE');
    expect(res.body.message).toContain('pdf');
    // A program renamed to .pdf: its bytes are not a PDF's.
    const renamed = await t.request('PUT', `/api/rectifications/${item.id}/attachment`, {
      token: sub,
      raw: {
        payload: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="整改台账.pdf"\r\nContent-Type: application/pdf\r\n\r\nMZ\u0090\u0000\r\n--${boundary}--\r\n`,
        ),
        contentType: `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(renamed.status).toBe(415);
    expect(renamed.body.message).toContain('文件内容与扩展名不符');
  });

  it('closes with evidence (待验收); a stale version is 409', async () => {
    const stale = await t.post(
      `/api/rectifications/${item.id}/close`,
      { version: item.version - 1, evidence: '已整改' },
      sub,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('RECTIFICATION_VERSION_STALE');
    const res = await t.post(
      `/api/rectifications/${item.id}/close`,
      { version: item.version, evidence: '已制定整改方案并完成 80% 任务' },
      sub,
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('closed');
    expect(res.body.statusLabel).toBe('待验收');
    expect(res.body.closedBy.id).toBe(w.users.submitter.id);
    item = res.body;
  });

  it('lets only the bureau decide: the submitter is 403, a reopen without a reason 400', async () => {
    const bySubmitter = await t.post(`/api/rectifications/${item.id}/accept`, { version: item.version }, sub);
    expect(bySubmitter.status).toBe(403);
    const noReason = await t.post(
      `/api/rectifications/${item.id}/reopen`,
      { version: item.version, reason: '' },
      bureau,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('RECTIFICATION_REASON_REQUIRED');
    expect(noReason.body.message).toContain('退回重新整改必须说明理由');
  });

  it('reopens with a reason, then accepts the second close; accepted is final', async () => {
    const reopened = await t.post(
      `/api/rectifications/${item.id}/reopen`,
      { version: item.version, reason: '佐证材料不完整' },
      bureau,
    );
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', reopenReason: '佐证材料不完整', reopenCount: 1 });
    const closed = await t.post(
      `/api/rectifications/${item.id}/close`,
      { version: reopened.body.version, evidence: '已补充完整佐证材料' },
      sub,
    );
    expect(closed.status).toBe(200);
    const accepted = await t.post(
      `/api/rectifications/${item.id}/accept`,
      { version: closed.body.version, comment: '整改到位' },
      bureau,
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.allowedSteps).toEqual([]);
    const again = await t.post(
      `/api/rectifications/${item.id}/accept`,
      { version: accepted.body.version },
      bureau,
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RECTIFICATION_STEP_STATE');
    expect(again.body.message).toContain('已验收');
  });

  it('audits every step with its words for the auditor', async () => {
    const res = await t.get(`/api/audit/events?declarationId=${low.id}&limit=100`, w.users.auditor.token);
    const actions = (res.body.items as Array<{ action: string; entityType: string; entityId: string }>)
      .filter((e) => e.entityType === 'rectification_item' && String(e.entityId) === String(item.id))
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual([
      'rectification.opened',
      'rectification.attached',
      'rectification.closed',
      'rectification.reopened',
      'rectification.closed',
      'rectification.accepted',
    ]);
  });
});

describe('notifications', () => {
  const inbox = async (token: string) =>
    (await t.get('/api/notifications?limit=100', token)).body.items as Array<{
      kind: string;
      title: string;
      body: string;
      link: string;
    }>;

  it('tells the department’s submitters what opened, and the bureau what was closed or reopened', async () => {
    const opened = (await inbox(sub)).find((n) => n.kind === 'rectification.opened')!;
    expect(opened.title).toBe('整改事项：数字化建设');
    expect(opened.body).toContain('生成整改事项 3 项');
    expect(opened.body).toContain(dueIn60WorkingDays());
    const closed = (await inbox(bureau)).filter((n) => n.kind === 'rectification.closed');
    expect(closed).toHaveLength(2);
    expect(closed[0].title).toBe('整改待验收：数字化建设');
    const reopened = (await inbox(sub)).find((n) => n.kind === 'rectification.reopened')!;
    expect(reopened.body).toContain('佐证材料不完整');
    expect(reopened.link).toMatch(/^\/rectification\/\d+$/);
    // Nobody is told of their own step.
    expect((await inbox(sub)).some((n) => n.kind === 'rectification.closed')).toBe(false);
  });
});

describe('who sees and changes what', () => {
  it('hides the items from another department’s submitter (404) and lists nothing for them', async () => {
    const [item] = await itemsOf(low.id);
    const other = w.users.submitterB.token;
    expect((await t.get(`/api/rectifications/${item.id}`, other)).status).toBe(404);
    expect((await t.get('/api/rectifications', other)).body.items).toEqual([]);
    const close = await t.post(
      `/api/rectifications/${item.id}/close`,
      { version: item.version, evidence: 'x' },
      other,
    );
    expect(close.status).toBe(404);
  });

  it('lets auditors and department reviewers read, not change', async () => {
    const [item] = await itemsOf(low.id);
    expect((await t.get(`/api/rectifications/${item.id}`, w.users.auditor.token)).status).toBe(200);
    expect((await t.get(`/api/rectifications/${item.id}`, w.users.deptReviewer.token)).status).toBe(200);
    const res = await t.post(
      `/api/rectifications/${item.id}/close`,
      { version: item.version, evidence: 'x' },
      w.users.deptReviewer.token,
    );
    expect(res.status).toBe(403);
  });
});

describe('the bureau adds and edits items', () => {
  it('adds an item to an evaluated declaration, not to a draft', async () => {
    const due = plusDays(beijingToday(), 30);
    const res = await t.post(
      '/api/rectifications',
      { declarationId: low.id, problem: '验收资料归档不及时', requiredAction: '建立归档台账', dueOn: due },
      bureau,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'manual', dueOn: due, status: 'open' });
    const onDraft = await t.post(
      '/api/rectifications',
      { declarationId: draft.id, problem: '问题', requiredAction: '要求' },
      bureau,
    );
    expect(onDraft.status).toBe(409);
    expect(onDraft.body.code).toBe('RECTIFICATION_NOT_EVALUATED');
    expect(onDraft.body.message).toContain('编制中');
  });

  it('edits the due date and the responsible person; a past due date is refused', async () => {
    const [item] = (await itemsOf(low.id)).filter((i) => i.status === 'open');
    const past = await t.patch(
      `/api/rectifications/${item.id}`,
      { version: item.version, dueOn: '2020-01-01' },
      bureau,
    );
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('RECTIFICATION_DUE_IN_PAST');
    expect(past.body.message).toContain('整改期限');
    const due = plusDays(beijingToday(), 10);
    const res = await t.patch(
      `/api/rectifications/${item.id}`,
      { version: item.version, dueOn: due, responsible: '项目管理处 张三' },
      bureau,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dueOn: due, responsible: '项目管理处 张三', version: item.version + 1 });
  });
});

describe('overdue and the list filters', () => {
  it('finds an open item past its due day with overdue=true, and counts it', async () => {
    const [item] = (await itemsOf(low.id)).filter((i) => i.status === 'open');
    // A due day in the past can only come from time passing: set it as the calendar would.
    await t.app
      .get((await import('../../src/database/db.service')).Db)
      .write((tx) =>
        tx.query(`UPDATE rectification_items SET due_on = '2026-01-05' WHERE id = ${Number(item.id)}`),
      );
    const res = await t.get('/api/rectifications?overdue=true', bureau);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    expect(res.body.items[0].overdue).toBe(true);
    expect(res.body.counts.overdue).toBe(1);
    const notOverdue = await t.get('/api/rectifications?overdue=false&status=open', bureau);
    expect(notOverdue.body.items.map((i: { id: number }) => i.id)).not.toContain(item.id);
  });

  it('filters by status in words and by year; refuses an unknown status naming the field', async () => {
    const accepted = await t.get(`/api/rectifications?status=${encodeURIComponent('已验收')}`, bureau);
    expect(accepted.body.items.every((i: { status: string }) => i.status === 'accepted')).toBe(true);
    expect(accepted.body.items.length).toBe(1);
    expect((await t.get('/api/rectifications?year=2027', bureau)).body.items).toEqual([]);
    const bad = await t.get('/api/rectifications?status=done', bureau);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('status');
    expect(bad.body.message).toContain('整改中');
  });
});

describe('next year: the open items follow the project', () => {
  let nextId: number;

  beforeAll(async () => {
    const res = await t.post(`/api/declarations/${low.id}/next-year`, {}, sub);
    expect(res.status).toBe(201);
    nextId = res.body.id;
  });

  it('shows the items not accepted on the 2027 declaration', async () => {
    const res = await t.get(`/api/declarations/${nextId}/rectifications`, sub);
    expect(res.status).toBe(200);
    const all = await itemsOf(low.id);
    const unaccepted = all.filter((i) => i.status !== 'accepted').map((i) => i.id);
    expect(res.body.items.map((i: { id: number }) => i.id).sort()).toEqual(unaccepted.sort());
    expect(res.body.items.every((i: { year: number }) => i.year === 2026)).toBe(true);
    expect(res.body.overdue).toBe(1);
    // The clean project's next year would carry nothing.
    expect((await t.get(`/api/declarations/${clean.id}/rectifications`, sub)).body.items).toEqual([]);
  });

  it('counts them on the reviewer’s queue row, from one query for the page', async () => {
    await fire(t, nextId, 'SUBMIT', sub);
    const res = await t.get('/api/queues/mine', w.users.deptReviewer.token);
    const row = res.body.items.find((i: { declarationId: number }) => i.declarationId === nextId);
    const unaccepted = (await itemsOf(low.id)).filter((i) => i.status !== 'accepted').length;
    expect(row.openRectifications).toBe(unaccepted);
    expect(row.overdueRectifications).toBe(1);
  });
});
