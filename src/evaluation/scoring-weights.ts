import { defaults } from '../../config/defaults';
import { formatMoney } from '../common/money';
import type { Level1 } from '../declarations/declaration-content';
import type { Decimal } from 'decimal.js';
import { Dec, fmt2, isBlank, parsePoints, round2 } from '../reports/report-input';
import type { ApprovedIndicator } from '../reports/report-rules';
import { LEVEL1S, type AddEvaluationFinding, type EvaluationConfig } from './scoring';

/**
 * The weights (分值) of the self-evaluation (docs/spec/domain.md §6): the default split and the
 * weight each indicator is scored with. Pure.
 */

/**
 * Default weights (分值) per indicator, in the order given (form order), as 2-decimal strings.
 * Each level-1 gets its configured points; a level-1 without indicators gives its points to
 * the others in proportion to theirs (no satisfaction: output 56.25, benefit 33.75). Should a
 * proportional share fall between cents, the cents go by largest remainder (ties: output,
 * benefit, satisfaction), so the indicator points always total exactly
 * output + benefit + satisfaction. Within a level-1 the points are split equally in cents, the
 * odd cents to the first indicators (3 sharing 50: 16.67, 16.67, 16.66).
 */
export function defaultWeights(
  indicators: readonly { level1: Level1 }[],
  weights: EvaluationConfig['weights'] = defaults.evaluation.weights,
): string[] {
  const count: Record<Level1, bigint> = { output: 0n, benefit: 0n, satisfaction: 0n };
  for (const ind of indicators) count[ind.level1] += 1n;
  const present = LEVEL1S.filter((l) => count[l] > 0n);
  if (present.length === 0) return [];

  const totalCents = LEVEL1S.reduce((s, l) => s + toCents(weights[l]), 0n);
  const own = present.map((l) => toCents(weights[l]));
  const ownSum = own.reduce((s, c) => s + c, 0n);
  // Nothing configured for the levels present (all zero): share equally.
  const basis = ownSum > 0n ? own : own.map(() => 1n);
  const basisSum = basis.reduce((s, c) => s + c, 0n);
  const shares = basis.map((b) => (totalCents * b) / basisSum);
  const remainders = basis.map((b, i) => ({ i, r: (totalCents * b) % basisSum }));
  let leftover = totalCents - shares.reduce((s, c) => s + c, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    shares[i] += 1n;
    leftover -= 1n;
  }

  const cents: Record<Level1, bigint> = { output: 0n, benefit: 0n, satisfaction: 0n };
  present.forEach((l, i) => (cents[l] = shares[i]));
  const seen: Record<Level1, bigint> = { output: 0n, benefit: 0n, satisfaction: 0n };
  return indicators.map(({ level1 }) => {
    const n = count[level1];
    const odd = seen[level1] < cents[level1] % n ? 1n : 0n;
    seen[level1] += 1n;
    return formatMoney(cents[level1] / n + odd);
  });
}

/** Config points (a JSON number such as 10 or 12.5) in cents. */
function toCents(points: number): bigint {
  return BigInt(round2(new Dec(points)).times(100).toFixed(0));
}

/**
 * The weight of each approved indicator, in form order: the entry's weight, else the declared
 * weight, else the default split (a weight that is not points is reported, and the default
 * used). When any indicator carries its own weight, all weights plus the budget weight must
 * total the configured points (100).
 */
export function indicatorWeights(
  indicators: readonly ApprovedIndicator[],
  entries: readonly { weight?: string | null }[],
  entryOf: ReadonlyMap<number, number>,
  weightsCfg: EvaluationConfig['weights'],
  add: AddEvaluationFinding,
): Decimal[] {
  const defaultsW = defaultWeights(indicators, weightsCfg);
  let ownWeights = false;
  const weights = indicators.map((ind, i) => {
    const j = entryOf.get(ind.id);
    const candidates: [string | null | undefined, string][] = [
      [j === undefined ? null : entries[j].weight, `entries[${j}].weight`],
      [ind.weight, `indicators[${i}].weight`],
    ];
    for (const [value, path] of candidates) {
      if (isBlank(value)) continue;
      const w = parsePoints(value as string);
      if (w !== null) {
        ownWeights = true;
        return w;
      }
      add('EVAL_WEIGHT_INVALID', path, { name: ind.name, value, fallback: defaultsW[i] }, ind.id);
      break;
    }
    return new Dec(defaultsW[i]);
  });
  if (ownWeights) {
    const expected = LEVEL1S.reduce((s, l) => s.plus(weightsCfg[l]), new Dec(weightsCfg.budget));
    const indicatorsSum = weights.reduce((s, w) => s.plus(w), new Dec(0));
    const total = indicatorsSum.plus(weightsCfg.budget);
    if (!total.eq(expected)) {
      add('EVAL_WEIGHTS_TOTAL', 'entries', {
        total: fmt2(total),
        indicators: fmt2(indicatorsSum),
        budget: fmt2(new Dec(weightsCfg.budget)),
        expected: fmt2(expected),
      });
    }
  }
  return weights;
}
