import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import { reviewGrade, REVIEW_SCORE_PATTERN, scoreReview, type ScoredReviewInput } from './scored-review';

const bands = defaults.evaluation.grades;
const equal = defaults.targetReview.weights;

function input(c: string, r: string, a: string, f: string, amendments?: string | null): ScoredReviewInput {
  return {
    completeness: { score: c, opinion: ' 完整 ' },
    relevance: { score: r, opinion: '相关' },
    appropriateness: { score: a, opinion: '适当' },
    feasibility: { score: f, opinion: '可行' },
    amendments,
  };
}

describe('the scored review of the targets (domain.md §8)', () => {
  it('weights the four scores into a total with two decimals, rounded half up', () => {
    // (90 + 85 + 80 + 80.01) / 4 = 83.7525 → 83.75; with 80.03: 83.7575 → 83.76
    expect(scoreReview(input('90', '85', '80', '80.01'), equal, bands).total).toBe('83.75');
    expect(scoreReview(input('90', '85', '80', '80.03'), equal, bands).total).toBe('83.76');
    // 89.995 is exactly half a hundredth: up to 90.00, and so 优
    const half = scoreReview(input('89.99', '90', '90', '89.99'), equal, bands);
    expect(half).toMatchObject({ total: '90.00', grade: '优' });
    const weighted = { completeness: 10, relevance: 30, appropriateness: 30, feasibility: 30 };
    expect(scoreReview(input('100', '70', '60', '60'), weighted, bands)).toMatchObject({
      total: '67.00',
      grade: '中',
    });
  });

  it('keeps each score with two decimals, its weight and its opinion trimmed; a blank amendment is none', () => {
    const r = scoreReview(input('92.5', '0', '100', '7', '  '), equal, bands, []);
    expect(r.dimensions).toEqual([
      { dimension: 'completeness', score: '92.50', weight: 25, opinion: '完整' },
      { dimension: 'relevance', score: '0.00', weight: 25, opinion: '相关' },
      { dimension: 'appropriateness', score: '100.00', weight: 25, opinion: '适当' },
      { dimension: 'feasibility', score: '7.00', weight: 25, opinion: '可行' },
    ]);
    expect(r.amendments).toBeNull();
    expect(r.total).toBe('49.88');
  });

  it('grades on the bands of §6', () => {
    expect(
      ['90.00', '89.99', '80.00', '79.99', '60.00', '59.99', '0.00'].map((t) => reviewGrade(t, bands)),
    ).toEqual(['优', '良', '良', '中', '中', '差', '差']);
  });

  it('takes scores from 0 to 100 with at most two decimals', () => {
    for (const ok of ['0', '7', '92', '87.5', '99.99', '100', '100.0', '100.00'])
      expect(REVIEW_SCORE_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', '-1', '100.01', '101', '87.555', '1e2', ' 90', '九十', '90.'])
      expect(REVIEW_SCORE_PATTERN.test(bad)).toBe(false);
  });
});
