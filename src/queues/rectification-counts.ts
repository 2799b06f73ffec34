import type { EntityManager } from 'typeorm';

/**
 * What the queue shows of rectification (src/rectification, a module above this one): for a page
 * of declarations, in ONE query, how many items of each one's project are not accepted yet and
 * how many of those are overdue. The queue declares the need; the composition root binds it to
 * RectificationService (features.ts), as DECLARATION_ACTIONS is bound.
 */
export const RECTIFICATION_COUNTS = Symbol('RECTIFICATION_COUNTS');

export interface RectificationCounts {
  countsFor(
    em: EntityManager,
    ids: readonly number[],
  ): Promise<Map<number, { open: number; overdue: number }>>;
}
