import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCalendar } from './calendar-file';
import type { CalendarYear } from './working-days';

/**
 * config/holidays/, found upwards from here (dist/src/calendar once built) or else from the
 * working directory (the tests run the sources as ES modules, without __dirname; the OpenAPI
 * type generator compiles them elsewhere).
 */
function holidaysDir(): string {
  const starts = [...(typeof __dirname === 'string' ? [__dirname] : []), process.cwd()];
  for (const start of starts)
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'config', 'holidays');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  throw new Error(`config/holidays not found above ${starts.join(' or ')}`);
}

/**
 * The calendars shipped with the service, one file a year in config/holidays/<year>.json (a
 * new year is a new file). Read by the same checks as an upload, at start-up: a bad file stops
 * the service rather than miscounting deadlines. An admin's upload of a year replaces its file.
 */
function shipped(): CalendarYear[] {
  const dir = holidaysDir();
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => {
      const year = Number(f.slice(0, 4));
      try {
        return readCalendar(year, JSON.parse(readFileSync(join(dir, f), 'utf8')));
      } catch (e) {
        throw new Error(`config/holidays/${f}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    });
}

export const SHIPPED_CALENDARS: readonly CalendarYear[] = shipped();
