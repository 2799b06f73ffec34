import { formatMoney, type Fen } from '../common/money';

/**
 * Whether a declaration needs a pre-assessment (事前绩效评估, 中发〔2018〕34号; docs/spec/domain.md
 * §11) before SUBMIT, and why: pure, on integer fen and BigInt (never a float). The facts are
 * loaded by PhaseFindings (phase-findings.ts); the record itself is kept by src/pre-assessments.
 */

export const PRE_ASSESSMENT_CONCLUSIONS = ['pass', 'partial', 'fail'] as const;
export type PreAssessmentConclusion = (typeof PRE_ASSESSMENT_CONCLUSIONS)[number];

/** config/defaults.ts `preAssessment`: 元 and per cent as decimal strings. */
export interface PreAssessmentSettings {
  threshold: string;
  growthPercent: string;
}

/** What the gate reads besides the content: the settings, last year's request, the record. */
export interface PreAssessmentFacts {
  settings: PreAssessmentSettings;
  /** The declaration was copied forward from last year's (previousDeclarationId). */
  recurring: boolean;
  /** Last year's approved 年度资金申请总额 (the source's latest approved version), when recurring. */
  previous: { year: number; annualRequest: Fen | null } | null;
  /** The recorded pre-assessment's conclusion, or null when none is recorded. */
  conclusion: PreAssessmentConclusion | null;
}

/** Why a pre-assessment is needed, with the amounts (decimal strings) the finding quotes. */
export interface PreAssessmentNeed {
  reason: 'threshold' | 'growth';
  annualRequest: string;
  threshold: string;
  limitPercent: string;
  previousYear?: number;
  previousAnnualRequest?: string;
  /** The growth over last year in per cent with two decimals; null when last year's was 0. */
  growthPercent?: string | null;
}

/** "5000000" or "5000000.5" → fen. The settings are checked at start (pre-assessment-settings.ts). */
function fenOf(yuan: string): Fen {
  const [i, f = ''] = yuan.trim().split('.');
  return BigInt(i) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
}

/** "20" or "20.5" → hundredths of a per cent (2000, 2050). */
function hundredths(percent: string): bigint {
  return fenOf(percent);
}

function percentText(h: bigint): string {
  return formatMoney(h);
}

export function preAssessmentNeed(
  annualRequest: Fen | null,
  facts: Pick<PreAssessmentFacts, 'settings' | 'recurring' | 'previous'>,
): PreAssessmentNeed | null {
  if (annualRequest === null) return null;
  const threshold = fenOf(facts.settings.threshold);
  const limit = hundredths(facts.settings.growthPercent);
  const base = {
    annualRequest: formatMoney(annualRequest),
    threshold: formatMoney(threshold),
    limitPercent: percentText(limit),
  };
  const prev = facts.previous;
  if (facts.recurring && prev && prev.annualRequest !== null) {
    const before = prev.annualRequest;
    const growth = annualRequest - before;
    const common = {
      ...base,
      reason: 'growth' as const,
      previousYear: prev.year,
      previousAnnualRequest: formatMoney(before),
    };
    if (before === 0n) return annualRequest > 0n ? { ...common, growthPercent: null } : null;
    // growth / before > limit / 10000, on integers: growth · 10000 > before · limit.
    if (growth * 10000n <= before * limit) return null;
    return { ...common, growthPercent: percentText((growth * 10000n) / before) };
  }
  // A new project, or a recurring one whose last year had no request to compare with.
  return annualRequest >= threshold ? { ...base, reason: 'threshold' } : null;
}
