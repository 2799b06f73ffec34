import { namesField } from '../support/errors';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration } from '../support/factories';
import {
  cleanEvaluationBody,
  cleanMonitoringBody,
  everyPhase,
  versionOf,
  type Declared,
} from '../support/lifecycle';
import { PRE_ASSESSMENT_OPINIONS } from '../support/pre-assessment';
import { applicationRoutes, routeKey } from '../support/routes';
import { evaluatedWithItems } from '../support/rectification';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Every field of every JSON body, alone, at the values that have reached the database and
 * failed there: null where the column has no empty value, ids and versions beyond the
 * integer columns, wrong types. The answer is below 500; a 400 names the field; a refused
 * write leaves the declaration's version as it was. Text that cannot be stored as given (a lone
 * surrogate, a control character) and bodies beyond the shape caps are a 400 with their code
 * on every field, and the audit chain verifies at the end. The fields come from the OpenAPI
 * document, so a new field is covered without a new line here; a new write route without a
 * row below fails the suite. (The fuzz suite tries random bodies; this sweep tries these
 * values on every field, every run.)
 */

const VALUES: unknown[] = [null, 2 ** 31, 1e308, -1, 0, 1.5, true, '', 'x'.repeat(5000), {}, []];

/** `{"a":{"a":…}}`, `depth` levels. */
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });

/**
 * Values no field may hold, whatever its type (issue 12, items 2 and 6): text that cannot be
 * stored as given, and shapes beyond the body caps. Each is a 400 with its code naming the
 * field, and the audit chain verifies afterwards.
 */
const REFUSED: Array<[unknown, string]> = [
  ['\ud800', 'TEXT_INVALID_CHARACTER'],
  ['why\udfff', 'TEXT_INVALID_CHARACTER'],
  ['\u0001', 'TEXT_INVALID_CHARACTER'],
  ['ok\uffff', 'TEXT_INVALID_CHARACTER'],
  [nested(40), 'BODY_TOO_DEEP'],
  [Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])), 'BODY_TOO_MANY_KEYS'],
  [Array.from({ length: 5000 }, () => 0), 'BODY_LIST_TOO_LONG'],
];
const refusedCode = new Map(REFUSED);

let t: TestApp;
let w: World;
let M: Declared;
let E: Declared;
let victimId: number;
let shared: Declared;

beforeAll(async () => {
  t = await startTestApp({
    LOGIN_RATE_LIMIT_MAX: '100000',
    LOCKOUT_MAX_FAILURES: '100',
    PUBLIC_RATE_LIMIT_MAX: '100000',
  });
  w = await buildWorld(t);
  ({ draft: shared, monitoring: M, evaluation: E, victimId } = await everyPhase(t, w, 'bounds.victim'));
}, 90_000);
afterAll(async () => t?.close());

interface Target {
  url: string;
  token?: string;
  /** A body the route accepts; each field is then replaced in turn. */
  base: Record<string, unknown>;
  /** The declaration a refused write must leave unchanged. */
  declarationId?: number;
  /** The field of `base` that is wrong on purpose, which a 400 may name instead. */
  wrongOnPurpose?: string;
}

let deputies = 0;
let libraryRows = 0;

/** A declaration under the unit's review with an open thread and a resolved one (made once). */
let reviewed: Promise<{ id: number; open: number; resolved: number }> | null = null;
function underReview() {
  reviewed ??= (async () => {
    const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: '边界意见' });
    const submit = await t.post(
      `/api/declarations/${d.id}/transitions`,
      { event: 'SUBMIT', version: d.version },
      w.users.submitter.token,
    );
    if (submit.status !== 200) throw new Error(`submit: ${submit.status} ${submit.text}`);
    const thread = async (anchor: string) =>
      (
        await t.post(
          `/api/declarations/${d.id}/comments`,
          { anchor, comment: '边界' },
          w.users.deptReviewer.token,
        )
      ).body.id as number;
    const open = await thread('projectName');
    const resolved = await thread('annualGoal');
    await t.post(`/api/declarations/${d.id}/comments/${resolved}/resolve`, {}, w.users.deptReviewer.token);
    return { id: d.id, open, resolved };
  })();
  return reviewed;
}

/** The draft whose pre-assessment the sweep writes (made once). */
let assessed: Promise<{ id: number }> | null = null;
/** A 2033 declaration evaluated 中 with its three open items (made once). */
let rectified: ReturnType<typeof evaluatedWithItems> | null = null;
const withItems = () => (rectified ??= evaluatedWithItems(t, w, 2033));
/**
 * An item as it was made: an accepted value may move it on, and the later requests with this
 * version are then 409 (below 500, as the sweep asks), not a GET per request.
 */
async function itemNow(index: number): Promise<{ id: number; version: number }> {
  return (await withItems()).items[index];
}

let serial = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(serial++).toString(36)}`;

/** One row per write route with a JSON body: how to make a request that would succeed. */
const ROWS: Record<string, () => Promise<Target>> = {
  'POST /api/auth/login': async () => ({
    url: '/api/auth/login',
    base: { username: 'nobody', password: 'x' },
  }),
  // A wrong current password: no value of the other field can change the password.
  'POST /api/auth/password': async () => ({
    url: '/api/auth/password',
    token: w.users.submitter2.token,
    base: { currentPassword: 'Wrong-Passw0rd!', newPassword: 'An0ther-Passw0rd!' },
    wrongOnPurpose: 'currentPassword',
  }),
  // Stores nothing: every value is read or refused in words, never a 500.
  'POST /api/reference/targets/parse': async () => ({
    url: '/api/reference/targets/parse',
    token: w.users.submitter2.token,
    base: { text: '≥95.00(%)' },
  }),
  'POST /api/departments': async () => ({
    url: '/api/departments',
    token: w.admin,
    base: { code: unique('B'), name: '边界部', kind: 'department', parentId: w.unitId },
  }),
  'POST /api/users': async () => ({
    url: '/api/users',
    token: w.admin,
    base: {
      username: unique('b.'),
      displayName: '边界',
      password: PASSWORD,
      roles: ['submitter'],
      departmentId: w.deptA,
    },
  }),
  'PATCH /api/users/:id': async () => ({ url: `/api/users/${victimId}`, token: w.admin, base: {} }),
  'POST /api/declarations': async () => ({
    url: '/api/declarations',
    token: w.users.submitter.token,
    base: { year: 2026 },
  }),
  'PATCH /api/declarations/:id': async () => ({
    url: `/api/declarations/${shared.id}`,
    token: w.users.submitter.token,
    base: { version: await versionOf(t, shared.id, w.users.submitter.token) },
    declarationId: shared.id,
  }),
  'POST /api/declarations/:id/indicators': async () => ({
    url: `/api/declarations/${shared.id}/indicators`,
    token: w.users.submitter.token,
    base: {
      version: await versionOf(t, shared.id, w.users.submitter.token),
      level1: 'output',
      level2: 'quality',
      name: '边界',
      target: '及时',
    },
    declarationId: shared.id,
  }),
  'PATCH /api/declarations/:id/indicators/:indicatorId': async () => ({
    url: `/api/declarations/${shared.id}/indicators/${shared.indicatorIds[0]}`,
    token: w.users.submitter.token,
    base: { version: await versionOf(t, shared.id, w.users.submitter.token) },
    declarationId: shared.id,
  }),
  // A fresh draft each time: a value that is accepted submits it.
  'POST /api/declarations/:id/transitions': async () => {
    const d = await createValidDeclaration(t, w.users.submitter.token);
    return {
      url: `/api/declarations/${d.id}/transitions`,
      token: w.users.submitter.token,
      base: { event: 'SUBMIT', version: d.version },
      declarationId: d.id,
    };
  },
  // One draft (made once): an accepted value records or changes its pre-assessment.
  'PUT /api/declarations/:id/pre-assessment': async () => {
    assessed ??= createValidDeclaration(t, w.users.submitter.token, { projectName: '边界评估' });
    const d = await assessed;
    return {
      url: `/api/declarations/${d.id}/pre-assessment`,
      token: w.users.submitter.token,
      base: {
        version: await versionOf(t, d.id, w.users.submitter.token),
        ...PRE_ASSESSMENT_OPINIONS,
        conclusion: 'pass',
      },
      declarationId: d.id,
    };
  },
  // Review comments on one declaration under internal review: an accepted value opens, replies
  // to, resolves or reopens a thread; a second one on the same anchor is a 409, never a 500.
  'POST /api/declarations/:id/comments': async () => {
    const r = await underReview();
    return {
      url: `/api/declarations/${r.id}/comments`,
      token: w.users.deptReviewer.token,
      base: { anchor: 'overallGoal', comment: '边界意见' },
    };
  },
  'POST /api/declarations/:id/comments/:threadId/replies': async () => {
    const r = await underReview();
    return {
      url: `/api/declarations/${r.id}/comments/${r.open}/replies`,
      token: w.users.deptReviewer.token,
      base: { comment: '边界回复' },
    };
  },
  'POST /api/declarations/:id/comments/:threadId/resolve': async () => {
    const r = await underReview();
    return {
      url: `/api/declarations/${r.id}/comments/${r.open}/resolve`,
      token: w.users.deptReviewer.token,
      base: { comment: '边界' },
    };
  },
  'POST /api/declarations/:id/comments/:threadId/reopen': async () => {
    const r = await underReview();
    return {
      url: `/api/declarations/${r.id}/comments/${r.resolved}/reopen`,
      token: w.users.deptReviewer.token,
      base: { comment: '边界' },
    };
  },
  // A year with no declarations: an accepted value opens nothing.
  'POST /api/workflow/open-monitoring': async () => ({
    url: '/api/workflow/open-monitoring',
    token: w.users.bureauReviewer.token,
    base: { year: 2031 },
  }),
  'POST /api/workflow/open-evaluation': async () => ({
    url: '/api/workflow/open-evaluation',
    token: w.users.bureauReviewer.token,
    base: { year: 2031 },
  }),
  // Each accepted value takes one more signed checkpoint; nothing else changes.
  'PUT /api/notifications/settings': async () => ({
    url: '/api/notifications/settings',
    token: w.users.submitter.token,
    base: { email: 'boundary@example.gov.cn' },
  }),
  'POST /api/audit/checkpoints': async () => ({
    url: '/api/audit/checkpoints',
    token: w.users.auditor.token,
    base: { note: '边界' },
  }),
  // 绩效目标公开: the bureau's decision on an approved declaration; the public check of hashes.
  'PUT /api/publications/:id': async () => ({
    url: `/api/publications/${M.id}`,
    token: w.users.bureauReviewer.token,
    base: { published: true },
    declarationId: M.id,
  }),
  'POST /api/public/targets/verify': async () => ({
    url: '/api/public/targets/verify',
    base: {
      rows: [
        {
          declarationId: M.id,
          versionNo: 1,
          contentSha256: 'a'.repeat(64),
          seq: 3,
          eventHash: 'b'.repeat(64),
        },
      ],
    },
  }),
  'POST /api/queues/filters': async () => ({
    url: '/api/queues/filters',
    token: w.users.deptReviewer.token,
    base: { name: '边界', filters: { year: 2026, overdue: true, sort: 'due' } },
  }),
  'POST /api/delegations': async () => {
    const deputy = await t.post(
      '/api/users',
      {
        username: `bounds.deputy${++deputies}`,
        displayName: '边界代理',
        password: PASSWORD,
        roles: ['bureau_reviewer'],
        departmentId: w.bureauId,
      },
      w.admin,
    );
    if (deputy.status !== 201) throw new Error(`deputy: ${deputy.status} ${deputy.text}`);
    const day = (offset: number) =>
      new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    return {
      url: '/api/delegations',
      token: w.users.bureauReviewer.token,
      base: {
        substituteId: deputy.body.id,
        role: 'bureau_reviewer',
        startsOn: day(1),
        endsOn: day(3),
        reason: '边界',
      },
    };
  },
  'POST /api/library/proposals': async () => ({
    url: '/api/library/proposals',
    token: w.users.bureauReviewer.token,
    base: {
      operation: 'add',
      entry: {
        code: unique('BD'),
        level1: 'output',
        level2: 'quantity',
        name: '边界指标',
        direction: 'higher',
        unit: '次',
        validFrom: 2026,
      },
      reason: '边界',
    },
  }),
  'POST /api/library/proposals/:id/transitions': async () => {
    const made = await t.post(
      '/api/library/proposals',
      // A proposal of its own each time (one open proposal per entry).
      { operation: 'change', entryId: 20 + ++libraryRows, entry: { sector: '2130101' } },
      w.users.bureauReviewer.token,
    );
    if (made.status !== 201) throw new Error(`proposal: ${made.status} ${made.text}`);
    return {
      url: `/api/library/proposals/${made.body.id}/transitions`,
      token: w.users.bureauReviewer.token,
      base: { event: 'RETURN', version: made.body.version, comment: '边界' },
    };
  },
  'POST /api/declarations/:id/indicators/:indicatorId/library-link': async () => {
    const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: '边界指标库' });
    return {
      url: `/api/declarations/${d.id}/indicators/${d.indicatorIds[0]}/library-link`,
      token: w.users.submitter.token,
      base: { version: d.version, libraryEntryId: 1 },
      declarationId: d.id,
    };
  },
  'PUT /api/work-calendars/:year': async () => ({
    url: '/api/work-calendars/2033',
    token: w.admin,
    base: {
      source: '国务院办公厅关于2033年部分节假日安排的通知',
      sourceUrl: 'https://www.gov.cn/',
      provisional: false,
      note: '边界',
      holidays: [{ name: '元旦', off: ['2033-01-01'], work: ['2033-01-08'] }],
    },
  }),
  // Rectification: an accepted value may move an item on; the next one is then 409, never a 500.
  'POST /api/rectifications': async () => ({
    url: '/api/rectifications',
    token: w.users.bureauReviewer.token,
    base: {
      declarationId: (await withItems()).declaration.id,
      problem: '边界问题',
      requiredAction: '边界要求',
      responsible: '边界单位',
      dueOn: '2099-12-31',
    },
  }),
  'PATCH /api/rectifications/:id': async () => {
    const item = await itemNow(0);
    return {
      url: `/api/rectifications/${item.id}`,
      token: w.users.bureauReviewer.token,
      base: {
        version: item.version,
        problem: '边界',
        requiredAction: '边界',
        responsible: '边界',
        dueOn: '2099-12-31',
      },
    };
  },
  'POST /api/rectifications/:id/close': async () => {
    const item = await itemNow(1);
    return {
      url: `/api/rectifications/${item.id}/close`,
      token: w.users.submitter.token,
      base: { version: item.version, evidence: '边界' },
    };
  },
  'POST /api/rectifications/:id/accept': async () => {
    const item = await itemNow(2);
    return {
      url: `/api/rectifications/${item.id}/accept`,
      token: w.users.bureauReviewer.token,
      base: { version: item.version, comment: '边界' },
    };
  },
  'POST /api/rectifications/:id/reopen': async () => {
    const item = await itemNow(1);
    return {
      url: `/api/rectifications/${item.id}/reopen`,
      token: w.users.bureauReviewer.token,
      base: { version: item.version, reason: '边界' },
    };
  },
  'POST /api/queues/bulk': async () => ({
    url: '/api/queues/bulk',
    token: w.users.deptReviewer.token,
    base: { event: 'RETURN', comment: '请补充', items: [{ declarationId: shared.id, version: 1 }] },
  }),
  'PUT /api/declarations/:id/monitoring': async () => ({
    url: `/api/declarations/${M.id}/monitoring`,
    token: w.users.submitter.token,
    base: cleanMonitoringBody(await versionOf(t, M.id, w.users.submitter.token), M.indicatorIds),
    declarationId: M.id,
  }),
  'PATCH /api/declarations/:id/monitoring': async () => ({
    url: `/api/declarations/${M.id}/monitoring`,
    token: w.users.submitter.token,
    base: {
      version: await versionOf(t, M.id, w.users.submitter.token),
      budget: { executedToDate: '1.00' },
      entries: [{ indicatorId: M.indicatorIds[0], forecast: '150', likelihood: 'certain' }],
    },
    declarationId: M.id,
  }),
  'PATCH /api/declarations/:id/evaluation': async () => ({
    url: `/api/declarations/${E.id}/evaluation`,
    token: w.users.submitter.token,
    base: {
      version: await versionOf(t, E.id, w.users.submitter.token),
      budget: { executed: '1.00' },
      entries: [{ indicatorId: E.indicatorIds[0], actual: '150' }],
    },
    declarationId: E.id,
  }),
  'PUT /api/declarations/:id/evaluation': async () => ({
    url: `/api/declarations/${E.id}/evaluation`,
    token: w.users.submitter.token,
    base: cleanEvaluationBody(await versionOf(t, E.id, w.users.submitter.token), E.indicatorIds),
    declarationId: E.id,
  }),
};

/** A deep copy of `body` with the value at `path` replaced. */
function withValue(body: Record<string, unknown>, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
  return copy;
}

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
}

describe('every field of every JSON body at the values that broke before', () => {
  it('is answered below 500; a 400 names the field; a refused write changes nothing; the audit chain verifies', async () => {
    const doc = t.openApi() as unknown as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
      >;
      components?: { schemas?: Record<string, Schema> };
    };
    const resolve = (s: Schema): Schema =>
      s.$ref ? (doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] ?? {}) : s;
    const withBody = applicationRoutes(t.app)
      .filter((r) => r.method !== 'GET')
      .map((r) => ({
        route: r,
        schema:
          doc.paths[r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()]?.requestBody
            ?.content?.['application/json']?.schema,
      }))
      .filter((x) => x.schema);
    expect(withBody.map((x) => routeKey(x.route)).sort()).toEqual(Object.keys(ROWS).sort());

    const problems: string[] = [];
    let requests = 0;
    for (const { route, schema } of withBody) {
      const top = Object.keys(resolve(schema!).properties ?? {});
      expect(top.length).toBeGreaterThan(0);
      // The fields of the body and, one level down, those of its objects and first list items
      // (funds.total, items[0].declarationId, entries[0].actual), as paths of keys.
      const base = (await ROWS[routeKey(route)]()).base;
      const paths: Array<Array<string | number>> = top.map((f) => [f]);
      for (const f of top) {
        const v = base[f];
        const inner = Array.isArray(v) ? v[0] : v;
        if (inner && typeof inner === 'object' && !Array.isArray(inner))
          for (const k of Object.keys(inner)) paths.push(Array.isArray(v) ? [f, 0, k] : [f, k]);
      }
      for (const path of paths) {
        const field = String(path[path.length - 1]);
        for (const value of [...VALUES, ...refusedCode.keys()]) {
          const target = await ROWS[routeKey(route)]();
          const before =
            target.declarationId === undefined
              ? undefined
              : await versionOf(t, target.declarationId, w.users.submitter.token);
          const body = withValue(target.base, path, value);
          const res = await t.request(route.method, target.url, { token: target.token, body });
          requests++;
          const what = `${route.method} ${target.url} ${path.join('.')}=${JSON.stringify(value)?.slice(0, 20)} → ${res.status}`;
          const code = refusedCode.get(value);
          if (res.status >= 500) problems.push(`${what}: ${res.text.slice(0, 160)}`);
          else if (code && (res.status !== 400 || res.body?.code !== code))
            problems.push(`${what} is not a 400 ${code}: ${res.text.slice(0, 160)}`);
          if (res.status >= 400 && res.status < 500) {
            if (res.body?.statusCode !== res.status || typeof res.body?.message !== 'string')
              problems.push(`${what} without the error shape`);
            else if (
              res.status === 400 &&
              !namesField(res.body, field) &&
              !(target.wrongOnPurpose && namesField(res.body, target.wrongOnPurpose))
            )
              problems.push(`${what} does not name ${field}: ${res.body.message.slice(0, 160)}`);
            if (before !== undefined) {
              const after = await versionOf(t, target.declarationId!, w.users.submitter.token);
              if (after !== before) problems.push(`${what} changed the version ${before} → ${after}`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(requests).toBeGreaterThan(300);
    // Nothing refused or accepted above left the audit trail unverifiable.
    const verify = await t.get('/api/audit/verify', w.users.auditor.token);
    expect({ status: verify.status, ok: verify.body.ok }).toEqual({ status: 200, ok: true });
  }, 300_000);
});
