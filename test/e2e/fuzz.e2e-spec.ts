import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { everyPhase, type Declared } from '../support/lifecycle';
import { applicationRoutes, type AppRoute } from '../support/routes';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { onPostgres } from '../support/test-db';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 7, deliverable 4: property tests (fast-check, bounded) that no input yields a 5xx.
 * The routes come from the application; bodies are generated from each operation's schema in
 * the OpenAPI document (so a new write route is fuzzed with its own fields), mixed with
 * arbitrary JSON and nasty values, and with real ids and versions often enough to get past
 * the version check into the deep validation. The importer gets random, truncated and
 * mutated summary tables and random or truncated workbooks.
 *
 * Every answer must be below 500; a 4xx must be the error shape `{statusCode, error, message}`
 * and short; a body holding text that cannot be stored as given (a lone surrogate, a control
 * character) is a 400; and the audit chain verifies after all of it.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const params = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: false, verbose: 1 as const });

let t: TestApp;
let w: World;
let routes: AppRoute[];
let doc: OpenApi;
let D: Declared;
let M: Declared;
let E: Declared;
let victimId: number;
let fixture: string;
let workbook: Buffer;
const stats = { requests: 0, byStatus: {} as Record<number, number> };

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '100000', LOCKOUT_MAX_FAILURES: '100' });
  w = await buildWorld(t);
  ({ draft: D, monitoring: M, evaluation: E, victimId } = await everyPhase(t, w, 'fuzz.victim'));
  fixture = readFileSync(
    join(process.cwd(), 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt'),
    'utf8',
  );
  const xlsx = await t.get(`/api/declarations/${D.id}/export.xlsx`, w.users.submitter.token);
  workbook = xlsx.body as Buffer;
  routes = applicationRoutes(t.app);
  doc = t.openApi() as unknown as OpenApi;
}, 90_000);
afterAll(async () => {
  // The figures of the run (docs/reliability.md quotes them).
  console.log(
    `fuzz (${onPostgres ? 'PostgreSQL' : 'SQLite'}): ${stats.requests} requests, statuses ${JSON.stringify(stats.byStatus)}`,
  );
  await t?.close();
});

async function send(method: string, url: string, opts: Parameters<TestApp['request']>[2] = {}): Promise<Res> {
  const res = await t.request(method, url, opts);
  stats.requests += 1;
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
  return res;
}

/** An error answer longer than this is an amplification (1 MiB of unknown keys once answered 4.5 MB). */
const ERROR_MAX_BYTES = 16_384;

/** The property: below 500, and a 4xx is the error shape, and short. */
function sane(res: Res, what: string): boolean {
  if (res.status >= 500) throw new Error(`${what} → ${res.status} ${res.text.slice(0, 300)}`);
  if (res.status >= 400) {
    const b = res.body as { statusCode?: number; message?: unknown } | undefined;
    if (b?.statusCode !== res.status || typeof b.message !== 'string')
      throw new Error(`${what} → ${res.status} without the error shape: ${res.text.slice(0, 300)}`);
    if (res.text.length > ERROR_MAX_BYTES)
      throw new Error(
        `${what} → ${res.status} answered ${res.text.length} characters: ${res.text.slice(0, 300)}`,
      );
  }
  return true;
}

/**
 * Text no stored string may hold (spelled here independently of src/common/safe-text.ts): NUL
 * and the C0 controls but tab, LF and CR, U+FFFE, U+FFFF, and a surrogate half alone.
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string or a key anywhere in `v` holds UNSTORABLE text (bounded: deep junk is refused anyway). */
function holdsUnstorable(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return UNSTORABLE.test(v);
  if (typeof v !== 'object' || v === null || depth > 20) return false;
  if (Array.isArray(v)) return v.some((x) => holdsUnstorable(x, depth + 1));
  return Object.entries(v).some(([k, x]) => UNSTORABLE.test(k) || holdsUnstorable(x, depth + 1));
}

// ---------------------------------------------------------------------------------------------
// Values

/** Strings that have broken parsers somewhere. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'why\udfff',
  '\udc00\ud800',
  '\u0001',
  'a\u0007b',
  '\u001f',
  '\u000b\u000c',
  '\ufffe',
  'ok\uffff',
  '\ufeff',
  '12.345',
  '-1',
  '1e400',
  'NaN',
  'Infinity',
  '0x10',
  '９５',
  '≥',
  '≥(%)',
  '≥95.00(%',
  '=1.00(次/周)',
  '≤-0.00(%)',
  '≥999999999999999999999.99(元)',
  "'; DROP TABLE declarations; --",
  '<script>alert(1)</script>',
  '%',
  '_',
  '\\',
  '../../etc/passwd',
  '{"$gt": ""}',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
  '财'.repeat(3000),
  '2026-02-30',
  '9999-12-31',
  'drafting',
  'approved',
];

const nastyString = fc.constantFrom(...NASTY_STRINGS);
const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  nastyString,
);
const nastyNumber = fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -0, 0.1);

/** `{"a":{"a":…}}` or `[[…]]`, `depth` levels (built in a loop: recursion would be as deep). */
function nested(depth: number, list: boolean): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = list ? [v] : { a: v };
  return v;
}
/**
 * Shapes beyond the body caps, small enough to build as values (JSON.stringify itself overflows
 * near 5,000 levels; deeper bodies are sent as text by their own property below).
 */
const nastyShape = fc.oneof(
  fc.integer({ min: 33, max: 200 }).chain((depth) => fc.boolean().map((list) => nested(depth, list))),
  fc
    .integer({ min: 101, max: 5_000 })
    .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`unknown${i}`, i]))),
  fc.integer({ min: 2_001, max: 50_000 }).map((n) => Array.from({ length: n }, () => ({}))),
);
const junk = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: anyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: nastyShape },
);

/** Ids and versions that exist, so requests reach the checks behind the version check. */
function realInts(): number[] {
  return [
    D.id,
    M.id,
    E.id,
    victimId,
    w.deptA,
    w.unitId,
    w.bureauId,
    ...D.indicatorIds,
    ...M.indicatorIds,
    ...E.indicatorIds,
    ...Array.from({ length: 25 }, (_, i) => i + 1),
    2026,
  ];
}

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
}
interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

function resolve(s: Schema): Schema {
  if (!s.$ref) return s;
  return doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {};
}

/** A value for a schema: mostly of the right type (with its enum and example), sometimes junk. */
function valueFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  let typed: fc.Arbitrary<unknown>;
  if (s.enum) typed = fc.constantFrom(...s.enum);
  else if (s.properties && depth < 4) typed = objectFor(s, depth + 1);
  else if (s.type === 'array') typed = fc.array(valueFor(s.items ?? {}, depth + 1), { maxLength: 6 });
  else if (s.type === 'integer' || s.type === 'number')
    typed = fc.oneof(fc.constantFrom(...realInts()), fc.integer(), nastyNumber);
  else if (s.type === 'boolean') typed = fc.boolean();
  else if (s.type === 'string' || typeof s.example === 'string')
    typed = typeof s.example === 'string' ? fc.oneof(fc.constant(s.example), anyString) : anyString;
  else typed = junk;
  return fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: junk });
}

function objectFor(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.fromEntries(
    Object.entries(s.properties ?? {}).map(([k, v]) => [k, valueFor(v, depth)]),
  );
  return fc
    .tuple(
      fc.record(props, { requiredKeys: [] }),
      fc.option(fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 2 }), { freq: 5 }),
    )
    .map(([known, extra]) => ({ ...(extra ?? {}), ...known }));
}

function bodySchema(route: AppRoute): Schema | null {
  const openApiPath = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  const op = doc.paths[openApiPath]?.[route.method.toLowerCase()];
  return op?.requestBody?.content?.['application/json']?.schema ?? null;
}

/** A body: from the schema (mostly), or any JSON at all. */
function bodyFor(route: AppRoute): fc.Arbitrary<unknown> {
  const schema = bodySchema(route);
  const any = fc.jsonValue({ maxDepth: 4 });
  return schema ? fc.oneof({ weight: 4, arbitrary: valueFor(schema) }, { weight: 1, arbitrary: any }) : any;
}

/** A path parameter: mostly a real id, sometimes anything. */
const paramValue = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...realInts()).map(String) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: anyString.filter((s) => s.length > 0 && s.length < 200) },
  );

/** encodeURIComponent, with lone surrogates (which it cannot encode) made U+FFFD. */
const enc = (v: string) => encodeURIComponent(v.replace(/[\ud800-\udfff]/gu, '\ufffd'));

function urlFor(route: AppRoute, values: string[]): string {
  let i = 0;
  return route.path.replace(/:([A-Za-z0-9_]+)/g, () => enc(values[i++] ?? '1'));
}
const paramCount = (route: AppRoute) => (route.path.match(/:[A-Za-z0-9_]+/g) ?? []).length;

/** Who sends a route's requests: someone allowed to, so the body is what is tested. */
function tokenFor(route: AppRoute): string {
  const key = `${route.method} ${route.path}`;
  if (/\/users|\/departments/.test(key)) return w.admin;
  if (/open-(monitoring|evaluation)/.test(key)) return w.users.bureauReviewer.token;
  if (/queues\/bulk/.test(key)) return w.users.deptReviewer.token;
  if (/auth\/password/.test(key)) return w.users.submitter2.token;
  if (/\/audit\//.test(key)) return w.users.auditor.token;
  return w.users.submitter.token;
}

/** Routes whose success would end the sessions the other properties use, fuzzed last. */
const LAST = /^(PATCH \/api\/users|POST \/api\/auth\/password|DELETE \/api\/declarations\/:id$)/;

// ---------------------------------------------------------------------------------------------

describe(`fuzzing (${onPostgres ? 'PostgreSQL' : 'SQLite'}, ${RUNS} runs per route)`, () => {
  it('every GET route: random path parameters and query strings never give a 5xx', async () => {
    const queryKey = fc.constantFrom(
      'year',
      'state',
      'departmentId',
      'declarationId',
      'indicatorId',
      'actorId',
      'action',
      'from',
      'to',
      'q',
      'limit',
      'cursor',
      'dryRun',
      'x',
    );
    const plausible = fc.constantFrom(
      '2026',
      '2027',
      'drafting',
      'approved',
      'monitoring.reporting',
      'true',
      '10',
      '数字',
      '2026-01-01',
      'indicator.updated',
    );
    // Pairs of key and value, sometimes with a key repeated (`?q=a&q=b` arrives as a list).
    const query = fc
      .tuple(
        fc.array(fc.tuple(queryKey, fc.oneof(plausible, paramValue(), anyString)), { maxLength: 4 }),
        fc.option(plausible),
      )
      .map(([pairs, again]) =>
        again !== null && pairs.length ? [...pairs, [pairs[0][0], again] as [string, string]] : pairs,
      );
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const runs = /xlsx|csv/.test(route.path) ? 5 : Math.ceil(RUNS / 3);
      await fc.assert(
        fc.asyncProperty(fc.array(paramValue(), { minLength: 3, maxLength: 3 }), query, async (values, q) => {
          const qs = q.map(([k, v]) => `${k}=${enc(v)}`).join('&');
          const url = `${urlFor(route, values)}${qs ? `?${qs}` : ''}`;
          return sane(await send('GET', url, { token: tokenFor(route) }), `GET ${url}`);
        }),
        params(runs),
      );
    }
  }, 180_000);

  it('the importer: random text never gives a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 2000 }), fc.string({ unit: 'binary', maxLength: 500 })),
        fc.boolean(),
        async (text, dryRun) =>
          sane(
            await send('POST', `/api/imports/declarations?dryRun=${dryRun}`, {
              token: w.users.submitter.token,
              raw: { payload: text, contentType: 'text/plain; charset=utf-8' },
            }),
            `import of ${JSON.stringify(text.slice(0, 80))}`,
          ),
      ),
      params(RUNS),
    );
  }, 120_000);

  it('the importer: the real summary table cut anywhere, or with lines dropped and cells replaced, never gives a 5xx', async () => {
    const lines = fixture.split('\n');
    const cut = fc.integer({ min: 0, max: fixture.length }).map((n) => fixture.slice(0, n));
    const mutated = fc
      .array(
        fc.tuple(
          fc.integer({ min: 0, max: lines.length - 1 }),
          fc.option(fc.oneof(anyString, fc.constantFrom(...NASTY_STRINGS))),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((edits) => {
        const copy = [...lines];
        for (const [i, cell] of edits) {
          if (cell === null) copy.splice(i, 1);
          else {
            const cells = (copy[i] ?? '').split('\t');
            cells[Math.min(cells.length - 1, cell.length % Math.max(1, cells.length))] = cell;
            copy[i] = cells.join('\t');
          }
        }
        return copy.join('\n');
      });
    await fc.assert(
      fc.asyncProperty(fc.oneof(cut, mutated), fc.boolean(), async (text, dryRun) =>
        sane(
          await send('POST', `/api/imports/declarations?dryRun=${dryRun}`, {
            token: w.users.submitter.token,
            raw: { payload: text, contentType: 'text/plain' },
          }),
          `import of ${text.length} characters`,
        ),
      ),
      params(RUNS),
    );
  }, 120_000);

  it('the importer: random and truncated workbooks never give a 5xx', async () => {
    const multipart = (file: Buffer, filename: string) => {
      const head = Buffer.from(
        `--FUZZ\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      );
      return Buffer.concat([head, file, Buffer.from('\r\n--FUZZ--\r\n')]);
    };
    const truncated = fc.integer({ min: 0, max: workbook.length }).map((n) => workbook.subarray(0, n));
    const flipped = fc
      .array(fc.tuple(fc.integer({ min: 0, max: workbook.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 20,
      })
      .map((edits) => {
        const copy = Buffer.from(workbook);
        for (const [i, b] of edits) copy[i] = b;
        return copy;
      });
    const random = fc.uint8Array({ maxLength: 4000 }).map((a) => Buffer.from(a));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(truncated, flipped, random),
        fc.constantFrom('a.xlsx', 'a.txt', 'a', '../../a.xlsx'),
        async (file, name) =>
          sane(
            await send('POST', '/api/imports/declarations?dryRun=true', {
              token: w.users.submitter.token,
              raw: { payload: multipart(file, name), contentType: 'multipart/form-data; boundary=FUZZ' },
            }),
            `import of a ${file.length}-byte ${name}`,
          ),
      ),
      params(Math.ceil(RUNS / 2)),
    );
  }, 120_000);

  it('every write route: random JSON and schema-shaped bodies never give a 5xx', async () => {
    const writes = routes
      .filter((r) => r.method !== 'GET')
      .sort(
        (a, b) => Number(LAST.test(`${a.method} ${a.path}`)) - Number(LAST.test(`${b.method} ${b.path}`)),
      );
    expect(writes.length).toBeGreaterThan(10);
    for (const route of writes) {
      const n = paramCount(route);
      await fc.assert(
        fc.asyncProperty(
          fc.array(paramValue(), { minLength: n, maxLength: n }),
          bodyFor(route),
          fc.option(
            fc.array(fc.tuple(fc.constantFrom('version', 'reason', 'dryRun'), paramValue()), {
              maxLength: 2,
            }),
          ),
          async (values, body, query) => {
            const qs = (query ?? []).map(([k, v]) => `${k}=${enc(v)}`).join('&');
            const url = `${urlFor(route, values)}${qs ? `?${qs}` : ''}`;
            const res = await send(route.method, url, { token: tokenFor(route), body });
            const what = `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 300)}`;
            // Text that cannot be stored as given is never accepted, whichever field holds it.
            if (holdsUnstorable(body) && res.status !== 400)
              throw new Error(`${what} → ${res.status}, not 400: ${res.text.slice(0, 300)}`);
            return sane(res, what);
          },
        ),
        params(RUNS),
      );
    }
  }, 300_000);

  it('every write route: bodies nested thousands of levels deep, floods of keys and huge lists are a short 400', async () => {
    // As JSON text: values this deep cannot even be built and stringified in the test. The
    // property draws a kind and a size (short counterexamples) and builds the text from them.
    const bomb = fc.oneof(
      fc.tuple(fc.constant('deep objects' as const), fc.integer({ min: 33, max: 20_000 })),
      fc.tuple(fc.constant('deep lists' as const), fc.integer({ min: 33, max: 20_000 })),
      fc.tuple(fc.constant('keys in one object' as const), fc.integer({ min: 101, max: 90_000 })),
      // 20 keys per object: over 30,000 keys and items in all, each object within the caps.
      fc.tuple(fc.constant('objects of 20 keys' as const), fc.integer({ min: 1_500, max: 2_000 })),
      fc.tuple(fc.constant('list items' as const), fc.integer({ min: 2_001, max: 200_000 })),
    );
    const build = ([kind, n]: [string, number]): string => {
      switch (kind) {
        case 'deep objects':
          return `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
        case 'deep lists':
          return `${'['.repeat(n)}${']'.repeat(n)}`;
        case 'keys in one object':
          return `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')}}`;
        case 'objects of 20 keys': {
          const keys = Array.from({ length: 19 }, (_, k) => `"k${k}":${k}`).join(',');
          return `[${Array.from({ length: n }, (_, i) => `{"a${i}":1,${keys}}`).join(',')}]`;
        }
        default:
          return `[${Array(n).fill('0').join(',')}]`;
      }
    };
    const writes = routes.filter((r) => r.method !== 'GET' && !LAST.test(`${r.method} ${r.path}`));
    for (const route of writes) {
      const fields = Object.keys(resolve(bodySchema(route) ?? {}).properties ?? {});
      await fc.assert(
        fc.asyncProperty(
          bomb,
          fc.option(fc.constantFrom(...(fields.length ? fields : ['x']))),
          async (shape, field) => {
            const text = build(shape);
            const payload = field === null ? text : `{${JSON.stringify(field)}:${text}}`;
            const url = urlFor(route, realInts().slice(0, paramCount(route)).map(String));
            const res = await send(route.method, url, {
              token: tokenFor(route),
              raw: { payload, contentType: 'application/json' },
            });
            const what = `${route.method} ${url} ${shape[1]} ${shape[0]}${field === null ? '' : ` in ${field}`}`;
            if (res.status !== 400 || !String(res.body?.code).startsWith('BODY_'))
              throw new Error(`${what} → ${res.status}, not a 400 BODY_…: ${res.text.slice(0, 300)}`);
            return sane(res, what);
          },
        ),
        params(3),
      );
    }
  }, 180_000);

  it('after all of the above, the audit chain still verifies', async () => {
    const res = await send('GET', '/api/audit/verify', { token: w.users.auditor.token });
    expect({ status: res.status, ok: res.body.ok }).toEqual({ status: 200, ok: true });
  });
});
