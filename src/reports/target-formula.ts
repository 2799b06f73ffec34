/**
 * The §6 formula of a quantitative target (docs/spec/domain.md §6): the score of an actual value
 * for a weight, and whether it meets the target. The self-evaluation scores its indicators with
 * it (scoring.ts); monitoring computes an indicator's completion (weight 1) and its green light
 * with it (monitoring-rules.ts). Pure; decimal arithmetic.
 *
 * `met`: the actual satisfies the target as the formula reads it, i.e. the formula gives full
 * marks: `≥`/`>`: a ≥ t; `≤`/`<`: a ≤ t; `=`: t = 0 → a ≤ 0, t > 0 → a ≥ t. (§6 scores `>`/`<`
 * like `≥`/`≤`, so reaching the boundary counts as met.)
 */
import type { Decimal } from 'decimal.js';
import { CommonErrors } from '../common/common.messages';
import type { Target } from '../declarations/declaration-content';
import { Dec, fmt2, parseNumber } from './report-input';

/** The §6 formula, unrounded, clamped at 0. */
export function rawScore(target: Target, a: Decimal, w: Decimal): Decimal {
  const t = targetValue(target);
  const higher = (): Decimal => {
    if (a.gte(t)) return w; // also t = 0 with a ≥ 0
    if (a.lte(0)) return new Dec(0);
    return w.times(a).div(t);
  };
  switch (target.comparator) {
    case '≥':
    case '>':
      return higher();
    case '≤':
    case '<':
      if (a.lte(t)) return w;
      if (t.isZero() || a.gte(t.times(2))) return new Dec(0);
      return w.times(t.times(2).minus(a)).div(t); // w·(1 − (a − t)/t), one division
    case '=':
      if (t.isZero()) return a.lte(0) ? w : new Dec(0);
      return higher();
    default:
      // A quantitative target always has one (target-notation.ts): a programming error.
      throw new Error(`target "${target.display}" has no comparator`);
  }
}

/** `met` for a quantitative target: the formula gives full marks (see the file's header). */
export function targetMet(target: Target, a: Decimal): boolean {
  const t = targetValue(target);
  if (target.comparator === '≤' || target.comparator === '<') return a.lte(t);
  if (target.comparator === '=' && t.isZero()) return a.lte(0);
  return a.gte(t);
}

function targetValue(target: Target): Decimal {
  const t = target.value === null ? null : parseNumber(target.value);
  // A quantitative target always has one (target-notation.ts): a programming error.
  if (t === null) throw new Error(`target "${target.display}" has no numeric value`);
  return t;
}

/**
 * The §6 score of a quantitative target for a given value and weight, 2 decimals ("0.95" with
 * weight "1": the completion that monitoring compares with its red threshold). Throws a 400
 * AppError when `actual` or `weight` is not a number.
 */
export function quantitativeScore(target: Target, actual: string, weight: string): string {
  const a = parseNumber(actual);
  const w = parseNumber(weight);
  if (a === null) throw CommonErrors.FIELD_DECIMAL({}, { field: 'actual' });
  if (w === null) throw CommonErrors.FIELD_DECIMAL({}, { field: 'weight' });
  return fmt2(rawScore(target, a, w));
}

/** Whether `actual` meets a quantitative target (the `met` rule). Throws a 400 AppError when not a number. */
export function quantitativeMet(target: Target, actual: string): boolean {
  const a = parseNumber(actual);
  if (a === null) throw CommonErrors.FIELD_DECIMAL({}, { field: 'actual' });
  return targetMet(target, a);
}
