import type { EntityManager } from 'typeorm';
import type { Level1, Level2 } from './declaration-content';

/**
 * What the form needs of the indicator library (src/library, a module above this one): the entry
 * an indicator is linked to, checked for the declaration's year (in the library, valid that year),
 * with what the indicator takes from it. The composition root binds it (features.ts).
 */
export const LIBRARY_LINKS = Symbol('LIBRARY_LINKS');

export interface LinkedEntry {
  id: number;
  code: string;
  level1: Level1;
  level2: Level2;
  name: string;
  unit: string | null;
  direction: 'higher' | 'lower' | 'qualitative';
}

export interface LibraryLinks {
  /** The entry, or the library's 404/409 (not found, retired, not valid for `year`). `field` names the body's field. */
  entryForLink(em: EntityManager, entryId: number, year: number, field: string): Promise<LinkedEntry>;
  /** The entries of these ids (any status): what a view shows beside a link. */
  entries(em: EntityManager, ids: number[]): Promise<LinkedEntry[]>;
}
