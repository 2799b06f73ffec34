import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LIBRARY_SEED } from '../../migrations/library-seed.data';
import { parseSummaryTable } from '../imports/summary-table.parser';
import { directionOf, groupIndicators } from './library-seed';
import { parseTarget } from '../declarations/target-notation';

const FIXTURE = resolve(process.cwd(), 'test/fixtures/shanghai-bdc-2026-performance-targets.txt');
const forms = parseSummaryTable(readFileSync(FIXTURE, 'utf8')).declarations.map((d) => d.content);

describe('the library seed', () => {
  it("is the fixture's 126 indicators grouped by level path, name and unit (the migration's data)", () => {
    const grouped = groupIndicators(forms);
    if (process.env.WRITE_LIBRARY_SEED)
      writeFileSync(
        resolve(process.cwd(), 'migrations/library-seed.data.ts'),
        `// Generated from test/fixtures/shanghai-bdc-2026-performance-targets.txt by src/library/library-seed.ts\n` +
          `// (WRITE_LIBRARY_SEED=1 with src/library/library-seed.spec.ts); frozen: the migration that seeds it ran.\n` +
          `export const LIBRARY_SEED = ${JSON.stringify(grouped, null, 2)} as const;\n`,
      );
    expect(forms.reduce((n, f) => n + f.indicators.length, 0)).toBe(126);
    expect(LIBRARY_SEED).toEqual(grouped);
    // Every indicator of the fixture has its entry: same path and name, and the unit of its target.
    for (const f of forms)
      for (const i of f.indicators)
        expect(
          LIBRARY_SEED.some(
            (e) =>
              e.level1 === i.level1 &&
              e.level2 === i.level2 &&
              e.name.replace(/\s+/g, '') === i.name.replace(/\s+/g, '') &&
              (!i.target || e.unit === (i.target.kind === 'quantitative' ? i.target.unit : null)),
          ),
        ).toBe(true);
    expect(new Set(LIBRARY_SEED.map((e) => e.code)).size).toBe(LIBRARY_SEED.length);
  });

  it('reads the direction from the target as the scoring does', () => {
    expect(directionOf(parseTarget('≥95.00(%)', 't'))).toBe('higher');
    expect(directionOf(parseTarget('≤15.00(%)', 't'))).toBe('lower');
    expect(directionOf(parseTarget('=0.00(起)', 't'))).toBe('lower');
    expect(directionOf(parseTarget('=100.00(%)', 't'))).toBe('higher');
    expect(directionOf(parseTarget('及时', 't'))).toBe('qualitative');
    expect(directionOf(null)).toBe('qualitative');
  });
});
