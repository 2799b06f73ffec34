import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES } from '../../src/common/roles';
import { hasMessage } from '../../src/common/i18n';
import { LEVEL1_CODES, LEVEL2_CODES } from '../../src/declarations/declarations.responses';
import { DECLARATION_STATES, EVENT_TYPES } from '../../src/lifecycle/declaration.machine';
import {
  HAPPY_ROWS,
  happyFixtures,
  PENDING_ROUTES,
  type HappyCall,
  type HappyFixtures,
} from '../support/happy-requests';
import {
  bareObjects,
  EXT_CODES,
  openApiPath,
  operationOf,
  operations,
  resolve,
  SchemaValidator,
  type OpenApiDoc,
  type Operation,
} from '../support/openapi';
import { applicationRoutes, coverage, routeKey, type AppRoute } from '../support/routes';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld } from '../support/world';

/**
 * Issue 13, item 7: the OpenAPI document describes the API as it answers. One successful
 * request per operation of the application (test/support/happy-requests.ts; a route without
 * a row fails), each answer checked against the document: the status is documented, the
 * content type is the documented one, and a JSON body validates against the documented
 * schema with every object closed (a field the document does not list fails, as a missing
 * required one, a wrong type, a money string with three decimals or a state outside the
 * enumeration do). Refusals are checked too: without a token, for an id that does not exist,
 * with a field that does not exist; each is a documented status with the shared error body,
 * and its code, once catalogued, is among the codes the operation lists. The document itself:
 * every operation has its 2xx answer described, no schema is a bare object, money and dates
 * carry their format.
 */

let t: TestApp;
let f: HappyFixtures;
let doc: OpenApiDoc;
let schemas: SchemaValidator;
let routes: AppRoute[];
/** Each happy call made, with its route: the refusal checks reuse its token and URL. */
const made: Array<{ route: AppRoute; call: HappyCall }> = [];

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '100000' });
  f = await happyFixtures(t, await buildWorld(t));
  doc = t.openApi() as unknown as OpenApiDoc;
  schemas = new SchemaValidator(doc);
  routes = applicationRoutes(t.app);
}, 120_000);
afterAll(async () => t?.close());

const baseType = (res: Res) =>
  String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();

/** What is wrong with one answer, against the operation's documented response for its status. */
function checkAnswer(op: Operation, res: Res, expectedStatus: number): string[] {
  if (res.status !== expectedStatus)
    return [`answered ${res.status}, not ${expectedStatus}: ${res.text.slice(0, 300)}`];
  const documented = op.responses[String(res.status)];
  if (!documented)
    return [`${res.status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`];
  if (res.status === 204) return documented.content ? ['204 is documented with a body'] : [];
  const type = baseType(res);
  const content = documented.content?.[type];
  if (!content?.schema)
    return [
      `answered ${type}, documented ${Object.keys(documented.content ?? {}).join(', ') || 'no content'}`,
    ];
  const schema = resolve(doc, content.schema);
  if (type === 'application/json') return schemas.problems(content.schema, res.body);
  if (schema.type !== 'string') return [`${type} is documented as ${JSON.stringify(schema)}, not a string`];
  if (schema.format === 'binary') {
    if (!Buffer.isBuffer(res.body) || res.body.length === 0) return ['a binary answer without bytes'];
    // A workbook is a ZIP.
    if (type.includes('spreadsheetml') && res.body.subarray(0, 2).toString('latin1') !== 'PK')
      return ['the workbook is not a ZIP'];
    return [];
  }
  return typeof res.body === 'string' && res.body.length > 0 ? [] : ['a text answer without text'];
}

/** What is wrong with one refusal: its status must be documented, its body the error schema. */
function checkRefusal(op: Operation, res: Res): string[] {
  if (res.status < 400 || res.status >= 500) return [`answered ${res.status}: ${res.text.slice(0, 200)}`];
  const documented = op.responses[String(res.status)];
  if (!documented)
    return [`${res.status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`];
  const problems = schemas.problems(documented.content?.['application/json']?.schema ?? {}, res.body);
  const code = (res.body as { code?: string }).code ?? '';
  const listed = (op[EXT_CODES] as Record<string, string[]> | undefined)?.[String(res.status)] ?? [];
  // A catalogued code must be listed; an uncatalogued one (the legacy texts issue 13 removes) cannot be.
  if (hasMessage(code) && !listed.includes(code))
    problems.push(
      `${res.status} ${code} is not among the codes listed for ${res.status}: ${listed.join(', ')}`,
    );
  return problems;
}

describe('every operation answers as the OpenAPI document says', () => {
  it('has one happy request per route of the application, and the document lists every route', () => {
    const { missing, stale } = coverage(routes, Object.keys(HAPPY_ROWS));
    expect({ missing, stale: stale.filter((k) => !PENDING_ROUTES.includes(k)) }).toEqual({
      missing: [],
      stale: [],
    });
    const undocumented = routes.filter((r) => !operationOf(doc, r.method, r.path)).map(routeKey);
    expect(undocumented).toEqual([]);
    expect(operations(doc).length).toBe(routes.length);
  });

  it('each successful answer has a documented status and content type, and its JSON validates against the schema', async () => {
    const problems: string[] = [];
    for (const [key, row] of Object.entries(HAPPY_ROWS)) {
      const [method, path] = key.split(' ');
      const route = routes.find((r) => routeKey(r) === key);
      if (!route) continue; // a pending route (PENDING_ROUTES): checked once it exists
      const op = operationOf(doc, method, path)!;
      for (const call of [await row(t, f)].flat()) {
        const res = await t.request(call.method, call.url, call.opts);
        made.push({ route, call });
        for (const p of checkAnswer(op, res, call.status))
          problems.push(`${key}${call.note ? ` (${call.note})` : ''}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
    // Every operation was answered at least once.
    expect(new Set(made.map((m) => routeKey(m.route))).size).toBe(routes.length);
  }, 120_000);

  it('a refusal is a documented status with the shared error body, and a catalogued code is listed', async () => {
    expect(made.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const firstCall = new Map<string, { route: AppRoute; call: HappyCall }>();
    for (const m of made) if (!firstCall.has(routeKey(m.route))) firstCall.set(routeKey(m.route), m);
    let refusals = 0;
    const codes = new Set<string>();
    for (const [key, { route, call }] of firstCall) {
      const op = operationOf(doc, route.method, route.path)!;
      const attempts: Array<[string, Res]> = [];
      // Without a token (every route but the public ones).
      if ((op.security as unknown[] | undefined)?.length)
        attempts.push([
          'no token',
          await t.request(call.method, call.url, { ...call.opts, token: undefined }),
        ]);
      // An id that does not exist.
      if (/\/\d+(?=\/|\?|$)/.test(call.url.split('?')[0]))
        attempts.push([
          'unknown id',
          await t.request(call.method, call.url.replace(/\/\d+(?=\/|\?|$)/, '/99999999'), call.opts),
        ]);
      // A field that does not exist (every JSON body).
      if (
        op.requestBody?.content?.['application/json'] &&
        call.opts?.body &&
        typeof call.opts.body === 'object'
      )
        attempts.push([
          'unknown field',
          await t.request(call.method, call.url, {
            ...call.opts,
            body: { ...(call.opts.body as object), noSuchField: 1 },
          }),
        ]);
      for (const [what, res] of attempts) {
        refusals += 1;
        codes.add(`${res.status} ${(res.body as { code?: string }).code}`);
        for (const p of checkRefusal(op, res)) problems.push(`${key} (${what}): ${p}`);
      }
    }
    expect(problems).toEqual([]);
    expect(refusals).toBeGreaterThan(routes.length);
    // The code check is exercised: a catalogued code was met (and found listed).
    expect([...codes]).toEqual(expect.arrayContaining(['400 FIELD_UNKNOWN']));
  }, 120_000);
});

describe('the OpenAPI document', () => {
  it('describes the 2xx answer of every operation: a schema, a file type, or no content for 204', () => {
    const problems: string[] = [];
    for (const { key, op } of operations(doc)) {
      const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!ok.length) problems.push(`${key}: no 2xx answer`);
      for (const [status, r] of ok) {
        if (status === '204') continue;
        const contents = Object.entries(r.content ?? {});
        if (!contents.length) problems.push(`${key} ${status}: no content`);
        for (const [type, c] of contents) if (!c.schema) problems.push(`${key} ${status} ${type}: no schema`);
      }
      // Every refusal has the shared error body.
      for (const [status, r] of Object.entries(op.responses))
        if (
          /^4\d\d$|^default$/.test(status) &&
          r.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ApiError'
        )
          problems.push(`${key} ${status}: not the shared error schema`);
    }
    expect(problems).toEqual([]);
  });

  it('has no property typed as a bare object (a `string | null` field read through its metadata)', () => {
    expect(bareObjects(doc)).toEqual([]);
  });

  it('types money, dates, timestamps, states, events and roles', () => {
    // Every property of these names, wherever it is, in requests and answers alike.
    const MONEY = [
      'total',
      'annualRequest',
      'currentAppropriation',
      'carryover',
      'other',
      'initialBudget',
      'adjustedBudget',
      'executedToDate',
      'forecastFullYear',
      'executed',
    ];
    const problems: string[] = [];
    const seen = new Set<string>();
    const check = (name: string, p: Record<string, any>, at: string) => {
      const s = resolve(doc, p);
      const items = s.type === 'array' ? resolve(doc, s.items) : s;
      const want = (cond: boolean, what: string) => {
        seen.add(what);
        if (!cond) problems.push(`${at}.${name}: ${what} expected, got ${JSON.stringify(s)}`);
      };
      if (MONEY.includes(name)) want(s.type === 'string' && s.format === 'decimal', 'money');
      if (['plannedStart', 'plannedEnd'].includes(name)) want(s.format === 'date', 'date');
      const within = (list: readonly string[]) =>
        Array.isArray(items.enum) &&
        items.enum.length > 0 &&
        items.enum.every((v: string) => list.includes(v));
      if (/[a-z]At$|^at$|^lockedUntil$/.test(name) && s.type === 'string')
        want(s.format === 'date-time', 'timestamp');
      if (['state', 'from', 'to', 'initial'].includes(name) && items.type === 'string')
        want(within(DECLARATION_STATES), 'state');
      if (['event', 'allowedEvents'].includes(name)) want(within(EVENT_TYPES), 'event');
      // The audit trail keeps the roles an actor held as one text (`dept_reviewer,bureau_reviewer`).
      if (['roles', 'role'].includes(name) && !/^(AuditEvent|IndicatorHistory)/.test(at))
        want(within(ROLES), 'role');
      if (name === 'level1') want(within(LEVEL1_CODES), 'level');
      if (name === 'level2') want(within(LEVEL2_CODES), 'level');
    };
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, any>;
      for (const [name, p] of Object.entries(o.properties ?? {})) {
        check(name, p as Record<string, any>, at);
        walk(p, `${at}.${name}`);
      }
      for (const k of ['items', 'allOf', 'oneOf', 'anyOf'])
        for (const x of [o[k]].flat()) if (x && typeof x === 'object' && !x.$ref) walk(x, at);
      if (o.schema) walk(o.schema, at);
    };
    for (const [name, s] of Object.entries(doc.components.schemas)) walk(s, name);
    for (const { key, op } of operations(doc)) walk(op.requestBody?.content?.['application/json'], key);
    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual(['date', 'event', 'level', 'money', 'role', 'state', 'timestamp']);
  });

  it('lists the codes of each refusal, every one of them in a catalogue', () => {
    const problems: string[] = [];
    for (const { key, op } of operations(doc)) {
      const listed = op[EXT_CODES] as Record<string, string[]> | undefined;
      if (!listed) {
        problems.push(`${key}: no ${EXT_CODES}`);
        continue;
      }
      for (const [status, codes] of Object.entries(listed))
        for (const code of codes)
          if (!hasMessage(code)) problems.push(`${key} ${status}: ${code} is in no catalogue`);
    }
    expect(problems).toEqual([]);
    // A body's field problems are listed where there is a body.
    const patch = operationOf(doc, 'PATCH', '/api/declarations/:id')!;
    expect((patch[EXT_CODES] as Record<string, string[]>)['400']).toEqual(
      expect.arrayContaining(['FIELD_MONEY', 'FIELD_UNKNOWN', 'ID_INVALID']),
    );
    expect(openApiPath('/api/declarations/:id')).toBe('/api/declarations/{id}');
  });
});
