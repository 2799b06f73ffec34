import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import { computeFindings } from './findings';
import type { DeclarationContent } from './declaration-content';
import { preAssessmentNeed, type PreAssessmentFacts } from './pre-assessment-need';

const settings = { threshold: '5000000.00', growthPercent: '20' };
const fresh = { settings, recurring: false, previous: null };
const recurring = (lastYear: bigint | null) => ({
  settings,
  recurring: true,
  previous: { year: 2025, annualRequest: lastYear },
});

describe('preAssessmentNeed', () => {
  it('defaults to 5,000,000.00 元 and 20 %', () => {
    expect(defaults.preAssessment).toMatchObject({ threshold: '5000000.00', growthPercent: '20' });
  });

  it('needs one for a new project at or above the threshold, not below it', () => {
    expect(preAssessmentNeed(500_000_000n, fresh)).toEqual({
      reason: 'threshold',
      annualRequest: '5000000.00',
      threshold: '5000000.00',
      limitPercent: '20.00',
    });
    expect(preAssessmentNeed(499_999_999n, fresh)).toBeNull();
    expect(preAssessmentNeed(null, fresh)).toBeNull();
  });

  it('needs one for a recurring project only when it grew by more than the share, whatever the amount', () => {
    expect(preAssessmentNeed(120_000_000_000n, recurring(100_000_000_000n))).toBeNull(); // +20 %
    expect(preAssessmentNeed(120_000_000_001n, recurring(100_000_000_000n))).toMatchObject({
      reason: 'growth',
      previousYear: 2025,
      previousAnnualRequest: '1000000000.00',
      growthPercent: '20.00',
    });
    expect(preAssessmentNeed(125_000_000n, recurring(100_000_000n))).toMatchObject({
      growthPercent: '25.00',
    });
    expect(preAssessmentNeed(50_000_000n, recurring(100_000_000n))).toBeNull(); // shrank
    expect(preAssessmentNeed(100n, recurring(0n))).toMatchObject({ reason: 'growth', growthPercent: null });
  });

  it('takes a share with decimals exactly (20.5 %)', () => {
    const f = { ...recurring(100_000n), settings: { ...settings, growthPercent: '20.5' } };
    expect(preAssessmentNeed(120_500n, f)).toBeNull();
    expect(preAssessmentNeed(120_501n, f)).toMatchObject({ limitPercent: '20.50' });
  });

  it('treats a recurring project without last year’s request as new', () => {
    expect(preAssessmentNeed(600_000_000n, recurring(null))).toMatchObject({ reason: 'threshold' });
  });
});

describe('PRE_ASSESSMENT_MISSING and PRE_ASSESSMENT_REJECTED', () => {
  const content = (annualRequest: bigint) =>
    ({
      year: 2026,
      projectName: 'p',
      funds: {
        total: annualRequest,
        annualRequest,
        currentAppropriation: annualRequest,
        carryover: 0n,
        other: 0n,
      },
      indicators: [],
    }) as unknown as DeclarationContent;
  const codes = (c: DeclarationContent, facts: PreAssessmentFacts | null) =>
    computeFindings(c, { preAssessment: facts })
      .filter((f) => f.code.startsWith('PRE_'))
      .map((f) => [f.code, f.severity]);

  it('an error without a record, or with 不通过; none with 通过 or 部分通过, or without the facts', () => {
    const big = content(600_000_000n);
    expect(codes(big, { ...fresh, conclusion: null })).toEqual([['PRE_ASSESSMENT_MISSING', 'error']]);
    expect(codes(big, { ...fresh, conclusion: 'fail' })).toEqual([['PRE_ASSESSMENT_REJECTED', 'error']]);
    expect(codes(big, { ...fresh, conclusion: 'pass' })).toEqual([]);
    expect(codes(big, { ...fresh, conclusion: 'partial' })).toEqual([]);
    // Not needed: a recorded 不通过 is the department's own record, no gate.
    expect(codes(content(100n), { ...fresh, conclusion: 'fail' })).toEqual([]);
    // An import preview (no facts): silent.
    expect(codes(big, null)).toEqual([]);
  });

  it('says why in Chinese with the amounts, and in English on request', () => {
    const [zh] = computeFindings(content(600_000_000n), {
      preAssessment: { ...fresh, conclusion: null },
    }).filter((f) => f.code === 'PRE_ASSESSMENT_MISSING');
    expect(zh.message).toBe(
      '本项目为新增项目，年度资金申请总额 6000000.00 元，达到事前绩效评估标准 5000000.00 元，提交前须录入事前绩效评估（中发〔2018〕34号）',
    );
    const [en] = computeFindings(content(125_000_000n), {
      preAssessment: { ...recurring(100_000_000n), conclusion: null },
      lang: 'en',
    }).filter((f) => f.code === 'PRE_ASSESSMENT_MISSING');
    expect(en.message).toBe(
      "a recurring project whose annual request 1250000.00 grew by 25.00% over 2025's 1000000.00, more than 20.00%: record a pre-assessment before submitting",
    );
  });
});
