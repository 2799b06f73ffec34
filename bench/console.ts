// The console's two measurements (issue 14, docs/spec/bench.md): `console_bundle`, the gzipped
// JS and CSS the first page (/login) loads, and `console_queue`, Chromium from navigation to the
// first row of a reviewer's queue on /reviews. Used by bench/run.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Pool } from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { call, percentile, profileCut, report, reportError, ROOT, round, type Actor } from './harness';

/** The files index.html makes the browser fetch before the first page shows, with their gzipped sizes. */
export interface BundleSize {
  files: Array<{ file: string; kind: 'js' | 'css'; bytes: number; gzip: number }>;
  gzipBytes: number;
  rawBytes: number;
}

/**
 * dist/web/index.html's entry script, its modulepreloads and its stylesheets: what the login page
 * loads (every other page is a lazy chunk). Each file gzipped on its own at zlib's default level,
 * as a server compresses it.
 */
export function consoleBundle(webDir: string): BundleSize {
  const indexFile = join(webDir, 'index.html');
  if (!existsSync(indexFile))
    throw new Error(`${indexFile} is missing: run npm run build (npm run bench does)`);
  const html = readFileSync(indexFile, 'utf8');
  const refs = new Map<string, 'js' | 'css'>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1];
    if (/^<script/i.test(tag)) {
      const src = attr('src');
      if (src) refs.set(src, 'js');
    } else {
      const rel = attr('rel')?.toLowerCase();
      const href = attr('href');
      if (href && rel === 'modulepreload') refs.set(href, 'js');
      if (href && rel === 'stylesheet') refs.set(href, 'css');
    }
  }
  const files = [...refs].map(([ref, kind]) => {
    const body = readFileSync(join(webDir, ref.replace(/^\//, '').split('?')[0]));
    return { file: ref, kind, bytes: body.length, gzip: gzipSync(body).length };
  });
  if (!files.some((f) => f.kind === 'js')) throw new Error(`${indexFile} loads no script`);
  return {
    files,
    gzipBytes: files.reduce((s, f) => s + f.gzip, 0),
    rawBytes: files.reduce((s, f) => s + f.bytes, 0),
  };
}

/** The first row of the queue's table, inside the page's main region (the reviews page's table). */
export const QUEUE_ROW_SELECTOR = 'main [data-test=queue-table] tbody tr[data-test=queue-row]';
/** Where the console keeps its token (web/src/composables/useSession.ts). */
const TOKEN_KEY = 'pd.accessToken';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface QueueRender {
  /** ms from navigation start (the page's time origin) to the first queue row in the document, per run. */
  runs: number[];
  /** The same runs as the bench process saw them: goto → the row found. */
  wallRuns: number[];
  /** Where each run's time went, from the page's own timings (ms since navigation start). */
  phases: Array<{ dcl: number; scripts: number; api: Record<string, number> }>;
}

/**
 * Opens /reviews `runs` times, each in a fresh browser context (no cache, a new tab: as a
 * reviewer opening the console), already signed in: the token is put where the console keeps
 * it before any of its scripts run. The time is taken inside the page: a MutationObserver
 * notes performance.now() when the first row appears.
 */
export async function queueRender(baseUrl: string, token: string, runs: number): Promise<QueueRender> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As test/browser/browser.ts launches it (a fresh profile per launch).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=zh-CN',
    ],
    timeout: 60_000,
  });
  try {
    const result: QueueRender = { runs: [], wallRuns: [], phases: [] };
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: 1366, height: 768 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      // As text: the bench is compiled without the DOM's types.
      await context.addInitScript({
        content: `sessionStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)});
new MutationObserver(() => {
  if (window.__firstRow === undefined && document.querySelector(${JSON.stringify(QUEUE_ROW_SELECTOR)}))
    window.__firstRow = performance.now();
}).observe(document, { childList: true, subtree: true });`,
      });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto('/reviews', { waitUntil: 'commit' });
      try {
        await page.waitForSelector(QUEUE_ROW_SELECTOR, { timeout: 30_000 });
      } catch {
        const where = new URL(page.url()).pathname;
        throw new Error(
          `no queue row (${QUEUE_ROW_SELECTOR}) on ${where} within 30 s: is the reviews page of this build listing the queue?`,
        );
      }
      result.wallRuns.push(performance.now() - t0);
      const inPage = await page.evaluate<unknown>('window.__firstRow');
      if (typeof inPage !== 'number')
        throw new Error('the first row was seen by the bench but not by the page');
      result.runs.push(inPage);
      // DOMContentLoaded, the last script fetched, and when each API answer had arrived.
      result.phases.push(
        (await page.evaluate(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const res = performance.getEntriesByType('resource');
          const api = {};
          for (const r of res) {
            const path = new URL(r.name).pathname;
            if (path.startsWith('/api/')) api[path] = Math.round(Math.max(api[path] || 0, r.responseEnd));
          }
          const scripts = res.filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
          return {
            dcl: Math.round(nav ? nav.domContentLoadedEventEnd : 0),
            scripts: Math.round(Math.max(0, ...scripts.map((r) => r.responseEnd))),
            api,
          };
        })()`)) as QueueRender['phases'][number],
      );
      await context.close();
    }
    return result;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/**
 * A scaled-down seed (`--scale 0.1`) gives the bureau about a tenth of the 10,600 items of the
 * full one. To open a queue of `want` items anyway, the bureau-review declarations under
 * `pathPrefix` are copied (one INSERT … SELECT, as the seed's batches insert, without their
 * indicators: a copy's findings say it has none) until the queue holds `want`. Returns the
 * copies' ids, for `removeCopies` once measured (they have no audit chain, which verify_all would
 * report); the full seed needs none.
 */
export async function topUpBureauQueue(
  db: Pool,
  pathPrefix: string,
  have: number,
  want: number,
): Promise<number[]> {
  const missing = want - have;
  if (missing <= 0) return [];
  const columns = (
    (
      await db.query(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'declarations' AND column_name <> 'id'
         ORDER BY ordinal_position`,
      )
    ).rows as Array<{ column_name: string }>
  ).map((r) => `"${r.column_name}"`);
  const sources = (
    (
      await db.query(
        `SELECT count(*)::int AS n FROM declarations WHERE state = 'bureauReview' AND department_path LIKE $1`,
        [`${pathPrefix}%`],
      )
    ).rows[0] as { n: number }
  ).n;
  if (!sources) throw new Error(`no declaration in bureauReview under ${pathPrefix} to copy`);
  const res = await db.query(
    `INSERT INTO declarations (${columns.join(', ')})
     SELECT ${columns.map((c) => `s.${c}`).join(', ')}
     FROM (SELECT * FROM declarations WHERE state = 'bureauReview' AND department_path LIKE $1) s
     CROSS JOIN generate_series(1, $2::int) g
     LIMIT $3
     RETURNING id`,
    [`${pathPrefix}%`, Math.ceil(missing / sources), missing],
  );
  await db.query('ANALYZE declarations');
  return (res.rows as Array<{ id: number }>).map((r) => r.id);
}

/** Removes the copies `topUpBureauQueue` made, so the rest of the run sees the seed as it was. */
export async function removeCopies(db: Pool, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db.query('DELETE FROM declarations WHERE id = ANY($1::int[])', [ids]);
  await db.query('ANALYZE declarations');
}

/** `console_bundle`: dist/web's first page, no database needed (so the run measures it first). */
export function benchConsoleBundle(): void {
  try {
    const b = consoleBundle(join(ROOT, 'dist', 'web'));
    const kb = (n: number) => round(n / 1024, 1);
    report(
      'console_bundle',
      {
        gzip_kb: kb(b.gzipBytes),
        raw_kb: kb(b.rawBytes),
        files: b.files.map((f) => ({ file: f.file, gzip_kb: kb(f.gzip) })),
      },
      `${kb(b.gzipBytes)} KB gzipped (${kb(b.rawBytes)} KB raw) in ${b.files.length} files: ` +
        b.files.map((f) => `${f.file.replace(/^\/assets\//, '')} ${kb(f.gzip)}`).join(', '),
      { text: '≤ 400 KB', met: b.gzipBytes <= 400 * 1024 },
    );
  } catch (e) {
    reportError('console_bundle', {}, e);
  }
}

/**
 * `console_queue`: Chromium opens the bureau reviewer's queue (10,600 items at scale 1). Five
 * runs, each in a fresh browser context (cold cache), after the reads.
 */
export async function benchConsoleQueue(port: number, db: Pool, bureau: Actor): Promise<void> {
  let queued = 0;
  let copies: number[] = [];
  try {
    const first = await call(port, 'GET', '/api/queues/mine?limit=1', { token: bureau.token });
    if (first.status !== 200)
      throw new Error(`GET /api/queues/mine → ${first.status} ${first.text.slice(0, 160)}`);
    queued = Object.values((JSON.parse(first.text) as { counts: Record<string, number> }).counts).reduce(
      (a, b) => a + b,
      0,
    );
    if (bureau.scope.kind === 'subtree') {
      copies = await topUpBureauQueue(db, bureau.scope.prefix, queued, 10_000);
      const added = copies.length;
      if (added)
        console.log(
          `console_queue: ${added} bureau-review declarations copied (a scaled seed) to queue 10,000 items`,
        );
      queued += added;
    }
    const r = await queueRender(`http://127.0.0.1:${port}`, bureau.token, 5);
    const sorted = [...r.runs].sort((x, y) => x - y);
    const median = percentile(sorted, 50);
    const big = queued >= 10_000;
    report(
      'console_queue',
      {
        items: queued,
        ms: round(median, 0),
        runs_ms: r.runs.map((x) => round(x, 0)),
        wall_runs_ms: r.wallRuns.map((x) => round(x, 0)),
        phases_ms: r.phases,
        selector: QUEUE_ROW_SELECTOR,
        user: 'bureau_reviewer',
      },
      `${queued} items: first row ${round(median, 0)} ms after navigation (median of ${r.runs.length}; runs ${r.runs
        .map((x) => Math.round(x))
        .join(', ')} ms)${big ? '' : ' — fewer than 10,000 items: seed at scale 1'}`,
      { text: '≤ 1000 ms with ≥ 10,000 items', met: big ? median <= 1000 : null },
    );
  } catch (e) {
    reportError('console_queue', { items: queued }, e);
  } finally {
    await removeCopies(db, copies).catch((e: unknown) =>
      console.error('console_queue: copies not removed', e),
    );
  }
  await profileCut('console_queue');
}
