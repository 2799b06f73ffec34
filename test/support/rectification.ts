import { fire } from './factories';
import { approvedDeclaration, monitored, openYear, versionOf, type Declared } from './lifecycle';
import type { TestApp } from './test-app';
import type { World } from './world';

/**
 * A self-evaluation of the factories' five indicators graded 中 (about 79 points): 开展建设项目数量
 * 75 of ≥150 个 and 政务服务能力支撑情况 only partly achieved (18.00), each with its analysis.
 * Approved by the bureau it opens three rectification items (two indicators, the grade).
 */
export function lowEvaluationBody(version: number, ids: number[]) {
  const [quantity, quality, timeliness, social, satisfaction] = ids;
  return {
    version,
    budget: { initialBudget: '491254500.00', adjustedBudget: '491254500.00', executed: '466691775.00' },
    goalAchievement: '部分完成年度建设任务',
    entries: [
      { indicatorId: quantity, actual: '75', deviationAnalysis: '受项目立项延迟影响，下半年集中推进' },
      { indicatorId: quality, actual: '100' },
      { indicatorId: timeliness, actual: '按期完成', achievement: 'achieved' },
      {
        indicatorId: social,
        actual: '部分提升',
        achievement: 'partial',
        score: '18.00',
        deviationAnalysis: '部分业务系统尚未接入',
      },
      { indicatorId: satisfaction, actual: '95' },
    ],
  };
}

/** Fills in, submits and approves (unit, bureau) a declaration's self-evaluation. */
export async function evaluate(
  t: TestApp,
  w: World,
  d: Declared,
  body: Record<string, unknown>,
  rating = '良',
): Promise<void> {
  const sub = w.users.submitter.token;
  const res = await t.put(`/api/declarations/${d.id}/evaluation`, body, sub);
  if (res.status !== 200) throw new Error(`evaluation: ${res.status} ${res.text}`);
  await fire(t, d.id, 'SUBMIT', sub);
  await fire(t, d.id, 'APPROVE', w.users.deptReviewer.token, { rating });
  await fire(t, d.id, 'APPROVE', w.users.bureauReviewer.token, { rating });
}

/**
 * A declaration of `year` taken through monitoring and a 中 self-evaluation the bureau approved
 * (state closed), with its three open rectification items. Opens the year's phases, so use a
 * year no other declaration of the suite is in.
 */
export async function evaluatedWithItems(
  t: TestApp,
  w: World,
  year: number,
  projectName = '整改项目',
): Promise<{ declaration: Declared; items: Array<{ id: number; version: number }> }> {
  const d = await approvedDeclaration(t, w, { year, projectName });
  await openYear(t, w, 'monitoring', year);
  await monitored(t, w, d);
  await openYear(t, w, 'evaluation', year);
  await evaluate(
    t,
    w,
    d,
    lowEvaluationBody(await versionOf(t, d.id, w.users.submitter.token), d.indicatorIds),
  );
  const res = await t.get(`/api/rectifications?declarationId=${d.id}`, w.users.bureauReviewer.token);
  if (res.status !== 200) throw new Error(`rectifications: ${res.status} ${res.text}`);
  return { declaration: d, items: res.body.items };
}
