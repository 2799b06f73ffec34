import type { HttpClient } from './http-client';

export const VALID_HEADER = {
  year: 2026,
  projectName: '数字化建设',
  projectNature: '经常性专项业务费',
  projectCategory: '特定目标类',
  competentDepartment: '上海市数据局',
  implementingUnit: '上海市大数据中心',
  plannedStart: '2026-01-01',
  plannedEnd: '2026-12-31',
  funds: {
    total: '491254500.00',
    annualRequest: '491254500.00',
    currentAppropriation: '491254500.00',
    carryover: '0.00',
    other: '0.00',
  },
  overallGoal: '支撑全市政务数字化转型',
  annualGoal: '完成年度建设任务',
};

export const VALID_INDICATORS = [
  { level1: 'output', level2: 'quantity', name: '开展建设项目数量', target: '≥150.00(个)' },
  { level1: 'output', level2: 'quality', name: '非重大项目验收通过率', target: '=100.00(%)' },
  { level1: 'output', level2: 'timeliness', name: '项目完成及时性', target: '及时' },
  { level1: 'benefit', level2: 'social', name: '政务服务能力支撑情况', target: '有效提升' },
  { level1: 'satisfaction', level2: 'serviceSatisfaction', name: '业务需求部门满意度', target: '≥90.00(%)' },
];

/** A declaration that passes every error rule, built through the API; returns id and version. */
export async function createValidDeclaration(
  t: HttpClient,
  token: string,
  header: Record<string, unknown> = {},
): Promise<{ id: number; version: number; indicatorIds: number[] }> {
  const res = await t.post('/api/declarations', { ...VALID_HEADER, ...header }, token);
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  let version = res.body.version as number;
  const indicatorIds: number[] = [];
  for (const ind of VALID_INDICATORS) {
    const r = await t.post(`/api/declarations/${res.body.id}/indicators`, { version, ...ind }, token);
    if (r.status !== 201) throw new Error(`indicator: ${r.status} ${r.text}`);
    version = r.body.version;
    indicatorIds.push(r.body.indicator.id);
  }
  return { id: res.body.id, version, indicatorIds };
}

/** Fires an event and fails loudly when it is refused. */
/** The 数据局's scored review with each dimension scored `score` (as a client fills the form). */
export function scoredReview(score: string, amendments?: string) {
  const dimension = (word: string) => ({ score, opinion: `${word}：评分 ${score}` });
  return {
    completeness: dimension('完整性'),
    relevance: dimension('相关性'),
    appropriateness: dimension('适当性'),
    feasibility: dimension('可行性'),
    ...(amendments === undefined ? {} : { amendments }),
  };
}

/** A scored review graded 优 (95 each, total 95.00): approved as it is. */
export const EXCELLENT_REVIEW = scoredReview('95');
/** A scored review graded 中 (70 each, total 70.00): returned. */
export const FAIR_REVIEW = scoredReview('70');

/**
 * Fires an event as `token`. Where the action asks for the 数据局's scored review
 * (`needs.review`: APPROVE and RETURN in 数据局审核 of the targets) and `extra` brings none, it
 * sends the review a reviewer would give for that decision: 优 with APPROVE, 中 with RETURN.
 */
export async function fire(
  t: HttpClient,
  id: number,
  event: string,
  token: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const d = await t.get(`/api/declarations/${id}`, token);
  const action = (d.body.actions ?? []).find((a: { event: string }) => a.event === event);
  const review =
    action?.needs?.review && !('review' in extra)
      ? { review: event === 'APPROVE' ? EXCELLENT_REVIEW : FAIR_REVIEW }
      : {};
  const res = await t.post(
    `/api/declarations/${id}/transitions`,
    { event, version: d.body.version, ...review, ...extra },
    token,
  );
  if (res.status !== 200) throw new Error(`${event} on ${id}: ${res.status} ${res.text}`);
  return res.body.version;
}
