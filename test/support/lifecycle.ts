import { createValidDeclaration, fire } from './factories';
import { PASSWORD, type TestApp } from './test-app';
import type { World } from './world';

/**
 * Moves a declaration of the factories (createValidDeclaration, five indicators) along its
 * life through the API, so suites can reach the states where reports are written.
 */
export interface Declared {
  id: number;
  indicatorIds: number[];
}

/** A monitoring report for the factory's five indicators that has no error finding. */
export function cleanMonitoringBody(version: number, indicatorIds: number[]) {
  const [quantity, quality, timeliness, social, satisfaction] = indicatorIds;
  return {
    version,
    periodEndMonth: 7,
    budget: {
      adjustedBudget: '491254500.00',
      executedToDate: '286565125.00',
      forecastFullYear: '491254500.00',
    },
    goalProgress: '按计划推进',
    entries: [
      { indicatorId: quantity, actualToDate: '150', forecast: '150', likelihood: 'certain' },
      { indicatorId: quality, actualToDate: '100', forecast: '100', likelihood: 'certain' },
      { indicatorId: timeliness, actualToDate: '按计划推进', forecast: 'achieved', likelihood: 'certain' },
      { indicatorId: social, forecast: 'achieved', likelihood: 'certain' },
      { indicatorId: satisfaction, actualToDate: '95', forecast: '95', likelihood: 'certain' },
    ],
  };
}

/** A self-evaluation for the factory's five indicators that has no error finding. */
export function cleanEvaluationBody(version: number, indicatorIds: number[]) {
  const [quantity, quality, timeliness, social, satisfaction] = indicatorIds;
  return {
    version,
    budget: { initialBudget: '491254500.00', adjustedBudget: '491254500.00', executed: '466691775.00' },
    goalAchievement: '完成年度建设任务',
    entries: [
      { indicatorId: quantity, actual: '150' },
      { indicatorId: quality, actual: '100' },
      { indicatorId: timeliness, actual: '按期完成', achievement: 'achieved' },
      { indicatorId: social, actual: '有效提升', achievement: 'achieved' },
      { indicatorId: satisfaction, actual: '95' },
    ],
  };
}

export async function versionOf(t: TestApp, id: number, token: string): Promise<number> {
  const res = await t.get(`/api/declarations/${id}`, token);
  if (res.status !== 200) throw new Error(`get ${id}: ${res.status} ${res.text}`);
  return res.body.version;
}

/** drafting → internalReview → bureauReview → approved. */
export async function approvedDeclaration(
  t: TestApp,
  w: World,
  header: Record<string, unknown> = {},
): Promise<Declared> {
  const d = await createValidDeclaration(t, w.users.submitter.token, header);
  await fire(t, d.id, 'SUBMIT', w.users.submitter.token);
  await fire(t, d.id, 'APPROVE', w.users.deptReviewer.token);
  await fire(t, d.id, 'APPROVE', w.users.bureauReviewer.token);
  return { id: d.id, indicatorIds: d.indicatorIds };
}

/** Opens a phase for the year (every declaration of the year in the right state moves). */
export async function openYear(
  t: TestApp,
  w: World,
  which: 'monitoring' | 'evaluation',
  year = 2026,
): Promise<number> {
  const res = await t.post(`/api/workflow/open-${which}`, { year }, w.users.bureauReviewer.token);
  if (res.status !== 200) throw new Error(`open-${which}: ${res.status} ${res.text}`);
  return res.body.opened;
}

/** monitoring.reporting → … → monitored, with a clean report. */
export async function monitored(t: TestApp, w: World, d: Declared): Promise<void> {
  const sub = w.users.submitter.token;
  const res = await t.put(
    `/api/declarations/${d.id}/monitoring`,
    cleanMonitoringBody(await versionOf(t, d.id, sub), d.indicatorIds),
    sub,
  );
  if (res.status !== 200) throw new Error(`monitoring: ${res.status} ${res.text}`);
  await fire(t, d.id, 'SUBMIT', sub);
  await fire(t, d.id, 'APPROVE', w.users.deptReviewer.token);
  await fire(t, d.id, 'APPROVE', w.users.bureauReviewer.token);
}

/** A declaration in every phase a report route needs, and a user to change. */
export interface EveryPhase {
  /** A draft. */
  draft: Declared;
  /** In monitoring.reporting. */
  monitoring: Declared;
  /** In evaluation.reporting. */
  evaluation: Declared;
  /** A submitter of department A that the admin routes may change. */
  victimId: number;
}

/** Builds EveryPhase in `w` (opening monitoring and evaluation for 2026). */
export async function everyPhase(t: TestApp, w: World, victimUsername: string): Promise<EveryPhase> {
  const monitoring = await approvedDeclaration(t, w, { projectName: '监控中' });
  const evaluation = await approvedDeclaration(t, w, { projectName: '自评中' });
  await openYear(t, w, 'monitoring');
  await monitored(t, w, evaluation);
  await openYear(t, w, 'evaluation');
  const draft = await createValidDeclaration(t, w.users.submitter.token, { projectName: '草稿' });
  const victim = await t.post(
    '/api/users',
    {
      username: victimUsername,
      displayName: 'V',
      password: PASSWORD,
      roles: ['submitter'],
      departmentId: w.deptA,
    },
    w.admin,
  );
  if (victim.status !== 201) throw new Error(`user ${victimUsername}: ${victim.status} ${victim.text}`);
  return { draft, monitoring, evaluation, victimId: victim.body.id };
}
