import { describe, expect, it } from '@jest/globals';
import type { ApprovedTargets } from '../declarations/approved-targets';
import { SHIPPED_CALENDARS } from '../calendar/shipped';
import { WorkCalendar } from '../calendar/working-days';
import { dueAfter, isOverdue } from './rectification-due';
import { openingDrafts } from './rectification-opening';
import { availableSteps, explainStep, stepsFrom, type StepFacts } from './rectification.machine';
import type { Role } from '../common/roles';

const as = (roles: Role[], relation: 'owner' | 'ancestor' | 'other' = 'owner'): StepFacts => ({
  actor: { id: 7, roles, relation },
});

describe('the rectification item statechart', () => {
  it('has the steps of each status: open (edit, close), closed (accept, reopen), accepted none', () => {
    expect(stepsFrom('open').sort()).toEqual(['CLOSE', 'EDIT']);
    expect(stepsFrom('closed').sort()).toEqual(['ACCEPT', 'REOPEN']);
    expect(stepsFrom('accepted')).toEqual([]);
  });

  it('lets the owning department’s submitter close with evidence, and no one else', () => {
    expect(explainStep('open', { ...as(['submitter']), type: 'CLOSE', text: '已整改' })).toEqual({
      ok: true,
      next: 'closed',
    });
    expect(explainStep('open', { ...as(['submitter']), type: 'CLOSE', text: ' ' })).toEqual({
      ok: false,
      reason: 'text',
    });
    expect(explainStep('open', { ...as(['submitter'], 'other'), type: 'CLOSE', text: 'x' })).toEqual({
      ok: false,
      reason: 'role',
    });
    expect(explainStep('open', { ...as(['bureau_reviewer']), type: 'CLOSE', text: 'x' }).ok).toBe(false);
    expect(explainStep('open', { ...as(['dept_reviewer']), type: 'CLOSE', text: 'x' }).ok).toBe(false);
  });

  it('lets the bureau accept or reopen (with a reason) a closed item, anywhere in its reach', () => {
    expect(explainStep('closed', { ...as(['bureau_reviewer'], 'other'), type: 'ACCEPT' })).toEqual({
      ok: true,
      next: 'accepted',
    });
    expect(explainStep('closed', { ...as(['bureau_reviewer']), type: 'REOPEN', text: '材料不全' })).toEqual({
      ok: true,
      next: 'open',
    });
    expect(explainStep('closed', { ...as(['bureau_reviewer']), type: 'REOPEN', text: '' })).toEqual({
      ok: false,
      reason: 'text',
    });
    expect(explainStep('closed', { ...as(['submitter']), type: 'ACCEPT' })).toEqual({
      ok: false,
      reason: 'role',
    });
  });

  it('refuses a step its status does not have before asking who', () => {
    expect(explainStep('accepted', { ...as(['bureau_reviewer']), type: 'REOPEN', text: 'x' })).toEqual({
      ok: false,
      reason: 'state',
    });
    expect(explainStep('open', { ...as(['bureau_reviewer']), type: 'ACCEPT' })).toEqual({
      ok: false,
      reason: 'state',
    });
  });

  it('never lets an auditor or admin act, even holding a business role too', () => {
    expect(availableSteps('open', as(['submitter', 'auditor']))).toEqual([]);
    expect(availableSteps('closed', as(['bureau_reviewer', 'admin']))).toEqual([]);
    expect(availableSteps('open', as(['bureau_reviewer']))).toEqual(['EDIT']);
    expect(availableSteps('closed', as(['bureau_reviewer'])).sort()).toEqual(['ACCEPT', 'REOPEN']);
  });
});

describe('what an approved self-evaluation opens', () => {
  const approved: ApprovedTargets = {
    versionNo: 1,
    header: { projectName: '数字化建设', competentDepartment: '', implementingUnit: '', annualGoal: '' },
    annualRequest: null,
    indicators: [
      {
        id: 1,
        position: 1,
        level1: 'output',
        level2: 'quantity',
        costType: null,
        name: '开展建设项目数量',
        target: { kind: 'quantitative', op: '≥', value: '150.00', unit: '个' } as never,
        weight: null,
      },
      {
        id: 2,
        position: 2,
        level1: 'benefit',
        level2: 'social',
        costType: null,
        name: '政务服务能力支撑情况',
        target: { kind: 'qualitative', text: '有效提升' } as never,
        weight: null,
      },
    ],
  };
  const entries = (met1: boolean | null, met2: boolean | null) => [
    { indicatorId: 1, weight: '25.00', computedScore: '12.50', score: '12.50', met: met1 },
    { indicatorId: 2, weight: '30.00', computedScore: '30.00', score: '30.00', met: met2 },
  ];

  it('opens one item per indicator not met, with the evaluation’s analysis as the action', () => {
    const drafts = openingDrafts(
      approved,
      { entries: entries(false, true), grade: '良', totalScore: '85.00' },
      [{ indicatorId: 1, actual: '75', deviationAnalysis: '立项延迟' }],
    );
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ source: 'indicator', indicatorId: 1 });
    expect(drafts[0].problem).toContain('开展建设项目数量');
    expect(drafts[0].problem).toContain('75');
    expect(drafts[0].requiredAction).toContain('立项延迟');
  });

  it('opens one for a grade of 中 or 差, none for 优 or 良 with every indicator met (or not told)', () => {
    for (const grade of ['中', '差'] as const) {
      const drafts = openingDrafts(
        approved,
        { entries: entries(true, true), grade, totalScore: '70.00' },
        [],
      );
      expect(drafts.map((d) => d.source)).toEqual(['grade']);
      expect(drafts[0].problem).toContain(`“${grade}”`);
    }
    for (const grade of ['优', '良'] as const)
      expect(
        openingDrafts(approved, { entries: entries(true, null), grade, totalScore: '90.00' }, []),
      ).toEqual([]);
  });
});

describe('due dates', () => {
  it('count working days on the shipped calendars: weekends and holidays off, 调休 on', () => {
    const calendar = new WorkCalendar(SHIPPED_CALENDARS);
    // Approved on Friday 2026-09-18 (Beijing): 9/20 (Sunday) is a 调休 working day, 9/25–27 中秋 and
    // 10/1–7 国庆 are off, 10/10 (Saturday) works.
    expect(dueAfter(calendar, '2026-09-18T02:00:00.000Z', 1)).toBe('2026-09-20');
    expect(dueAfter(calendar, '2026-09-18T02:00:00.000Z', 10)).toBe('2026-10-09');
    expect(dueAfter(calendar, '2026-09-18T02:00:00.000Z', 11)).toBe('2026-10-10');
    // Friday 23:59 in Beijing (15:59 UTC) counts from Friday: the days are Beijing's.
    expect(dueAfter(calendar, '2026-12-04T15:59:00.000Z', 1)).toBe('2026-12-07');
  });

  it('are overdue only while the item is open, from the day after', () => {
    expect(isOverdue('open', '2026-12-01', '2026-12-01')).toBe(false);
    expect(isOverdue('open', '2026-12-01', '2026-12-02')).toBe(true);
    expect(isOverdue('closed', '2026-12-01', '2026-12-02')).toBe(false);
  });
});
