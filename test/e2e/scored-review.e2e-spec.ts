import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire, scoredReview } from '../support/factories';
import { Intruder } from '../support/intruder';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 18 item 2: the 数据局's scored review of the targets (绩效目标审核, 财预〔2015〕88号). Its
 * APPROVE and RETURN carry four scored dimensions; the weighted total gives the grade (the
 * rating); 中 and 差 cannot be approved, 良 needs the amendments; the indicators the reviewer
 * flagged are the review comments it opened on them; the review is on the history, the approved
 * version and the audit chain, whose verify covers it.
 */

let t: TestApp;
let w: World;
let u: World['users'];

beforeAll(async () => {
  // Weights other than the default, as an agency may set them: the total follows them.
  t = await startTestApp({
    REVIEW_WEIGHTS: JSON.stringify({ completeness: 10, relevance: 30, appropriateness: 30, feasibility: 30 }),
  });
  w = await buildWorld(t);
  u = w.users;
});
afterAll(async () => t?.close());

/** A declaration in 数据局审核 (declaration phase). */
async function atBureau(projectName: string) {
  const d = await createValidDeclaration(t, u.submitter.token, { projectName });
  await fire(t, d.id, 'SUBMIT', u.submitter.token);
  await fire(t, d.id, 'APPROVE', u.deptReviewer.token);
  return d;
}

const versionOf = async (id: number) =>
  (await t.get(`/api/declarations/${id}`, u.bureauReviewer.token)).body.version;

const decide = async (id: number, body: Record<string, unknown>, token = u.bureauReviewer.token) =>
  t.post(`/api/declarations/${id}/transitions`, { version: await versionOf(id), ...body }, token);

/** Scores per dimension: completeness 10 %, the others 30 % each (the app's REVIEW_WEIGHTS). */
function review(c: string, r: string, a: string, f: string, amendments?: string) {
  const base = scoredReview('0', amendments);
  return {
    ...base,
    completeness: { score: c, opinion: '申报表填写完整，个别说明需补充' },
    relevance: { score: r, opinion: '指标与项目资金用途相关' },
    appropriateness: { score: a, opinion: '目标值与资金规模基本匹配' },
    feasibility: { score: f, opinion: '实施方案可支撑目标实现' },
  };
}

describe('what the bureau reviewer is asked for', () => {
  it('lists the scored review as what APPROVE and RETURN need in 数据局审核, and a rating in 单位内部审核', async () => {
    const d = await createValidDeclaration(t, u.submitter.token, { projectName: '需要评分' });
    await fire(t, d.id, 'SUBMIT', u.submitter.token);
    const internal = await t.get(`/api/declarations/${d.id}`, u.deptReviewer.token);
    const approveInternal = internal.body.actions.find((a: { event: string }) => a.event === 'APPROVE');
    expect(approveInternal.needs).toEqual({ rating: ['优', '良'] });
    await fire(t, d.id, 'APPROVE', u.deptReviewer.token);
    const bureau = await t.get(`/api/declarations/${d.id}`, u.bureauReviewer.token);
    const byEvent = Object.fromEntries(
      bureau.body.actions.map((a: { event: string; needs: unknown }) => [a.event, a.needs]),
    );
    // The dimensions in words with the weights configured here, and the bands, for a live total.
    const asked = {
      dimensions: [
        { dimension: 'completeness', label: '完整性', weight: 10 },
        { dimension: 'relevance', label: '相关性', weight: 30 },
        { dimension: 'appropriateness', label: '适当性', weight: 30 },
        { dimension: 'feasibility', label: '可行性', weight: 30 },
      ],
      grades: { excellent: 90, good: 80, fair: 60 },
    };
    expect(byEvent).toEqual({ APPROVE: { review: asked }, RETURN: { comment: true, review: asked } });
  });

  it('refuses an approval or a return without the scores, naming the review in words; nothing changes', async () => {
    const d = await atBureau('未评分');
    const before = await versionOf(d.id);
    const approve = await decide(d.id, { event: 'APPROVE', rating: '优' });
    expect(approve.status).toBe(400);
    expect(approve.body).toMatchObject({ code: 'WORKFLOW_REVIEW_REQUIRED', field: 'review' });
    expect(approve.body.message).toMatch(/^审核评分：.*完整性、相关性、适当性、可行性四项逐项评分/);
    const ret = await decide(d.id, { event: 'RETURN', comment: '请修改' });
    expect(ret.status).toBe(400);
    expect(ret.body.code).toBe('WORKFLOW_REVIEW_REQUIRED');
    const now = await t.get(`/api/declarations/${d.id}`, u.bureauReviewer.token);
    expect(now.body).toMatchObject({ state: 'bureauReview', version: before });
  });

  it('refuses scores where no scored review is taken: the internal review', async () => {
    const d = await createValidDeclaration(t, u.submitter.token, { projectName: '内审不评分' });
    await fire(t, d.id, 'SUBMIT', u.submitter.token);
    const res = await decide(
      d.id,
      { event: 'APPROVE', review: review('95', '95', '95', '95') },
      u.deptReviewer.token,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'WORKFLOW_REVIEW_NOT_TAKEN', field: 'review' });
    expect(res.body.message).toContain('单位内部审核');
  });

  it('refuses a score out of 0–100 or with three decimals, and a blank opinion, naming the dimension', async () => {
    const d = await atBureau('评分格式');
    const high = await decide(d.id, { event: 'APPROVE', review: review('101', '95', '95', '95') });
    expect(high.status).toBe(400);
    expect(high.body.field).toBe('review.completeness.score');
    expect(high.body.message).toBe('完整性评分：须为 0 到 100 之间的数，最多两位小数，如 "92" 或 "87.5"');
    const fine = await decide(d.id, { event: 'APPROVE', review: review('95', '95.125', '95', '95') });
    expect(fine.status).toBe(400);
    expect(fine.body.field).toBe('review.relevance.score');
    const blank = review('95', '95', '95', '95');
    blank.feasibility.opinion = '   ';
    const noOpinion = await decide(d.id, { event: 'APPROVE', review: blank });
    expect(noOpinion.status).toBe(400);
    expect(noOpinion.body.field).toBe('review.feasibility.opinion');
    expect(noOpinion.body.message).toMatch(/^可行性意见：/);
    const missing = review('95', '95', '95', '95') as Record<string, unknown>;
    delete missing.appropriateness;
    const noDimension = await decide(d.id, { event: 'APPROVE', review: missing });
    expect(noDimension.status).toBe(400);
    expect(noDimension.body.field).toBe('review.appropriateness');
    expect((await t.get(`/api/declarations/${d.id}`, u.bureauReviewer.token)).body.state).toBe(
      'bureauReview',
    );
  });
});

describe('the grade follows the weighted scores', () => {
  it('refuses to approve targets graded 中 or 差 (422, the total and the grade in words)', async () => {
    const d = await atBureau('评级为中');
    // 10 % × 100 + 30 % × (70 + 60 + 60) = 10 + 57 = 67.00 → 中 (equal weights would give 72.50)
    const res = await decide(d.id, { event: 'APPROVE', review: review('100', '70', '60', '60') });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'WORKFLOW_REVIEW_GRADE_RETURN',
      field: 'review',
      total: '67.00',
      grade: '中',
    });
    expect(res.body.message).toBe(
      '审核评分：加权合计 67.00 分，评级为「中」；评级为中或差的绩效目标须退回修改，不能审核通过',
    );
    const poor = await decide(d.id, { event: 'APPROVE', review: review('50', '50', '50', '50') });
    expect(poor.status).toBe(422);
    expect(poor.body).toMatchObject({ grade: '差', total: '50.00' });
    expect((await t.get(`/api/declarations/${d.id}`, u.bureauReviewer.token)).body.state).toBe(
      'bureauReview',
    );
  });

  it('approves 良 only with the amendments named', async () => {
    const d = await atBureau('评级为良');
    // 10 % × 90 + 30 % × (85 + 80 + 82.5) = 9 + 74.25 = 83.25 → 良
    const without = await decide(d.id, { event: 'APPROVE', review: review('90', '85', '80', '82.5') });
    expect(without.status).toBe(422);
    expect(without.body).toMatchObject({
      code: 'WORKFLOW_REVIEW_AMENDMENTS_REQUIRED',
      field: 'review.amendments',
    });
    expect(without.body.message).toMatch(/^修改意见：加权合计 83.25 分，评级为「良」/);
    const blank = await decide(d.id, { event: 'APPROVE', review: review('90', '85', '80', '82.5', '  ') });
    expect(blank.status).toBe(422);
    const ok = await decide(d.id, {
      event: 'APPROVE',
      review: review('90', '85', '80', '82.5', '满意度指标目标值请按上年实际值调整'),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('approved');
    const history = (await t.get(`/api/declarations/${d.id}/transitions`, u.submitter.token)).body;
    const last = history[history.length - 1];
    expect(last).toMatchObject({
      event: 'APPROVE',
      rating: '良',
      ratingLabel: '良',
      scoredReview: {
        total: '83.25',
        grade: '良',
        gradeLabel: '良',
        amendments: '满意度指标目标值请按上年实际值调整',
        flagged: [],
        dimensions: [
          { dimension: 'completeness', dimensionLabel: '完整性', score: '90.00', weight: 10 },
          { dimension: 'relevance', dimensionLabel: '相关性', score: '85.00', weight: 30 },
          { dimension: 'appropriateness', dimensionLabel: '适当性', score: '80.00', weight: 30 },
          {
            dimension: 'feasibility',
            dimensionLabel: '可行性',
            score: '82.50',
            weight: 30,
            opinion: '实施方案可支撑目标实现',
          },
        ],
      },
    });
    // Earlier rows carry none.
    expect(history.slice(0, -1).map((h: { scoredReview: unknown }) => h.scoredReview)).toEqual([null, null]);
  });

  it('refuses a rating other than the grade of the scores, and takes the one that matches', async () => {
    const d = await atBureau('评级不一致');
    const wrong = await decide(d.id, {
      event: 'APPROVE',
      rating: '良',
      review: review('95', '95', '95', '95'),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({
      code: 'WORKFLOW_REVIEW_RATING_MISMATCH',
      field: 'rating',
      grade: '优',
    });
    expect(wrong.body.message).toMatch(
      /^评级：评级由评分得出，加权合计 95.00 分为「优」，与所填的「良」不一致/,
    );
    const right = await decide(d.id, {
      event: 'APPROVE',
      rating: '优',
      review: review('95', '95', '95', '95'),
    });
    expect(right.status).toBe(200);
  });

  it('lets the reviewer return targets graded 优 for a reason given, recording the grade', async () => {
    const d = await atBureau('高分退回');
    const res = await decide(d.id, {
      event: 'RETURN',
      comment: '项目实施期与预算年度不一致，请核实后重新提交',
      review: review('92', '95', '90', '94'),
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('drafting');
    const history = (await t.get(`/api/declarations/${d.id}/transitions`, u.submitter.token)).body;
    expect(history[history.length - 1]).toMatchObject({
      event: 'RETURN',
      rating: '优',
      comment: '项目实施期与预算年度不一致，请核实后重新提交',
      scoredReview: { total: '92.90', grade: '优' },
    });
  });
});

describe('per-indicator opinions are the review comments on indicators', () => {
  it('lists the indicators the bureau flagged in this review, and the submitter reads them on the thread', async () => {
    const d = await createValidDeclaration(t, u.submitter.token, { projectName: '指标意见' });
    await fire(t, d.id, 'SUBMIT', u.submitter.token);
    // The unit's reviewer comments on an indicator too: not part of the bureau's review.
    const unit = await t.post(
      `/api/declarations/${d.id}/comments`,
      { anchor: 'indicator', indicatorId: d.indicatorIds[1], comment: '单位审核：请核对指标值' },
      u.deptReviewer.token,
    );
    expect(unit.status).toBe(201);
    await fire(t, d.id, 'APPROVE', u.deptReviewer.token);
    const flag = await t.post(
      `/api/declarations/${d.id}/comments`,
      {
        anchor: 'indicator',
        indicatorId: d.indicatorIds[0],
        comment: '建设项目数量目标低于上年实际完成数，应提高',
      },
      u.bureauReviewer.token,
    );
    expect(flag.status).toBe(201);
    // A header comment is not an indicator flag.
    await t.post(
      `/api/declarations/${d.id}/comments`,
      { anchor: 'projectName', comment: '名称与立项批复不一致' },
      u.bureauReviewer.token,
    );
    const res = await decide(d.id, {
      event: 'RETURN',
      comment: '请按指标意见修改',
      review: review('80', '60', '55', '70'),
    });
    expect(res.status).toBe(200);
    const history = (await t.get(`/api/declarations/${d.id}/transitions`, u.submitter.token)).body;
    const returned = history[history.length - 1];
    expect(returned.scoredReview).toMatchObject({ grade: '中', total: '63.50' });
    expect(returned.scoredReview.flagged).toEqual([
      {
        threadId: flag.body.id,
        indicatorId: d.indicatorIds[0],
        indicatorName: '开展建设项目数量',
        opinion: '建设项目数量目标低于上年实际完成数，应提高',
        status: 'open',
      },
    ]);
    // The same thread, where the submitter already reads the review comments.
    const threads = (await t.get(`/api/declarations/${d.id}/comments`, u.submitter.token)).body.items;
    expect(threads.find((x: { id: number }) => x.id === flag.body.id)).toMatchObject({
      anchor: 'indicator',
      indicatorId: d.indicatorIds[0],
      status: 'open',
    });
  });
});

describe('the approved version and the audit chain', () => {
  let id: number;

  it('keeps the scored review with the approved version', async () => {
    const d = await atBureau('批复版本评分');
    id = d.id;
    const res = await decide(id, { event: 'APPROVE', review: review('96', '94', '92', '90') });
    expect(res.status).toBe(200);
    const versions = (await t.get(`/api/declarations/${id}/versions`, u.submitter.token)).body;
    expect(versions).toHaveLength(1);
    expect(versions[0].scoredReview).toMatchObject({ total: '92.40', grade: '优', amendments: null });
    const one = (await t.get(`/api/declarations/${id}/versions/1`, u.auditor.token)).body;
    expect(one.scoredReview.dimensions.map((x: { score: string }) => x.score)).toEqual([
      '96.00',
      '94.00',
      '92.00',
      '90.00',
    ]);
  });

  it('records it in the transition’s audit event, in words for the auditor', async () => {
    const events = (
      await t.get(`/api/audit/events?declarationId=${id}&action=workflow.transitioned`, u.auditor.token)
    ).body.items;
    const approval = events.find((e: { changes: Array<{ field: string }> }) =>
      e.changes.some((c) => c.field === 'scoredReview'),
    );
    expect(approval.changes.find((c: { field: string }) => c.field === 'scoredReview').after).toMatchObject({
      total: '92.40',
      grade: '优',
    });
    expect(approval.changes.find((c: { field: string }) => c.field === 'rating').after).toBe('优');
    const csv = await t.get(`/api/audit/events.csv?declarationId=${id}`, u.auditor.token);
    expect(csv.text).toContain(
      '审核评分：完整性 96.00、相关性 94.00、适当性 92.00、可行性 90.00，合计 92.40（优）',
    );
  });

  it('verifies, and names the row when its scored review is rewritten in the database', async () => {
    expect((await t.get(`/api/audit/verify?declarationId=${id}`, u.auditor.token)).body).toMatchObject({
      ok: true,
    });
    const intruder = await Intruder.connect(t.db);
    const [row] = await intruder.query(
      'SELECT id, scored_review FROM declaration_transitions WHERE declaration_id = ? AND scored_review IS NOT NULL',
      [id],
    );
    const forged = String(row.scored_review).replace('"grade":"优"', '"grade":"良"');
    expect(forged).not.toBe(row.scored_review);
    await intruder.triggersOff();
    try {
      await intruder.query('UPDATE declaration_transitions SET scored_review = ? WHERE id = ?', [
        forged,
        row.id,
      ]);
      const broken = (await t.get(`/api/audit/verify?declarationId=${id}`, u.auditor.token)).body;
      expect(broken).toMatchObject({
        ok: false,
        brokenAt: { code: 'AUDIT_TRANSITION_MISMATCH', transitionId: Number(row.id) },
      });
      expect(broken.brokenAt.reason).toMatch(new RegExp(`^流转记录第 ${row.id} 行：审核评分在流转记录中为`));
    } finally {
      await intruder.query('UPDATE declaration_transitions SET scored_review = ? WHERE id = ?', [
        row.scored_review,
        row.id,
      ]);
      await intruder.triggersOn();
      await intruder.close();
    }
    expect((await t.get('/api/audit/verify', u.auditor.token)).body).toMatchObject({ ok: true });
  });
});
