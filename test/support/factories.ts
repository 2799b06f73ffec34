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
export async function fire(
  t: HttpClient,
  id: number,
  event: string,
  token: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const d = await t.get(`/api/declarations/${id}`, token);
  const res = await t.post(
    `/api/declarations/${id}/transitions`,
    { event, version: d.body.version, ...extra },
    token,
  );
  if (res.status !== 200) throw new Error(`${event} on ${id}: ${res.status} ${res.text}`);
  return res.body.version;
}
