import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { openYear, type Declared } from '../support/lifecycle';
import {
  multipartFile,
  PRE_ASSESSMENT_OPINIONS,
  PRE_ASSESSMENT_PDF,
  recordPreAssessment,
} from '../support/pre-assessment';
import { applicationRoutes, coverage, routeShape, type AppRoute } from '../support/routes';
import { PASSWORD, startTestApp, type RequestOptions, type Res, type TestApp } from '../support/test-app';
import { onPostgres } from '../support/test-db';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 7, deliverable 1: every route of the application × every kind of caller → the
 * expected status class. The routes come from the application (Nest's controller metadata,
 * checked against Fastify's router); a route without a row here fails the suite, and so does a
 * row naming a route that no longer exists.
 *
 * Callers: anonymous, one user per role, a submitter of another department (submitterB: same
 * unit, other department) and a dept_reviewer of another unit (otherReviewer). Declaration-
 * scoped routes are called with a real declaration (and indicator) of department A, which is
 * approved and open for mid-year monitoring.
 *
 * Expected: 'ok' = 2xx; 'pass' = got past authentication, permission and scope (not 401, 403,
 * 404, nor 5xx: a 4xx for the body or the state is fine; writes are sent with a stale
 * version so the matrix changes nothing it depends on); or an exact status.
 */

type Caller =
  | 'anonymous'
  | 'submitter'
  | 'deptReviewer'
  | 'bureauReviewer'
  | 'auditor'
  | 'admin'
  | 'submitterB'
  | 'otherReviewer';
const CALLERS: Caller[] = [
  'anonymous',
  'submitter',
  'deptReviewer',
  'bureauReviewer',
  'auditor',
  'admin',
  'submitterB',
  'otherReviewer',
];
type Cell = 'ok' | 'pass' | 401 | 403 | 404;
type Expect = Record<Caller, Cell>;

/** A row's request: the url with its parameters filled, and the body. */
interface Fixture {
  A: Declared;
  /** A review comment thread on A, opened while A was under internal review. */
  threadId: number;
  userId: number;
  unitId: number;
  bureauId: number;
  importText: string;
  /** A's pre-assessment report (recorded before A was submitted). */
  attachmentId: number;
}
interface RowRequest extends RequestOptions {
  /** Parameter values by name; default :id = A, :indicatorId = an indicator of A, versions 1. */
  params?: Record<string, number | string>;
  query?: string;
}
interface Row {
  expect: Expect;
  request?: (f: Fixture) => RowRequest;
}

const STALE = 999_999;

// The permission map (src/auth/permissions.ts) applied to callers; scope decides 404.
const PUBLIC: Expect = {
  anonymous: 'ok',
  submitter: 'ok',
  deptReviewer: 'ok',
  bureauReviewer: 'ok',
  auditor: 'ok',
  admin: 'ok',
  submitterB: 'ok',
  otherReviewer: 'ok',
};
const ANY_USER: Expect = { ...PUBLIC, anonymous: 401 };
const only = (cell: Cell, ...callers: Caller[]): Expect =>
  Object.fromEntries(
    CALLERS.map((c) => [c, c === 'anonymous' ? 401 : callers.includes(c) ? cell : 403]),
  ) as Expect;
/** declaration.read on a declaration of department A. */
const READ_A: Expect = {
  anonymous: 401,
  submitter: 'ok',
  deptReviewer: 'ok',
  bureauReviewer: 'ok',
  auditor: 'ok',
  admin: 403,
  submitterB: 404,
  otherReviewer: 404,
};
/** Like READ_A where the answer depends on the declaration's state (409 is fine). */
const READ_A_STATEFUL: Expect = {
  ...READ_A,
  submitter: 'pass',
  deptReviewer: 'pass',
  bureauReviewer: 'pass',
  auditor: 'pass',
};
/** declaration.write / report.write on A with a stale version. */
const WRITE_A: Expect = { ...only('pass', 'submitter', 'submitterB'), submitterB: 404 };
/** declaration.read on the caller's own scope (lists, exports). */
const READ_OWN_SCOPE: Expect = { ...ANY_USER, admin: 403 };

const json = (body: unknown): RowRequest => ({ body });

export const MATRIX: Record<string, Row> = {
  'GET /api/health': { expect: PUBLIC },
  'POST /api/auth/login': {
    expect: PUBLIC,
    request: () => json({ username: 'submitter2', password: PASSWORD }),
  },
  'GET /api/auth/me': { expect: ANY_USER },
  'POST /api/auth/password': {
    // A wrong current password: 400 for every logged-in caller, and nobody's password changes.
    expect: { ...ANY_USER, ...only('pass', ...CALLERS) },
    request: () => json({ currentPassword: 'Not-The-Passw0rd!', newPassword: 'Another-Passw0rd!9' }),
  },

  'POST /api/departments': {
    expect: only('ok', 'admin'),
    request: (f) =>
      json({
        code: `M${Math.random().toString(36).slice(2, 10)}`,
        name: '矩阵部门',
        kind: 'department',
        parentId: f.unitId,
      }),
  },
  'GET /api/departments': { expect: ANY_USER },
  'POST /api/users': {
    expect: only('ok', 'admin'),
    request: (f) =>
      json({
        username: `m${Math.random().toString(36).slice(2, 10)}`,
        displayName: 'matrix',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: f.bureauId,
      }),
  },
  'GET /api/users': { expect: only('ok', 'admin') },
  'GET /api/users/grants': { expect: only('ok', 'admin') },
  // Substitutes: reviewers for themselves, admins for the reviewers of their subtree (delegations.service.ts).
  'GET /api/delegations': { expect: only('ok', 'deptReviewer', 'bureauReviewer', 'admin', 'otherReviewer') },
  'GET /api/delegations/candidates': {
    expect: only('ok', 'deptReviewer', 'bureauReviewer', 'admin', 'otherReviewer'),
    request: () => ({ query: 'role=dept_reviewer' }),
  },
  'POST /api/delegations': {
    // A substitute who is not eligible, or a role the caller does not hold: refused after the permission.
    expect: only('pass', 'deptReviewer', 'bureauReviewer', 'admin', 'otherReviewer'),
    request: (f) =>
      json({ substituteId: f.userId, role: 'dept_reviewer', startsOn: '2099-01-01', endsOn: '2099-01-02' }),
  },
  'POST /api/delegations/:id/end': {
    expect: only(404, 'deptReviewer', 'bureauReviewer', 'admin', 'otherReviewer'),
    request: () => ({ params: { id: STALE } }),
  },
  // Rectification (整改): read as the declaration; the department closes, the bureau adds, edits,
  // accepts and reopens (permissions.ts; rectification.machine.ts). A has no items: an unknown
  // item is 404 past the permission, a new one on A (not evaluated) 409.
  'GET /api/rectifications': { expect: READ_OWN_SCOPE },
  'GET /api/rectifications/:id': {
    expect: only(
      404,
      'submitter',
      'deptReviewer',
      'bureauReviewer',
      'auditor',
      'submitterB',
      'otherReviewer',
    ),
    request: () => ({ params: { id: STALE } }),
  },
  'GET /api/rectifications/:id/attachment': {
    expect: only(
      404,
      'submitter',
      'deptReviewer',
      'bureauReviewer',
      'auditor',
      'submitterB',
      'otherReviewer',
    ),
    request: () => ({ params: { id: STALE } }),
  },
  'GET /api/declarations/:id/rectifications': { expect: READ_A },
  'POST /api/rectifications': {
    expect: only('pass', 'bureauReviewer'),
    request: (f) => json({ declarationId: f.A.id, problem: '矩阵问题', requiredAction: '矩阵要求' }),
  },
  'PATCH /api/rectifications/:id': {
    expect: only(404, 'bureauReviewer'),
    request: () => ({ params: { id: STALE }, body: { version: 1, dueOn: '2099-01-01' } }),
  },
  'POST /api/rectifications/:id/close': {
    expect: only(404, 'submitter', 'submitterB'),
    request: () => ({ params: { id: STALE }, body: { version: 1, evidence: '矩阵' } }),
  },
  'PUT /api/rectifications/:id/attachment': {
    // No multipart body: 415 past the permission.
    expect: only('pass', 'submitter', 'submitterB'),
    request: () => ({ params: { id: STALE } }),
  },
  'POST /api/rectifications/:id/accept': {
    expect: only(404, 'bureauReviewer'),
    request: () => ({ params: { id: STALE }, body: { version: 1 } }),
  },
  'POST /api/rectifications/:id/reopen': {
    expect: only(404, 'bureauReviewer'),
    request: () => ({ params: { id: STALE }, body: { version: 1, reason: '矩阵' } }),
  },
  // Working-day calendars: everyone reads them (due dates count them); only an admin loads a year (an empty body: 400).
  'GET /api/work-calendars': {
    expect: only(
      'ok',
      'submitter',
      'deptReviewer',
      'bureauReviewer',
      'auditor',
      'admin',
      'submitterB',
      'otherReviewer',
    ),
  },
  'GET /api/work-calendars/:year': {
    expect: only(
      'ok',
      'submitter',
      'deptReviewer',
      'bureauReviewer',
      'auditor',
      'admin',
      'submitterB',
      'otherReviewer',
    ),
    request: () => ({ params: { year: 2026 } }),
  },
  'PUT /api/work-calendars/:year': {
    expect: only('pass', 'admin'),
    request: () => ({ params: { year: 2030 }, body: {} }),
  },
  'PATCH /api/users/:id': {
    expect: only('ok', 'admin'),
    request: (f) => ({ params: { id: f.userId }, body: { displayName: '改名' } }),
  },

  'POST /api/declarations': {
    expect: only('ok', 'submitter', 'submitterB'),
    request: () => json({ year: 2027, projectName: '矩阵项目' }),
  },
  'GET /api/declarations': { expect: READ_OWN_SCOPE, request: () => ({ query: 'year=2026' }) },
  'GET /api/declarations/:id': { expect: READ_A },
  'PATCH /api/declarations/:id': {
    expect: WRITE_A,
    request: () => json({ version: STALE, projectName: 'x' }),
  },
  'DELETE /api/declarations/:id': { expect: WRITE_A, request: () => ({ query: `version=${STALE}` }) },
  'POST /api/declarations/:id/indicators': {
    expect: WRITE_A,
    request: () =>
      json({ version: STALE, level1: 'output', level2: 'quantity', name: '矩阵指标', target: '≥1(个)' }),
  },
  'PATCH /api/declarations/:id/indicators/:indicatorId': {
    expect: WRITE_A,
    request: () => json({ version: STALE, name: '改名' }),
  },
  'DELETE /api/declarations/:id/indicators/:indicatorId': {
    expect: WRITE_A,
    request: () => ({ query: `version=${STALE}` }),
  },
  'GET /api/declarations/:id/findings': { expect: READ_A },
  'POST /api/declarations/:id/transitions': {
    // workflow.transition; in scope a stale version is 409 before the statechart is asked.
    expect: {
      ...only('pass', 'submitter', 'deptReviewer', 'bureauReviewer', 'submitterB', 'otherReviewer'),
      submitterB: 404,
      otherReviewer: 404,
    },
    request: () => json({ event: 'APPROVE', version: STALE }),
  },
  'GET /api/declarations/:id/transitions': { expect: READ_A },
  'GET /api/declarations/:id/versions': { expect: READ_A },
  'GET /api/declarations/:id/versions/:no': { expect: READ_A },
  'GET /api/declarations/:id/versions/:a/diff/:b': { expect: READ_A },
  'GET /api/declarations/:id/versions/:a/diff': { expect: READ_A },
  'GET /api/declarations/:id/export.xlsx': { expect: READ_A },
  // From a declaration that is not approved (409) or once (201): past permission and scope either way.
  'POST /api/declarations/:id/next-year': { expect: WRITE_A },
  'GET /api/declarations/:id/lineage': { expect: READ_A },
  // The pre-assessment: read as the declaration; recorded by its submitter (A is past its draft: 409).
  'GET /api/declarations/:id/pre-assessment': { expect: READ_A },
  'PUT /api/declarations/:id/pre-assessment': {
    expect: WRITE_A,
    request: () => json({ version: STALE, ...PRE_ASSESSMENT_OPINIONS, conclusion: 'pass' }),
  },
  'POST /api/declarations/:id/pre-assessment/attachment': {
    expect: WRITE_A,
    request: () => ({ query: `version=${STALE}`, raw: multipartFile('矩阵.pdf', PRE_ASSESSMENT_PDF) }),
  },
  'GET /api/declarations/:id/pre-assessment/attachments/:attachmentId': {
    expect: READ_A,
    request: (f) => ({ params: { attachmentId: f.attachmentId } }),
  },

  // Review comments: read as the declaration; A is in monitoring.reporting, so nobody reviews
  // it now: a new thread is 409 for whoever may write comments, the reviewers may not reply,
  // and only its submitter replies and resolves (comments.service.ts).
  'GET /api/declarations/:id/comments': { expect: READ_A },
  'GET /api/declarations/:id/changes-since-return': { expect: READ_A },
  'POST /api/declarations/:id/comments': {
    expect: {
      ...only('pass', 'submitter', 'deptReviewer', 'bureauReviewer'),
      submitterB: 404,
      otherReviewer: 404,
    },
    request: () => json({ anchor: 'projectName', comment: '矩阵' }),
  },
  'POST /api/declarations/:id/comments/:threadId/replies': {
    expect: { ...only('ok', 'submitter'), submitterB: 404, otherReviewer: 404 },
    request: (f) => ({ params: { threadId: f.threadId }, body: { comment: '矩阵回复' } }),
  },
  'POST /api/declarations/:id/comments/:threadId/resolve': {
    expect: { ...only('pass', 'submitter'), submitterB: 404, otherReviewer: 404 },
    request: (f) => ({ params: { threadId: f.threadId }, body: {} }),
  },
  'POST /api/declarations/:id/comments/:threadId/reopen': {
    expect: { ...only('pass'), submitterB: 404, otherReviewer: 404 },
    request: (f) => ({ params: { threadId: f.threadId }, body: {} }),
  },

  'GET /api/declarations/:id/monitoring': { expect: READ_A },
  'PUT /api/declarations/:id/monitoring': { expect: WRITE_A, request: () => json({ version: STALE }) },
  'PATCH /api/declarations/:id/monitoring': { expect: WRITE_A, request: () => json({ version: STALE }) },
  'GET /api/declarations/:id/monitoring/export.xlsx': { expect: READ_A },
  'GET /api/monitoring/summary': {
    expect: only('ok', 'deptReviewer', 'bureauReviewer', 'auditor', 'otherReviewer'),
    request: () => ({ query: 'year=2026' }),
  },
  'GET /api/dashboard': {
    expect: only(
      'ok',
      'submitter',
      'deptReviewer',
      'bureauReviewer',
      'auditor',
      'submitterB',
      'otherReviewer',
    ),
    request: () => ({ query: 'year=2026' }),
  },
  'GET /api/declarations/:id/evaluation': { expect: READ_A_STATEFUL },
  'PUT /api/declarations/:id/evaluation': { expect: WRITE_A, request: () => json({ version: STALE }) },
  'PATCH /api/declarations/:id/evaluation': { expect: WRITE_A, request: () => json({ version: STALE }) },
  'GET /api/declarations/:id/evaluation/export.xlsx': { expect: READ_A_STATEFUL },

  'GET /api/workflow/definition': { expect: ANY_USER },
  'GET /api/reference': { expect: ANY_USER },
  'POST /api/reference/targets/parse': { expect: ANY_USER, request: () => json({ text: '及时' }) },
  'POST /api/workflow/open-monitoring': {
    expect: only('ok', 'bureauReviewer'),
    request: () => json({ year: 2099 }),
  },
  'POST /api/workflow/open-evaluation': {
    expect: only('ok', 'bureauReviewer'),
    request: () => json({ year: 2099 }),
  },
  'GET /api/queues/mine': {
    expect: only('ok', 'submitter', 'deptReviewer', 'bureauReviewer', 'submitterB', 'otherReviewer'),
  },
  'GET /api/queues/filters': {
    expect: only('ok', 'submitter', 'deptReviewer', 'bureauReviewer', 'submitterB', 'otherReviewer'),
  },
  'POST /api/queues/filters': {
    // Each caller's own list: the same name is free for each of them (a rerun's 409 is fine).
    expect: only('pass', 'submitter', 'deptReviewer', 'bureauReviewer', 'submitterB', 'otherReviewer'),
    request: () => json({ name: '矩阵', filters: { overdue: true } }),
  },
  'DELETE /api/queues/filters/:id': {
    // Nobody has a filter with this id: past the permission, the caller's own list answers 404.
    expect: only(404, 'submitter', 'deptReviewer', 'bureauReviewer', 'submitterB', 'otherReviewer'),
    request: () => ({ params: { id: STALE } }),
  },
  // 绩效目标公开: the bureau decides (a refusal without its reason: 400, nothing changes), the
  // auditor reads; the public table and its verification need no login (docs/publication.md).
  'GET /api/publications': {
    expect: only('ok', 'bureauReviewer', 'auditor'),
    request: () => ({ query: 'year=2026' }),
  },
  'PUT /api/publications/:id': {
    expect: only('pass', 'bureauReviewer'),
    request: () => json({ published: false }),
  },
  'GET /api/public/targets/table.xlsx': { expect: PUBLIC, request: () => ({ query: 'year=2026' }) },
  'GET /api/public/targets/table.html': { expect: PUBLIC, request: () => ({ query: 'year=2026' }) },
  'POST /api/public/targets/verify': {
    expect: PUBLIC,
    request: (f) => json({ rows: [{ declarationId: f.A.id, versionNo: 1, contentSha256: '0'.repeat(64) }] }),
  },
  'POST /api/public/targets/verify-file': {
    // Not a table: 400 for everybody, past authentication.
    expect: Object.fromEntries(CALLERS.map((c) => [c, 'pass'])) as Expect,
    request: () => ({
      raw: {
        payload: `--b\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n\r\nnot a table\r\n--b--\r\n`,
        contentType: 'multipart/form-data; boundary=b',
      },
    }),
  },
  'POST /api/queues/bulk': {
    // Each item is its own transition with its own scope: the answer is 200 per item.
    expect: only('ok', 'deptReviewer', 'bureauReviewer', 'otherReviewer'),
    request: (f) => json({ event: 'APPROVE', items: [{ declarationId: f.A.id, version: STALE }] }),
  },

  // The indicator library: reference data every signed-in user reads (admins too); the bureau proposes and decides.
  'GET /api/library/entries': { expect: ANY_USER, request: () => ({ query: 'year=2026' }) },
  'GET /api/library/entries/:id': { expect: ANY_USER, request: () => ({ params: { id: 1 } }) },
  'GET /api/library/export.xlsx': { expect: ANY_USER },
  'GET /api/library/proposals': { expect: ANY_USER },
  'GET /api/library/proposals/:id': {
    expect: { ...only(404, ...CALLERS) },
    request: () => ({ params: { id: STALE } }),
  },
  'POST /api/library/proposals': {
    // A change that changes nothing: 400 for the bureau, after the permission.
    expect: only('pass', 'bureauReviewer'),
    request: () => json({ operation: 'change', entryId: 1, entry: {} }),
  },
  'POST /api/library/proposals/:id/transitions': {
    expect: only(404, 'bureauReviewer'),
    request: () => ({ params: { id: STALE }, body: { event: 'APPROVE', version: 1 } }),
  },
  'POST /api/library/import': {
    // Not a workbook: 400 for the bureau, after the permission.
    expect: only('pass', 'bureauReviewer'),
    request: () => ({
      query: 'dryRun=true',
      raw: {
        payload: Buffer.from(
          '--b\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n\r\nnot a workbook\r\n--b--\r\n',
        ),
        contentType: 'multipart/form-data; boundary=b',
      },
    }),
  },
  'GET /api/declarations/:id/indicator-lineage': { expect: READ_A },
  'POST /api/declarations/:id/indicators/:indicatorId/library-link': {
    expect: WRITE_A,
    request: () => json({ version: STALE, libraryEntryId: null }),
  },

  'POST /api/imports/declarations': {
    expect: only('ok', 'submitter', 'submitterB'),
    request: (f) => ({ query: 'dryRun=true', raw: { payload: f.importText, contentType: 'text/plain' } }),
  },
  'GET /api/exports/summary.xlsx': { expect: READ_OWN_SCOPE, request: () => ({ query: 'year=2026' }) },

  'GET /api/audit/events': { expect: only('ok', 'auditor') },
  'GET /api/audit/events.csv': { expect: only('ok', 'auditor') },
  'GET /api/audit/verify': { expect: only('ok', 'auditor') },
  'GET /api/audit/checkpoints': { expect: only('ok', 'auditor') },
  'POST /api/audit/checkpoints': { expect: only('ok', 'auditor'), request: () => json({ note: '矩阵' }) },
  'GET /api/audit/keys': { expect: only('ok', 'auditor') },
  // Each user's own inbox: an auditor reads an empty one and writes nothing.
  'GET /api/notifications': { expect: ANY_USER },
  'GET /api/notifications/unread-count': { expect: ANY_USER },
  'GET /api/notifications/stream': { expect: ANY_USER },
  'GET /api/notifications/settings': { expect: ANY_USER },
  'PUT /api/notifications/settings': {
    expect: { ...ANY_USER, auditor: 403 },
    request: () => json({ email: null }),
  },
  'POST /api/notifications/read-all': { expect: { ...ANY_USER, auditor: 403 } },
  'POST /api/notifications/:id/read': {
    // Nobody has a message 999999: 404 for whoever may mark their own.
    expect: {
      ...only(404, 'submitter', 'deptReviewer', 'bureauReviewer', 'admin', 'submitterB', 'otherReviewer'),
    },
    request: () => ({ params: { id: 999_999 } }),
  },
  'GET /api/notifications/deliveries': { expect: only('ok', 'admin') },
  'POST /api/notifications/deliveries/:id/requeue': {
    expect: only(404, 'admin'),
    request: () => ({ params: { id: 999_999 } }),
  },
  'GET /api/indicators/:id/history': {
    expect: READ_A,
    request: (f) => ({ params: { id: f.A.indicatorIds[0] } }),
  },
};

function accepts(cell: Cell, status: number): boolean {
  if (cell === 'ok') return status >= 200 && status < 300;
  if (cell === 'pass') return status < 500 && ![401, 403, 404].includes(status);
  return status === cell;
}

let t: TestApp;
let w: World;
let f: Fixture;
let routes: AppRoute[];

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
  const created = await createValidDeclaration(t, w.users.submitter.token);
  const A: Declared = { id: created.id, indicatorIds: created.indicatorIds };
  const attachmentId = (await recordPreAssessment(t, A.id, w.users.submitter.token, { attach: true }))!;
  await fire(t, A.id, 'SUBMIT', w.users.submitter.token);
  const thread = await t.post(
    `/api/declarations/${A.id}/comments`,
    { anchor: 'projectName', comment: '矩阵意见' },
    w.users.deptReviewer.token,
  );
  expect(thread.status).toBe(201);
  await fire(t, A.id, 'APPROVE', w.users.deptReviewer.token);
  await fire(t, A.id, 'APPROVE', w.users.bureauReviewer.token);
  expect(await openYear(t, w, 'monitoring')).toBe(1);
  const victim = await t.post(
    '/api/users',
    {
      username: 'matrixvictim',
      displayName: 'V',
      password: PASSWORD,
      roles: ['auditor'],
      departmentId: w.deptA,
    },
    w.admin,
  );
  f = {
    A,
    threadId: thread.body.id,
    userId: victim.body.id,
    unitId: w.unitId,
    bureauId: w.bureauId,
    // One whole table of the summary-table fixture.
    importText: readFileSync(
      join(process.cwd(), 'test', 'fixtures', 'own-trees-2026-cut-off.txt'),
      'utf8',
    ).split('\n\n')[0],
    attachmentId,
  };
  routes = applicationRoutes(t.app);
}, 60_000);
let cells = 0;
afterAll(async () => {
  console.log(
    `role matrix (${onPostgres ? 'PostgreSQL' : 'SQLite'}): ${routes?.length} routes × ${CALLERS.length} callers, ${cells} requests checked`,
  );
  await t?.close();
});

function urlOf(path: string, req: RowRequest): string {
  const defaults: Record<string, number | string> = {
    id: f.A.id,
    indicatorId: f.A.indicatorIds[0],
    no: 1,
    a: 1,
    b: 1,
  };
  const url = path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = req.params?.[name] ?? defaults[name];
    if (v === undefined) throw new Error(`no value for path parameter :${name} of ${path}`);
    return String(v);
  });
  return req.query ? `${url}?${req.query}` : url;
}

async function call(method: string, path: string, row: Row, caller: Caller): Promise<Res> {
  const req = row.request?.(f) ?? {};
  const token = caller === 'anonymous' ? undefined : w.users[caller].token;
  return t.request(method, urlOf(path, req), { ...req, token });
}

describe(`the role matrix (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('has a row for every route of the application, and no row for a route that does not exist', () => {
    const { missing, stale } = coverage(routes, Object.keys(MATRIX));
    expect(missing.map((r) => `route ${r} has no row in the role matrix`)).toEqual([]);
    expect(stale.map((r) => `row ${r} of the role matrix names no route of the application`)).toEqual([]);
  });

  it('requires a token everywhere but login, health and the public table of 绩效目标公开', () => {
    const open = Object.entries(MATRIX)
      .filter(([, row]) => row.expect.anonymous !== 401)
      .map(([k]) => k);
    expect(open.sort()).toEqual([
      'GET /api/health',
      'GET /api/public/targets/table.html',
      'GET /api/public/targets/table.xlsx',
      'POST /api/auth/login',
      'POST /api/public/targets/verify',
      'POST /api/public/targets/verify-file',
    ]);
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    const [method, path] = key.split(' ');
    it(key, async () => {
      // A row only runs against a route the application has (the coverage test names the rest).
      if (!routes.some((r) => routeShape(`${r.method} ${r.path}`) === routeShape(key))) return;
      const wrong: string[] = [];
      for (const caller of CALLERS) {
        const res = await call(method, path, row, caller);
        cells += 1;
        if (!accepts(row.expect[caller], res.status))
          wrong.push(
            `${caller}: expected ${row.expect[caller]}, got ${res.status} ${res.text.slice(0, 200).replace(/\s+/g, ' ')}`,
          );
      }
      expect(wrong).toEqual([]);
    });
  }

  it('bulk decisions keep each item in the caller’s scope: another unit’s reviewer gets 404 per item', async () => {
    const res = await t.post(
      '/api/queues/bulk',
      { event: 'APPROVE', items: [{ declarationId: f.A.id, version: STALE }] },
      w.users.otherReviewer.token,
    );
    expect(res.body.items).toEqual([
      expect.objectContaining({ declarationId: f.A.id, ok: false, status: 404 }),
    ]);
    const inScope = await t.post(
      '/api/queues/bulk',
      { event: 'APPROVE', items: [{ declarationId: f.A.id, version: STALE }] },
      w.users.deptReviewer.token,
    );
    expect(inScope.body.items).toEqual([expect.objectContaining({ ok: false, status: 409 })]);
  });

  it('lists and exports hold only what is in the caller’s scope', async () => {
    const ids = async (token: string) =>
      (await t.get('/api/declarations?year=2026', token)).body.items.map((d: { id: number }) => d.id);
    expect(await ids(w.users.submitter.token)).toContain(f.A.id);
    expect(await ids(w.users.auditor.token)).toContain(f.A.id);
    expect(await ids(w.users.submitterB.token)).not.toContain(f.A.id);
    expect(await ids(w.users.otherReviewer.token)).not.toContain(f.A.id);
    const summary = await t.get('/api/monitoring/summary?year=2026', w.users.otherReviewer.token);
    expect(JSON.stringify(summary.body)).not.toContain(`"declarationId":${f.A.id}`);
  });
});
