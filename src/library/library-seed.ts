import type { DeclarationContent, Level1, Level2, Target } from '../declarations/declaration-content';

/** A library entry as the seed (and the grouping of any parsed table) gives it: no explanations yet. */
export interface SeedEntry {
  code: string;
  level1: Level1;
  level2: Level2;
  name: string;
  unit: string | null;
  direction: LibraryDirection;
}

export type LibraryDirection = 'higher' | 'lower' | 'qualitative';

/**
 * The direction of an entry from a target as written: `≥`/`>` higher is better, `≤`/`<` lower;
 * `=` is read as the scoring reads it (docs/spec/domain.md §6): `=0` (no incidents) lower, any
 * other `=` higher; a qualitative target (及时, 有效提升) or none: qualitative.
 */
export function directionOf(target: Target | null): LibraryDirection {
  if (!target || target.kind !== 'quantitative') return 'qualitative';
  if (target.direction === 'higher') return 'higher';
  if (target.direction === 'lower') return 'lower';
  return /^0+(\.0+)?$/.test(target.value ?? '') ? 'lower' : 'higher';
}

/** The key that makes indicators one entry: the level path, the name (whitespace ignored) and the unit. */
export function entryKey(i: { level1: string; level2: string; name: string; unit: string | null }): string {
  return [i.level1, i.level2, i.name.replace(/\s+/g, ''), i.unit ?? ''].join('\u0001');
}

/**
 * The library entries of parsed forms: indicators with the same 一级/二级 path, name and unit are
 * one entry (its direction from the first target that has one); in the order first met; codes
 * `ZB0001`… in that order. An indicator without target (TARGET_MISSING) joins an entry of the same
 * path and name when there is one, else it is an entry without unit.
 */
export function groupIndicators(forms: readonly DeclarationContent[]): SeedEntry[] {
  const entries: SeedEntry[] = [];
  const byKey = new Map<string, SeedEntry>();
  const pending: Array<{ level1: Level1; level2: Level2; name: string }> = [];
  for (const form of forms)
    for (const i of form.indicators) {
      if (!i.target) {
        pending.push(i);
        continue;
      }
      const unit = i.target.kind === 'quantitative' ? i.target.unit : null;
      const key = entryKey({ ...i, unit });
      if (byKey.has(key)) continue;
      const entry: SeedEntry = {
        code: '',
        level1: i.level1,
        level2: i.level2,
        name: i.name.replace(/\s+/g, ' ').trim(),
        unit,
        direction: directionOf(i.target),
      };
      byKey.set(key, entry);
      entries.push(entry);
    }
  for (const i of pending) {
    const name = i.name.replace(/\s+/g, '');
    const same = entries.find(
      (e) => e.level1 === i.level1 && e.level2 === i.level2 && e.name.replace(/\s+/g, '') === name,
    );
    if (same) continue;
    const key = entryKey({ ...i, unit: null });
    if (byKey.has(key)) continue;
    const entry: SeedEntry = {
      code: '',
      level1: i.level1,
      level2: i.level2,
      name: i.name.replace(/\s+/g, ' ').trim(),
      unit: null,
      direction: 'qualitative',
    };
    byKey.set(key, entry);
    entries.push(entry);
  }
  return entries.map((e, n) => ({ ...e, code: `ZB${String(n + 1).padStart(4, '0')}` }));
}
