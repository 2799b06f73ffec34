import type { Fen } from '../common/money';
import type { Level1, Target } from '../declarations/declaration-content';
import { fenToDec, fmt2 } from './report-input';

/**
 * What the rules of both reports (scoring.ts, monitoring-rules.ts) share: the approved
 * indicator an entry is about, which entry belongs to which indicator, and the budget's
 * baseline (its defaults and its execution rate). Pure; each report raises its own findings.
 */

/** An indicator of the approved version, in form order. */
export interface ApprovedIndicator {
  id: number;
  name: string;
  level1: Level1;
  target: Target | null;
  /** The weight set in the approved declaration (IndicatorContent.weight), if any. */
  weight?: string | null;
}

/** What an entry is, by its position: the first one of its indicator, or one that does not count. */
export type EntryMatch =
  | { kind: 'first'; indicator: number }
  | { kind: 'unknown' }
  | { kind: 'duplicate'; indicator: number; first: number };

/**
 * Matches the entries to the approved indicators: the first entry of an indicator counts (its
 * index in `entryOf`), a later one is a duplicate, one for an indicator not approved is unknown.
 * `matches[j]` says what entry j is; `indicator` is the indicator's index in form order.
 */
export function matchEntries(
  indicators: readonly { id: number }[],
  entries: readonly { indicatorId: number }[],
): { entryOf: Map<number, number>; matches: EntryMatch[] } {
  const indexOfIndicator = new Map(indicators.map((ind, i) => [ind.id, i]));
  const entryOf = new Map<number, number>();
  const matches = entries.map((entry, j): EntryMatch => {
    const i = indexOfIndicator.get(entry.indicatorId);
    if (i === undefined) return { kind: 'unknown' };
    const first = entryOf.get(entry.indicatorId);
    if (first !== undefined) return { kind: 'duplicate', indicator: i, first };
    entryOf.set(entry.indicatorId, j);
    return { kind: 'first', indicator: i };
  });
  return { entryOf, matches };
}

/** The budget amounts both reports default the same way (money in fen). */
export interface BudgetBaselineInput {
  initialBudget?: Fen | null;
  adjustedBudget?: Fen | null;
}

/**
 * 年初预算数 defaults to the approved 年度资金申请总额, 全年预算数 to 年初预算数. `problem` says why
 * no rate can be computed against the adjusted budget (none, or 0).
 */
export function budgetBaseline(
  budget: BudgetBaselineInput,
  approvedAnnualRequest: Fen | null | undefined,
): { initialBudget: Fen | null; adjustedBudget: Fen | null; problem: 'missing' | 'zero' | null } {
  const initialBudget = budget.initialBudget ?? approvedAnnualRequest ?? null;
  const adjustedBudget = budget.adjustedBudget ?? initialBudget;
  const problem = adjustedBudget === null ? 'missing' : adjustedBudget === 0n ? 'zero' : null;
  return { initialBudget, adjustedBudget, problem };
}

/**
 * executed / adjusted in percent, 2 decimals ("58.33"): one division, so the half-up rounding
 * sees the exact quotient. `adjusted` is not 0.
 */
export function executionRate(executed: Fen, adjusted: Fen): string {
  return fmt2(fenToDec(executed).times(100).div(fenToDec(adjusted)));
}
