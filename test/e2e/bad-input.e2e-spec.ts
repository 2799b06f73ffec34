import { namesField } from '../support/errors';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createValidDeclaration,
  EXCELLENT_REVIEW,
  fire,
  scoredReview,
  VALID_HEADER,
  VALID_INDICATORS,
} from '../support/factories';
import { snapshot } from '../support/db-snapshot';
import {
  approvedDeclaration,
  cleanEvaluationBody,
  cleanMonitoringBody,
  monitored,
  openYear,
  versionOf,
  type Declared,
} from '../support/lifecycle';
import {
  multipartFile,
  PRE_ASSESSMENT_OPINIONS,
  PRE_ASSESSMENT_PDF,
  recordPreAssessment,
} from '../support/pre-assessment';
import { applicationRoutes, coverage, type AppRoute } from '../support/routes';
import { PASSWORD, startTestApp, type RequestOptions, type Res, type TestApp } from '../support/test-app';
import { onPostgres } from '../support/test-db';
import { evaluatedWithItems } from '../support/rectification';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 7, deliverable 3: every write route of the application (taken from the application:
 * a write route without cases here fails the suite) is sent a list of bad bodies and
 * parameters. Each answers 4xx with a message naming the field, and the database is exactly
 * as before: every table's row count and content digest, and the audit chain heads.
 * Afterwards each route's valid base request is sent once and succeeds, which shows the
 * cases failed for what was wrong in them. Injection strings that are valid text are stored
 * verbatim and come back unchanged as JSON.
 */

let t: TestApp;
let w: World;
let routes: AppRoute[];
/** A draft of department A (content edits, transitions), one to delete, one in monitoring, one in evaluation. */
let D: Declared;
let X: Declared;
let M: Declared;
let E: Declared;
/** Under the unit's review, with two review comment threads: [open, resolved]. */
let R: Declared & { threads: [number, number] };
let victimId: number;
/** Delegations: a second reviewer of the unit and of the bureau to stand in; one delegation to end. */
let deputy: { id: number; token: string };
let bureauDeputyId: number;
let delegationId: number;
/** The indicator library: a proposal of the bureau reviewer (open), to return. */
let libraryProposal: { id: number; version: number };
let libraryXlsx: Buffer;
/** A draft of department A for the library link's cases. */
let L: { id: number; version: number; indicatorIds: number[] };
const libraryUpload = (data: Buffer | string, name = 'lib.xlsx') => {
  const boundary = '----pd-badin-library';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(data) ? data : Buffer.from(data),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
};
let importText: string;
/** Rectification: a 2031 declaration evaluated 中, with its three open items. */
let RI: Awaited<ReturnType<typeof evaluatedWithItems>>;

const K100 = 'x'.repeat(100_000);
const OVER_LIMIT = 1_100_000; // BODY_LIMIT_BYTES is 1 MiB

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '100000', PUBLIC_RATE_LIMIT_MAX: '100000' });
  w = await buildWorld(t);
  const sub = w.users.submitter.token;
  M = await approvedDeclaration(t, w, { projectName: '监控中' });
  E = await approvedDeclaration(t, w, { projectName: '自评中' });
  expect(await openYear(t, w, 'monitoring')).toBe(2);
  await monitored(t, w, E);
  // Open evaluation moves E only; M stays in monitoring.reporting.
  expect(await openYear(t, w, 'evaluation')).toBe(1);
  D = await createValidDeclaration(t, sub, { projectName: '草稿' });
  X = await createValidDeclaration(t, sub, { projectName: '待删除' });
  const r = await createValidDeclaration(t, sub, { projectName: '审核意见' });
  const submitted = await t.post(
    `/api/declarations/${r.id}/transitions`,
    { event: 'SUBMIT', version: r.version },
    sub,
  );
  expect(submitted.status).toBe(200);
  const threads: number[] = [];
  for (const anchor of ['projectName', 'annualGoal']) {
    const res = await t.post(
      `/api/declarations/${r.id}/comments`,
      { anchor, comment: '请核实' },
      w.users.deptReviewer.token,
    );
    expect(res.status).toBe(201);
    threads.push(res.body.id);
  }
  await t.post(`/api/declarations/${r.id}/comments/${threads[1]}/resolve`, {}, w.users.deptReviewer.token);
  R = { id: r.id, indicatorIds: r.indicatorIds, threads: [threads[0], threads[1]] };
  const victim = await t.post(
    '/api/users',
    {
      username: 'badin.victim',
      displayName: 'V',
      password: PASSWORD,
      roles: ['submitter'],
      departmentId: w.deptA,
    },
    w.admin,
  );
  victimId = victim.body.id;
  const person = async (username: string, roles: string[], departmentId: number) => {
    const res = await t.post(
      '/api/users',
      { username, displayName: username, password: PASSWORD, roles, departmentId },
      w.admin,
    );
    expect(res.status).toBe(201);
    return { id: res.body.id as number, token: await t.login(username) };
  };
  deputy = await person('badin.deputy', ['dept_reviewer'], w.unitId);
  bureauDeputyId = (await person('badin.bureau2', ['bureau_reviewer'], w.bureauId)).id;
  const delegated = await t.post(
    '/api/delegations',
    { substituteId: deputy.id, role: 'dept_reviewer', startsOn: beijingDay(0), endsOn: beijingDay(7) },
    w.users.deptReviewer.token,
  );
  expect(delegated.status).toBe(201);
  delegationId = delegated.body.id;
  const proposal = await t.post(
    '/api/library/proposals',
    { operation: 'change', entryId: 5, entry: { dataSource: '业务系统' } },
    w.users.bureauReviewer.token,
  );
  expect(proposal.status).toBe(201);
  libraryProposal = { id: proposal.body.id, version: proposal.body.version };
  libraryXlsx = (await t.get('/api/library/export.xlsx', w.users.bureauReviewer.token)).body as Buffer;
  RI = await evaluatedWithItems(t, w, 2031);
  importText = readFileSync(
    join(process.cwd(), 'test', 'fixtures', 'own-trees-2026-cut-off.txt'),
    'utf8',
  ).split('\n\n')[0];
  routes = applicationRoutes(t.app);
}, 90_000);
const tally = { routes: 0, cases: 0, snapshots: 0 };
afterAll(async () => {
  console.log(
    `bad input (${onPostgres ? 'PostgreSQL' : 'SQLite'}): ${tally.cases} bad requests on ${tally.routes} write routes, ` +
      `${tally.snapshots} database snapshots compared`,
  );
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// The cases

interface Prepared {
  url: string;
  token?: string;
  /** A valid JSON body (the control) that the cases break one thing of; absent for DELETE. */
  base?: Record<string, unknown>;
  /** The control, when it is not the base body as JSON (imports, DELETE with ?version=). */
  control?: RequestOptions & { url: string };
}

interface Case {
  label: string;
  /** A JSON body, or raw bytes, or another url (path or query parameters). */
  body?: unknown;
  raw?: { payload: string | Buffer; contentType: string };
  url?: string;
  status?: number;
  /** What the message must name. */
  field: string | RegExp;
}

type Cases = (p: Prepared) => Case[];

interface RouteSpec {
  prepare: () => Promise<Prepared>;
  cases: Cases;
  /** JSON body routes also get the generic body cases (malformed JSON, 413, 415 …). */
  json?: boolean;
}

/** A copy of `base` with the value at `path` (`funds.total`, `entries.0.likelihood`) replaced or removed. */
function set(base: unknown, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}
const REMOVE = Symbol('remove');

const genericJsonCases: Cases = (p) => [
  {
    label: 'malformed JSON',
    raw: { payload: '{"version": 1,', contentType: 'application/json' },
    field: /body/i,
  },
  { label: 'an empty JSON body', raw: { payload: '', contentType: 'application/json' }, field: /body/i },
  {
    label: 'a __proto__ key (prototype poisoning)',
    raw: { payload: `{"__proto__": {"isAdmin": true}, "version": 1}`, contentType: 'application/json' },
    field: /body/i,
  },
  {
    label: 'a constructor.prototype key',
    raw: { payload: `{"constructor": {"prototype": {"isAdmin": true}}}`, contentType: 'application/json' },
    field: /body/i,
  },
  { label: 'an unknown field', body: { ...p.base, unknownFieldX: 1 }, field: 'unknownFieldX' },
  {
    label: 'a body over the limit',
    raw: {
      payload: JSON.stringify({ ...p.base, padding: 'x'.repeat(OVER_LIMIT) }),
      contentType: 'application/json',
    },
    status: 413,
    field: /^body$|^file$|large|limit/i,
  },
  {
    label: 'XML',
    raw: { payload: '<declaration><year>2026</year></declaration>', contentType: 'application/xml' },
    status: 415,
    field: /content.type|media type|内容类型/i,
  },
  {
    label: 'the JSON sent as text/plain',
    raw: { payload: JSON.stringify(p.base ?? {}), contentType: 'text/plain' },
    status: 415,
    field: /content.type|media type|内容类型/i,
  },
  {
    label: 'multipart',
    raw: {
      payload:
        '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--XX--\r\n',
      contentType: 'multipart/form-data; boundary=XX',
    },
    status: 415,
    field: /content.type|media type|内容类型/i,
  },
  {
    label: 'form-urlencoded',
    raw: { payload: 'version=1', contentType: 'application/x-www-form-urlencoded' },
    status: 415,
    field: /content.type|media type|内容类型/i,
  },
];

/** A calendar day in Beijing, `offset` days from today. */
const beijingDay = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** A multipart body holding one evidence file. */
const evidence = (filename: string, content: string) => ({
  payload: Buffer.from(
    `--XX\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n--XX--\r\n`,
  ),
  contentType: 'multipart/form-data; boundary=XX',
});

/** A multipart upload of one file, field `file`. */
const upload = (filename: string, data: Buffer) => {
  const boundary = '----pd-bad-input';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
};

const badIds = (url: (id: string) => string, name: string): Case[] =>
  ['abc', '0', '-1', '1.5', '99999999999', '1e3', "1'; DROP TABLE declarations; --"].map((id) => ({
    label: `${name} = ${id}`,
    url: url(encodeURIComponent(id)),
    field: name,
  }));

const MONEY_BAD: Array<[string, unknown]> = [
  ['three decimals', '12.345'],
  ['a JSON number', 12.5],
  ['negative', '-1'],
  ['an exponent', '1e5'],
  ['thousands separators', '1,000.00'],
  ['full-width digits', '１２'],
  ['text', '很多'],
  ['an empty string', ''],
  ['an object', { amount: '1' }],
];

const ROUTES: Record<string, RouteSpec> = {
  'POST /api/auth/login': {
    json: true,
    prepare: async () => ({ url: '/api/auth/login', base: { username: 'submitter', password: PASSWORD } }),
    cases: (p) => [
      { label: 'no password', body: set(p.base, 'password', REMOVE), field: 'password' },
      { label: 'username a number', body: set(p.base, 'username', 42), field: 'username' },
      { label: 'an empty username', body: set(p.base, 'username', ''), field: 'username' },
      { label: 'a 100 kB password', body: set(p.base, 'password', K100), field: 'password' },
      { label: 'an array body', body: [p.base], field: /body/ },
    ],
  },
  'POST /api/auth/password': {
    json: true,
    prepare: async () => ({
      url: '/api/auth/password',
      token: w.users.submitter2.token,
      base: { currentPassword: PASSWORD, newPassword: 'Changed-Passw0rd!' },
    }),
    cases: (p) => [
      { label: 'no new password', body: set(p.base, 'newPassword', REMOVE), field: 'newPassword' },
      { label: 'a weak new password', body: set(p.base, 'newPassword', 'short'), field: 'newPassword' },
      { label: 'a 100 kB new password', body: set(p.base, 'newPassword', K100), field: 'newPassword' },
      // A wrong current password is not bad input: it counts toward the lockout and is audited
      // (a change in the database), like a wrong login; see lockout.e2e-spec.ts.
      {
        label: 'current password a number',
        body: set(p.base, 'currentPassword', 1234),
        field: 'currentPassword',
      },
    ],
  },
  'POST /api/departments': {
    json: true,
    prepare: async () => ({
      url: '/api/departments',
      token: w.admin,
      base: { code: 'BADIN-OK', name: '新部门', kind: 'department', parentId: w.unitId },
    }),
    cases: (p) => [
      { label: 'a code with spaces', body: set(p.base, 'code', 'A B'), field: 'code' },
      { label: 'an SQL code', body: set(p.base, 'code', "'; DROP TABLE departments; --"), field: 'code' },
      { label: 'an empty code', body: set(p.base, 'code', ''), field: 'code' },
      { label: 'a 100 kB code', body: set(p.base, 'code', K100), field: 'code' },
      { label: 'an existing code', body: set(p.base, 'code', 'SHDSC-OPS'), status: 409, field: 'code' },
      { label: 'an empty name', body: set(p.base, 'name', ''), field: 'name' },
      { label: 'a 100 kB name', body: set(p.base, 'name', K100), field: 'name' },
      { label: 'no name', body: set(p.base, 'name', REMOVE), field: 'name' },
      { label: 'an invalid kind', body: set(p.base, 'kind', 'galaxy'), field: 'kind' },
      {
        label: 'a unit under a department',
        body: { ...p.base, kind: 'unit', parentId: w.deptA },
        field: 'parentId',
      },
      { label: 'parentId text', body: set(p.base, 'parentId', 'abc'), field: 'parentId' },
      { label: 'parentId that does not exist', body: set(p.base, 'parentId', 999_999), field: 'parentId' },
      { label: 'parentId 0', body: set(p.base, 'parentId', 0), field: 'parentId' },
    ],
  },
  'POST /api/users': {
    json: true,
    prepare: async () => ({
      url: '/api/users',
      token: w.admin,
      base: {
        username: 'badin.new',
        displayName: '新用户',
        password: PASSWORD,
        roles: ['submitter'],
        departmentId: w.deptA,
      },
    }),
    cases: (p) => [
      {
        label: 'an upper-case username with a space',
        body: set(p.base, 'username', 'Bad User'),
        field: 'username',
      },
      { label: 'an SQL username', body: set(p.base, 'username', "admin'--"), field: 'username' },
      { label: 'a 100 kB username', body: set(p.base, 'username', K100), field: 'username' },
      {
        label: 'a taken username',
        body: set(p.base, 'username', 'submitter'),
        status: 409,
        field: 'username',
      },
      { label: 'a weak password', body: set(p.base, 'password', 'password1'), field: 'password' },
      {
        label: 'a password containing the username',
        body: set(p.base, 'password', 'Badin.New-2026!'),
        field: 'password',
      },
      { label: 'a 100 kB password', body: set(p.base, 'password', K100), field: 'password' },
      { label: 'an unknown role', body: set(p.base, 'roles', ['superuser']), field: 'roles' },
      { label: 'roles not a list', body: set(p.base, 'roles', 'submitter'), field: 'roles' },
      { label: 'no role', body: set(p.base, 'roles', []), field: 'roles' },
      { label: 'departmentId text', body: set(p.base, 'departmentId', '4'), field: 'departmentId' },
      {
        label: 'a department that does not exist',
        body: set(p.base, 'departmentId', 999_999),
        field: 'departmentId',
      },
      { label: 'an empty display name', body: set(p.base, 'displayName', ''), field: 'displayName' },
      { label: 'a 100 kB display name', body: set(p.base, 'displayName', K100), field: 'displayName' },
      { label: 'isRoot', body: { ...p.base, isRoot: true }, field: 'isRoot' },
    ],
  },
  'PATCH /api/users/:id': {
    json: true,
    prepare: async () => ({ url: `/api/users/${victimId}`, token: w.admin, base: { displayName: '改名' } }),
    cases: (p) => [
      ...badIds((id) => `/api/users/${id}`, 'id').map((c) => ({ ...c, body: p.base })),
      {
        label: 'a user that does not exist',
        url: '/api/users/999999',
        body: p.base,
        status: 404,
        // USER_NOT_FOUND names the path's id (用户 999999 不存在).
        field: 'id',
      },
      { label: 'disabled "yes"', body: { disabled: 'yes' }, field: 'disabled' },
      { label: 'an unknown role', body: { roles: ['god'] }, field: 'roles' },
      { label: 'departmentId -1', body: { departmentId: -1 }, field: 'departmentId' },
      { label: 'a weak password', body: { password: 'weak' }, field: 'password' },
      { label: 'a 100 kB display name', body: { displayName: K100 }, field: 'displayName' },
      { label: 'username (cannot be changed)', body: { username: 'renamed' }, field: 'username' },
      { label: 'tokenVersion', body: { tokenVersion: 0 }, field: 'tokenVersion' },
    ],
  },
  'POST /api/declarations': {
    json: true,
    prepare: async () => ({
      url: '/api/declarations',
      token: w.users.submitter.token,
      base: { ...VALID_HEADER },
    }),
    cases: (p) => [
      { label: 'no year', body: set(p.base, 'year', REMOVE), field: 'year' },
      { label: 'year text', body: set(p.base, 'year', '2026'), field: 'year' },
      { label: 'year 1999', body: set(p.base, 'year', 1999), field: 'year' },
      { label: 'year 2026.5', body: set(p.base, 'year', 2026.5), field: 'year' },
      { label: 'year null', body: set(p.base, 'year', null), field: 'year' },
      ...MONEY_BAD.map(([label, v]) => ({
        label: `funds.total ${label}`,
        body: set(p.base, 'funds.total', v),
        field: 'funds.total',
      })),
      { label: 'funds text', body: set(p.base, 'funds', 'lots'), field: 'funds' },
      { label: 'an unknown funds field', body: set(p.base, 'funds.bogus', '1.00'), field: 'funds.bogus' },
      {
        label: 'plannedStart 2026-13-45',
        body: set(p.base, 'plannedStart', '2026-13-45'),
        field: 'plannedStart',
      },
      {
        label: 'plannedStart 2026-02-30',
        body: set(p.base, 'plannedStart', '2026-02-30'),
        field: 'plannedStart',
      },
      { label: 'plannedEnd "tomorrow"', body: set(p.base, 'plannedEnd', 'tomorrow'), field: 'plannedEnd' },
      { label: 'plannedEnd a number', body: set(p.base, 'plannedEnd', 20261231), field: 'plannedEnd' },
      { label: 'a 100 kB project name', body: set(p.base, 'projectName', K100), field: 'projectName' },
      {
        label: 'a project name that is a number',
        body: set(p.base, 'projectName', 123),
        field: 'projectName',
      },
      {
        label: 'a project name holding NUL',
        body: set(p.base, 'projectName', 'a\u0000b'),
        field: 'projectName',
      },
      { label: 'a 100 kB project nature', body: set(p.base, 'projectNature', K100), field: 'projectNature' },
      { label: 'a 100 kB overall goal', body: set(p.base, 'overallGoal', K100), field: 'overallGoal' },
      { label: 'a goal that is a list', body: set(p.base, 'annualGoal', ['a']), field: 'annualGoal' },
      { label: 'state given', body: { ...p.base, state: 'approved' }, field: 'state' },
      { label: 'departmentId given', body: { ...p.base, departmentId: w.deptB }, field: 'departmentId' },
      { label: 'a JSON array', body: [p.base], field: /year|body/ },
      { label: 'JSON null', raw: { payload: 'null', contentType: 'application/json' }, field: /year|body/ },
    ],
  },
  'PATCH /api/declarations/:id': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${D.id}`,
      token: w.users.submitter.token,
      base: { version: await versionOf(t, D.id, w.users.submitter.token), projectName: '新名称' },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'version text', body: set(p.base, 'version', String(p.base!.version)), field: 'version' },
      { label: 'version 1.5', body: set(p.base, 'version', 1.5), field: 'version' },
      { label: 'a stale version', body: set(p.base, 'version', 1), status: 409, field: 'version' },
      ...MONEY_BAD.map(([label, v]) => ({
        label: `funds.currentAppropriation ${label}`,
        body: { ...p.base, funds: { currentAppropriation: v } },
        field: 'funds.currentAppropriation',
      })),
      { label: 'plannedEnd 2026-00-10', body: { ...p.base, plannedEnd: '2026-00-10' }, field: 'plannedEnd' },
      { label: 'year 2101', body: { ...p.base, year: 2101 }, field: 'year' },
      { label: 'a 100 kB annual goal', body: { ...p.base, annualGoal: K100 }, field: 'annualGoal' },
      { label: 'state given', body: { ...p.base, state: 'approved' }, field: 'state' },
      { label: 'indicators given', body: { ...p.base, indicators: [] }, field: 'indicators' },
    ],
  },
  'DELETE /api/declarations/:id': {
    prepare: async () => {
      const v = await versionOf(t, X.id, w.users.submitter.token);
      return {
        url: `/api/declarations/${X.id}?version=${v}`,
        token: w.users.submitter.token,
        control: { url: `/api/declarations/${X.id}?version=${v}` },
      };
    },
    cases: () => [
      ...badIds((id) => `/api/declarations/${id}?version=1`, 'id'),
      ...['abc', '-1', '1e3', '1.5', '', '9999999999'].map((v) => ({
        label: `version = "${v}"`,
        url: `/api/declarations/${X.id}?version=${encodeURIComponent(v)}`,
        field: 'version',
      })),
      { label: 'a stale version', url: `/api/declarations/${X.id}?version=1`, status: 409, field: 'version' },
    ],
  },
  'POST /api/declarations/:id/indicators': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${D.id}/indicators`,
      token: w.users.submitter.token,
      base: {
        version: await versionOf(t, D.id, w.users.submitter.token),
        level1: 'output',
        level2: 'cost',
        name: '单位成本',
        target: '≤10.00(万元)',
        weight: '5.00',
        costType: '经济成本',
      },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/indicators`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'level1 "input"', body: set(p.base, 'level1', 'input'), field: 'level1' },
      { label: 'a level2 of another level1', body: set(p.base, 'level2', 'economic'), field: 'level2' },
      { label: 'level2 missing', body: set(p.base, 'level2', REMOVE), field: 'level2' },
      { label: 'an empty name', body: set(p.base, 'name', ''), field: 'name' },
      { label: 'a blank name', body: set(p.base, 'name', '   '), field: 'name' },
      { label: 'a 100 kB name', body: set(p.base, 'name', K100), field: 'name' },
      { label: 'a 100 kB target', body: set(p.base, 'target', K100), field: 'target' },
      { label: 'target ≥abc(%)', body: set(p.base, 'target', '≥abc(%)'), field: 'target' },
      { label: 'target with an unclosed unit', body: set(p.base, 'target', '≥95.00(%'), field: 'target' },
      { label: 'target a number', body: set(p.base, 'target', 95), field: 'target' },
      { label: 'target ≥ without a number', body: set(p.base, 'target', '≥(%)'), field: 'target' },
      { label: 'weight a JSON number', body: set(p.base, 'weight', 12.5), field: 'weight' },
      { label: 'libraryEntryId text', body: { ...p.base, libraryEntryId: 'abc' }, field: 'libraryEntryId' },
      {
        label: 'no such library entry',
        body: { ...p.base, libraryEntryId: 999999 },
        status: 404,
        field: 'libraryEntryId',
      },
      { label: 'weight 12.345', body: set(p.base, 'weight', '12.345'), field: 'weight' },
      { label: 'weight -1', body: set(p.base, 'weight', '-1'), field: 'weight' },
      { label: 'weight 1000', body: set(p.base, 'weight', '1000'), field: 'weight' },
      { label: 'a 100 kB cost type', body: set(p.base, 'costType', K100), field: 'costType' },
      { label: 'a 100 kB reason', body: { ...p.base, reason: K100 }, field: 'reason' },
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'id given', body: { ...p.base, id: 1 }, field: 'id' },
      { label: 'declarationId given', body: { ...p.base, declarationId: M.id }, field: 'declarationId' },
    ],
  },
  'PATCH /api/declarations/:id/indicators/:indicatorId': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${D.id}/indicators/${D.indicatorIds[0]}`,
      token: w.users.submitter.token,
      base: {
        version: await versionOf(t, D.id, w.users.submitter.token),
        target: '≥160.00(个)',
        reason: '调整',
      },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${D.id}/indicators/${id}`, 'indicatorId').map((c) => ({
        ...c,
        body: p.base,
      })),
      {
        label: 'an indicator of another declaration',
        url: `/api/declarations/${D.id}/indicators/${M.indicatorIds[0]}`,
        body: p.base,
        status: 404,
        // INDICATOR_NOT_FOUND names the path parameter, as the bad ids above do.
        field: 'indicatorId',
      },
      { label: 'level2 "galaxy"', body: { ...p.base, level2: 'galaxy' }, field: 'level2' },
      { label: 'level1 (cannot be changed)', body: { ...p.base, level1: 'benefit' }, field: 'level1' },
      { label: 'target =1.00(次/周', body: set(p.base, 'target', '=1.00(次/周'), field: 'target' },
      { label: 'weight 12.345', body: { ...p.base, weight: '12.345' }, field: 'weight' },
      { label: 'an empty name', body: { ...p.base, name: '' }, field: 'name' },
      { label: 'version text', body: set(p.base, 'version', 'x'), field: 'version' },
      { label: 'a 100 kB reason', body: set(p.base, 'reason', K100), field: 'reason' },
    ],
  },
  'DELETE /api/declarations/:id/indicators/:indicatorId': {
    prepare: async () => {
      const v = await versionOf(t, D.id, w.users.submitter.token);
      const url = `/api/declarations/${D.id}/indicators/${D.indicatorIds[4]}`;
      return {
        url: `${url}?version=${v}`,
        token: w.users.submitter.token,
        control: { url: `${url}?version=${v}` },
      };
    },
    cases: (p) => {
      const url = p.url.replace(/\?.*$/, '');
      const v = /version=(\d+)/.exec(p.url)![1];
      return [
        { label: 'no version', url, field: 'version' },
        { label: 'version abc', url: `${url}?version=abc`, field: 'version' },
        { label: 'version empty', url: `${url}?version=`, field: 'version' },
        ...badIds((id) => `/api/declarations/${D.id}/indicators/${id}?version=${v}`, 'indicatorId'),
        {
          label: 'a 3000-character reason',
          url: `${url}?version=${v}&reason=${'x'.repeat(3000)}`,
          field: 'reason',
        },
      ];
    },
  },
  'POST /api/declarations/:id/transitions': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${D.id}/transitions`,
      token: w.users.submitter.token,
      base: { event: 'SUBMIT', version: await versionOf(t, D.id, w.users.submitter.token) },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/transitions`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'an unknown event', body: set(p.base, 'event', 'LAUNCH'), field: 'event' },
      { label: 'an empty event', body: set(p.base, 'event', ''), field: 'event' },
      { label: 'event lower case', body: set(p.base, 'event', 'submit'), field: 'event' },
      { label: 'no event', body: set(p.base, 'event', REMOVE), field: 'event' },
      { label: 'version text', body: set(p.base, 'version', 'latest'), field: 'version' },
      { label: 'a 100 kB comment', body: { ...p.base, comment: K100 }, field: 'comment' },
      { label: 'a comment that is a number', body: { ...p.base, comment: 42 }, field: 'comment' },
      { label: 'a rating not in the list', body: { ...p.base, rating: 'A+' }, field: 'rating' },
      { label: 'a rating with SUBMIT', body: { ...p.base, rating: '优' }, field: 'rating' },
      { label: 'a target state', body: { ...p.base, to: 'approved' }, field: 'to' },
      // The 数据局's scored review (issue 18 item 2): only with its APPROVE and RETURN of targets.
      {
        label: 'a scored review with SUBMIT',
        body: { ...p.base, review: EXCELLENT_REVIEW },
        field: 'review',
      },
      { label: 'a scored review that is text', body: { ...p.base, review: '优' }, field: 'review' },
      {
        label: 'a scored review without a dimension',
        body: { ...p.base, review: { ...EXCELLENT_REVIEW, feasibility: undefined } },
        field: 'review.feasibility',
      },
      {
        label: 'a score over 100',
        body: { ...p.base, review: scoredReview('100.5') },
        field: 'review.completeness.score',
      },
      {
        label: 'a negative score',
        body: { ...p.base, review: scoredReview('-1') },
        field: 'review.completeness.score',
      },
      {
        label: 'a score as words',
        body: { ...p.base, review: scoredReview('九十') },
        field: 'review.completeness.score',
      },
      {
        label: 'a 3000-character opinion',
        body: {
          ...p.base,
          review: { ...EXCELLENT_REVIEW, relevance: { score: '90', opinion: 'x'.repeat(3000) } },
        },
        field: 'review.relevance.opinion',
      },
      {
        label: 'an unknown dimension',
        body: { ...p.base, review: { ...EXCELLENT_REVIEW, efficiency: { score: '90', opinion: '效率' } } },
        field: 'review.efficiency',
      },
    ],
  },
  // Review comments on R (under the unit's review): T1 open, T2 resolved; each control succeeds
  // (opens a thread on 项目总目标, replies to and resolves T1, reopens T2).
  'POST /api/declarations/:id/comments': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${R.id}/comments`,
      token: w.users.deptReviewer.token,
      base: { anchor: 'overallGoal', comment: '请量化项目总目标' },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/comments`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'no anchor', body: set(p.base, 'anchor', REMOVE), field: 'anchor' },
      { label: 'an unknown anchor', body: set(p.base, 'anchor', 'colour'), field: 'anchor' },
      { label: 'an anchor that is a number', body: set(p.base, 'anchor', 3), field: 'anchor' },
      { label: 'no comment', body: set(p.base, 'comment', REMOVE), field: 'comment' },
      { label: 'an empty comment', body: set(p.base, 'comment', ''), field: 'comment' },
      { label: 'a comment of spaces', body: set(p.base, 'comment', '   '), field: 'comment' },
      { label: 'a 100 kB comment', body: set(p.base, 'comment', K100), field: 'comment' },
      { label: 'a comment that is a number', body: set(p.base, 'comment', 42), field: 'comment' },
      { label: 'indicatorId text', body: { ...p.base, indicatorId: 'abc' }, field: 'indicatorId' },
      {
        label: 'an indicator with a header anchor',
        body: { ...p.base, indicatorId: R.indicatorIds[0] },
        field: 'indicatorId',
      },
      {
        label: 'anchor indicator without its id',
        body: set(p.base, 'anchor', 'indicator'),
        field: 'indicatorId',
      },
      {
        label: 'an indicator of another declaration',
        body: { ...p.base, anchor: 'indicator', indicatorId: D.indicatorIds[0] },
        field: 'indicatorId',
      },
    ],
  },
  'POST /api/declarations/:id/comments/:threadId/replies': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${R.id}/comments/${R.threads[0]}/replies`,
      token: w.users.deptReviewer.token,
      base: { comment: '补充说明' },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${R.id}/comments/${id}/replies`, 'threadId').map((c) => ({
        ...c,
        body: p.base,
      })),
      { label: 'no comment', body: {}, field: 'comment' },
      { label: 'an empty comment', body: set(p.base, 'comment', ''), field: 'comment' },
      { label: 'a 100 kB comment', body: set(p.base, 'comment', K100), field: 'comment' },
      { label: 'a comment that is an array', body: set(p.base, 'comment', ['a']), field: 'comment' },
    ],
  },
  'POST /api/declarations/:id/comments/:threadId/resolve': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${R.id}/comments/${R.threads[0]}/resolve`,
      token: w.users.deptReviewer.token,
      base: { comment: '已处理' },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/comments/${R.threads[0]}/resolve`, 'id').map((c) => ({
        ...c,
        body: p.base,
      })),
      { label: 'a 100 kB note', body: set(p.base, 'comment', K100), field: 'comment' },
      { label: 'a note that is a number', body: set(p.base, 'comment', 7), field: 'comment' },
      { label: 'a null note', body: set(p.base, 'comment', null), field: 'comment' },
    ],
  },
  'POST /api/declarations/:id/comments/:threadId/reopen': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${R.id}/comments/${R.threads[1]}/reopen`,
      token: w.users.deptReviewer.token,
      base: { comment: '仍需修改' },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${R.id}/comments/${id}/reopen`, 'threadId').map((c) => ({
        ...c,
        body: p.base,
      })),
      { label: 'a 100 kB note', body: set(p.base, 'comment', K100), field: 'comment' },
      { label: 'a note that is an object', body: set(p.base, 'comment', { a: 1 }), field: 'comment' },
    ],
  },
  'PUT /api/declarations/:id/monitoring': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${M.id}/monitoring`,
      token: w.users.submitter.token,
      base: cleanMonitoringBody(await versionOf(t, M.id, w.users.submitter.token), M.indicatorIds),
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/monitoring`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'version text', body: set(p.base, 'version', '3'), field: 'version' },
      { label: 'periodEndMonth 13', body: set(p.base, 'periodEndMonth', 13), field: 'periodEndMonth' },
      { label: 'periodEndMonth text', body: set(p.base, 'periodEndMonth', '7'), field: 'periodEndMonth' },
      ...MONEY_BAD.map(([label, v]) => ({
        label: `budget.executedToDate ${label}`,
        body: set(p.base, 'budget.executedToDate', v),
        field: 'budget.executedToDate',
      })),
      { label: 'an unknown budget field', body: set(p.base, 'budget.spent', '1.00'), field: 'budget.spent' },
      { label: 'entries text', body: set(p.base, 'entries', 'x'), field: 'entries' },
      {
        label: 'an unknown indicator',
        body: set(p.base, 'entries.3.indicatorId', 999_999),
        field: 'entries[3].indicatorId',
      },
      {
        label: 'indicatorId text',
        body: set(p.base, 'entries.0.indicatorId', 'abc'),
        field: 'entries[0].indicatorId',
      },
      {
        label: 'likelihood "maybe"',
        body: set(p.base, 'entries.1.likelihood', 'maybe'),
        field: 'entries[1].likelihood',
      },
      {
        label: 'forecast "142个"',
        body: set(p.base, 'entries.0.forecast', '142个'),
        field: 'entries[0].forecast',
      },
      {
        label: 'qualitative forecast "done"',
        body: set(p.base, 'entries.2.forecast', 'done'),
        field: 'entries[2].forecast',
      },
      {
        label: 'a deviation reason of an unknown category',
        body: set(p.base, 'entries.0.deviationReasons', [{ category: 'weather', note: 'x' }]),
        field: 'entries[0].deviationReasons[0].category',
      },
      { label: 'a 100 kB remark', body: set(p.base, 'entries.0.remark', K100), field: 'entries[0].remark' },
      { label: 'a 100 kB goal progress', body: set(p.base, 'goalProgress', K100), field: 'goalProgress' },
      { label: 'state given', body: { ...p.base, state: 'monitored' }, field: 'state' },
    ],
  },
  // A change of part of the report: each field sent is checked as in a PUT, naming entry and field.
  'PATCH /api/declarations/:id/monitoring': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${M.id}/monitoring`,
      token: w.users.submitter.token,
      base: {
        version: await versionOf(t, M.id, w.users.submitter.token),
        budget: { executedToDate: '1.00' },
        entries: [{ indicatorId: M.indicatorIds[0], forecast: '150' }],
      },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/monitoring`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'version text', body: set(p.base, 'version', '3'), field: 'version' },
      { label: 'periodEndMonth 13', body: { ...p.base, periodEndMonth: 13 }, field: 'periodEndMonth' },
      ...MONEY_BAD.map(([label, v]) => ({
        label: `budget.executedToDate ${label}`,
        body: set(p.base, 'budget.executedToDate', v),
        field: 'budget.executedToDate',
      })),
      { label: 'an unknown budget field', body: set(p.base, 'budget.spent', '1.00'), field: 'budget.spent' },
      { label: 'entries null', body: set(p.base, 'entries', null), field: 'entries' },
      {
        label: 'an unknown indicator',
        body: set(p.base, 'entries.0.indicatorId', 999_999),
        field: 'entries[0].indicatorId',
      },
      {
        label: 'an entry without indicatorId',
        body: set(p.base, 'entries.0.indicatorId', REMOVE),
        field: 'entries[0].indicatorId',
      },
      {
        label: 'likelihood "maybe"',
        body: set(p.base, 'entries.0.likelihood', 'maybe'),
        field: 'entries[0].likelihood',
      },
      {
        label: 'forecast "142个"',
        body: set(p.base, 'entries.0.forecast', '142个'),
        field: 'entries[0].forecast',
      },
      { label: 'a 100 kB remark', body: set(p.base, 'entries.0.remark', K100), field: 'entries[0].remark' },
      { label: 'state given', body: { ...p.base, state: 'monitored' }, field: 'state' },
    ],
  },
  'PUT /api/declarations/:id/evaluation': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${E.id}/evaluation`,
      token: w.users.submitter.token,
      base: cleanEvaluationBody(await versionOf(t, E.id, w.users.submitter.token), E.indicatorIds),
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/evaluation`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'version 0', body: set(p.base, 'version', 0), field: 'version' },
      ...MONEY_BAD.map(([label, v]) => ({
        label: `budget.executed ${label}`,
        body: set(p.base, 'budget.executed', v),
        field: 'budget.executed',
      })),
      { label: 'weight 12.345', body: set(p.base, 'entries.0.weight', '12.345'), field: 'entries[0].weight' },
      {
        label: 'weight a JSON number',
        body: set(p.base, 'entries.0.weight', 12.5),
        field: 'entries[0].weight',
      },
      {
        label: 'achievement "great"',
        body: set(p.base, 'entries.2.achievement', 'great'),
        field: 'entries[2].achievement',
      },
      { label: 'score -1', body: set(p.base, 'entries.0.score', '-1'), field: 'entries[0].score' },
      {
        label: 'actual a JSON number',
        body: set(p.base, 'entries.1.actual', 100),
        field: 'entries[1].actual',
      },
      {
        label: 'an entry without indicatorId',
        body: set(p.base, 'entries.4', { actual: '95' }),
        field: 'entries[4].indicatorId',
      },
      {
        label: 'a 100 kB deviation analysis',
        body: set(p.base, 'entries.0.deviationAnalysis', K100),
        field: 'entries[0].deviationAnalysis',
      },
      {
        label: 'a 100 kB goal achievement',
        body: set(p.base, 'goalAchievement', K100),
        field: 'goalAchievement',
      },
      { label: 'totalScore given', body: { ...p.base, totalScore: '100.00' }, field: 'totalScore' },
    ],
  },
  'PATCH /api/declarations/:id/evaluation': {
    json: true,
    prepare: async () => ({
      url: `/api/declarations/${E.id}/evaluation`,
      token: w.users.submitter.token,
      base: {
        version: await versionOf(t, E.id, w.users.submitter.token),
        budget: { executed: '1.00' },
        entries: [{ indicatorId: E.indicatorIds[0], actual: '150' }],
      },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/evaluation`, 'id').map((c) => ({ ...c, body: p.base })),
      { label: 'version 0', body: set(p.base, 'version', 0), field: 'version' },
      ...MONEY_BAD.map(([label, v]) => ({
        label: `budget.executed ${label}`,
        body: set(p.base, 'budget.executed', v),
        field: 'budget.executed',
      })),
      { label: 'weight 12.345', body: set(p.base, 'entries.0.weight', '12.345'), field: 'entries[0].weight' },
      { label: 'score a JSON number', body: set(p.base, 'entries.0.score', 7), field: 'entries[0].score' },
      { label: 'actual "150个"', body: set(p.base, 'entries.0.actual', '150个'), field: 'entries[0].actual' },
      { label: 'entries text', body: set(p.base, 'entries', 'x'), field: 'entries' },
      { label: 'totalScore given', body: { ...p.base, totalScore: '100.00' }, field: 'totalScore' },
    ],
  },
  'POST /api/reference/targets/parse': {
    json: true,
    prepare: async () => ({
      url: '/api/reference/targets/parse',
      token: w.users.submitter.token,
      base: { text: '≥95.00(%)' },
    }),
    cases: (p) => [
      { label: 'no text', body: set(p.base, 'text', REMOVE), field: 'text' },
      { label: 'text a number', body: set(p.base, 'text', 95), field: 'text' },
      { label: 'a 100 kB text', body: set(p.base, 'text', K100), field: 'text' },
      { label: 'an array body', body: [p.base], field: /body/ },
    ],
  },
  'POST /api/workflow/open-monitoring': {
    json: true,
    prepare: async () => ({
      url: '/api/workflow/open-monitoring',
      token: w.users.bureauReviewer.token,
      base: { year: 2026 },
    }),
    cases: () => yearCases(),
  },
  'POST /api/workflow/open-evaluation': {
    json: true,
    prepare: async () => ({
      url: '/api/workflow/open-evaluation',
      token: w.users.bureauReviewer.token,
      base: { year: 2026 },
    }),
    cases: () => yearCases(),
  },
  'POST /api/notifications/:id/read': {
    prepare: async () => {
      // A submission: a message in the unit reviewer's inbox.
      const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: '通知' });
      await fire(t, d.id, 'SUBMIT', w.users.submitter.token);
      const [n] = (await t.get('/api/notifications?limit=1', w.users.deptReviewer.token)).body.items;
      return { url: `/api/notifications/${n.id}/read`, token: w.users.deptReviewer.token };
    },
    cases: () => [
      ...badIds((id) => `/api/notifications/${id}/read`, 'id'),
      // Another user's message is answered the same (notifications.e2e-spec.ts shows it).
      {
        label: 'a message that does not exist',
        url: '/api/notifications/999999/read',
        status: 404,
        field: 'id',
      },
    ],
  },
  'POST /api/notifications/read-all': {
    // Nothing to get wrong: no parameters, no body.
    prepare: async () => ({ url: '/api/notifications/read-all', token: w.users.deptReviewer.token }),
    cases: () => [],
  },
  'PUT /api/notifications/settings': {
    json: true,
    prepare: async () => ({
      url: '/api/notifications/settings',
      token: w.users.submitter.token,
      base: { email: 'wang.tianbao@example.gov.cn' },
    }),
    cases: () => [
      { label: 'no email', body: {}, field: 'email' },
      { label: 'email a number', body: { email: 12 }, field: 'email' },
      { label: 'email without @', body: { email: 'wang.tianbao' }, field: 'email' },
      { label: 'email with a space', body: { email: 'wang tianbao@example.gov.cn' }, field: 'email' },
      { label: 'email without a domain', body: { email: 'wang@example' }, field: 'email' },
      {
        label: 'email over 254 characters',
        body: { email: `${'a'.repeat(250)}@example.gov.cn` },
        field: 'email',
      },
      { label: 'a 100 kB email', body: { email: K100 }, field: 'email' },
    ],
  },
  'POST /api/notifications/deliveries/:id/requeue': {
    prepare: async () => {
      // A dead letter, written under the service (no mail server is configured here).
      const [n] = (await t.dataSource.query(
        'SELECT id, user_id FROM notifications ORDER BY id LIMIT 1',
      )) as Array<{
        id: number;
        user_id: number;
      }>;
      const at = new Date().toISOString();
      const p = (i: number) => (onPostgres ? `$${i}` : '?');
      await t.dataSource.query(
        `INSERT INTO notification_deliveries (notification_id, user_id, channel, address, status, attempts, next_attempt_at, last_error, created_at)
         VALUES (${p(1)}, ${p(2)}, 'email', 'x@example.gov.cn', 'dead', 6, ${p(3)}, '550', ${p(4)})`,
        [n.id, n.user_id, at, at],
      );
      const [row] = (await t.dataSource.query('SELECT MAX(id) AS id FROM notification_deliveries')) as Array<{
        id: number;
      }>;
      return { url: `/api/notifications/deliveries/${Number(row.id)}/requeue`, token: w.admin };
    },
    cases: () => [
      ...badIds((id) => `/api/notifications/deliveries/${id}/requeue`, 'id'),
      {
        label: 'no such dead letter',
        url: '/api/notifications/deliveries/999999/requeue',
        status: 404,
        field: 'id',
      },
    ],
  },
  'POST /api/audit/checkpoints': {
    json: true,
    prepare: async () => ({
      url: '/api/audit/checkpoints',
      token: w.users.auditor.token,
      base: { note: '归档前封存' },
    }),
    cases: (p) => [
      { label: 'note a number', body: { ...p.base, note: 12 }, field: 'note' },
      { label: 'note a list', body: { ...p.base, note: ['a'] }, field: 'note' },
      { label: 'note over 500 characters', body: { ...p.base, note: '封'.repeat(501) }, field: 'note' },
      { label: 'a 100 kB note', body: { ...p.base, note: K100 }, field: 'note' },
    ],
  },
  // 绩效目标公开 (docs/publication.md): the bureau's decision, and the public checks.
  'PUT /api/publications/:id': {
    json: true,
    prepare: async () => ({
      url: `/api/publications/${M.id}`,
      token: w.users.bureauReviewer.token,
      base: { published: true },
    }),
    cases: (p) => [
      { label: 'no published', body: set(p.base, 'published', REMOVE), field: 'published' },
      { label: 'published as text', body: set(p.base, 'published', 'yes'), field: 'published' },
      { label: 'published null', body: set(p.base, 'published', null), field: 'published' },
      { label: 'not published without a reason', body: { published: false }, field: 'notPublishedReason' },
      {
        label: 'not published with a blank reason',
        body: { published: false, notPublishedReason: '   ' },
        field: 'notPublishedReason',
      },
      {
        label: 'a 501-character reason',
        body: { published: false, notPublishedReason: '密'.repeat(501) },
        field: 'notPublishedReason',
      },
      {
        label: 'a reason that is a number',
        body: { published: false, notPublishedReason: 7 },
        field: 'notPublishedReason',
      },
      {
        label: 'a reason given with published',
        body: { published: true, notPublishedReason: '多余' },
        field: 'notPublishedReason',
      },
      {
        label: 'a draft (no approved version)',
        url: `/api/publications/${D.id}`,
        body: p.base,
        status: 409,
        field: 'id',
      },
      ...badIds((id) => `/api/publications/${id}`, 'id').map((c) => ({ ...c, body: p.base })),
    ],
  },
  'POST /api/public/targets/verify': {
    json: true,
    prepare: async () => ({
      url: '/api/public/targets/verify',
      base: { rows: [{ declarationId: M.id, versionNo: 1, contentSha256: 'a'.repeat(64) }] },
    }),
    cases: (p) => [
      { label: 'no rows', body: {}, field: 'rows' },
      { label: 'rows empty', body: { rows: [] }, field: 'rows' },
      { label: 'rows an object', body: { rows: {} }, field: 'rows' },
      {
        label: '501 rows',
        body: { rows: Array.from({ length: 501 }, () => (p.base!.rows as unknown[])[0]) },
        field: 'rows',
      },
      {
        label: 'declarationId 0',
        body: set(p.base, 'rows.0.declarationId', 0),
        field: 'rows[0].declarationId',
      },
      { label: 'versionNo text', body: set(p.base, 'rows.0.versionNo', '1'), field: 'rows[0].versionNo' },
      { label: 'versionNo 0', body: set(p.base, 'rows.0.versionNo', 0), field: 'rows[0].versionNo' },
      {
        label: 'a short hash',
        body: set(p.base, 'rows.0.contentSha256', 'abc'),
        field: 'rows[0].contentSha256',
      },
      {
        label: 'a hash with other letters',
        body: set(p.base, 'rows.0.contentSha256', 'g'.repeat(64)),
        field: 'rows[0].contentSha256',
      },
      { label: 'no hash', body: set(p.base, 'rows.0.contentSha256', REMOVE), field: 'rows[0].contentSha256' },
      { label: 'seq -1', body: set(p.base, 'rows.0.seq', -1), field: 'rows[0].seq' },
      { label: 'eventHash text', body: set(p.base, 'rows.0.eventHash', '链头'), field: 'rows[0].eventHash' },
    ],
  },
  'POST /api/public/targets/verify-file': {
    prepare: async () => {
      const published = await t.put(
        `/api/publications/${E.id}`,
        { published: true },
        w.users.bureauReviewer.token,
      );
      expect(published.status).toBe(200);
      const page = await t.get('/api/public/targets/table.html?year=2026');
      expect(page.status).toBe(200);
      return {
        url: '/api/public/targets/verify-file',
        control: {
          url: '/api/public/targets/verify-file',
          raw: upload('table.html', Buffer.from(page.text)),
        },
      };
    },
    cases: () => [
      { label: 'a JSON body', body: { file: 'table.html' }, field: 'file' },
      {
        label: 'a text body',
        raw: { payload: 'table', contentType: 'text/plain' },
        field: 'content-type',
        status: 415,
      },
      { label: 'a text file', raw: upload('x.txt', Buffer.from('这不是公开表')), field: 'file' },
      {
        label: 'a page without projects',
        raw: upload('x.html', Buffer.from('<html><body></body></html>')),
        field: 'file',
      },
      { label: 'a broken zip', raw: upload('x.xlsx', Buffer.from('PKgarbage')), field: 'file' },
    ],
  },
  'POST /api/queues/filters': {
    json: true,
    prepare: async () => ({
      url: '/api/queues/filters',
      token: w.users.deptReviewer.token,
      base: { name: '本年逾期', filters: { year: 2026, overdue: true, sort: 'due' } },
    }),
    cases: (p) => [
      { label: 'no name', body: set(p.base, 'name', REMOVE), field: 'name' },
      { label: 'an empty name', body: set(p.base, 'name', ''), field: 'name' },
      { label: 'a 41-character name', body: set(p.base, 'name', '名'.repeat(41)), field: 'name' },
      { label: 'a name that is a number', body: set(p.base, 'name', 7), field: 'name' },
      { label: 'no filters', body: set(p.base, 'filters', REMOVE), field: 'filters' },
      { label: 'filters a list', body: set(p.base, 'filters', []), field: 'filters' },
      { label: 'year 1999', body: set(p.base, 'filters.year', 1999), field: 'filters.year' },
      { label: 'year text', body: set(p.base, 'filters.year', '2026'), field: 'filters.year' },
      { label: 'overdue text', body: set(p.base, 'filters.overdue', 'yes'), field: 'filters.overdue' },
      { label: 'an unknown sort', body: set(p.base, 'filters.sort', 'newest'), field: 'filters.sort' },
      {
        label: 'departmentId 0',
        body: set(p.base, 'filters.departmentId', 0),
        field: 'filters.departmentId',
      },
      {
        label: 'a department that does not exist',
        body: set(p.base, 'filters.departmentId', 999_999),
        field: 'filters.departmentId',
      },
      {
        label: 'a filter the queue does not take',
        body: set(p.base, 'filters.state', 'approved'),
        field: /state/,
      },
    ],
  },
  'DELETE /api/queues/filters/:id': {
    prepare: async () => {
      const saved = await t.post(
        '/api/queues/filters',
        { name: '待删除的筛选', filters: {} },
        w.users.deptReviewer.token,
      );
      expect(saved.status).toBe(201);
      const url = `/api/queues/filters/${saved.body.id}`;
      return { url, token: w.users.deptReviewer.token, control: { url } };
    },
    cases: () => badIds((id) => `/api/queues/filters/${id}`, 'id'),
  },
  'POST /api/declarations/:id/next-year': {
    prepare: async () => {
      const url = `/api/declarations/${M.id}/next-year`;
      return { url, token: w.users.submitter.token, control: { url, body: {} } };
    },
    cases: () => badIds((id) => `/api/declarations/${id}/next-year`, 'id').map((c) => ({ ...c, body: {} })),
  },
  'PUT /api/declarations/:id/pre-assessment': {
    json: true,
    prepare: async () => {
      const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: '事前评估' });
      return {
        url: `/api/declarations/${d.id}/pre-assessment`,
        token: w.users.submitter.token,
        base: { version: d.version, ...PRE_ASSESSMENT_OPINIONS, conclusion: 'pass' },
      };
    },
    cases: (p) => [
      { label: 'no necessity opinion', body: set(p.base, 'necessity', REMOVE), field: 'necessity' },
      { label: 'a blank economy opinion', body: set(p.base, 'economy', '   '), field: 'economy' },
      { label: 'a goals opinion a number', body: set(p.base, 'goals', 42), field: 'goals' },
      { label: 'a 100 kB feasibility opinion', body: set(p.base, 'feasibility', K100), field: 'feasibility' },
      { label: 'financing null', body: set(p.base, 'financing', null), field: 'financing' },
      { label: 'an unknown conclusion', body: set(p.base, 'conclusion', '基本通过'), field: 'conclusion' },
      { label: 'no conclusion', body: set(p.base, 'conclusion', REMOVE), field: 'conclusion' },
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'a stale version', body: set(p.base, 'version', 1), status: 409, field: 'version' },
      {
        label: 'NUL in an opinion',
        body: set(p.base, 'necessity', '必要\u0000性'),
        field: 'necessity',
      },
      ...badIds((id) => `/api/declarations/${id}/pre-assessment`, 'id').map((c) => ({ ...c, body: p.base })),
    ],
  },
  'POST /api/declarations/:id/pre-assessment/attachment': {
    prepare: async () => {
      const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: '评估附件' });
      await recordPreAssessment(t, d.id, w.users.submitter.token);
      const version = await versionOf(t, d.id, w.users.submitter.token);
      const url = `/api/declarations/${d.id}/pre-assessment/attachment?version=${version}`;
      return {
        url,
        token: w.users.submitter.token,
        control: { url, raw: multipartFile('事前绩效评估报告.pdf', PRE_ASSESSMENT_PDF) },
      };
    },
    cases: (p) => {
      const base = p.url.replace(/\?.*$/, '');
      const file = (name: string, data: Buffer) => multipartFile(name, data);
      return [
        { label: 'no file (a JSON body)', body: {}, field: 'file' },
        { label: 'an empty file', raw: file('空.pdf', Buffer.alloc(0)), field: 'file' },
        {
          label: 'HTML named .pdf',
          raw: file('报告.pdf', Buffer.from('<html><script>alert(1)</script></html>')),
          status: 415,
          field: 'file',
        },
        {
          label: 'an executable',
          raw: file('setup.exe', Buffer.from('MZ\x90\x00')),
          status: 415,
          field: 'file',
        },
        {
          label: 'a control character in the file name',
          raw: file('报告\u0001.pdf', PRE_ASSESSMENT_PDF),
          field: 'file',
        },
        { label: 'no version', url: base, raw: file('报告.pdf', PRE_ASSESSMENT_PDF), field: 'version' },
        {
          label: 'version=abc',
          url: `${base}?version=abc`,
          raw: file('报告.pdf', PRE_ASSESSMENT_PDF),
          field: 'version',
        },
        {
          label: 'a stale version',
          url: `${base}?version=1`,
          raw: file('报告.pdf', PRE_ASSESSMENT_PDF),
          status: 409,
          field: 'version',
        },
        ...badIds((id) => `/api/declarations/${id}/pre-assessment/attachment?version=1`, 'id').map((c) => ({
          ...c,
          raw: file('报告.pdf', PRE_ASSESSMENT_PDF),
        })),
      ];
    },
  },
  'POST /api/delegations': {
    json: true,
    prepare: async () => ({
      url: '/api/delegations',
      token: w.users.bureauReviewer.token,
      base: {
        substituteId: bureauDeputyId,
        role: 'bureau_reviewer',
        startsOn: beijingDay(1),
        endsOn: beijingDay(5),
        reason: '出差',
      },
    }),
    cases: (p) => [
      { label: 'no substitute', body: set(p.base, 'substituteId', REMOVE), field: 'substituteId' },
      { label: 'substituteId text', body: set(p.base, 'substituteId', 'abc'), field: 'substituteId' },
      { label: 'substituteId 0', body: set(p.base, 'substituteId', 0), field: 'substituteId' },
      { label: 'principalId text', body: { ...p.base, principalId: 'abc' }, field: 'principalId' },
      { label: 'no role', body: set(p.base, 'role', REMOVE), field: 'role' },
      { label: 'an unknown role', body: set(p.base, 'role', 'boss'), field: 'role' },
      { label: 'startsOn 2026-13-01', body: set(p.base, 'startsOn', '2026-13-01'), field: 'startsOn' },
      { label: 'startsOn a number', body: set(p.base, 'startsOn', 20260701), field: 'startsOn' },
      { label: 'endsOn text', body: set(p.base, 'endsOn', 'next week'), field: 'endsOn' },
      { label: 'no endsOn', body: set(p.base, 'endsOn', REMOVE), field: 'endsOn' },
      { label: 'a 100 kB reason', body: set(p.base, 'reason', K100), field: 'reason' },
      { label: 'a reason that is a number', body: set(p.base, 'reason', 3), field: 'reason' },
    ],
  },
  'POST /api/library/proposals': {
    json: true,
    prepare: async () => ({
      url: '/api/library/proposals',
      token: w.users.bureauReviewer.token,
      base: {
        operation: 'add',
        entry: {
          code: 'BAD001',
          level1: 'output',
          level2: 'quantity',
          name: '数据共享交换次数',
          direction: 'higher',
          unit: '次',
          validFrom: 2026,
        },
        reason: '新增',
      },
    }),
    cases: (p) => [
      { label: 'no operation', body: set(p.base, 'operation', REMOVE), field: 'operation' },
      { label: 'an unknown operation', body: set(p.base, 'operation', 'delete'), field: 'operation' },
      { label: 'entryId with add', body: { ...p.base, entryId: 1 }, field: 'entryId' },
      { label: 'entryId text', body: { ...p.base, operation: 'change', entryId: 'abc' }, field: 'entryId' },
      { label: 'change without entryId', body: set(p.base, 'operation', 'change'), field: 'entryId' },
      {
        label: 'no such entry',
        body: { ...p.base, operation: 'retire', entryId: 999999, entry: undefined },
        status: 404,
        field: 'entryId',
      },
      { label: 'no name', body: set(p.base, 'entry.name', REMOVE), field: 'entry.name' },
      { label: 'a blank name', body: set(p.base, 'entry.name', '  '), field: 'entry.name' },
      {
        label: 'a 100 kB definition',
        body: set(p.base, 'entry.definition', K100),
        field: 'entry.definition',
      },
      { label: 'a code in Chinese', body: set(p.base, 'entry.code', '指标一'), field: 'entry.code' },
      {
        label: 'a code of 21 characters',
        body: set(p.base, 'entry.code', 'A'.repeat(21)),
        field: 'entry.code',
      },
      { label: 'a code taken', body: set(p.base, 'entry.code', 'ZB0001'), status: 409, field: 'entry.code' },
      { label: 'level1 "input"', body: set(p.base, 'entry.level1', 'input'), field: 'entry.level1' },
      {
        label: 'a level2 of another level1',
        body: set(p.base, 'entry.level2', 'social'),
        field: 'entry.level2',
      },
      { label: 'direction "up"', body: set(p.base, 'entry.direction', 'up'), field: 'entry.direction' },
      { label: 'no unit for higher', body: set(p.base, 'entry.unit', REMOVE), field: 'entry.unit' },
      {
        label: 'a unit for qualitative',
        body: set(p.base, 'entry.direction', 'qualitative'),
        field: 'entry.unit',
      },
      { label: 'validFrom 1999', body: set(p.base, 'entry.validFrom', 1999), field: 'entry.validFrom' },
      { label: 'validFrom text', body: set(p.base, 'entry.validFrom', '2026'), field: 'entry.validFrom' },
      { label: 'validTo before validFrom', body: set(p.base, 'entry.validTo', 2025), field: 'entry.validTo' },
      { label: 'entry a string', body: set(p.base, 'entry', 'x'), field: 'entry' },
      { label: 'a reason that is a number', body: set(p.base, 'reason', 3), field: 'reason' },
      { label: 'a 100 kB reason', body: set(p.base, 'reason', K100), field: 'reason' },
    ],
  },
  'POST /api/library/proposals/:id/transitions': {
    json: true,
    prepare: async () => ({
      url: `/api/library/proposals/${libraryProposal.id}/transitions`,
      token: w.users.bureauReviewer.token,
      base: { event: 'RETURN', version: libraryProposal.version, comment: '口径不清' },
    }),
    cases: (p) => [
      ...badIds((id) => `/api/library/proposals/${id}/transitions`, 'id').map((c) => ({
        ...c,
        body: p.base,
      })),
      { label: 'no event', body: set(p.base, 'event', REMOVE), field: 'event' },
      { label: 'an unknown event', body: set(p.base, 'event', 'SUBMIT'), field: 'event' },
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'a stale version', body: set(p.base, 'version', 99), status: 409, field: 'version' },
      { label: 'version text', body: set(p.base, 'version', 'abc'), field: 'version' },
      { label: 'a return without reason', body: set(p.base, 'comment', REMOVE), field: 'comment' },
      { label: 'a blank reason', body: set(p.base, 'comment', '   '), field: 'comment' },
      { label: 'comment a number', body: set(p.base, 'comment', 3), field: 'comment' },
    ],
  },
  'POST /api/library/import': {
    prepare: async () => ({
      url: '/api/library/import',
      token: w.users.bureauReviewer.token,
      control: { url: '/api/library/import?dryRun=true', raw: libraryUpload(libraryXlsx) },
    }),
    cases: () => [
      {
        label: 'dryRun=maybe',
        url: '/api/library/import?dryRun=maybe',
        raw: libraryUpload(libraryXlsx),
        field: 'dryRun',
      },
      { label: 'not a workbook', raw: libraryUpload('hello'), field: /file|xlsx|工作簿/ },
      {
        label: 'a text body',
        raw: { payload: 'code\tname', contentType: 'text/plain' },
        status: 415,
        field: /text\/plain|body/,
      },
      { label: 'a JSON body', body: { file: 'x' }, field: /body/ },
    ],
  },
  'POST /api/declarations/:id/indicators/:indicatorId/library-link': {
    json: true,
    prepare: async () => {
      // A draft of its own: D has moved on by the time this route's turn comes.
      L = await createValidDeclaration(t, w.users.submitter.token, { projectName: '错误输入指标库' });
      return {
        url: `/api/declarations/${L.id}/indicators/${L.indicatorIds[0]}/library-link`,
        token: w.users.submitter.token,
        base: { version: L.version, libraryEntryId: 1 },
      };
    },
    cases: (p) => [
      ...badIds((id) => `/api/declarations/${id}/indicators/${L.indicatorIds[0]}/library-link`, 'id').map(
        (c) => ({
          ...c,
          body: p.base,
        }),
      ),
      ...badIds((id) => `/api/declarations/${L.id}/indicators/${id}/library-link`, 'indicatorId').map(
        (c) => ({
          ...c,
          body: p.base,
        }),
      ),
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'a stale version', body: set(p.base, 'version', 999), status: 409, field: 'version' },
      { label: 'no libraryEntryId', body: set(p.base, 'libraryEntryId', REMOVE), field: 'libraryEntryId' },
      {
        label: 'libraryEntryId text',
        body: set(p.base, 'libraryEntryId', 'ZB0001'),
        field: 'libraryEntryId',
      },
      { label: 'libraryEntryId 0', body: set(p.base, 'libraryEntryId', 0), field: 'libraryEntryId' },
      {
        label: 'no such entry',
        body: set(p.base, 'libraryEntryId', 999999),
        status: 404,
        field: 'libraryEntryId',
      },
      { label: 'a 100 kB reason', body: { ...p.base, reason: K100 }, field: 'reason' },
    ],
  },
  'POST /api/delegations/:id/end': {
    prepare: async () => {
      const url = `/api/delegations/${delegationId}/end`;
      return { url, token: w.users.deptReviewer.token, control: { url, body: {} } };
    },
    cases: () => badIds((id) => `/api/delegations/${id}/end`, 'id').map((c) => ({ ...c, body: {} })),
  },
  // Rectification: the items of RI ([0] closed by the control of close, [1] closed for accept,
  // [2] closed for reopen); PATCH and the upload get an item the bureau adds.
  'POST /api/rectifications': {
    json: true,
    prepare: async () => ({
      url: '/api/rectifications',
      token: w.users.bureauReviewer.token,
      base: {
        declarationId: RI.declaration.id,
        problem: '验收资料归档不及时',
        requiredAction: '建立归档台账',
        responsible: '项目管理处',
        dueOn: beijingDay(30),
      },
    }),
    cases: (p) => [
      { label: 'no problem', body: set(p.base, 'problem', REMOVE), field: 'problem' },
      { label: 'an empty problem', body: set(p.base, 'problem', ''), field: 'problem' },
      { label: 'a blank problem', body: set(p.base, 'problem', '   '), field: 'problem' },
      { label: 'problem a number', body: set(p.base, 'problem', 3), field: 'problem' },
      { label: 'a 100 kB problem', body: set(p.base, 'problem', K100), field: 'problem' },
      { label: 'no requiredAction', body: set(p.base, 'requiredAction', REMOVE), field: 'requiredAction' },
      { label: 'a 100 kB responsible', body: set(p.base, 'responsible', K100), field: 'responsible' },
      { label: 'declarationId text', body: set(p.base, 'declarationId', 'abc'), field: 'declarationId' },
      { label: 'declarationId 0', body: set(p.base, 'declarationId', 0), field: 'declarationId' },
      { label: 'dueOn 2026-13-01', body: set(p.base, 'dueOn', '2026-13-01'), field: 'dueOn' },
      { label: 'dueOn 2026-02-30', body: set(p.base, 'dueOn', '2026-02-30'), field: 'dueOn' },
      { label: 'dueOn in the past', body: set(p.base, 'dueOn', '2020-01-01'), field: 'dueOn' },
      { label: 'dueOn a number', body: set(p.base, 'dueOn', 20270101), field: 'dueOn' },
    ],
  },
  'PATCH /api/rectifications/:id': {
    json: true,
    prepare: async () => {
      const made = await t.post(
        '/api/rectifications',
        { declarationId: RI.declaration.id, problem: '待修改', requiredAction: '待修改' },
        w.users.bureauReviewer.token,
      );
      expect(made.status).toBe(201);
      return {
        url: `/api/rectifications/${made.body.id}`,
        token: w.users.bureauReviewer.token,
        base: { version: made.body.version, dueOn: beijingDay(20), responsible: '项目管理处 张三' },
      };
    },
    cases: (p) => [
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'version text', body: set(p.base, 'version', 'abc'), field: 'version' },
      { label: 'nothing to change', body: { version: p.base!.version }, field: /至少修改一项/ },
      { label: 'an empty problem', body: { ...p.base, problem: '' }, field: 'problem' },
      { label: 'a blank responsible', body: set(p.base, 'responsible', '  '), field: 'responsible' },
      { label: 'dueOn text', body: set(p.base, 'dueOn', 'next month'), field: 'dueOn' },
      { label: 'dueOn in the past', body: set(p.base, 'dueOn', '2020-01-01'), field: 'dueOn' },
      ...badIds((id) => `/api/rectifications/${id}`, 'id').map((c) => ({ ...c, body: p.base })),
    ],
  },
  'POST /api/rectifications/:id/close': {
    json: true,
    prepare: async () => ({
      url: `/api/rectifications/${RI.items[0].id}/close`,
      token: w.users.submitter.token,
      base: { version: RI.items[0].version, evidence: '已建立归档台账' },
    }),
    cases: (p) => [
      { label: 'no evidence', body: set(p.base, 'evidence', REMOVE), field: 'evidence' },
      { label: 'a blank evidence', body: set(p.base, 'evidence', '  '), field: 'evidence' },
      { label: 'evidence a number', body: set(p.base, 'evidence', 3), field: 'evidence' },
      { label: 'a 100 kB evidence', body: set(p.base, 'evidence', K100), field: 'evidence' },
      { label: 'version text', body: set(p.base, 'version', 'abc'), field: 'version' },
      ...badIds((id) => `/api/rectifications/${id}/close`, 'id').map((c) => ({ ...c, body: p.base })),
    ],
  },
  'POST /api/rectifications/:id/accept': {
    json: true,
    prepare: async () => {
      const item = RI.items[1];
      const closed = await t.post(
        `/api/rectifications/${item.id}/close`,
        { version: item.version, evidence: '已整改' },
        w.users.submitter.token,
      );
      expect(closed.status).toBe(200);
      return {
        url: `/api/rectifications/${item.id}/accept`,
        token: w.users.bureauReviewer.token,
        base: { version: closed.body.version, comment: '整改到位' },
      };
    },
    cases: (p) => [
      { label: 'no version', body: set(p.base, 'version', REMOVE), field: 'version' },
      { label: 'version 0', body: set(p.base, 'version', 0), field: 'version' },
      { label: 'comment a number', body: set(p.base, 'comment', 3), field: 'comment' },
      { label: 'a 100 kB comment', body: set(p.base, 'comment', K100), field: 'comment' },
      ...badIds((id) => `/api/rectifications/${id}/accept`, 'id').map((c) => ({ ...c, body: p.base })),
    ],
  },
  'POST /api/rectifications/:id/reopen': {
    json: true,
    prepare: async () => {
      const item = RI.items[2];
      const closed = await t.post(
        `/api/rectifications/${item.id}/close`,
        { version: item.version, evidence: '已整改' },
        w.users.submitter.token,
      );
      expect(closed.status).toBe(200);
      return {
        url: `/api/rectifications/${item.id}/reopen`,
        token: w.users.bureauReviewer.token,
        base: { version: closed.body.version, reason: '佐证材料不完整' },
      };
    },
    cases: (p) => [
      { label: 'no reason', body: set(p.base, 'reason', REMOVE), field: 'reason' },
      { label: 'an empty reason', body: set(p.base, 'reason', ''), field: 'reason' },
      { label: 'reason a number', body: set(p.base, 'reason', 3), field: 'reason' },
      { label: 'a 100 kB reason', body: set(p.base, 'reason', K100), field: 'reason' },
      ...badIds((id) => `/api/rectifications/${id}/reopen`, 'id').map((c) => ({ ...c, body: p.base })),
    ],
  },
  'PUT /api/rectifications/:id/attachment': {
    prepare: async () => {
      const made = await t.post(
        '/api/rectifications',
        { declarationId: RI.declaration.id, problem: '待上传', requiredAction: '待上传' },
        w.users.bureauReviewer.token,
      );
      expect(made.status).toBe(201);
      const url = `/api/rectifications/${made.body.id}/attachment`;
      return { url, token: w.users.submitter.token, control: { url, raw: evidence('台账.pdf', '%PDF-1.4') } };
    },
    cases: () => [
      {
        label: 'multipart without a file field',
        raw: {
          payload: '--XX\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--XX--\r\n',
          contentType: 'multipart/form-data; boundary=XX',
        },
        field: 'file',
      },
      { label: 'an empty file', raw: evidence('台账.pdf', ''), field: 'file' },
      { label: 'an executable', raw: evidence('run.exe', 'MZ'), status: 415, field: 'file' },
      {
        label: 'a file name with a control character',
        raw: evidence('台\u0007账.pdf', '%PDF'),
        field: 'file',
      },
      {
        label: 'a file over the limit',
        raw: evidence('大.pdf', 'x'.repeat(5_300_000)),
        status: 413,
        field: /^file$|large|limit/i,
      },
      { label: 'a JSON body', body: { file: 'x' }, status: 415, field: /body|file/ },
      ...badIds((id) => `/api/rectifications/${id}/attachment`, 'id').map((c) => ({
        ...c,
        raw: evidence('台账.pdf', '%PDF'),
      })),
    ],
  },
  'PUT /api/work-calendars/:year': {
    json: true,
    prepare: async () => ({
      url: '/api/work-calendars/2032',
      token: w.admin,
      base: {
        source: '国务院办公厅关于2032年部分节假日安排的通知',
        holidays: [
          { name: '元旦', off: ['2032-01-01', '2032-01-02', '2032-01-03'] },
          { name: '春节', off: ['2032-02-10'], work: ['2032-02-07'] },
        ],
      },
    }),
    cases: (p) => [
      { label: 'no source', body: set(p.base, 'source', REMOVE), field: 'source' },
      { label: 'a 100 kB source', body: set(p.base, 'source', K100), field: 'source' },
      { label: 'source a number', body: set(p.base, 'source', 7), field: 'source' },
      {
        label: 'sourceUrl javascript:',
        body: { ...p.base, sourceUrl: 'javascript:alert(1)' },
        field: 'sourceUrl',
      },
      { label: 'provisional "yes"', body: { ...p.base, provisional: 'yes' }, field: 'provisional' },
      { label: 'year 2031 in the body', body: { ...p.base, year: 2031 }, field: 'year' },
      {
        label: 'both holidays and table',
        body: { ...p.base, table: '2032-01-01 放假 元旦' },
        field: 'holidays',
      },
      { label: 'holidays text', body: set(p.base, 'holidays', '元旦'), field: 'holidays' },
      { label: 'no days off', body: set(p.base, 'holidays.0.off', []), field: 'holidays[0].off' },
      { label: 'a blank name', body: set(p.base, 'holidays.0.name', ' '), field: 'holidays[0].name' },
      {
        label: 'a date 2032-02-30',
        body: set(p.base, 'holidays.1.off', ['2032-02-30']),
        field: 'holidays[1].off[0]',
      },
      {
        label: 'a date of 2031',
        body: set(p.base, 'holidays.1.off', ['2031-12-31']),
        field: 'holidays[1].off[0]',
      },
      {
        label: 'a date as a number',
        body: set(p.base, 'holidays.1.off', [20320210]),
        field: 'holidays[1].off[0]',
      },
      {
        label: 'a make-up working day on a Monday',
        body: set(p.base, 'holidays.1.work', ['2032-01-05']),
        field: 'holidays[1].work[0]',
      },
      {
        label: 'a day twice',
        body: set(p.base, 'holidays.1.off', ['2032-01-01']),
        field: 'holidays[1].off[0]',
      },
      {
        label: 'a table line without a kind',
        body: { source: '通知', table: '2032-01-01 元旦' },
        field: 'table',
      },
      {
        label: 'a table line of another kind',
        body: { source: '通知', table: '2032-01-01 调班 元旦' },
        field: 'table',
      },
      { label: 'an empty table', body: { source: '通知', table: '# nothing' }, field: 'table' },
      ...['20x6', '1999', '2101', '99999'].map((year) => ({
        label: `year = ${year}`,
        url: `/api/work-calendars/${year}`,
        body: p.base,
        field: 'year',
      })),
    ],
  },
  'POST /api/queues/bulk': {
    json: true,
    prepare: async () => ({
      url: '/api/queues/bulk',
      token: w.users.deptReviewer.token,
      base: { event: 'APPROVE', items: [{ declarationId: D.id, version: 1 }] },
    }),
    cases: (p) => [
      { label: 'items text', body: set(p.base, 'items', 'x'), field: 'items' },
      { label: 'no items', body: set(p.base, 'items', []), field: 'items' },
      {
        label: '201 items',
        body: set(
          p.base,
          'items',
          Array.from({ length: 201 }, () => ({ declarationId: D.id, version: 1 })),
        ),
        field: 'items',
      },
      {
        label: 'declarationId text',
        body: set(p.base, 'items.0.declarationId', 'abc'),
        field: 'items[0].declarationId',
      },
      {
        label: 'declarationId 0',
        body: set(p.base, 'items.0.declarationId', 0),
        field: 'items[0].declarationId',
      },
      { label: 'version missing', body: set(p.base, 'items.0.version', REMOVE), field: 'items[0].version' },
      {
        label: 'an unknown item field',
        body: set(p.base, 'items.0.state', 'approved'),
        field: 'items[0].state',
      },
      { label: 'event SUBMIT', body: set(p.base, 'event', 'SUBMIT'), field: 'event' },
      { label: 'a 100 kB comment', body: { ...p.base, comment: K100 }, field: 'comment' },
    ],
  },
  'POST /api/imports/declarations': {
    prepare: async () => ({
      url: '/api/imports/declarations',
      token: w.users.submitter.token,
      control: { url: '/api/imports/declarations', raw: { payload: importText, contentType: 'text/plain' } },
    }),
    cases: () => {
      const text = (payload: string | Buffer, contentType = 'text/plain; charset=utf-8') => ({
        payload,
        contentType,
      });
      const url = '/api/imports/declarations';
      return [
        { label: 'an empty text', raw: text(''), field: /file|body|empty/ },
        { label: 'garbage text', raw: text('hello\tworld'), field: 'line 1' },
        {
          label: 'the table cut after its funds',
          raw: text(importText.split('\n').slice(0, 9).join('\n')),
          field: /line \d+/,
        },
        { label: 'a 100 kB line', raw: text(`财政项目支出绩效目标申报表\n${K100}`), field: /line \d+/ },
        {
          label: 'an indicator with a malformed target',
          raw: text(importText.replace('≥120000.00(株)', '≥abc(株)')),
          field: /line \d+/,
        },
        {
          label: 'an amount with three decimals',
          raw: text(importText.replace('960,000.00', '960,000.001')),
          field: /line \d+/,
        },
        {
          label: 'NUL in the text',
          raw: text(importText.replace('行道树养护监测', '行道\u0000树')),
          field: /body|line \d+/,
        },
        { label: 'dryRun=maybe', url: `${url}?dryRun=maybe`, raw: text(importText), field: 'dryRun' },
        { label: 'a JSON body', body: { text: importText }, field: 'body' },
        {
          label: 'XML',
          raw: { payload: '<a/>', contentType: 'application/xml' },
          status: 415,
          field: /content.type|media type|内容类型/i,
        },
        {
          label: 'a text over the limit',
          raw: text('财'.repeat(OVER_LIMIT / 3 + 10)),
          status: 413,
          field: /^body$|^file$|large|limit/i,
        },
        {
          label: 'multipart without a file field',
          raw: {
            payload: '--XX\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--XX--\r\n',
            contentType: 'multipart/form-data; boundary=XX',
          },
          field: 'file',
        },
        {
          label: 'a file that is not an xlsx workbook',
          raw: {
            payload:
              '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n' +
              'Content-Type: application/octet-stream\r\n\r\nPK\u0003\u0004garbage\r\n--XX--\r\n',
            contentType: 'multipart/form-data; boundary=XX',
          },
          field: 'file',
        },
      ];
    },
  },
};

function yearCases(): Case[] {
  return [
    { label: 'no year', body: {}, field: 'year' },
    { label: 'year text', body: { year: '2026' }, field: 'year' },
    { label: 'year 1999', body: { year: 1999 }, field: 'year' },
    { label: 'year 2026.5', body: { year: 2026.5 }, field: 'year' },
    { label: 'year as SQL', body: { year: '2026 OR 1=1' }, field: 'year' },
    { label: 'departmentId given', body: { year: 2026, departmentId: 1 }, field: 'departmentId' },
  ];
}

// ---------------------------------------------------------------------------------------------

function messageOf(res: Res): string {
  return typeof res.body === 'object' && res.body && 'message' in res.body
    ? String(res.body.message)
    : res.text;
}

describe(`bad input on every write route (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('has cases for every write route of the application', () => {
    const writes = routes.filter((r) => r.method !== 'GET');
    const { missing, stale } = coverage(writes, Object.keys(ROUTES));
    expect(missing.map((r) => `write route ${r} has no bad-input cases`)).toEqual([]);
    expect(
      stale.map((r) => `bad-input cases for ${r}, which is not a write route of the application`),
    ).toEqual([]);
  });

  for (const [key, spec] of Object.entries(ROUTES)) {
    const [method] = key.split(' ');
    it(`${key}: each bad request is 4xx naming the field, and nothing changes`, async () => {
      const p = await spec.prepare();
      const cases = [...spec.cases(p), ...(spec.json ? genericJsonCases(p) : [])];
      tally.routes += 1;
      tally.cases += cases.length;
      const wrong: string[] = [];
      let before = await snapshot(t.dataSource);
      for (const c of cases) {
        const res = await t.request(method, c.url ?? p.url, {
          token: p.token,
          ...(c.raw ? { raw: c.raw } : c.body !== undefined ? { body: c.body } : {}),
        });
        const message = messageOf(res);
        const expected = c.status ?? 400;
        const named = namesField(res.body, c.field);
        if (res.status !== expected || !named)
          wrong.push(
            `${c.label}: expected ${expected} naming ${c.field}, got ${res.status} ${message.slice(0, 200)}`,
          );
        else if (res.body?.statusCode !== res.status || typeof res.body?.error !== 'string')
          wrong.push(
            `${c.label}: the error body is not {statusCode, error, message}: ${res.text.slice(0, 200)}`,
          );
        const after = await snapshot(t.dataSource);
        tally.snapshots += 1;
        try {
          expect(after).toEqual(before);
        } catch {
          wrong.push(`${c.label}: the database changed`);
          before = after;
        }
      }
      expect(wrong).toEqual([]);
      // The control: the valid base request is accepted, so each case failed for what it broke.
      const control = p.control ?? { url: p.url, body: p.base };
      const ok = await t.request(method, control.url, { token: p.token, ...control });
      expect({ control: ok.status < 300 ? 'accepted' : `${ok.status} ${ok.text.slice(0, 300)}` }).toEqual({
        control: 'accepted',
      });
    });
  }
});

describe('injection strings that are valid text are stored verbatim and come back as JSON', () => {
  const SQL = "'; DROP TABLE declarations; --";
  const SQL2 = 'Robert"); DROP TABLE indicators;-- \\" \' `';
  const HTML = '<script>alert(1)</script>';
  const HTML2 = '<img src=x onerror="alert(\'x\')">&amp;&lt;';

  it('in declaration header fields, indicators, transition comments and report text', async () => {
    const sub = w.users.submitter.token;
    const created = await t.post(
      '/api/declarations',
      {
        ...VALID_HEADER,
        projectName: SQL,
        overallGoal: HTML,
        annualGoal: `${SQL2}\n${HTML2}`,
        implementingUnit: HTML2,
      },
      sub,
    );
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    const id = created.body.id as number;
    let version = created.body.version as number;
    for (const ind of [
      ...VALID_INDICATORS,
      { level1: 'benefit', level2: 'social', name: SQL2, target: `有效提升${HTML}` },
    ]) {
      const r = await t.post(`/api/declarations/${id}/indicators`, { version, ...ind, reason: HTML }, sub);
      expect(r.status).toBe(201);
      version = r.body.version;
    }
    const back = await t.get(`/api/declarations/${id}`, sub);
    expect(back.headers['content-type']).toMatch(/^application\/json/);
    expect(back.body).toMatchObject({
      projectName: SQL,
      overallGoal: HTML,
      annualGoal: `${SQL2}\n${HTML2}`,
      implementingUnit: HTML2,
    });
    const injected = back.body.indicators.filter((i: { name: string }) => i.name === SQL2);
    expect(injected).toHaveLength(1);
    expect(injected[0].target.display).toBe(`有效提升${HTML}`);
    // The raw text of the answer is JSON: the markup is a JSON string, not HTML.
    expect(back.text).toContain(JSON.stringify(HTML).slice(1, -1));

    const submitted = await t.post(
      `/api/declarations/${id}/transitions`,
      { event: 'SUBMIT', version, comment: SQL },
      sub,
    );
    expect(submitted.status).toBe(200);
    const returned = await t.post(
      `/api/declarations/${id}/transitions`,
      { event: 'RETURN', version: submitted.body.version, comment: HTML },
      w.users.deptReviewer.token,
    );
    expect(returned.status).toBe(200);
    const history = (await t.get(`/api/declarations/${id}/transitions`, sub)).body;
    expect(history.map((h: { comment: string | null }) => h.comment)).toEqual([SQL, HTML]);

    const found = await t.get(`/api/declarations?q=${encodeURIComponent(SQL)}`, sub);
    expect(found.status).toBe(200);
    expect(found.body.items.map((d: { id: number }) => d.id)).toEqual([id]);
    const none = await t.get(`/api/declarations?q=${encodeURIComponent("' OR '1'='1")}`, sub);
    expect(none.body.items).toEqual([]);
    const wildcard = await t.get(`/api/declarations?q=${encodeURIComponent('%')}`, sub);
    expect(wildcard.status).toBe(200);

    const events = await t.get(`/api/audit/events?declarationId=${id}`, w.users.auditor.token);
    expect(JSON.stringify(events.body)).toContain(JSON.stringify(HTML).slice(1, -1));
    expect((await t.get('/api/audit/verify', w.users.auditor.token)).body.ok).toBe(true);
    // Every table is still there.
    expect(Object.keys((await snapshot(t.dataSource)).counts)).toEqual(
      expect.arrayContaining(['declarations', 'indicators', 'audit_events', 'audit_chains', 'users']),
    );
  });

  it('in organisation names and display names', async () => {
    const dep = await t.post(
      '/api/departments',
      { code: 'INJ-1', name: HTML, kind: 'department', parentId: w.unitId },
      w.admin,
    );
    expect(dep.status).toBe(201);
    const user = await t.post(
      '/api/users',
      {
        username: 'inj.user',
        displayName: SQL,
        password: PASSWORD,
        roles: ['auditor'],
        departmentId: dep.body.id,
      },
      w.admin,
    );
    expect(user.status).toBe(201);
    const deps = (await t.get('/api/departments', w.admin)).body;
    expect(deps.find((d: { id: number }) => d.id === dep.body.id).name).toBe(HTML);
    expect((await t.get('/api/auth/me', await t.login('inj.user'))).body.displayName).toBe(SQL);
  });

  it('in headers: a request id that is not sane is replaced, never echoed', async () => {
    const res = await t.request('GET', '/api/health', { headers: { 'x-request-id': HTML } });
    expect(res.headers['x-request-id']).not.toBe(HTML);
    expect(String(res.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });
});
