import { describe, expect, it } from '@jest/globals';
import { stateWords } from './state-words';

describe('stateWords', () => {
  it('gives a state as a person reads it on a printed form, never its code', () => {
    expect(stateWords('drafting')).toBe('编制中');
    expect(stateWords('monitoring.reporting')).toBe('绩效监控 · 填报中');
    expect(stateWords('adjustment.bureauReview')).toBe('目标调整 · 数据局审核');
    expect(stateWords('closed')).toBe('已完结');
  });
});
