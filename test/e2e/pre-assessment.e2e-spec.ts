import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire, VALID_HEADER } from '../support/factories';
import { versionOf } from '../support/lifecycle';
import { multipartFile, PRE_ASSESSMENT_OPINIONS, PRE_ASSESSMENT_PDF } from '../support/pre-assessment';
import { PRE_ASSESSMENT_DEFAULTS, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * The pre-assessment gate (事前绩效评估, 中发〔2018〕34号; issue 18 item 4) with the service's
 * defaults (5,000,000.00 元, 20 %): a new project at or above the threshold cannot be submitted
 * until its submitter records the five opinions and a conclusion, 不通过 blocks like none, the
 * attachment is checked, kept and served back to the declaration's readers, a recurring
 * project needs one only when its request grew by more than the share, every write is audited,
 * and the approval keeps the record with its version.
 */

let t: TestApp;
let w: World;
let sub: string;

const OPINIONS = PRE_ASSESSMENT_OPINIONS;
const PDF = PRE_ASSESSMENT_PDF;

const findings = async (id: number) =>
  (await t.get(`/api/declarations/${id}/findings`, sub)).body as Array<{
    code: string;
    severity: string;
    message: string;
    path: string;
  }>;
const gate = async (id: number) => (await findings(id)).filter((f) => f.code.startsWith('PRE_ASSESSMENT_'));
const save = async (id: number, body: Record<string, unknown> = {}, token = sub) =>
  t.put(
    `/api/declarations/${id}/pre-assessment`,
    { version: await versionOf(t, id, sub), ...OPINIONS, conclusion: 'pass', ...body },
    token,
  );
const submit = async (id: number) =>
  t.post(
    `/api/declarations/${id}/transitions`,
    { event: 'SUBMIT', version: await versionOf(t, id, sub) },
    sub,
  );

const upload = async (id: number, filename: string, data: Buffer, token = sub) =>
  t.request(
    'POST',
    `/api/declarations/${id}/pre-assessment/attachment?version=${await versionOf(t, id, sub)}`,
    {
      token,
      raw: multipartFile(filename, data),
    },
  );

/** Funds of `yuan` (a whole amount), all of it this year's appropriation. */
const funds = (yuan: string) => ({
  total: yuan,
  annualRequest: yuan,
  currentAppropriation: yuan,
  carryover: '0.00',
  other: '0.00',
});

beforeAll(async () => {
  t = await startTestApp({ ...PRE_ASSESSMENT_DEFAULTS, PRE_ASSESSMENT_ATTACHMENT_MAX_BYTES: '4096' });
  w = await buildWorld(t);
  sub = w.users.submitter.token;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('the gate on a new project', () => {
  it('blocks SUBMIT of a new project at or above 5,000,000.00 元 without one, saying why with the amounts', async () => {
    const d = await createValidDeclaration(t, sub, { projectName: '门槛项目' });
    const [missing] = await gate(d.id);
    expect(missing).toMatchObject({
      code: 'PRE_ASSESSMENT_MISSING',
      severity: 'error',
      path: 'preAssessment',
    });
    expect(missing.message).toBe(
      `本项目为新增项目，年度资金申请总额 ${VALID_HEADER.funds.annualRequest} 元，达到事前绩效评估标准 5000000.00 元，提交前须录入事前绩效评估（中发〔2018〕34号）`,
    );
    const res = await submit(d.id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('FINDINGS_BLOCK_SUBMIT');
    expect(res.body.findings.map((f: { code: string }) => f.code)).toEqual(['PRE_ASSESSMENT_MISSING']);
    const view = (await t.get(`/api/declarations/${d.id}/pre-assessment`, sub)).body;
    expect(view).toMatchObject({
      required: true,
      editable: true,
      record: null,
      need: { reason: 'threshold', annualRequest: '491254500.00', threshold: '5000000.00' },
    });
    expect(view.reason).toContain('达到事前绩效评估标准 5000000.00 元');
    // The declaration's actions say why SUBMIT is not allowed now.
    const actions = (await t.get(`/api/declarations/${d.id}`, sub)).body.actions;
    expect(actions.find((a: { event: string }) => a.event === 'SUBMIT')).toMatchObject({ allowed: false });
  });

  it('counts 5,000,000.00 元 in, 4,999,999.99 元 out', async () => {
    const at = await createValidDeclaration(t, sub, { projectName: '恰好门槛', funds: funds('5000000.00') });
    const below = await createValidDeclaration(t, sub, {
      projectName: '低于门槛',
      funds: funds('4999999.99'),
    });
    expect((await gate(at.id)).map((f) => f.code)).toEqual(['PRE_ASSESSMENT_MISSING']);
    expect(await gate(below.id)).toEqual([]);
    expect((await t.get(`/api/declarations/${below.id}/pre-assessment`, sub)).body).toMatchObject({
      required: false,
      need: null,
      reason: null,
    });
    expect((await submit(below.id)).status).toBe(200);
  });

  it('records the five opinions and the conclusion (its words accepted), audited; 不通过 blocks like none', async () => {
    const d = await createValidDeclaration(t, sub, { projectName: '评估不通过项目' });
    const before = await versionOf(t, d.id, sub);
    const failed = await save(d.id, { conclusion: '不通过' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      version: before + 1,
      record: { ...OPINIONS, conclusion: 'fail', conclusionLabel: '不通过', attachment: null },
    });
    const [rejected] = await gate(d.id);
    expect(rejected.code).toBe('PRE_ASSESSMENT_REJECTED');
    expect(rejected.message).toContain('已录入的评估结论为“不通过”，不能提交');
    expect((await submit(d.id)).body.findings.map((f: { code: string }) => f.code)).toEqual([
      'PRE_ASSESSMENT_REJECTED',
    ]);
    expect((await save(d.id, { conclusion: '部分通过' })).body.record.conclusionLabel).toBe('部分通过');
    expect(await gate(d.id)).toEqual([]);
    expect((await submit(d.id)).status).toBe(200);

    const events = (
      await t.get(
        `/api/audit/events?declarationId=${d.id}&action=pre_assessment.saved`,
        w.users.auditor.token,
      )
    ).body.items as Array<{
      action: string;
      changes: Array<{ field: string; before: unknown; after: unknown }>;
    }>;
    expect(events).toHaveLength(2);
    const first = events.find((e) => e.changes.some((c) => c.field === 'necessity'))!;
    expect(first.changes.map((c) => c.field)).toEqual([
      'necessity',
      'economy',
      'goals',
      'feasibility',
      'financing',
      'conclusion',
    ]);
    const second = events.find((e) => e !== first)!;
    expect(second.changes).toEqual([{ field: 'conclusion', before: 'fail', after: 'partial' }]);
  });

  it('refuses a blank opinion, an unknown conclusion, a stale version, in Chinese naming the field; nothing changes', async () => {
    const d = await createValidDeclaration(t, sub, { projectName: '输入检查项目' });
    const blank = await save(d.id, { economy: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ code: 'FIELD_REQUIRED', field: 'economy' });
    expect(blank.body.message).toContain('投入经济性评估意见');
    const bad = await save(d.id, { conclusion: '基本通过' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'FIELD_ONE_OF', field: 'conclusion' });
    expect(bad.body.message).toContain('评估结论');
    const stale = await t.put(
      `/api/declarations/${d.id}/pre-assessment`,
      { version: 1, ...OPINIONS, conclusion: 'pass' },
      sub,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('DECLARATION_VERSION_STALE');
    expect((await t.get(`/api/declarations/${d.id}/pre-assessment`, sub)).body.record).toBeNull();
  });

  it('is recorded by a submitter of the department only; reviewers and auditors read it', async () => {
    const d = await createValidDeclaration(t, sub, { projectName: '权限项目' });
    for (const who of ['deptReviewer', 'bureauReviewer', 'auditor'] as const)
      expect((await save(d.id, {}, w.users[who].token)).status).toBe(403);
    expect((await save(d.id, {}, w.users.submitterB.token)).status).toBe(404);
    expect((await save(d.id)).status).toBe(200);
    for (const who of ['deptReviewer', 'bureauReviewer', 'auditor'] as const) {
      const seen = await t.get(`/api/declarations/${d.id}/pre-assessment`, w.users[who].token);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ editable: false, record: { conclusion: 'pass' } });
    }
    expect((await t.get(`/api/declarations/${d.id}/pre-assessment`, w.users.submitterB.token)).status).toBe(
      404,
    );
    expect((await t.get(`/api/declarations/${d.id}/pre-assessment`, w.admin)).status).toBe(403);
  });
});

describe("the submitter's queue", () => {
  it('counts the gate in the errors of each returned draft on the page, each its own', async () => {
    const rejected = await createValidDeclaration(t, sub, { projectName: '退回后改为不通过' });
    const passed = await createValidDeclaration(t, sub, { projectName: '退回后仍通过' });
    for (const d of [rejected, passed]) {
      expect((await save(d.id)).status).toBe(200);
      expect((await submit(d.id)).status).toBe(200);
      await fire(t, d.id, 'RETURN', w.users.deptReviewer.token, { comment: '请补充测算依据' });
    }
    // Back in drafting, the record can change: 不通过 blocks the resubmission.
    expect((await save(rejected.id, { conclusion: 'fail' })).status).toBe(200);
    expect((await gate(rejected.id)).map((f) => f.code)).toEqual(['PRE_ASSESSMENT_REJECTED']);
    expect(await gate(passed.id)).toEqual([]);
    const res = await t.get('/api/queues/mine', sub);
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ declarationId: number; findings: { errors: number } }>;
    const errorsOf = (id: number) => items.find((i) => i.declarationId === id)?.findings.errors;
    expect(errorsOf(rejected.id)).toBe(1);
    expect(errorsOf(passed.id)).toBe(0);
  });
});

describe('the attachment', () => {
  let id: number;
  let attachmentId: number;

  beforeAll(async () => {
    id = (await createValidDeclaration(t, sub, { projectName: '附件项目' })).id;
  });

  it('needs a recorded pre-assessment first', async () => {
    const res = await upload(id, '评估报告.pdf', PDF);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PRE_ASSESSMENT_NOT_RECORDED');
  });

  it('stores a PDF with its SHA-256, audited, and serves it back as a download to the readers', async () => {
    await save(id);
    const res = await upload(id, '事前绩效评估报告.pdf', PDF);
    expect(res.status).toBe(200);
    const a = res.body.record.attachment;
    expect(a).toMatchObject({
      filename: '事前绩效评估报告.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    attachmentId = a.id;
    for (const token of [sub, w.users.deptReviewer.token, w.users.auditor.token]) {
      const file = await t.get(`/api/declarations/${id}/pre-assessment/attachments/${attachmentId}`, token);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toContain('attachment;');
      expect(file.headers['content-disposition']).toContain(encodeURIComponent('事前绩效评估报告.pdf'));
      expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    }
    expect(
      (
        await t.get(
          `/api/declarations/${id}/pre-assessment/attachments/${attachmentId}`,
          w.users.submitterB.token,
        )
      ).status,
    ).toBe(404);
    const [event] = (
      await t.get(
        `/api/audit/events?declarationId=${id}&action=pre_assessment.attachment_uploaded`,
        w.users.auditor.token,
      )
    ).body.items;
    expect(event.changes).toEqual([
      {
        field: 'attachment',
        before: null,
        after: { filename: '事前绩效评估报告.pdf', size: PDF.length, sha256: a.sha256 },
      },
    ]);
  });

  it('refuses a file whose content is not its kind, an empty one, one over the limit; the current one stays', async () => {
    const html = await upload(id, '报告.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(415);
    expect(html.body).toMatchObject({ code: 'PRE_ASSESSMENT_ATTACHMENT_TYPE', field: 'file' });
    expect(html.body.message).toContain('不是可接受的文件类型');
    const exe = await upload(id, 'setup.exe', Buffer.from('MZ\x90\x00'));
    expect(exe.status).toBe(415);
    const empty = await upload(id, '空.pdf', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('PRE_ASSESSMENT_ATTACHMENT_EMPTY');
    const big = await upload(id, '大报告.pdf', Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'PRE_ASSESSMENT_ATTACHMENT_TOO_LARGE', field: 'file' });
    expect(big.body.message).toContain('MB 的上限');
    const none = await t.request(
      'POST',
      `/api/declarations/${id}/pre-assessment/attachment?version=${await versionOf(t, id, sub)}`,
      {
        token: sub,
        body: {},
      },
    );
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: 'PRE_ASSESSMENT_ATTACHMENT_MISSING', field: 'file' });
    expect((await t.get(`/api/declarations/${id}/pre-assessment`, sub)).body.record.attachment.id).toBe(
      attachmentId,
    );
  });

  it('is kept with the approved version; after SUBMIT nobody changes it', async () => {
    expect((await submit(id)).status).toBe(200);
    const late = await save(id, { conclusion: 'fail' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('DECLARATION_STATE_NOT_EDITABLE');
    expect(late.body.message).toContain('事前绩效评估');
    await fire(t, id, 'APPROVE', w.users.deptReviewer.token);
    await fire(t, id, 'APPROVE', w.users.bureauReviewer.token);
    const view = (await t.get(`/api/declarations/${id}/pre-assessment`, w.users.auditor.token)).body;
    expect(view).toMatchObject({
      required: false,
      editable: false,
      approved: {
        versionNo: 1,
        conclusion: 'pass',
        necessity: OPINIONS.necessity,
        attachment: { id: attachmentId },
      },
    });
  });
});

describe('a recurring project (copied forward)', () => {
  let next: { id: number; version: number };

  beforeAll(async () => {
    const d = await createValidDeclaration(t, sub, { projectName: '延续项目', funds: funds('1000000.00') });
    await fire(t, d.id, 'SUBMIT', sub);
    await fire(t, d.id, 'APPROVE', w.users.deptReviewer.token);
    await fire(t, d.id, 'APPROVE', w.users.bureauReviewer.token);
    const res = await t.post(`/api/declarations/${d.id}/next-year`, {}, sub);
    expect(res.status).toBe(201);
    next = { id: res.body.id, version: res.body.version };
  });

  const setRequest = async (yuan: string) => {
    const res = await t.patch(
      `/api/declarations/${next.id}`,
      { funds: funds(yuan), version: await versionOf(t, next.id, sub) },
      sub,
    );
    expect(res.status).toBe(200);
  };

  it('needs none while its request grows by 20 % or less, whatever the amount', async () => {
    expect(await gate(next.id)).toEqual([]);
    await setRequest('1200000.00');
    expect(await gate(next.id)).toEqual([]);
  });

  it('needs one when it grows by more than 20 %, saying by how much over which year', async () => {
    await setRequest('1250000.00');
    const [missing] = await gate(next.id);
    expect(missing.code).toBe('PRE_ASSESSMENT_MISSING');
    expect(missing.message).toBe(
      '本项目为延续项目，年度资金申请总额 1250000.00 元较2026年度 1000000.00 元增长 25.00%，超过 20.00%，提交前须录入事前绩效评估（中发〔2018〕34号）',
    );
    expect((await t.get(`/api/declarations/${next.id}/pre-assessment`, sub)).body.need).toMatchObject({
      reason: 'growth',
      previousYear: 2026,
      previousAnnualRequest: '1000000.00',
      growthPercent: '25.00',
    });
    expect((await save(next.id)).status).toBe(200);
    expect(await gate(next.id)).toEqual([]);
  });
});
