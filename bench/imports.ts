// The fixture import (`import_fixture`): the nine declarations of the Shanghai summary table,
// five dry runs then three real imports, through POST /api/imports/declarations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, profileCut, report, reportError, ROOT, round } from './harness';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt');

export async function benchImportFixture(port: number, importerToken: string): Promise<void> {
  try {
    const text = readFileSync(FIXTURE, 'utf8');
    const once = async (dryRun: boolean) => {
      const res = await call(port, 'POST', `/api/imports/declarations?dryRun=${dryRun}`, {
        token: importerToken,
        body: text,
        contentType: 'text/plain; charset=utf-8',
      });
      if (res.status !== 200)
        throw new Error(`import (dryRun=${dryRun}) → ${res.status} ${res.text.slice(0, 160)}`);
      return res.ms;
    };
    const dry: number[] = [];
    const real: number[] = [];
    for (let i = 0; i < 5; i++) dry.push(await once(true));
    for (let i = 0; i < 3; i++) real.push(await once(false));
    const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    report(
      'import_fixture',
      {
        dry_run_ms: round(med(dry)),
        import_ms: round(med(real)),
        dry_run_runs_ms: dry.map((x) => round(x)),
        import_runs_ms: real.map((x) => round(x)),
        declarations: 9,
      },
      `dry run ${round(med(dry))} ms, import ${round(med(real))} ms (median; first ${round(dry[0])} / ${round(real[0])} ms)`,
      { text: '≤ 200 ms', met: med(dry) <= 200 && med(real) <= 200 },
    );
  } catch (e) {
    reportError('import_fixture', {}, e);
  }
  await profileCut('import_fixture');
}
