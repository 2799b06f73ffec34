import type { EntityManager } from 'typeorm';
import type { IndicatorContent, Level1, Level2, Target } from './declaration-content';
import type { Declaration } from './declaration.entity';

/**
 * A project's earlier years, as the findings TARGET_BELOW_LAST_ACTUAL and TARGET_UNCHANGED read
 * them: plain data loaded by the service (a `TargetHistorySource`), so the rules stay pure.
 * Indicators are matched across years by lineage (a copied indicator names its source), falling
 * back to the three levels and the name (whitespace ignored) for indicators added by hand.
 */

/** One indicator of an earlier year, as that year's latest approved version has it. */
export interface HistoryIndicator {
  id: number;
  /** The indicator of the year before that this one was copied from, if any. */
  sourceIndicatorId: number | null;
  level1: Level1;
  level2: Level2;
  name: string;
  target: Target | null;
}

/** What was achieved: the self-evaluation's actual, or the mid-year monitoring's when there is no evaluation. */
export interface HistoryActual {
  value: string;
  source: 'evaluation' | 'monitoring';
}

export interface HistoryYear {
  declarationId: number;
  year: number;
  indicators: HistoryIndicator[];
  /** By the indicator's id (only that year's numeric actuals). */
  actuals: Record<number, HistoryActual>;
}

export interface TargetHistory {
  /** The content's indicators' lineage: indicator id → the indicator of last year it was copied from. */
  links: Record<number, number>;
  /** The earlier years along the lineage, the latest first (year − 1, year − 2, …). */
  years: HistoryYear[];
}

/** Loads a declaration's history (bound at the composition root by the module that can read the reports). */
export interface TargetHistorySource {
  forDeclaration(em: EntityManager, d: Declaration): Promise<TargetHistory | null>;
}

function nameKey(i: { level1: Level1; level2: Level2; name: string }): string {
  return `${i.level1}\u0000${i.level2}\u0000${i.name.replace(/\s+/g, '')}`;
}

/**
 * For each indicator of the content (by index), the same indicator in each earlier year, the
 * latest first; the list stops at the first year where it has no match. Pure.
 */
export function matchHistory(
  indicators: readonly IndicatorContent[],
  history: TargetHistory,
): HistoryIndicator[][] {
  // The current year's indicators, as the first "later year" of the walk.
  let later: Array<{ sourceIndicatorId: number | null; key: string } | null> = indicators.map((i) => ({
    sourceIndicatorId: i.id !== undefined ? (history.links[i.id] ?? null) : null,
    key: nameKey(i),
  }));
  const chains: HistoryIndicator[][] = indicators.map(() => []);
  for (const year of history.years) {
    const byId = new Map(year.indicators.map((i) => [i.id, i]));
    const taken = new Set<number>();
    const found: Array<HistoryIndicator | null> = later.map((l) => {
      if (!l || l.sourceIndicatorId === null) return null;
      const m = byId.get(l.sourceIndicatorId);
      if (m) taken.add(m.id);
      return m ?? null;
    });
    // The name fallback: the first indicator of that year with the same three levels not taken by a link.
    later.forEach((l, n) => {
      if (!l || found[n]) return;
      const m = year.indicators.find((i) => !taken.has(i.id) && nameKey(i) === l.key);
      if (m) {
        taken.add(m.id);
        found[n] = m;
      }
    });
    // A chain stops at its first year without a match (`later` is null from then on).
    found.forEach((m, n) => {
      if (m) chains[n].push(m);
    });
    later = found.map((m) => (m ? { sourceIndicatorId: m.sourceIndicatorId, key: nameKey(m) } : null));
  }
  return chains;
}
