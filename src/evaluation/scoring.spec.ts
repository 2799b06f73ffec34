import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { defaults } from '../../config/defaults';
import { englishIn } from '../../test/support/errors';
import { appError, firstProblem, target as t, yuan } from '../../test/support/report-rules';
import { render } from '../common/i18n';
import type { Level1 } from '../declarations/declaration-content';
import type { ApprovedIndicator } from '../reports/report-rules';
import { quantitativeMet, quantitativeScore } from '../reports/target-formula';
import type { EvaluationEntryInput } from './evaluation-fields';
import { validateEvaluationInput, validateEvaluationPatch } from './evaluation-input';
import { EVALUATION_FINDINGS, type EvaluationInput, gradeOf, scoreEvaluation } from './scoring';
import { scoreIndicator } from './scoring-indicator';
import { defaultWeights } from './scoring-weights';

// ---------------------------------------------------------------------------------------------
// Factories

function ind(
  id: number,
  level1: Level1,
  name: string,
  target: string | null,
  weight?: string,
): ApprovedIndicator {
  return { id, level1, name, target: target === null ? null : t(target), weight: weight ?? null };
}

/** The worked example of docs/spec/domain.md §6 (project 数字化建设). */
const example: ApprovedIndicator[] = [
  ind(1, 'output', '开展建设项目数量', '≥150.00(个)'),
  ind(2, 'output', '非重大项目验收通过率', '=100.00(%)'),
  ind(3, 'output', '项目预算变更率', '≤15.00(%)'),
  ind(4, 'output', '项目完成及时性', '及时'),
  ind(5, 'benefit', '政务服务能力支撑情况', '有效提升'),
  ind(6, 'benefit', '社会治理和城市管理水平', '有效提升'),
  ind(7, 'benefit', '系统长效运行保障', '有效健全'),
  ind(8, 'satisfaction', '业务需求部门满意度', '≥90.00(%)'),
];

const exampleEntries: EvaluationEntryInput[] = [
  { indicatorId: 1, actual: '142', deviationAnalysis: '部分项目延期至下一年度' },
  { indicatorId: 2, actual: '100' },
  { indicatorId: 3, actual: '18', deviationAnalysis: '需求调整导致变更' },
  { indicatorId: 4, actual: '按期完成', achievement: 'achieved' },
  { indicatorId: 5, actual: '有效提升', achievement: 'achieved' },
  {
    indicatorId: 6,
    actual: '部分提升',
    achievement: 'partial',
    score: '7.00',
    deviationAnalysis: '协同机制待完善',
  },
  { indicatorId: 7, actual: '有效健全', achievement: 'achieved' },
  { indicatorId: 8, actual: '92.5' },
];

const exampleBudget = {
  initialBudget: yuan('491254500.00'),
  adjustedBudget: yuan('491254500.00'),
  executed: yuan('466691775.00'),
};

function evaluation(overrides: Partial<EvaluationInput> = {}): EvaluationInput {
  return { indicators: example, entries: exampleEntries, budget: exampleBudget, ...overrides };
}

/** A one-indicator evaluation: output weight 90 of its own, full budget execution (10). */
function single(entry: Omit<EvaluationEntryInput, 'indicatorId'>, target = '≥100.00(%)') {
  return scoreEvaluation({
    indicators: [ind(1, 'output', '指标甲', target, '90.00')],
    entries: [{ indicatorId: 1, ...entry }],
    budget: { adjustedBudget: yuan('100.00'), executed: yuan('100.00') },
  });
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

// ---------------------------------------------------------------------------------------------

describe('defaultWeights (docs/spec/domain.md §6)', () => {
  const levels = (...l: Level1[]) => l.map((level1) => ({ level1 }));

  it('gives the worked example 12.50 × 4 output, 10.00 × 3 benefit, 10.00 satisfaction', () => {
    expect(defaultWeights(example)).toEqual([
      '12.50',
      '12.50',
      '12.50',
      '12.50',
      '10.00',
      '10.00',
      '10.00',
      '10.00',
    ]);
  });

  it('splits in cents, the odd cents to the first indicators: 3 sharing 50', () => {
    expect(defaultWeights(levels('output', 'output', 'output', 'benefit', 'satisfaction'))).toEqual([
      '16.67',
      '16.67',
      '16.66',
      '30.00',
      '10.00',
    ]);
  });

  it('splits 30 among 7 benefit indicators as 4.29 × 4 and 4.28 × 3', () => {
    const w = defaultWeights(levels('output', ...Array<Level1>(7).fill('benefit'), 'satisfaction'));
    expect(w.slice(1, 8)).toEqual(['4.29', '4.29', '4.29', '4.29', '4.28', '4.28', '4.28']);
  });

  it('gives the odd cents in form order even when level-1s interleave', () => {
    expect(defaultWeights(levels('output', 'benefit', 'output', 'satisfaction', 'output'))).toEqual([
      '16.67',
      '30.00',
      '16.67',
      '10.00',
      '16.66',
    ]);
  });

  it('redistributes a missing level-1 in proportion: no satisfaction gives 56.25 and 33.75', () => {
    expect(defaultWeights(levels('output', 'benefit'))).toEqual(['56.25', '33.75']);
    expect(defaultWeights(levels('output', 'output', 'benefit'))).toEqual(['28.13', '28.12', '33.75']);
  });

  it('redistributes other missing level-1s the same way', () => {
    expect(defaultWeights(levels('output'))).toEqual(['90.00']);
    expect(defaultWeights(levels('benefit', 'satisfaction'))).toEqual(['67.50', '22.50']);
    expect(defaultWeights(levels('output', 'satisfaction'))).toEqual(['75.00', '15.00']);
  });

  it('keeps the total exact when a proportional share falls between cents (largest remainder)', () => {
    const weights = { budget: 10, output: 40, benefit: 30, satisfaction: 20 };
    // 90 × 40/70 = 51.428…, 90 × 30/70 = 38.571…: 51.42 + 38.57 = 89.99, the odd cent to output.
    expect(defaultWeights(levels('output', 'benefit'), weights)).toEqual(['51.43', '38.57']);
  });

  it('shares equally when the level-1s present have no configured points', () => {
    const weights = { budget: 10, output: 90, benefit: 0, satisfaction: 0 };
    expect(defaultWeights(levels('benefit', 'satisfaction'), weights)).toEqual(['45.00', '45.00']);
  });

  it('returns nothing for no indicators', () => {
    expect(defaultWeights([])).toEqual([]);
  });

  it('always totals 90.00, splits a level-1 within a cent, odd cents first (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Level1>('output', 'benefit', 'satisfaction'), { minLength: 1 }),
        (ls) => {
          const cents = defaultWeights(levels(...ls)).map((w) => Math.round(Number(w) * 100));
          expect(cents.reduce((s, c) => s + c, 0)).toBe(9000);
          for (const l of ['output', 'benefit', 'satisfaction'] as Level1[]) {
            const mine = cents.filter((_, i) => ls[i] === l);
            for (let i = 1; i < mine.length; i++) {
              expect(mine[i] === mine[i - 1] || mine[i] === mine[i - 1] - 1).toBe(true);
            }
          }
        },
      ),
    );
  });
});

describe('scoreIndicator: quantitative formulas', () => {
  const score = (target: string, actual: string | null, weight = '12.50') =>
    scoreIndicator({ target: t(target), weight, actual });

  it('≥: full marks at or above the target, w·a/t below, capped when over-executed', () => {
    expect(score('≥150.00(个)', '142')).toMatchObject({ computedScore: '11.83', score: '11.83', met: false });
    expect(score('≥150.00(个)', '150')).toMatchObject({ score: '12.50', met: true });
    expect(score('≥150.00(个)', '400')).toMatchObject({ score: '12.50', met: true });
    expect(score('≥150.00(个)', '0')).toMatchObject({ score: '0.00', met: false });
    expect(score('≥150.00(个)', '-5')).toMatchObject({ score: '0.00', met: false });
  });

  it('>: scored like ≥, so the boundary itself is met', () => {
    expect(score('>95(%)', '95')).toMatchObject({ score: '12.50', met: true });
    expect(score('>95(%)', '94.05')).toMatchObject({ score: '12.38', met: false });
  });

  it('≥ with target 0: any actual ≥ 0 gets w', () => {
    expect(score('≥0(个)', '0')).toMatchObject({ score: '12.50', met: true });
    expect(score('≥0(个)', '3')).toMatchObject({ score: '12.50', met: true });
    expect(score('≥0(个)', '-1')).toMatchObject({ score: '0.00', met: false });
  });

  it('≤: full marks at or below, linear to 0 at 2t', () => {
    expect(score('≤15.00(%)', '18')).toMatchObject({ computedScore: '10.00', met: false });
    expect(score('≤15.00(%)', '15')).toMatchObject({ score: '12.50', met: true });
    expect(score('≤15.00(%)', '3')).toMatchObject({ score: '12.50', met: true });
    expect(score('≤15.00(%)', '30')).toMatchObject({ score: '0.00', met: false });
    expect(score('≤15.00(%)', '45')).toMatchObject({ score: '0.00', met: false });
    // just below 2t: 12.5 × 0.01 / 15 = 0.00833 → 0.01
    expect(score('≤15.00(%)', '29.99')).toMatchObject({ score: '0.01', met: false });
    expect(score('≤15.00(%)', '29.9')).toMatchObject({ score: '0.08', met: false });
  });

  it('<: scored like ≤', () => {
    expect(score('<10(%)', '10')).toMatchObject({ score: '12.50', met: true });
    expect(score('<10(%)', '12')).toMatchObject({ score: '10.00', met: false });
  });

  it('≤ / < with target 0: only 0 (or less) scores', () => {
    expect(score('≤0(起)', '0')).toMatchObject({ score: '12.50', met: true });
    expect(score('≤0(起)', '0.01')).toMatchObject({ score: '0.00', met: false });
    expect(score('<0(起)', '1')).toMatchObject({ score: '0.00', met: false });
  });

  it('= with target 0: a ≤ 0 gets w, anything else 0', () => {
    expect(score('=0.00(起)', '0')).toMatchObject({ score: '12.50', met: true });
    expect(score('=0.00(起)', '1')).toMatchObject({ score: '0.00', met: false });
    expect(score('=0.00(起)', '0.5')).toMatchObject({ score: '0.00', met: false });
  });

  it('= with target > 0 is scored as ≥', () => {
    expect(score('=100.00(%)', '100')).toMatchObject({ score: '12.50', met: true });
    expect(score('=1.00(次/周)', '2')).toMatchObject({ score: '12.50', met: true });
    expect(score('=100.00(%)', '90')).toMatchObject({ score: '11.25', met: false });
  });

  it('rounds half up on exact decimals, where float arithmetic would not', () => {
    // 1 × 1 / 8 = 0.125 → 0.13 (banker's rounding would give 0.12)
    expect(score('≥8(个)', '1', '1.00').score).toBe('0.13');
    // 10.05 × 1 / 10 = 1.005 → 1.01 (1.005 as a double is 1.00499…)
    expect(score('≥10(个)', '1', '10.05').score).toBe('1.01');
    // 12.5 × 142 / 150 = 11.8333… → 11.83; 12.5 × 143 / 150 = 11.9166… → 11.92
    expect(score('≥150.00(个)', '143').score).toBe('11.92');
  });

  it('reports a missing or non-numeric actual and scores nothing', () => {
    const missing = score('≥150.00(个)', null);
    expect(missing).toMatchObject({ computedScore: null, score: null, met: null });
    expect(missing.problems.map((p) => [p.code, p.field])).toEqual([['EVAL_ACTUAL_MISSING', 'actual']]);
    expect(score('≥150.00(个)', '  ').problems[0].code).toBe('EVAL_ACTUAL_MISSING');
    const text = score('≥90.00(%)', '92.5%');
    expect(text).toMatchObject({ computedScore: null, score: null, met: null });
    expect(text.problems[0]).toEqual({
      code: 'EVAL_ACTUAL_NOT_NUMERIC',
      field: 'actual',
      params: { value: '92.5%', unit: '%' },
    });
  });

  it('throws a 400 AppError for a weight that is not points', () => {
    const e = appError(() => scoreIndicator({ target: t('≥1(个)'), weight: 'abc', actual: '1' }));
    expect([e.status, e.code, e.field]).toEqual([400, 'REPORT_POINTS_INVALID', 'weight']);
  });
});

describe('scoreIndicator: manual override of a quantitative score', () => {
  const base = { target: t('≥150.00(个)'), weight: '12.50', actual: '150' };

  it('applies an override with a reason within [0, w]; met stays about the target', () => {
    const r = scoreIndicator({ ...base, score: '10.00', overrideReason: '指标值设置偏低，偏离度调减' });
    expect(r).toMatchObject({
      computedScore: '12.50',
      score: '10.00',
      met: true,
      overridden: true,
      problems: [],
    });
    expect(scoreIndicator({ ...base, score: '0', overrideReason: 'x' })).toMatchObject({
      score: '0.00',
      overridden: true,
    });
    expect(scoreIndicator({ ...base, actual: '100', score: '12.50', overrideReason: 'x' })).toMatchObject({
      computedScore: '8.33',
      score: '12.50',
      overridden: true,
    });
  });

  it('does not apply an override without a reason', () => {
    const r = scoreIndicator({ ...base, score: '10.00', overrideReason: '  ' });
    expect(r).toMatchObject({ score: '12.50', overridden: false });
    expect(r.problems.map((p) => [p.code, p.field])).toEqual([
      ['EVAL_OVERRIDE_REASON_MISSING', 'overrideReason'],
    ]);
  });

  it('does not apply an override above w', () => {
    const r = scoreIndicator({ ...base, actual: '100', score: '12.51', overrideReason: 'x' });
    expect(r).toMatchObject({ score: '8.33', overridden: false });
    expect(r.problems.map((p) => p.code)).toEqual(['EVAL_OVERRIDE_OUT_OF_RANGE']);
  });

  it('takes a score equal to the computed one as no override (no reason needed)', () => {
    const r = scoreIndicator({ ...base, actual: '142', score: '11.83' });
    expect(r).toMatchObject({ score: '11.83', overridden: false, problems: [] });
  });

  it('reports a score that is not points, keeping the computed one', () => {
    const r = scoreIndicator({ ...base, score: 'ten', overrideReason: 'x' });
    expect(r).toMatchObject({ score: '12.50' });
    expect(r.problems.map((p) => p.code)).toEqual(['EVAL_SCORE_NOT_NUMERIC']);
  });
});

describe('scoreIndicator: qualitative bands', () => {
  const q = (achievement: 'achieved' | 'partial' | 'notAchieved' | null, score?: string, weight = '12.50') =>
    scoreIndicator({ target: t('及时'), weight, actual: '按期', achievement, score });
  const band = (r: ReturnType<typeof q>) => [r.score, r.problems.map((p) => p.code)];

  it('achieved: default w, accepts [0.8w, w], rejects below 0.8w or above w (falls back to w)', () => {
    expect(q('achieved')).toMatchObject({ computedScore: '12.50', score: '12.50', met: true, problems: [] });
    expect(band(q('achieved', '10.00'))).toEqual(['10.00', []]);
    expect(band(q('achieved', '12.50'))).toEqual(['12.50', []]);
    expect(band(q('achieved', '9.99'))).toEqual(['12.50', ['EVAL_SCORE_OUT_OF_BAND']]);
    expect(band(q('achieved', '12.51'))).toEqual(['12.50', ['EVAL_SCORE_OUT_OF_BAND']]);
  });

  it('partial: score required, [0.6w, 0.8w): 0.8w rejected, 0.6w accepted', () => {
    expect(q('partial')).toMatchObject({ computedScore: null, score: null, met: false });
    expect(q('partial').problems.map((p) => [p.code, p.field])).toEqual([['EVAL_SCORE_REQUIRED', 'score']]);
    expect(band(q('partial', '10.00'))).toEqual([null, ['EVAL_SCORE_OUT_OF_BAND']]);
    expect(band(q('partial', '9.99'))).toEqual(['9.99', []]);
    expect(band(q('partial', '7.50'))).toEqual(['7.50', []]);
    expect(band(q('partial', '7.49'))).toEqual([null, ['EVAL_SCORE_OUT_OF_BAND']]);
  });

  it('notAchieved: score required, [0, 0.6w): 0.6w rejected, 0 accepted', () => {
    expect(q('notAchieved').problems.map((p) => p.code)).toEqual(['EVAL_SCORE_REQUIRED']);
    expect(band(q('notAchieved', '7.50'))).toEqual([null, ['EVAL_SCORE_OUT_OF_BAND']]);
    expect(band(q('notAchieved', '7.49'))).toEqual(['7.49', []]);
    expect(band(q('notAchieved', '0'))).toEqual(['0.00', []]);
    expect(q('notAchieved', '3').met).toBe(false);
  });

  it('compares bands exactly, unrounded: w 16.67 puts 0.8w at 13.336', () => {
    expect(band(q('partial', '13.33', '16.67'))).toEqual(['13.33', []]);
    expect(band(q('partial', '13.34', '16.67'))).toEqual([null, ['EVAL_SCORE_OUT_OF_BAND']]);
    expect(band(q('achieved', '13.34', '16.67'))).toEqual(['13.34', []]);
    expect(band(q('achieved', '13.33', '16.67'))).toEqual(['16.67', ['EVAL_SCORE_OUT_OF_BAND']]);
  });

  it('names the band in the problem, in the form’s words', () => {
    const [p] = q('partial', '11').problems;
    expect(p).toEqual({
      code: 'EVAL_SCORE_OUT_OF_BAND',
      field: 'score',
      params: { achievement: 'partial', score: '11.00', lo: '7.5', hi: '10', closed: false },
    });
    expect(render(p.code, { ...p.params, name: '社会治理和城市管理水平' }, 'zh')).toBe(
      '指标「社会治理和城市管理水平」评定为「部分达成年度指标并具有一定效果」，得分 11.00 分超出该评定的得分范围（不低于 7.5 分且低于 10 分）',
    );
    expect(render(p.code, { ...p.params, name: 'x' }, 'en')).toBe(
      'Indicator "x" is graded "partly achieved, with some effect": the score 11.00 is outside [7.5, 10)',
    );
    const [achieved] = q('achieved', '5').problems;
    expect(render(achieved.code, { ...achieved.params, name: 'x' }, 'zh')).toContain(
      '得分 5.00 分超出该评定的得分范围（10 至 12.5 分）',
    );
  });

  it('reports a missing achievement and scores nothing', () => {
    const r = q(null);
    expect(r).toMatchObject({ computedScore: null, score: null, met: null });
    expect(r.problems.map((p) => [p.code, p.field])).toEqual([['EVAL_ACHIEVEMENT_MISSING', 'achievement']]);
  });

  it('follows bands from config', () => {
    const cfg = {
      qualitativeBands: { achieved: ['0.9', '1'], partial: ['0.5', '0.9'], notAchieved: ['0', '0.5'] },
    };
    const r = scoreIndicator(
      { target: t('及时'), weight: '10', actual: null, achievement: 'partial', score: '8.50' },
      cfg,
    );
    expect(r.problems).toEqual([]);
    expect(r.score).toBe('8.50');
  });
});

describe('quantitativeScore / quantitativeMet', () => {
  it('give the §6 score for any weight and the met rule', () => {
    expect(quantitativeScore(t('≥95(%)'), '76', '1')).toBe('0.80');
    expect(quantitativeScore(t('≤15(%)'), '18', '1')).toBe('0.80');
    expect(quantitativeMet(t('≥95(%)'), '95')).toBe(true);
    expect(quantitativeMet(t('≤15(%)'), '15.01')).toBe(false);
    expect(quantitativeMet(t('=0(起)'), '0')).toBe(true);
    const e = appError(() => quantitativeScore(t('≥95(%)'), 'n/a', '1'));
    expect([e.status, e.code, e.field]).toEqual([400, 'FIELD_DECIMAL', 'actual']);
  });
});

describe('gradeOf', () => {
  it.each([
    ['100.00', '优'],
    ['90.00', '优'],
    ['89.99', '良'],
    ['80.00', '良'],
    ['79.99', '中'],
    ['60.00', '中'],
    ['59.99', '差'],
    ['0.00', '差'],
  ])('%s → %s', (total, grade) => {
    expect(gradeOf(total)).toBe(grade);
  });

  it('takes thresholds from config', () => {
    expect(gradeOf('85.00', { excellent: 85, good: 75, fair: 50 })).toBe('优');
  });
});

describe('scoreEvaluation: the worked example of docs/spec/domain.md §6', () => {
  const r = scoreEvaluation(evaluation());

  it('reproduces every score', () => {
    expect(r.entries.map((e) => [e.indicatorId, e.weight, e.score])).toEqual([
      [1, '12.50', '11.83'],
      [2, '12.50', '12.50'],
      [3, '12.50', '10.00'],
      [4, '12.50', '12.50'],
      [5, '10.00', '10.00'],
      [6, '10.00', '7.00'],
      [7, '10.00', '10.00'],
      [8, '10.00', '10.00'],
    ]);
    expect(r.entries.map((e) => e.computedScore)).toEqual([
      '11.83',
      '12.50',
      '10.00',
      '12.50',
      '10.00',
      null,
      '10.00',
      '10.00',
    ]);
    expect(r.entries.map((e) => e.met)).toEqual([false, true, false, true, true, false, true, true]);
  });

  it('reproduces the budget, subtotals, total and grade', () => {
    expect(r).toMatchObject({
      budgetRate: '95.00',
      budgetScore: '9.50',
      subtotals: { output: '46.83', benefit: '27.00', satisfaction: '10.00' },
      totalScore: '93.33',
      grade: '优',
    });
  });

  it('has no findings when the deviations are analysed', () => {
    expect(r.findings).toEqual([]);
  });

  it('requires the analysis for each indicator not met', () => {
    const bare = scoreEvaluation(
      evaluation({ entries: exampleEntries.map((e) => ({ ...e, deviationAnalysis: null })) }),
    );
    expect(bare.findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'EVAL_DEVIATION_ANALYSIS_MISSING', 'entries[0].deviationAnalysis'],
      ['error', 'EVAL_DEVIATION_ANALYSIS_MISSING', 'entries[2].deviationAnalysis'],
      ['error', 'EVAL_DEVIATION_ANALYSIS_MISSING', 'entries[5].deviationAnalysis'],
    ]);
    expect(bare.findings[0].message).toBe(
      '指标「开展建设项目数量」未完成年度指标值，须填写偏差原因分析及改进措施',
    );
    expect(bare.findings.map((f) => f.indicatorId)).toEqual([1, 3, 6]);
    const en = scoreEvaluation(
      evaluation({ entries: exampleEntries.map((e) => ({ ...e, deviationAnalysis: null })) }),
      { lang: 'en' },
    );
    expect(en.findings[0].message).toBe(
      'Indicator "开展建设项目数量" did not meet its target: the deviation analysis is required',
    );
    expect(bare.totalScore).toBe('93.33');
  });

  it('lists every approved indicator weight, with or without an entry', () => {
    const partial = scoreEvaluation(evaluation({ entries: exampleEntries.slice(0, 2) }));
    expect(partial.indicatorWeights.map((w) => w.weight)).toEqual(defaultWeights(example));
    expect(partial.indicatorWeights[7]).toEqual({ indicatorId: 8, weight: '10.00' });
  });
});

describe('scoreEvaluation: entries and weights', () => {
  it('reports each indicator without an entry at its place in the approved form, counting it 0', () => {
    const r = scoreEvaluation(evaluation({ entries: exampleEntries.filter((e) => e.indicatorId !== 3) }));
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([['EVAL_ENTRY_MISSING', 'indicators[2]']]);
    expect(r.findings[0]).toMatchObject({
      indicatorId: 3,
      message: '指标「项目预算变更率」尚未填写自评（实际完成值、得分）',
    });
    expect(r.subtotals.output).toBe('36.83');
    expect(r.totalScore).toBe('83.33');
  });

  it('reports an entry for an indicator not in the approved version, and does not score it', () => {
    const r = scoreEvaluation(evaluation({ entries: [...exampleEntries, { indicatorId: 99, actual: '1' }] }));
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['EVAL_ENTRY_UNKNOWN_INDICATOR', 'entries[8].indicatorId'],
    ]);
    expect(r.entries[8]).toEqual({
      indicatorId: 99,
      weight: null,
      computedScore: null,
      score: null,
      met: null,
    });
    expect(r.totalScore).toBe('93.33');
  });

  it('scores only the first of two entries for one indicator', () => {
    const r = scoreEvaluation(evaluation({ entries: [...exampleEntries, { indicatorId: 2, actual: '0' }] }));
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['EVAL_ENTRY_DUPLICATE', 'entries[8].indicatorId'],
    ]);
    expect(r.entries[8].score).toBeNull();
    expect(r.totalScore).toBe('93.33');
  });

  it('accepts own weights that total 100 with the budget', () => {
    const weights = ['20.00', '10.00', '10.00', '10.00', '10.00', '10.00', '10.00', '10.00'];
    const r = scoreEvaluation(
      evaluation({ entries: exampleEntries.map((e, i) => ({ ...e, weight: weights[i] })) }),
    );
    expect(r.findings).toEqual([]);
    expect(r.entries.map((e) => e.weight)).toEqual(weights);
    expect(r.entries[0].score).toBe('18.93'); // 20 × 142 / 150
  });

  it('reports own weights that do not total 100', () => {
    const entries = exampleEntries.map((e, i) => (i === 0 ? { ...e, weight: '15.00' } : e));
    const r = scoreEvaluation(evaluation({ entries }));
    expect(r.findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'EVAL_WEIGHTS_TOTAL', 'entries'],
    ]);
    expect(r.findings[0].message).toBe(
      '分值合计 102.50 分（各指标 92.50 分 + 预算执行率 10.00 分），应为 100.00 分',
    );
  });

  it('uses the declared weight when the entry gives none, the entry weight over it', () => {
    const indicators = example.map((i) => (i.id === 1 ? { ...i, weight: '15.00' } : i));
    const r = scoreEvaluation(evaluation({ indicators }));
    expect(r.entries[0].weight).toBe('15.00');
    expect(codes(r)).toEqual(['EVAL_WEIGHTS_TOTAL']);
    const both = scoreEvaluation(
      evaluation({
        indicators,
        entries: exampleEntries.map((e, i) => (i === 0 ? { ...e, weight: '12.50' } : e)),
      }),
    );
    expect(both.entries[0].weight).toBe('12.50');
    expect(both.findings).toEqual([]);
  });

  it('falls back to the default for a stored weight that is not points', () => {
    const indicators = example.map((i) => (i.id === 2 ? { ...i, weight: 'abc' } : i));
    const r = scoreEvaluation(evaluation({ indicators }));
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['EVAL_WEIGHT_INVALID', 'indicators[1].weight'],
    ]);
    expect(r.entries[1].weight).toBe('12.50');
  });

  it('reports an indicator without a target instead of scoring it', () => {
    const indicators = example.map((i) => (i.id === 8 ? { ...i, target: null } : i));
    const r = scoreEvaluation(evaluation({ indicators }));
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([['EVAL_TARGET_MISSING', 'entries[7]']]);
    expect(r.entries[7]).toMatchObject({ weight: '10.00', score: null, met: null });
    expect(r.subtotals.satisfaction).toBe('0.00');
  });

  it('turns indicator problems into findings naming indicator and field', () => {
    const entries = exampleEntries.map((e) => {
      if (e.indicatorId === 1) return { ...e, actual: null };
      if (e.indicatorId === 6) return { ...e, score: null };
      if (e.indicatorId === 4) return { ...e, achievement: null };
      if (e.indicatorId === 2) return { ...e, score: '10.00' };
      if (e.indicatorId === 8) return { ...e, actual: '九十' };
      return e;
    });
    const r = scoreEvaluation(evaluation({ entries }));
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['EVAL_ACTUAL_MISSING', 'entries[0].actual'],
      ['EVAL_OVERRIDE_REASON_MISSING', 'entries[1].overrideReason'],
      ['EVAL_ACHIEVEMENT_MISSING', 'entries[3].achievement'],
      ['EVAL_SCORE_REQUIRED', 'entries[5].score'],
      ['EVAL_ACTUAL_NOT_NUMERIC', 'entries[7].actual'],
    ]);
    for (const f of r.findings) expect(f.severity).toBe('error');
    expect(r.findings.map((f) => f.message)).toEqual([
      '指标「开展建设项目数量」缺少实际完成值（年度指标值 ≥150.00(个)）',
      '指标「非重大项目验收通过率」的得分由计算值 12.50 调整为 10.00 分，须填写得分调整理由',
      '指标「项目完成及时性」为定性指标（年度指标值「及时」），须评定达成情况：达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差',
      '指标「社会治理和城市管理水平」评定为「部分达成年度指标并具有一定效果」，须填写得分（不低于 6 分且低于 8 分）',
      '指标「业务需求部门满意度」的实际完成值「九十」不是数字，请只填数字（单位：%）',
    ]);
    expect(r.findings.map((f) => f.indicatorId)).toEqual([1, 2, 4, 6, 8]);
    for (const f of r.findings) expect(englishIn(f.message)).toBeNull();
    // unscored indicators count 0: 12.50 + 10.00 (output), 10.00 + 10.00 (benefit), 0 satisfaction
    expect(r.subtotals).toEqual({ output: '22.50', benefit: '20.00', satisfaction: '0.00' });
  });

  it('requires the analysis when the score is below the weight even though the target is met', () => {
    const overridden = single({ actual: '100', score: '80.00', overrideReason: '指标值设置偏低' });
    expect(overridden.entries[0]).toMatchObject({ score: '80.00', met: true });
    expect(codes(overridden)).toEqual(['EVAL_DEVIATION_ANALYSIS_MISSING']);
    expect(overridden.findings[0].message).toBe(
      '指标「指标甲」得分 80.00 分低于分值 90.00 分，须填写偏差原因分析及改进措施',
    );
    const achievedLow = single({ achievement: 'achieved', score: '80.00' }, '及时');
    expect(codes(achievedLow)).toEqual(['EVAL_DEVIATION_ANALYSIS_MISSING']);
    expect(
      single({ achievement: 'achieved', score: '80.00', deviationAnalysis: '说明' }, '及时').findings,
    ).toEqual([]);
    expect(single({ actual: '100' }).findings).toEqual([]);
  });

  it('warns when a higher-is-better actual exceeds its target by 20 % or more', () => {
    expect(codes(single({ actual: '120' }))).toEqual(['EVAL_ACTUAL_FAR_ABOVE_TARGET']);
    expect(single({ actual: '120' }).findings[0]).toMatchObject({
      severity: 'warning',
      path: 'entries[0].actual',
    });
    expect(codes(single({ actual: '119.99' }))).toEqual([]);
    expect(codes(single({ actual: '150' }, '>100(%)'))).toEqual(['EVAL_ACTUAL_FAR_ABOVE_TARGET']);
    // not for lower-is-better, exact or a target of 0
    expect(codes(single({ actual: '150' }, '=100(%)'))).toEqual([]);
    expect(codes(single({ actual: '5' }, '≥0(个)'))).toEqual([]);
    expect(codes(single({ actual: '1' }, '≤10(%)'))).toEqual([]);
  });

  it('applies severity overrides from config', () => {
    const r = scoreEvaluation(evaluation({ entries: exampleEntries.filter((e) => e.indicatorId !== 3) }), {
      severities: { EVAL_ENTRY_MISSING: 'warning' },
    });
    expect(r.findings.map((f) => [f.severity, f.code])).toEqual([['warning', 'EVAL_ENTRY_MISSING']]);
  });

  it('declares a default severity for every code it raises', () => {
    expect(Object.values(EVALUATION_FINDINGS).every((s) => s === 'error' || s === 'warning')).toBe(true);
    expect(EVALUATION_FINDINGS.EVAL_BUDGET_RATE_LOW).toBe('warning');
    expect(EVALUATION_FINDINGS.EVAL_ACTUAL_FAR_ABOVE_TARGET).toBe('warning');
  });
});

describe('scoreEvaluation: budget and grade', () => {
  const withBudget = (budget: EvaluationInput['budget'], approvedAnnualRequest?: bigint | null) =>
    scoreEvaluation(evaluation({ budget, approvedAnnualRequest }));

  it('caps over-execution at the full budget weight, the rate above 100 %', () => {
    const r = withBudget({ adjustedBudget: yuan('100.00'), executed: yuan('120.00') });
    expect(r).toMatchObject({ budgetRate: '120.00', budgetScore: '10.00', totalScore: '93.83' });
  });

  it('rounds the rate and the score half up from the exact quotient', () => {
    // 2 / 3: 66.666…% and 6.666… points
    const r = withBudget({ adjustedBudget: yuan('3.00'), executed: yuan('2.00') });
    expect(r).toMatchObject({ budgetRate: '66.67', budgetScore: '6.67' });
    // 0.995 exactly: 99.50 % and 9.95 points; 0.12345: 12.35 % (half up) and 1.23
    expect(withBudget({ adjustedBudget: yuan('200.00'), executed: yuan('199.00') })).toMatchObject({
      budgetRate: '99.50',
      budgetScore: '9.95',
    });
    expect(withBudget({ adjustedBudget: yuan('200000.00'), executed: yuan('24690.00') })).toMatchObject({
      budgetRate: '12.35',
      budgetScore: '1.23',
    });
  });

  it('warns below 90 %, comparing the published rate', () => {
    const at = (executed: string) =>
      withBudget({ adjustedBudget: yuan('100000.00'), executed: yuan(executed) });
    expect(at('89990.00').findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['warning', 'EVAL_BUDGET_RATE_LOW', 'budget.executed'],
    ]);
    expect(at('89990.00').findings[0].message).toBe('预算执行率 89.99% 低于 90%');
    expect(at('90000.00').findings).toEqual([]);
    expect(at('89995.00')).toMatchObject({ budgetRate: '90.00', findings: [] }); // 89.995 → 90.00
  });

  it('reports an adjusted budget of 0 as an error, scoring the budget 0', () => {
    const r = withBudget({ initialBudget: yuan('100.00'), adjustedBudget: 0n, executed: 0n });
    expect(r.findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'EVAL_BUDGET_ADJUSTED_ZERO', 'budget.adjustedBudget'],
    ]);
    expect(r).toMatchObject({ budgetRate: null, budgetScore: '0.00', totalScore: '83.83', grade: '良' });
  });

  it('defaults the adjusted budget to the initial one, and that to the approved annual request', () => {
    const fromInitial = withBudget({ initialBudget: yuan('1000.00'), executed: yuan('950.00') });
    expect(fromInitial).toMatchObject({ budgetRate: '95.00', findings: [] });
    expect(fromInitial.budget).toEqual({
      initialBudget: yuan('1000.00'),
      adjustedBudget: yuan('1000.00'),
      executed: yuan('950.00'),
    });
    const fromRequest = withBudget({ executed: yuan('950.00') }, yuan('1000.00'));
    expect(fromRequest).toMatchObject({ budgetRate: '95.00', findings: [] });
    expect(fromRequest.budget.initialBudget).toBe(yuan('1000.00'));
    const adjustedWins = withBudget({
      initialBudget: yuan('1.00'),
      adjustedBudget: yuan('1000.00'),
      executed: yuan('950.00'),
    });
    expect(adjustedWins.budgetRate).toBe('95.00');
  });

  it('reports a missing adjusted budget or executed amount', () => {
    expect(withBudget({ executed: yuan('1.00') }).findings.map((f) => [f.code, f.path])).toEqual([
      ['EVAL_BUDGET_ADJUSTED_MISSING', 'budget.adjustedBudget'],
    ]);
    const r = withBudget({ adjustedBudget: yuan('1.00') });
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['EVAL_BUDGET_EXECUTED_MISSING', 'budget.executed'],
    ]);
    expect(r).toMatchObject({ budgetRate: null, budgetScore: '0.00' });
  });

  it.each([
    ['80.00', '优', '90.00', 'achieved'],
    ['79.99', '良', '89.99', 'achieved'],
    ['70.00', '良', '80.00', 'partial'],
    ['69.99', '中', '79.99', 'partial'],
    ['50.00', '中', '60.00', 'notAchieved'],
    ['49.99', '差', '59.99', 'notAchieved'],
  ] as const)('grades a total of indicator %s + budget 10 as %s', (score, grade, total, achievement) => {
    // weight 90: achieved [72, 90], partial [54, 72), notAchieved [0, 54)
    const r = single({ achievement, score, deviationAnalysis: '说明' }, '及时');
    expect(r.findings).toEqual([]);
    expect(r.totalScore).toBe(total);
    expect(r.grade).toBe(grade);
  });
});

describe('validateEvaluationInput', () => {
  const body = (entries: unknown[], budget: unknown = { adjustedBudget: '100.00', executed: '95.00' }) => ({
    version: 3,
    goalAchievement: '基本完成',
    budget,
    entries,
  });

  it('returns the payload typed and normalised', () => {
    const p = validateEvaluationInput(
      body([
        { indicatorId: 1, weight: '12.5', actual: ' 142 ', deviationAnalysis: '  ' },
        { indicatorId: '4', actual: '按期完成', achievement: 'achieved', score: '12' },
        { indicatorId: 6, achievement: 'partial', score: '7', overrideReason: null },
      ]),
      example,
    );
    expect(p.budget).toEqual({ initialBudget: null, adjustedBudget: 10000n, executed: 9500n });
    expect(p.entries).toEqual([
      {
        indicatorId: 1,
        weight: '12.50',
        actual: '142',
        achievement: null,
        score: null,
        overrideReason: null,
        deviationAnalysis: null,
      },
      {
        indicatorId: 4,
        weight: null,
        actual: '按期完成',
        achievement: 'achieved',
        score: '12.00',
        overrideReason: null,
        deviationAnalysis: null,
      },
      {
        indicatorId: 6,
        weight: null,
        actual: null,
        achievement: 'partial',
        score: '7.00',
        overrideReason: null,
        deviationAnalysis: null,
      },
    ]);
  });

  it('accepts the worked example payload and a budget left out', () => {
    const raw = exampleEntries.map((e) => ({ ...e }));
    expect(validateEvaluationInput({ entries: raw }, example).entries).toHaveLength(8);
    expect(validateEvaluationInput({ entries: [] }, example).budget).toEqual({
      initialBudget: null,
      adjustedBudget: null,
      executed: null,
    });
  });

  it('leaves rule violations to the findings (missing actual, partial without score, odd weights)', () => {
    expect(() =>
      validateEvaluationInput(
        body([
          { indicatorId: 1, actual: null },
          { indicatorId: 6, achievement: 'partial' },
          { indicatorId: 2, actual: '100', weight: '99.99', score: '50' },
        ]),
        example,
      ),
    ).not.toThrow();
  });

  it('takes the word of an achievement for its code', () => {
    const p = validateEvaluationInput(
      body([
        { indicatorId: 4, achievement: '达成年度指标' },
        { indicatorId: 6, achievement: '部分达成年度指标并具有一定效果', score: '7' },
        { indicatorId: 7, achievement: '未达成年度指标且效果较差', score: '1' },
      ]),
      example,
    );
    expect(p.entries.map((e) => e.achievement)).toEqual(['achieved', 'partial', 'notAchieved']);
  });

  it('rejects a non-numeric actual on a quantitative indicator, naming entry, field, indicator and unit', () => {
    const e = appError(() => validateEvaluationInput(body([{ indicatorId: 8, actual: '92.5%' }]), example));
    expect(e.status).toBe(400);
    expect(e.body('zh')).toMatchObject({
      code: 'REPORT_NOT_A_NUMBER',
      field: 'entries[0].actual',
      message:
        '第1条指标条目的实际完成值：指标「业务需求部门满意度」的年度指标值为 ≥90.00(%)，请只填数字（单位：%，不写单位），例如 "97"',
    });
    expect(e.body('en').message).toBe(
      'entry 1, actual value: not a number; the target of indicator "业务需求部门满意度" is ≥90.00(%): write the number in % without the unit, e.g. "97"',
    );
  });

  it('rejects an actual that is not a string', () => {
    expect(
      firstProblem(appError(() => validateEvaluationInput(body([{ indicatorId: 1, actual: 142 }]), example))),
    ).toMatchObject({
      code: 'FIELD_TEXT',
      field: 'entries[0].actual',
      zh: '第1条指标条目的实际完成值：须为文本',
    });
  });

  it('rejects an achievement not in the list, or on a quantitative indicator', () => {
    const e = appError(() =>
      validateEvaluationInput(body([{ indicatorId: 4, achievement: 'done' }]), example),
    );
    expect(firstProblem(e)).toMatchObject({
      code: 'FIELD_ONE_OF',
      field: 'entries[0].achievement',
      zh: '第1条指标条目的达成情况：须为以下之一：达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差',
    });
    const q = appError(() =>
      validateEvaluationInput(body([{ indicatorId: 1, actual: '142', achievement: 'achieved' }]), example),
    );
    expect(firstProblem(q)).toMatchObject({
      code: 'REPORT_ACHIEVEMENT_NOT_APPLICABLE',
      field: 'entries[0].achievement',
      zh: '第1条指标条目的达成情况：只用于定性指标；指标「开展建设项目数量」的年度指标值 ≥150.00(个) 为定量指标，请填写实际完成值',
    });
  });

  it.each([
    [{ adjustedBudget: '12.345' }, 'budget.adjustedBudget', 'FIELD_MONEY', '全年预算数：金额须为'],
    [{ executed: 95 }, 'budget.executed', 'FIELD_MONEY', '全年执行数：金额须为'],
    [
      { initialBudget: '-1.00' },
      'budget.initialBudget',
      'FIELD_MONEY_NEGATIVE',
      '年初预算数：金额不能为负数',
    ],
    [{ executed: '1,000.00' }, 'budget.executed', 'FIELD_MONEY', '全年执行数'],
    [{ spent: '1.00' }, 'budget.spent', 'FIELD_UNKNOWN', '不是此处可接受的字段'],
    ['100.00', 'budget', 'FIELD_OBJECT', '预算执行情况：须为对象'],
  ])('rejects budget %j at %s with %s', (budget, field, code, zh) => {
    expect(firstProblem(appError(() => validateEvaluationInput(body([], budget), example)))).toMatchObject({
      code,
      field,
      zh: expect.stringContaining(zh),
    });
  });

  it.each([
    [
      { indicatorId: 1, weight: 'abc' },
      'entries[0].weight',
      'REPORT_POINTS_INVALID',
      '分值：须为不小于 0、最多两位小数的分数文本，例如 "12.50"',
    ],
    [{ indicatorId: 1, weight: 12.5 }, 'entries[0].weight', 'REPORT_POINTS_INVALID', '例如 "12.50"'],
    [{ indicatorId: 1, weight: '100.01' }, 'entries[0].weight', 'FIELD_MAX', '分值：不能大于 100'],
    [{ indicatorId: 6, score: '-1' }, 'entries[0].score', 'REPORT_POINTS_INVALID', '得分：须为不小于 0'],
    [{ indicatorId: 6, score: '7.001' }, 'entries[0].score', 'REPORT_POINTS_INVALID', '最多两位小数'],
    [{ indicatorId: 99 }, 'entries[0].indicatorId', 'REPORT_INDICATOR_NOT_APPROVED', '编号 99 的指标不在'],
    [{ indicatorId: 'x' }, 'entries[0].indicatorId', 'FIELD_ID', '指标编号：须为有效的编号'],
    [{ actual: '1' }, 'entries[0].indicatorId', 'FIELD_REQUIRED', '指标编号：必须填写'],
    [
      { indicatorId: 1, computedScore: '1' },
      'entries[0].computedScore',
      'FIELD_UNKNOWN',
      '不是此处可接受的字段',
    ],
    [
      { indicatorId: 1, deviationAnalysis: 5 },
      'entries[0].deviationAnalysis',
      'FIELD_TEXT',
      '偏差原因分析及改进措施：须为文本',
    ],
    [
      { indicatorId: 4, actual: 'x'.repeat(2001) },
      'entries[0].actual',
      'FIELD_TOO_LONG',
      '不能超过 2000 个字符',
    ],
    [
      { indicatorId: 6, overrideReason: [] },
      'entries[0].overrideReason',
      'FIELD_TEXT',
      '得分调整理由：须为文本',
    ],
    ['entry', 'entries[0]', 'FIELD_OBJECT', '第1条指标条目：须为对象'],
  ])('rejects entry %j at %s with %s', (entry, field, code, zh) => {
    const e = appError(() => validateEvaluationInput(body([entry]), example));
    expect(firstProblem(e)).toMatchObject({ code, field, zh: expect.stringContaining(zh) });
    if (code !== 'FIELD_UNKNOWN') expect(englishIn(firstProblem(e).zh)).toBeNull();
  });

  it('rejects a second entry for the same indicator', () => {
    const e = appError(() =>
      validateEvaluationInput(body([{ indicatorId: 1 }, { indicatorId: 1 }]), example),
    );
    expect(e.body('zh')).toMatchObject({
      code: 'REPORT_ENTRY_DUPLICATE',
      field: 'entries[1].indicatorId',
      message: '第2条指标条目的指标编号：指标「开展建设项目数量」已在第 1 条填写，每个指标只能填写一条',
    });
  });

  it('rejects a body that is not an object or has no entries list', () => {
    expect(appError(() => validateEvaluationInput(null, example))).toMatchObject({
      code: 'FIELD_OBJECT',
      field: 'body',
    });
    expect(appError(() => validateEvaluationInput({ budget: {} }, example))).toMatchObject({
      code: 'FIELD_REQUIRED',
      field: 'entries',
    });
    expect(appError(() => validateEvaluationInput({ entries: {} }, example))).toMatchObject({
      code: 'FIELD_LIST',
      field: 'entries',
    });
  });

  it('lists every problem in details, one message each', () => {
    const e = appError(() =>
      validateEvaluationInput(
        body(
          [
            { indicatorId: 8, actual: 'abc' },
            { indicatorId: 4, achievement: 'x' },
          ],
          { executed: '1.234' },
        ),
        example,
      ),
    );
    const answer = e.body('zh') as {
      code: string;
      message: string;
      details: { code: string; field: string; message: string }[];
    };
    expect(answer.code).toBe('VALIDATION_FAILED');
    expect(answer.details.map((d) => [d.code, d.field])).toEqual([
      ['FIELD_MONEY', 'budget.executed'],
      ['REPORT_NOT_A_NUMBER', 'entries[0].actual'],
      ['FIELD_ONE_OF', 'entries[1].achievement'],
    ]);
    expect(answer.message).toBe(answer.details.map((d) => d.message).join('；'));
    for (const d of answer.details) expect(englishIn(d.message)).toBeNull();
  });

  it('uses the text limit from config', () => {
    const e = appError(() =>
      validateEvaluationInput(body([{ indicatorId: 1, deviationAnalysis: 'abcdef' }]), example, {
        maxTextLength: 5,
      }),
    );
    expect(e.field).toBe('entries[0].deviationAnalysis');
    expect(defaults.evaluation.maxTextLength).toBe(2000);
  });
});

describe('validateEvaluationPatch', () => {
  it('returns only what was sent: absent keys stay absent, null clears', () => {
    expect(validateEvaluationPatch({}, example)).toEqual({});
    expect(
      validateEvaluationPatch(
        {
          budget: { executed: '95.00', initialBudget: null },
          entries: [
            { indicatorId: 1, actual: '150' },
            { indicatorId: 6, score: null, achievement: '部分达成年度指标并具有一定效果' },
          ],
        },
        example,
      ),
    ).toEqual({
      budget: { executed: 9500n, initialBudget: null },
      entries: [
        { indicatorId: 1, actual: '150' },
        { indicatorId: 6, score: null, achievement: 'partial' },
      ],
    });
    expect(validateEvaluationPatch({ budget: null }, example)).toEqual({ budget: null });
  });

  it('checks each field sent as a PUT does', () => {
    const e = appError(() =>
      validateEvaluationPatch({ entries: [{ indicatorId: 8, actual: '九十' }] }, example),
    );
    expect([e.code, e.field]).toEqual(['REPORT_NOT_A_NUMBER', 'entries[0].actual']);
    expect(appError(() => validateEvaluationPatch({ entries: null }, example))).toMatchObject({
      code: 'FIELD_NOT_NULL',
      field: 'entries',
    });
  });
});
