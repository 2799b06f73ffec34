/**
 * The 数据局's scored review of the targets (绩效目标审核, 财预〔2015〕88号; docs/spec/domain.md §8):
 * four dimensions, each a score 0–100 with an opinion, weighted (config `targetReview.weights`,
 * 25 each by default) into a total whose grade uses the self-evaluation's bands (§6: 优 ≥ 90,
 * 良 ≥ 80, 中 ≥ 60, 差). 优 and 良 may be approved (良 with the amendments named), 中 and 差 are
 * returned. The per-indicator opinions are the review comment threads (src/comments) the bureau
 * opened on indicators in this round of its review: one model, listed here as `flagged`.
 *
 * Pure: no Nest, no I/O. Decimal arithmetic (decimal.js), rounded half up to 2 places.
 */
import { Decimal } from 'decimal.js';
import type { AppConfig } from '../../config/defaults';
import { defineEnumeration, valueLabel, type Lang } from '../common/i18n';
import type { Rating } from '../lifecycle/lifecycle.messages';

const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** The four dimensions of 88号, in the order the form lists them. */
export const REVIEW_DIMENSIONS = defineEnumeration('reviewDimension', {
  completeness: { zh: '完整性', en: 'completeness' },
  relevance: { zh: '相关性', en: 'relevance' },
  appropriateness: { zh: '适当性', en: 'appropriateness' },
  feasibility: { zh: '可行性', en: 'feasibility' },
});
export type ReviewDimension = (typeof REVIEW_DIMENSIONS)[number];

export type ReviewWeights = AppConfig['targetReview']['weights'];
export type GradeBands = AppConfig['evaluation']['grades'];

/** What the reviewer sends: a score (decimal text, 0–100, at most 2 decimals) and an opinion per dimension. */
export type ScoredReviewInput = Record<ReviewDimension, { score: string; opinion: string }> & {
  /** 修改意见: the amendments an approval graded 良 requires. */
  amendments?: string | null;
};

/** An indicator the reviewer flagged: a comment thread anchored to it (src/comments). */
export interface FlaggedIndicator {
  threadId: number;
  indicatorId: number;
  indicatorName: string;
  /** The thread's first comment: the reviewer's opinion on the indicator. */
  opinion: string;
  /** `open` or `resolved` when the review was recorded. */
  status: string;
}

/**
 * The review as recorded: on the transition row, in its audit event (hashed with the chain) and,
 * with an approval, on the approved version. Its JSON (`JSON.stringify`, keys in this order) is
 * what the row stores and what verify compares with the event.
 */
export interface ScoredReview {
  dimensions: Array<{ dimension: ReviewDimension; score: string; weight: number; opinion: string }>;
  total: string;
  grade: Rating;
  amendments: string | null;
  flagged: FlaggedIndicator[];
}

/** A score as sent: 0 to 100, at most 2 decimals. */
export const REVIEW_SCORE_PATTERN = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/** 优 ≥ 90 > 良 ≥ 80 > 中 ≥ 60 > 差 (§6's bands, from config), on the 2-decimal total. */
export function reviewGrade(total: string, bands: GradeBands): Rating {
  const t = new Dec(total);
  if (t.gte(bands.excellent)) return '优';
  if (t.gte(bands.good)) return '良';
  if (t.gte(bands.fair)) return '中';
  return '差';
}

/** The review with its total and grade: Σ score × weight / 100, rounded half up to 2 decimals. */
export function scoreReview(
  input: ScoredReviewInput,
  weights: ReviewWeights,
  bands: GradeBands,
  flagged: FlaggedIndicator[] = [],
): ScoredReview {
  let sum = new Dec(0);
  const dimensions = REVIEW_DIMENSIONS.map((dimension) => {
    const { score, opinion } = input[dimension];
    const s = new Dec(score);
    sum = sum.plus(s.times(weights[dimension]));
    return { dimension, score: s.toFixed(2), weight: weights[dimension], opinion: opinion.trim() };
  });
  const total = sum.dividedBy(100).toFixed(2);
  return {
    dimensions,
    total,
    grade: reviewGrade(total, bands),
    amendments: input.amendments?.trim() || null,
    flagged,
  };
}

/** The review's words for a reader: the dimensions' and the grade's labels beside the codes. */
export function scoredReviewView(review: ScoredReview, lang: Lang) {
  return {
    ...review,
    gradeLabel: valueLabel(review.grade, lang, 'rating'),
    dimensions: review.dimensions.map((d) => ({
      ...d,
      dimensionLabel: valueLabel(d.dimension, lang, 'reviewDimension'),
    })),
  };
}

/** A stored review (a row's or a version's JSON), or null. */
export function parseScoredReview(text: string | null): ScoredReview | null {
  return text ? (JSON.parse(text) as ScoredReview) : null;
}
