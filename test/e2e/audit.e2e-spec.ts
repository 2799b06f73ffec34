import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAuditTriggers } from '../../migrations/audit-triggers';
import { AuditReadBatches } from '../../src/audit-log/audit-read-batches';
import { AuditService } from '../../src/audit/audit.service';
import { Db } from '../../src/database/db.service';
import { englishIn, namesField } from '../support/errors';
import { createValidDeclaration, fire, VALID_HEADER } from '../support/factories';
import { onPostgres } from '../support/test-db';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

let t: TestApp;
let w: World;
let sub: string;
let aud: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
  aud = w.users.auditor.token;
});
afterAll(async () => t?.close());

interface Change {
  field: string;
  before: unknown;
  after: unknown;
}
interface AuditItem {
  id: number;
  at: string;
  actor: { id: number | null; username: string | null };
  role: string;
  roleLabel: string;
  action: string;
  actionLabel: string;
  outcome: string;
  outcomeLabel: string;
  stateLabel: string | null;
  changesText: string | null;
  commentLabel: string | null;
  entityType: string;
  entityId: string | null;
  declarationId: number | null;
  indicatorId: number | null;
  state: string | null;
  changes: Change[];
  comment: string | null;
  requestId: string | null;
  ip: string | null;
}

/** Every event of a filter, all pages, as the auditor. */
async function allEvents(query: string, limit = 500): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  let cursor: string | null = null;
  do {
    const res: Res = await t.get(
      `/api/audit/events?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      aud,
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** SQL with `?` placeholders, in the engine's notation. */
function q(sql: string): string {
  let n = 0;
  return onPostgres ? sql.replace(/\?/g, () => `$${++n}`) : sql;
}

/** Runs `work` with the append-only triggers off, as an intruder with database access would. */
async function withoutTriggers(work: () => Promise<unknown>): Promise<void> {
  if (onPostgres) {
    await t.dataSource.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    try {
      await work();
    } finally {
      await t.dataSource.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    }
  } else {
    await t.dataSource.query('DROP TRIGGER audit_events_no_update');
    await t.dataSource.query('DROP TRIGGER audit_events_no_delete');
    try {
      await work();
    } finally {
      const runner = t.dataSource.createQueryRunner();
      await createAuditTriggers(runner);
      await runner.release();
    }
  }
}

const TARGET_95 = {
  display: '≥95.00(%)',
  kind: 'quantitative',
  comparator: '≥',
  value: '95.00',
  unit: '%',
  text: null,
  direction: 'higher',
};
const TARGET_97 = { ...TARGET_95, display: '≥97.00(%)', value: '97.00' };

describe('what is recorded', () => {
  it('records an indicator’s creation, update and deletion field by field, with the reason', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const created = await t.request('POST', `/api/declarations/${id}/indicators`, {
      token: sub,
      headers: { 'x-request-id': 'req-audit-create-1' },
      body: {
        version,
        level1: 'output',
        level2: 'quality',
        name: '验收合格率',
        target: '≥95.00(%)',
        reason: '新增质量指标',
      },
    });
    expect(created.status).toBe(201);
    const ind = created.body.indicator;

    const [c] = await allEvents(`indicatorId=${ind.id}&action=indicator.created`);
    expect(c).toMatchObject({
      actor: { id: w.users.submitter.id, username: 'submitter' },
      role: 'submitter',
      action: 'indicator.created',
      outcome: 'success',
      entityType: 'indicator',
      entityId: String(ind.id),
      declarationId: id,
      indicatorId: ind.id,
      state: 'drafting',
      comment: '新增质量指标',
      requestId: 'req-audit-create-1',
      ip: '127.0.0.1',
    });
    expect(c.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(c.changes).toEqual([
      { field: 'level1', before: null, after: 'output' },
      { field: 'level2', before: null, after: 'quality' },
      { field: 'name', before: null, after: '验收合格率' },
      { field: 'target', before: null, after: TARGET_95 },
      { field: 'position', before: null, after: ind.position },
    ]);

    const upd = await t.patch(
      `/api/declarations/${id}/indicators/${ind.id}`,
      {
        version: created.body.version,
        name: '项目验收合格率',
        target: '≥97.00(%)',
        weight: '10.00',
        reason: '根据上年实际上调',
      },
      sub,
    );
    expect(upd.status).toBe(200);
    const [u] = await allEvents(`indicatorId=${ind.id}&action=indicator.updated`);
    expect(u.comment).toBe('根据上年实际上调');
    expect(u.state).toBe('drafting');
    expect(u.changes).toEqual([
      { field: 'name', before: '验收合格率', after: '项目验收合格率' },
      { field: 'target', before: TARGET_95, after: TARGET_97 },
      { field: 'weight', before: null, after: '10.00' },
    ]);

    const del = await t.delete(
      `/api/declarations/${id}/indicators/${ind.id}?version=${upd.body.version}&reason=${encodeURIComponent('重复指标')}`,
      sub,
    );
    expect(del.status).toBe(200);
    const [d] = await allEvents(`indicatorId=${ind.id}&action=indicator.deleted`);
    expect(d.comment).toBe('重复指标');
    expect(d.changes).toEqual([
      { field: 'level1', before: 'output', after: null },
      { field: 'level2', before: 'quality', after: null },
      { field: 'name', before: '项目验收合格率', after: null },
      { field: 'target', before: TARGET_97, after: null },
      { field: 'weight', before: '10.00', after: null },
      { field: 'position', before: ind.position, after: null },
    ]);
  });

  it('records a transition with the state it left and the state it entered', async () => {
    const { id } = await createValidDeclaration(t, sub);
    await fire(t, id, 'SUBMIT', sub);
    await fire(t, id, 'RETURN', w.users.deptReviewer.token, { comment: '请补充说明' });
    const events = await allEvents(`declarationId=${id}&action=workflow.transitioned`);
    expect(events.map((e) => [e.state, e.changes[0], e.actor.username, e.role, e.comment])).toEqual([
      [
        'internalReview',
        { field: 'state', before: 'internalReview', after: 'drafting' },
        'deptreviewer',
        'dept_reviewer',
        '请补充说明',
      ],
      [
        'drafting',
        { field: 'state', before: 'drafting', after: 'internalReview' },
        'submitter',
        'submitter',
        null,
      ],
    ]);
    expect(events[1].changes).toContainEqual({ field: 'event', before: null, after: 'SUBMIT' });
  });

  it('keeps the trail of a deleted draft', async () => {
    const { id } = await createValidDeclaration(t, sub);
    expect((await t.delete(`/api/declarations/${id}`, sub)).status).toBe(204);
    const events = await allEvents(`declarationId=${id}`);
    expect(events[0].action).toBe('declaration.deleted');
    expect(events.at(-1)!.action).toBe('declaration.created');
  });

  it('audits the auditors’ own reads, exports and verifications, with the filter', async () => {
    const { id } = await createValidDeclaration(t, sub);
    await t.get(`/api/audit/events?declarationId=${id}&action=indicator.created`, aud);
    await t.get(`/api/audit/events.csv?declarationId=${id}`, aud);
    await t.get(`/api/audit/verify?declarationId=${id}`, aud);
    const mine = await allEvents(`actorId=${w.users.auditor.id}`);
    const [verified, exported, viewed] = mine.filter(
      (e) => e.action !== 'audit.viewed' || JSON.parse(e.comment!).declarationId === id,
    );
    expect(viewed).toMatchObject({
      action: 'audit.viewed',
      role: 'auditor',
      declarationId: null,
      entityType: 'audit_log',
    });
    expect(JSON.parse(viewed.comment!)).toMatchObject({ declarationId: id, action: 'indicator.created' });
    expect(exported).toMatchObject({ action: 'audit.exported' });
    expect(JSON.parse(exported.comment!)).toMatchObject({ declarationId: id, format: 'csv' });
    expect(verified).toMatchObject({ action: 'audit.verified' });
    expect(JSON.parse(verified.comment!)).toMatchObject({ declarationId: id, ok: true });
  });
});

describe('append-only in the database', () => {
  it('refuses UPDATE and DELETE of audit rows', async () => {
    const [row] = (await t.dataSource.query('SELECT id FROM audit_events ORDER BY id LIMIT 1')) as Array<{
      id: number;
    }>;
    await expect(
      t.dataSource.query(`UPDATE audit_events SET comment = 'changed' WHERE id = ${row.id}`),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_events WHERE id = ${row.id}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    if (onPostgres) await expect(t.dataSource.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    const [still] = (await t.dataSource.query(q('SELECT comment FROM audit_events WHERE id = ?'), [
      row.id,
    ])) as Array<{
      comment: string | null;
    }>;
    expect(still.comment).not.toBe('changed');
  });
});

describe('tamper evidence', () => {
  it('verifies intact chains', async () => {
    const res = await t.get('/api/audit/verify', aud);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBeGreaterThan(20);
  });

  it('verifies across batch boundaries, within and between chains', async () => {
    const whole = (await t.get('/api/audit/verify', aud)).body;
    const saved = t.app.get(AuditReadBatches).verify;
    try {
      for (const size of [1, 3, 7]) {
        t.app.get(AuditReadBatches).verify = size;
        const res = await t.get('/api/audit/verify', aud);
        expect(res.body.ok).toBe(true);
        // Each pass also adds its own audit.verified event to the system chain.
        expect(res.body.checked).toBeGreaterThan(whole.checked);
      }
    } finally {
      t.app.get(AuditReadBatches).verify = saved;
    }
  });

  it('names the event whose content was altered', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const events = await allEvents(`declarationId=${id}`);
    const victim = events[2];
    const [{ comment: original }] = (await t.dataSource.query(
      q('SELECT comment FROM audit_events WHERE id = ?'),
      [victim.id],
    )) as Array<{ comment: string | null }>;
    await withoutTriggers(() =>
      t.dataSource.query(q('UPDATE audit_events SET comment = ? WHERE id = ?'), ['篡改的理由', victim.id]),
    );
    // The triggers are back.
    await expect(
      t.dataSource.query(`UPDATE audit_events SET comment = 'x' WHERE id = ${victim.id}`),
    ).rejects.toThrow(/append-only/);
    for (const [url, size] of [
      ['/api/audit/verify', 10_000],
      ['/api/audit/verify', 4],
      [`/api/audit/verify?declarationId=${id}`, 10_000],
      [`/api/audit/verify?declarationId=${id}`, 2],
    ] as const) {
      t.app.get(AuditReadBatches).verify = size;
      const res = await t.get(url, aud).finally(() => (t.app.get(AuditReadBatches).verify = 10_000));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ok: false,
        brokenAt: {
          id: victim.id,
          chain: `d:${id}`,
          code: 'AUDIT_EVENT_ALTERED',
          reason: '该事件的内容与其密钥哈希值不符：事件已被篡改',
        },
      });
    }
    const english = await t.request('GET', `/api/audit/verify?declarationId=${id}`, {
      token: aud,
      headers: { 'accept-language': 'en' },
    });
    expect(english.body.brokenAt).toMatchObject({
      code: 'AUDIT_EVENT_ALTERED',
      reason: 'the content does not match its keyed hash: the event was altered',
    });
    await withoutTriggers(() =>
      t.dataSource.query(q('UPDATE audit_events SET comment = ? WHERE id = ?'), [original, victim.id]),
    );
    expect((await t.get('/api/audit/verify', aud)).body.ok).toBe(true);
  });

  it('detects that the newest event of a declaration chain was deleted', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const [newest] = (await t.dataSource.query(
      q('SELECT * FROM audit_events WHERE chain = ? ORDER BY seq DESC LIMIT 1'),
      [`d:${id}`],
    )) as Array<Record<string, unknown>>;
    await withoutTriggers(() => t.dataSource.query(q('DELETE FROM audit_events WHERE id = ?'), [newest.id]));
    const res = await t.get(`/api/audit/verify?declarationId=${id}`, aud);
    expect(res.body).toMatchObject({
      ok: false,
      checked: Number(newest.seq) - 1,
      brokenAt: {
        chain: `d:${id}`,
        seq: Number(newest.seq),
        code: 'AUDIT_HEAD_EVENT_MISSING',
        reason: `序号为 ${newest.seq} 的事件缺失（共 ${newest.seq} 个）：链头记录为序号 ${newest.seq}，而现存最新的事件序号为 ${Number(newest.seq) - 1}`,
      },
    });
    expect((await t.get('/api/audit/verify', aud)).body.brokenAt).toMatchObject({ chain: `d:${id}` });
    // Put it back as it was: the chain verifies again.
    const cols = Object.keys(newest);
    await t.dataSource.query(
      q(`INSERT INTO audit_events (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`),
      cols.map((c) => newest[c]),
    );
    expect((await t.get('/api/audit/verify', aud)).body.ok).toBe(true);
  });

  it('detects an event deleted from the middle of a chain, naming the one after the gap', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const rows = (await t.dataSource.query(q('SELECT * FROM audit_events WHERE chain = ? ORDER BY seq'), [
      `d:${id}`,
    ])) as Array<Record<string, unknown>>;
    await withoutTriggers(() => t.dataSource.query(q('DELETE FROM audit_events WHERE id = ?'), [rows[1].id]));
    const res = await t.get(`/api/audit/verify?declarationId=${id}`, aud);
    expect(res.body).toMatchObject({
      ok: false,
      brokenAt: {
        id: Number(rows[2].id),
        seq: 3,
        code: 'AUDIT_SEQ_GAP',
        reason: '此事件之前缺少序号为 2 的事件',
      },
    });
    const cols = Object.keys(rows[1]);
    await t.dataSource.query(
      q(`INSERT INTO audit_events (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`),
      cols.map((c) => rows[1][c]),
    );
    expect((await t.get(`/api/audit/verify?declarationId=${id}`, aud)).body).toEqual({
      ok: true,
      mode: 'full',
      checked: rows.length,
      checkpoints: 0,
      transitions: 0,
    });
  });
});

describe('who may read and write', () => {
  const WRITES: Array<[string, string]> = [
    ['POST', '/api/declarations'],
    ['PATCH', '/api/declarations/{id}'],
    ['DELETE', '/api/declarations/{id}'],
    ['POST', '/api/declarations/{id}/indicators'],
    ['PATCH', '/api/declarations/{id}/indicators/{indicatorId}'],
    ['DELETE', '/api/declarations/{id}/indicators/{indicatorId}?version=1'],
    ['POST', '/api/declarations/{id}/transitions'],
    ['POST', '/api/imports/declarations'],
    ['POST', '/api/imports/declarations?dryRun=true'],
    ['POST', '/api/workflow/open-monitoring'],
    ['POST', '/api/workflow/open-evaluation'],
    ['POST', '/api/departments'],
    ['POST', '/api/users'],
    ['PATCH', '/api/users/{id}'],
  ];

  it('answers an auditor 403 on every write route, and changes nothing', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    const fill = (path: string) =>
      path.replace(/\{id\}/g, String(id)).replace(/\{[a-zA-Z]*[iI]d\}/g, String(indicatorIds[0]));
    const body = { ...VALID_HEADER, version, event: 'SUBMIT', year: 2026 };
    // Every write the OpenAPI document lists (new routes are covered as they appear), but
    // the caller's own password change.
    const doc = t.openApi();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m): [string, string] => [m.toUpperCase(), path]),
    );
    // An auditor's one write seals the audit log (a signed checkpoint) and changes no data.
    const seal = ([m, p]: [string, string]) => m === 'POST' && p === '/api/audit/checkpoints';
    expect(documented.filter(seal)).toHaveLength(1);
    // Reading a 年度指标值 as typed is a POST that stores nothing: anyone may ask.
    const reading = ([m, p]: [string, string]) => m === 'POST' && p === '/api/reference/targets/parse';
    expect(documented.filter(reading)).toHaveLength(1);
    // Checking a published table (绩效目标公开) is a POST that stores nothing, open to anyone (no login).
    const checking = ([m, p]: [string, string]) => m === 'POST' && p.startsWith('/api/public/targets/verify');
    expect(documented.filter(checking)).toHaveLength(2);
    const routes = [...WRITES, ...documented]
      .filter(([, p]) => !p.startsWith('/api/auth/'))
      .filter((r) => !seal(r) && !reading(r) && !checking(r));
    expect(routes.length).toBeGreaterThan(WRITES.length);
    for (const [method, path] of routes) {
      const res = await t.request(method, fill(path), {
        token: aud,
        ...(method === 'DELETE' ? {} : { body }),
      });
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
    const d = await t.get(`/api/declarations/${id}`, aud);
    expect(d.body).toMatchObject({ version, state: 'drafting' });
  });

  it('keeps the audit log from admins and other roles; the auditor reads it', async () => {
    for (const url of ['/api/audit/events', '/api/audit/events.csv', '/api/audit/verify']) {
      expect((await t.get(url, w.admin)).status).toBe(403);
      expect((await t.get(url, w.users.bureauReviewer.token)).status).toBe(403);
      expect((await t.get(url, sub)).status).toBe(403);
      expect((await t.get(url)).status).toBe(401);
      expect((await t.get(url, aud)).status).toBe(200);
    }
  });
});

describe('the event list', () => {
  it('pages newest first, every event exactly once, while new events are written between pages', async () => {
    const { id, indicatorIds } = await createValidDeclaration(t, sub);
    const before = await allEvents(`declarationId=${id}`);
    expect(before.length).toBe(6);
    expect(before.map((e) => e.id)).toEqual([...before.map((e) => e.id)].sort((a, b) => b - a));
    const seen: number[] = [];
    let cursor: string | null = null;
    let n = 0;
    do {
      const url: string = `/api/audit/events?declarationId=${id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      // A write of the same declaration lands while the page is read, and another between pages.
      const version = (await t.get(`/api/declarations/${id}`, sub)).body.version;
      const [page, write] = await Promise.all([
        t.get(url, aud),
        t.patch(
          `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
          { version, name: `并发修改${n++}` },
          sub,
        ),
      ]);
      expect(page.status).toBe(200);
      expect(write.status).toBe(200);
      seen.push(...page.body.items.map((i: AuditItem) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(new Set(seen).size);
    // Everything that existed at the first page, each once; at most the write racing the
    // first page may be among them.
    const written = seen.filter((i) => !before.some((e) => e.id === i));
    expect(written.length).toBeLessThanOrEqual(1);
    expect(seen.filter((i) => before.some((e) => e.id === i))).toEqual(before.map((e) => e.id));
    expect((await allEvents(`declarationId=${id}`)).length).toBe(6 + n);
  });

  it('filters by indicator, actor, action and time', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[1]}`,
      { version, name: '同部门修改' },
      w.users.submitter2.token,
    );
    const byActor = await allEvents(`declarationId=${id}&actorId=${w.users.submitter2.id}`);
    expect(byActor.map((e) => e.action)).toEqual(['indicator.updated']);
    const byIndicator = await allEvents(`indicatorId=${indicatorIds[1]}`);
    expect(byIndicator.map((e) => e.action)).toEqual(['indicator.updated', 'indicator.created']);
    const created = await allEvents(`declarationId=${id}&action=declaration.created`);
    expect(created).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await allEvents(`declarationId=${id}&from=${today}&to=${today}`)).toHaveLength(7);
    expect(await allEvents(`declarationId=${id}&from=${tomorrow}`)).toHaveLength(0);
    expect(await allEvents(`declarationId=${id}&to=${yesterday}`)).toHaveLength(0);
    const at = created[0].at;
    const upTo = await allEvents(`declarationId=${id}&to=${encodeURIComponent(at)}`);
    expect(upTo.map((e) => e.id)).toContain(created[0].id);
    expect(upTo.every((e) => e.at <= at)).toBe(true);
    const since = await allEvents(
      `declarationId=${id}&from=${encodeURIComponent(at.replace('Z', '+00:00'))}`,
    );
    expect(since).toHaveLength(7);
  });

  const BAD: Array<[string, string, string]> = [
    ['declarationId=abc', 'declarationId', 'ID_INVALID'],
    ['declarationId=0', 'declarationId', 'ID_INVALID'],
    ['indicatorId=1.5', 'indicatorId', 'ID_INVALID'],
    ['actorId=-3', 'actorId', 'ID_INVALID'],
    ['from=2026-13-45', 'from', 'AUDIT_INSTANT_INVALID'],
    ['to=2026-02-30', 'to', 'AUDIT_INSTANT_INVALID'],
    ['from=2026-03-01T25:00:00Z', 'from', 'AUDIT_INSTANT_INVALID'],
    ['from=yesterday', 'from', 'AUDIT_INSTANT_INVALID'],
    ['from=2026-03-02&to=2026-03-01', 'to', 'AUDIT_RANGE_REVERSED'],
    ['action=indicator.exploded', 'action', 'FIELD_ONE_OF'],
    ['limit=0', 'limit', 'LIMIT_INVALID'],
    ['limit=501', 'limit', 'LIMIT_INVALID'],
    ['cursor=abc.def', 'cursor', 'CURSOR_INVALID'],
    ['colour=red', 'colour', 'AUDIT_QUERY_UNKNOWN'],
    ['declarationId=1&declarationId=2', 'declarationId', 'QUERY_REPEATED'],
  ];
  for (const [query, param, code] of BAD) {
    it(`answers 400 ${code} naming ${param} for ${query}, in Chinese`, async () => {
      const res = await t.get(`/api/audit/events?${query}`, aud);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(namesField(res.body, param)).toBe(true);
      expect(englishIn(res.body.message)).toBeNull();
    });
  }

  it('says what is wrong with a filter in words', async () => {
    const say = async (query: string, headers: Record<string, string> = {}) =>
      (await t.request('GET', `/api/audit/events?${query}`, { token: aud, headers })).body.message;
    expect(await say('from=yesterday')).toBe(
      '开始时间：须为日期（YYYY-MM-DD）或带时区的时间（如 2026-03-01T08:00:00Z），而不是「yesterday」',
    );
    expect(await say('from=2026-03-02&to=2026-03-01')).toBe('截止时间：2026-03-01 早于开始时间 2026-03-02');
    expect(await say('colour=red')).toBe(
      '查询参数「colour」不能用于此处；可用：申报表编号（declarationId）、指标编号（indicatorId）、操作人编号（actorId）、操作（action）、开始时间（from）、截止时间（to）、每页条数（limit）、翻页标记（cursor）',
    );
    expect(await say('action=indicator.exploded')).toMatch(
      /^操作：须为以下之一：登录成功、登录失败、.*、修改指标、/,
    );
    expect(await say('colour=red', { 'accept-language': 'en' })).toBe(
      'colour: unknown parameter; use declarationId, indicatorId, actorId, action, from, to, limit, cursor',
    );
  });

  it('accepts an action in words (修改指标)', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version, name: '按词筛选' },
      sub,
    );
    const byWord = await allEvents(`declarationId=${id}&action=${encodeURIComponent('修改指标')}`);
    expect(byWord.map((e) => e.action)).toEqual(['indicator.updated']);
  });

  it('refuses a cursor that was tampered with, or belongs to another list', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const page = await t.get(`/api/audit/events?declarationId=${id}&limit=2`, aud);
    const cursor: string = page.body.nextCursor;
    const [payload, sig] = cursor.split('.');
    const forged = `${Buffer.from(JSON.stringify(['audit', 999_999])).toString('base64url')}.${sig}`;
    for (const bad of [forged, `${payload}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`]) {
      const res = await t.get(`/api/audit/events?declarationId=${id}&cursor=${bad}`, aud);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'CURSOR_INVALID', field: 'cursor' });
    }
    const declarationsCursor = (await t.get('/api/declarations?limit=1', aud)).body.nextCursor;
    const foreign = await t.get(`/api/audit/events?cursor=${declarationsCursor}`, aud);
    expect(foreign.body).toMatchObject({
      code: 'AUDIT_CURSOR_FOREIGN',
      field: 'cursor',
      message: '翻页标记（cursor）：不是此列表的翻页标记；请从第一页开始',
    });
  });

  it('answers 400 for bad filters on the export and verify too', async () => {
    const csv = await t.get('/api/audit/events.csv?from=2026-13-45', aud);
    expect(csv.body).toMatchObject({ code: 'AUDIT_INSTANT_INVALID', field: 'from' });
    expect((await t.get('/api/audit/events.csv?limit=10', aud)).body).toMatchObject({
      code: 'AUDIT_QUERY_UNKNOWN',
      field: 'limit',
    });
    expect((await t.get('/api/audit/events.csv?lang=fr', aud)).body).toMatchObject({
      code: 'FIELD_ONE_OF',
      field: 'lang',
      message: '语言：须为以下之一：中文、英文（代码）',
    });
    expect((await t.get('/api/audit/verify?declarationId=x', aud)).body).toMatchObject({
      code: 'ID_INVALID',
      field: 'declarationId',
    });
    const chain = await t.get('/api/audit/verify?chain=system', aud);
    expect(chain.status).toBe(400);
    expect(chain.body).toMatchObject({ code: 'AUDIT_QUERY_UNKNOWN', field: 'chain' });
    const none = await t.get('/api/audit/verify?declarationId=999999', aud);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: 'AUDIT_DECLARATION_NOT_FOUND', message: '申报表 999999 不存在' });
  });

  it('gives the words of every code in the reader’s language, and the changes in one line', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version, name: '新名称', target: '≥97.00(%)' },
      sub,
    );
    const [updated] = await allEvents(`declarationId=${id}&action=indicator.updated`);
    const before = updated.changes.find((c) => c.field === 'name')!.before;
    const target = updated.changes.find((c) => c.field === 'target')!;
    expect(updated).toMatchObject({
      action: 'indicator.updated',
      actionLabel: '修改指标',
      role: 'submitter',
      roleLabel: '填报人',
      outcome: 'success',
      outcomeLabel: '成功',
      state: 'drafting',
      stateLabel: '编制中',
      changesText: `名称：${before} → 新名称；年度指标值：${(target.before as { display: string }).display} → ≥97.00(%)`,
      commentLabel: null,
    });
    const english = await t.request('GET', `/api/audit/events?declarationId=${id}&action=indicator.updated`, {
      token: aud,
      headers: { 'accept-language': 'en' },
    });
    expect(english.body.items[0]).toMatchObject({
      action: 'indicator.updated',
      actionLabel: 'indicator updated',
      roleLabel: 'submitter',
      outcomeLabel: 'success',
      changesText: `name: ${before} → 新名称; target: ${(target.before as { display: string }).display} → ≥97.00(%)`,
    });
    const [user] = await allEvents(`action=user.created&actorId=${w.users.admin.id}`);
    expect(user.changesText).toMatch(/^用户名：\S+；姓名：\S+；角色：[^；]+；所属部门：\d+；停用：否$/);
    const history = await t.get(`/api/indicators/${indicatorIds[0]}/history`, sub);
    expect(history.body.at(-1)).toMatchObject({
      actionLabel: '修改指标',
      roleLabel: '填报人',
      stateLabel: '编制中',
      changesText: updated.changesText,
    });
  });
});

/** The records of a CSV text (RFC 4180 quoting, lines ending in LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** `2026-03-01T06:00:00.000Z` → `2026-03-01 14:00:00.000`, the time in Beijing. */
const beijing = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 23).replace('T', ' ');

const HEADER_ZH =
  '\uFEFF编号,时间（北京时间）,操作人,角色,操作,结果,对象,申报表,指标,状态,变更内容,说明,请求编号,IP\n';
const HEADER_EN =
  '\uFEFFid,at,actorId,actorUsername,role,action,outcome,entityType,entityId,declarationId,indicatorId,state,changes,comment,requestId,ip\n';

describe('the CSV export', () => {
  it('streams UTF-8 with a BOM, Chinese headers and words, quoted, with the same events as the JSON list', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const tricky = '含逗号, "引号"\n和换行\t制表符\\反斜杠';
    const added = await t.post(
      `/api/declarations/${id}/indicators`,
      {
        version,
        level1: 'output',
        level2: 'quantity',
        name: '=SUM(A1)',
        target: '=1.00(次/周)',
        reason: tricky,
      },
      sub,
    );
    await t.patch(
      `/api/declarations/${id}/indicators/${added.body.indicator.id}`,
      { version: added.body.version, name: '每周"巡检", 次数', target: '≥2.00(次/周)' },
      sub,
    );
    const json = await allEvents(`declarationId=${id}`, 2);
    const res = await t.get(`/api/audit/events.csv?declarationId=${id}`, aud);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-events.csv"');
    expect(res.text.startsWith(HEADER_ZH)).toBe(true);
    const [, ...rows] = parseCsv(res.text.slice(1));
    expect(rows.map((r) => Number(r[0]))).toEqual(json.map((e) => e.id));
    const created = rows.find((r) => r[11] === tricky)!;
    expect(created).toBeDefined();
    const item = json.find((e) => e.id === Number(created[0]))!;
    expect(created.slice(0, 10)).toEqual([
      String(item.id),
      beijing(item.at),
      'submitter',
      '填报人',
      '新增指标',
      '成功',
      `指标 ${item.indicatorId}`,
      String(id),
      String(item.indicatorId),
      '编制中',
    ]);
    // The changes without JSON: each field by its word, a value by its display.
    expect(created[10]).toContain('；名称：=SUM(A1)；年度指标值：=1.00(次/周)；');
    const updated = rows.find((r) => r[4] === '修改指标')!;
    expect(updated[10]).toBe('名称：=SUM(A1) → 每周"巡检", 次数；年度指标值：=1.00(次/周) → ≥2.00(次/周)');
    const transition = await t.get(
      `/api/audit/events.csv?declarationId=${id}&action=declaration.created`,
      aud,
    );
    expect(parseCsv(transition.text.slice(1))[1].slice(3, 7)).toEqual([
      '填报人',
      '新建申报表',
      '成功',
      `申报表 ${id}`,
    ]);
  });

  it('writes the workflow, users and sign-in events in words', async () => {
    const { id } = await createValidDeclaration(t, sub);
    await fire(t, id, 'SUBMIT', sub);
    await fire(t, id, 'RETURN', w.users.deptReviewer.token, { comment: '请补充说明' });
    const csv = await t.get(`/api/audit/events.csv?declarationId=${id}&action=workflow.transitioned`, aud);
    const [returned, submitted] = parseCsv(csv.text.slice(1)).slice(1);
    expect(returned.slice(2, 6)).toEqual(['deptreviewer', '单位审核人', '流程流转', '成功']);
    expect(returned[9]).toBe('单位内部审核');
    expect(returned[10]).toBe('状态：单位内部审核 → 编制中；流转操作：退回；角色：单位审核人');
    expect(returned[11]).toBe('请补充说明');
    expect(submitted[10]).toBe('状态：编制中 → 单位内部审核；流转操作：提交；角色：填报人');

    const made = await t.post(
      '/api/users',
      {
        username: 'csv.user',
        displayName: '导出',
        password: 'Test-Passw0rd!',
        roles: ['submitter'],
        departmentId: w.deptA,
      },
      w.admin,
    );
    await t.patch(`/api/users/${made.body.id}`, { disabled: true, password: 'Other-Passw0rd!' }, w.admin);
    await t.post('/api/auth/login', { username: 'csv.user', password: 'Other-Passw0rd!' });
    const users = parseCsv(
      (await t.get(`/api/audit/events.csv?actorId=${w.users.admin.id}`, aud)).text.slice(1),
    );
    const [changed, created] = users.filter((r) => r[6] === `用户 ${made.body.id}`);
    expect(created.slice(2, 6)).toEqual(['admin', '系统管理员', '新建用户', '成功']);
    expect(created[10]).toBe(`用户名：csv.user；姓名：导出；角色：填报人；所属部门：${w.deptA}；停用：否`);
    expect(changed[10]).toBe('停用：否 → 是；密码：由管理员重置');
    const [failed] = parseCsv(
      (await t.get('/api/audit/events.csv?action=auth.login_failed', aud)).text.slice(1),
    ).slice(1);
    expect(failed.slice(2, 7)).toEqual(['csv.user', '填报人', '登录失败', '拒绝', `用户 ${made.body.id}`]);
    expect(failed[11]).toBe('账户已停用');
  });

  it('gives the stored codes as before with ?lang=en, or to a client that reads English', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    await t.post(
      `/api/declarations/${id}/indicators`,
      {
        version,
        level1: 'output',
        level2: 'quantity',
        name: '验收次数',
        target: '≥1.00(次)',
        reason: '补充',
      },
      sub,
    );
    const json = await allEvents(`declarationId=${id}`);
    const res = await t.get(`/api/audit/events.csv?declarationId=${id}&lang=en`, aud);
    expect(res.text.startsWith(HEADER_EN)).toBe(true);
    const [, ...rows] = parseCsv(res.text.slice(1));
    const created = rows.find((r) => r[13] === '补充')!;
    const item = json.find((e) => e.id === Number(created[0]))!;
    expect(created.slice(0, 12)).toEqual([
      String(item.id),
      item.at,
      String(w.users.submitter.id),
      'submitter',
      'submitter',
      'indicator.created',
      'success',
      'indicator',
      String(item.indicatorId),
      String(id),
      String(item.indicatorId),
      'drafting',
    ]);
    expect(JSON.parse(created[12])).toEqual(item.changes);
    const byHeader = await t.request('GET', `/api/audit/events.csv?declarationId=${id}`, {
      token: aud,
      headers: { 'accept-language': 'en' },
    });
    expect(byHeader.text.slice(HEADER_EN.length)).toBe(res.text.slice(HEADER_EN.length));
    expect(
      (
        await t.get(`/api/audit/events.csv?declarationId=${id}&lang=${encodeURIComponent('中文')}`, aud)
      ).text.startsWith(HEADER_ZH),
    ).toBe(true);
  });

  it('exports nothing but the header for a filter that matches nothing', async () => {
    expect((await t.get('/api/audit/events.csv?declarationId=999999', aud)).text).toBe(HEADER_ZH);
    expect((await t.get('/api/audit/events.csv?declarationId=999999&lang=en', aud)).text).toBe(HEADER_EN);
  });

  it('streams across batches: every row once, in the order of the JSON list', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    let v = version;
    for (let i = 0; i < 10; i++) {
      const r = await t.patch(
        `/api/declarations/${id}/indicators/${indicatorIds[i % 5]}`,
        { version: v, name: `第${i}次` },
        sub,
      );
      v = r.body.version;
    }
    const json = await allEvents(`declarationId=${id}`, 3);
    expect(json).toHaveLength(16);
    const saved = t.app.get(AuditReadBatches).csv;
    try {
      for (const size of [4, 8, 16, 100]) {
        t.app.get(AuditReadBatches).csv = size;
        for (const lang of ['zh', 'en']) {
          const res = await t.get(`/api/audit/events.csv?declarationId=${id}&lang=${lang}`, aud);
          const rows = parseCsv(res.text.slice(1)).slice(1);
          expect(rows.map((r) => Number(r[0]))).toEqual(json.map((e) => e.id));
        }
      }
    } finally {
      t.app.get(AuditReadBatches).csv = saved;
    }
  });

  it('gives its database connection back when the client leaves mid-export', async () => {
    // An export far larger than the socket buffers, so the service is still writing it when
    // the client goes: 1,500 events of 3 KB each on the system chain.
    const audit = t.app.get(AuditService);
    await t.app.get(Db).write(async () => {
      for (let i = 0; i < 1500; i++)
        await audit.record(
          { user: null, username: 'filler', requestId: null, ip: null },
          { action: 'audit.viewed', entityType: 'audit_log', comment: `${i} ${'长'.repeat(1000)}` },
        );
    });
    // More abandoned exports than the pool has connections: a leaked one would leave the
    // requests after them waiting for a connection forever.
    for (let i = 0; i < 15; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          `${t.baseUrl}/api/audit/events.csv`,
          { headers: { authorization: `Bearer ${aud}` } },
          (res) => {
            expect(res.statusCode).toBe(200);
            res.once('data', () => {
              res.destroy();
              resolve();
            });
          },
        );
        req.on('error', reject);
      });
    }
    const after = await t.get('/api/audit/events?limit=1', aud);
    expect(after.status).toBe(200);
    const csv = await t.get('/api/audit/events.csv?action=audit.exported', aud);
    expect(parseCsv(csv.text.slice(1)).length).toBeGreaterThan(15);
  });

  it('escapes a cell Excel would run as a formula', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version, name: '改名', reason: '=HYPERLINK("x")' },
      sub,
    );
    const res = await t.get(`/api/audit/events.csv?declarationId=${id}&action=indicator.updated`, aud);
    const [, row] = parseCsv(res.text.slice(1));
    expect(row[11]).toBe('\'=HYPERLINK("x")');
    const en = await t.get(`/api/audit/events.csv?declarationId=${id}&action=indicator.updated&lang=en`, aud);
    expect(parseCsv(en.text.slice(1))[1][13]).toBe('\'=HYPERLINK("x")');
    // A name the tried login gave, in the 操作人 column.
    await t.post('/api/auth/login', { username: '-2+3', password: 'Wrong-Passw0rd!' });
    const login = await t.get('/api/audit/events.csv?action=auth.login_failed', aud);
    expect(parseCsv(login.text.slice(1))[1].slice(2, 4)).toEqual(["'-2+3", '']);
  });
});

describe('one indicator’s history', () => {
  it('lists every change oldest first, across an approved adjustment, with state and reason', async () => {
    const { id, indicatorIds } = await createValidDeclaration(t, sub);
    const indicatorId = indicatorIds[4];
    await fire(t, id, 'SUBMIT', sub);
    await fire(t, id, 'APPROVE', w.users.deptReviewer.token);
    await fire(t, id, 'APPROVE', w.users.bureauReviewer.token);
    const version = await fire(t, id, 'REQUEST_ADJUSTMENT', sub, { comment: '年中调整' });
    const p = await t.patch(
      `/api/declarations/${id}/indicators/${indicatorId}`,
      { version, target: '≥92.00(%)', reason: '满意度目标上调' },
      sub,
    );
    expect(p.status).toBe(200);
    const res = await t.get(`/api/indicators/${indicatorId}/history`, w.users.deptReviewer.token);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    const [created, updated] = res.body;
    expect(created).toMatchObject({
      action: 'indicator.created',
      actor: { id: w.users.submitter.id, username: 'submitter' },
      role: 'submitter',
      state: 'drafting',
      reason: null,
    });
    expect(updated).toMatchObject({
      action: 'indicator.updated',
      state: 'adjustment.drafting',
      reason: '满意度目标上调',
      changes: [
        {
          field: 'target',
          before: expect.objectContaining({ display: '≥90.00(%)' }),
          after: expect.objectContaining({ display: '≥92.00(%)', value: '92.00' }),
        },
      ],
    });
    expect(updated.at >= created.at).toBe(true);
    expect(updated.id).toBeGreaterThan(created.id);
  });

  it('outlives the indicator, and is not found outside the caller’s scope', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    await t.delete(`/api/declarations/${id}/indicators/${indicatorIds[0]}?version=${version}`, sub);
    const own = await t.get(`/api/indicators/${indicatorIds[0]}/history`, sub);
    expect(own.body.map((e: { action: string }) => e.action)).toEqual([
      'indicator.created',
      'indicator.deleted',
    ]);
    expect((await t.get(`/api/indicators/${indicatorIds[0]}/history`, aud)).status).toBe(200);
    expect((await t.get(`/api/indicators/${indicatorIds[0]}/history`, w.users.submitterB.token)).status).toBe(
      404,
    );
    expect(
      (await t.get(`/api/indicators/${indicatorIds[0]}/history`, w.users.otherReviewer.token)).status,
    ).toBe(404);
    expect((await t.get(`/api/indicators/${indicatorIds[0]}/history`, w.admin)).status).toBe(403);
    expect((await t.get('/api/indicators/999999/history', sub)).status).toBe(404);
    expect((await t.get('/api/indicators/abc/history', sub)).status).toBe(400);
  });
});

// Last: a second bureau changes who sees every department.
describe('scope of an auditor of another bureau', () => {
  it('sees the system chain but no declaration of the first bureau', async () => {
    const { id, indicatorIds } = await createValidDeclaration(t, sub);
    const bureau = await t.post(
      '/api/departments',
      { code: 'BUREAU2', name: '另一委办局', kind: 'bureau' },
      w.admin,
    );
    expect(bureau.status).toBe(201);
    // This deployment's admin manages only the first bureau: the account is made in SQL.
    await t.dataSource.query(
      q(`INSERT INTO users (username, display_name, password_hash, roles, department_id, disabled, failed_logins,
           locked_until, token_version, created_at, updated_at)
         SELECT 'auditor2', 'auditor2', password_hash, roles, ?, disabled, 0, NULL, 0, created_at, updated_at
         FROM users WHERE username = 'auditor'`),
      [bureau.body.id],
    );
    const other = await t.login('auditor2');
    const list = await t.get(`/api/audit/events?declarationId=${id}`, other);
    expect(list.body.items).toEqual([]);
    const system = await t.get(`/api/audit/events?action=user.created&limit=500`, other);
    expect(system.body.items.length).toBeGreaterThan(0);
    const csv = await t.get(`/api/audit/events.csv?declarationId=${id}`, other);
    expect(parseCsv(csv.text.slice(1))).toHaveLength(1);
    expect((await t.get(`/api/indicators/${indicatorIds[0]}/history`, other)).status).toBe(404);
    expect((await t.get(`/api/audit/verify?declarationId=${id}`, other)).status).toBe(404);
    // The first bureau's auditor still sees them.
    expect((await allEvents(`declarationId=${id}`)).length).toBe(6);
  });
});
