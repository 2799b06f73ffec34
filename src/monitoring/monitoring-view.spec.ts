import { describe, expect, it } from '@jest/globals';
import { mergeEvaluation, type StoredEvaluation } from '../evaluation/evaluation-view';
import { mergeMonitoring, type StoredMonitoring } from './monitoring-view';

const stored: StoredMonitoring = {
  periodEndMonth: 6,
  budget: {
    initialBudget: '100.00',
    adjustedBudget: '120.00',
    executedToDate: '50.00',
    forecastFullYear: '120.00',
  },
  goalProgress: '按计划推进',
  entries: [
    {
      indicatorId: 1,
      actualToDate: '80',
      forecast: '150',
      likelihood: 'certain',
      deviationReasons: [],
      correctiveMeasures: null,
      remark: '备注',
    },
    {
      indicatorId: 2,
      actualToDate: '推进中',
      forecast: 'partial',
      likelihood: 'possible',
      deviationReasons: [{ category: 'staffing', note: '人手不足' }],
      correctiveMeasures: '增派人员',
      remark: null,
    },
  ],
};

describe('mergeMonitoring (PATCH)', () => {
  it('changes nothing for an empty change', () => {
    expect(mergeMonitoring(stored, {}, undefined, 7)).toEqual(stored);
  });

  it('changes only the fields sent, entry by indicator, and leaves the stored report untouched', () => {
    const copy = structuredClone(stored);
    const merged = mergeMonitoring(
      stored,
      {
        budget: { executedToDate: 6000n },
        entries: [{ indicatorId: 2, deviationReasons: [], likelihood: 'certain' }],
      },
      undefined,
      7,
    );
    expect(merged).toEqual({
      ...stored,
      budget: { ...stored.budget, executedToDate: '60.00' },
      entries: [stored.entries[0], { ...stored.entries[1], deviationReasons: [], likelihood: 'certain' }],
    });
    expect(stored).toEqual(copy);
  });

  it('clears with null: the month to its default, the budget block, a text', () => {
    const merged = mergeMonitoring(stored, { periodEndMonth: null, budget: null }, null, 7);
    expect(merged.periodEndMonth).toBe(7);
    expect(merged.budget).toEqual({
      initialBudget: null,
      adjustedBudget: null,
      executedToDate: null,
      forecastFullYear: null,
    });
    expect(merged.goalProgress).toBeNull();
    expect(merged.entries).toEqual(stored.entries);
  });

  it('gives an indicator without an entry a blank one with the fields sent, at the end', () => {
    const merged = mergeMonitoring(stored, { entries: [{ indicatorId: 3, forecast: '97' }] }, undefined, 7);
    expect(merged.entries.map((e) => e.indicatorId)).toEqual([1, 2, 3]);
    expect(merged.entries[2]).toEqual({
      indicatorId: 3,
      actualToDate: null,
      forecast: '97',
      likelihood: null,
      deviationReasons: [],
      correctiveMeasures: null,
      remark: null,
    });
  });
});

describe('mergeEvaluation (PATCH)', () => {
  const evaluation: StoredEvaluation = {
    budget: { initialBudget: '100.00', adjustedBudget: null, executed: '95.00' },
    goalAchievement: '基本完成',
    entries: [
      {
        indicatorId: 1,
        weight: '12.50',
        actual: '142',
        achievement: null,
        score: null,
        overrideReason: null,
        deviationAnalysis: '延期',
      },
    ],
  };

  it('changes only the fields sent, and null clears', () => {
    const merged = mergeEvaluation(
      evaluation,
      { budget: { executed: null }, entries: [{ indicatorId: 1, actual: '150', deviationAnalysis: null }] },
      undefined,
    );
    expect(merged).toEqual({
      budget: { initialBudget: '100.00', adjustedBudget: null, executed: null },
      goalAchievement: '基本完成',
      entries: [{ ...evaluation.entries[0], actual: '150', deviationAnalysis: null }],
    });
    expect(mergeEvaluation(evaluation, {}, null).goalAchievement).toBeNull();
  });
});
