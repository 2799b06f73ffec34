import { namesField } from '../support/errors';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { AuditService } from '../../src/audit/audit.service';
import { createValidDeclaration } from '../support/factories';
import { everyPhase, versionOf, type Declared } from '../support/lifecycle';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { onPostgres } from '../support/test-db';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 12, items 2 and 6: text that cannot be stored as given (lone surrogates, NUL, control
 * characters, U+FFFE/U+FFFF) is refused wherever it enters, so the audit chain always hashes
 * what the database returns; workbooks stay valid for text stored before; and the shape of a
 * body (keys, nesting, list lengths) is capped before validation, so no body can stall the
 * service or make it answer megabytes. (The sweep of every field of every write route is in
 * boundaries.e2e-spec.ts; the random bodies in fuzz.e2e-spec.ts.)
 */

let t: TestApp;
let w: World;
let sub: string;
let aud: string;
let M: Declared;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '100000', LOCKOUT_MAX_FAILURES: '100' });
  w = await buildWorld(t);
  sub = w.users.submitter.token;
  aud = w.users.auditor.token;
  ({ monitoring: M } = await everyPhase(t, w, 'text.victim'));
}, 90_000);
afterAll(async () => t?.close());

/** `?` placeholders for either database. */
function q(sql: string): string {
  let n = 0;
  return onPostgres ? sql.replace(/\?/g, () => `$${++n}`) : sql;
}

async function verify(declarationId?: number) {
  const res = await t.get(`/api/audit/verify${declarationId ? `?declarationId=${declarationId}` : ''}`, aud);
  expect(res.status).toBe(200);
  return res.body as { ok: boolean; brokenAt?: unknown };
}

function expectRefused(res: Res, field: string, code: string) {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status: 400, code });
  expect(namesField(res.body, field)).toBe(true);
}

async function history(indicatorId: number) {
  const res = await t.get(`/api/indicators/${indicatorId}/history`, aud);
  expect(res.status).toBe(200);
  return res.body as unknown[];
}

describe('text that cannot be stored as given never reaches the database or the audit chain', () => {
  it('the unauthenticated login as "ghost\\ud800" is refused naming username; verify stays ok', async () => {
    const res = await t.post('/api/auth/login', { username: 'ghost\ud800', password: 'x' });
    expectRefused(res, 'username', 'TEXT_INVALID_CHARACTER');
    expect(res.body.message).toMatch(/U\+D800/);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('an indicator change with the reason "why\\udfff" is refused naming reason; the declaration chain verifies', async () => {
    const d = await createValidDeclaration(t, sub);
    const before = await history(d.indicatorIds[0]);
    const res = await t.patch(
      `/api/declarations/${d.id}/indicators/${d.indicatorIds[0]}`,
      { version: d.version, name: '新名称', reason: 'why\udfff' },
      sub,
    );
    expectRefused(res, 'reason', 'TEXT_INVALID_CHARACTER');
    expect(await versionOf(t, d.id, sub)).toBe(d.version);
    expect(await history(d.indicatorIds[0])).toEqual(before);
    expect(await verify(d.id)).toMatchObject({ ok: true });
  });

  it('names the path of the text deep in a body: entries[2].remark, deviationReasons[0].note', async () => {
    const v = await versionOf(t, M.id, sub);
    const body = {
      version: v,
      entries: M.indicatorIds.map((indicatorId, i) => ({
        indicatorId,
        ...(i === 2 ? { remark: 'ok\u0007' } : {}),
        ...(i === 3 ? { deviationReasons: [{ category: 'other', note: '\uffff' }] } : {}),
      })),
    };
    const res = await t.put(`/api/declarations/${M.id}/monitoring`, body, sub);
    expectRefused(res, 'entries[2].remark', 'TEXT_INVALID_CHARACTER');
    expect(res.body.field).toBe('entries[2].remark');
    expect(res.body.message).toMatch(/U\+0007/);
    delete (body.entries[2] as { remark?: string }).remark;
    const next = await t.put(`/api/declarations/${M.id}/monitoring`, body, sub);
    expectRefused(next, 'entries[3].deviationReasons[0].note', 'TEXT_INVALID_CHARACTER');
    expect(await versionOf(t, M.id, sub)).toBe(v);
  });

  it('the audit service hashes what the database stores, even text no edge check saw', async () => {
    // Under the service: an input path nobody thought of, handing the audit log a lone
    // surrogate (stored as U+FFFD by both drivers) and NUL (refused by PostgreSQL).
    const event = await t.app
      .get(AuditService)
      .record(
        { user: null, username: 'ghost\ud800\u0000', requestId: 'r\udfff', ip: null },
        { action: 'auth.login_failed', outcome: 'failure', entityType: 'user', comment: 'why\udfff\u0000!' },
      );
    expect(await verify()).toMatchObject({ ok: true });
    const [row] = (await t.dataSource.query(
      q('SELECT actor_username AS "u", comment AS "c", request_id AS "r" FROM audit_events WHERE id = ?'),
      [event.id],
    )) as Array<{ u: string; c: string; r: string }>;
    expect(row).toEqual({ u: 'ghost\ufffd', c: 'why\ufffd!', r: 'r\ufffd' });
  });

  it('a JSON body that is a bare string is checked as well', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      raw: { payload: '"\\u0001"', contentType: 'application/json' },
    });
    expectRefused(res, 'body', 'TEXT_INVALID_CHARACTER');
  });

  it('a key holding a control character is refused too', async () => {
    const res = await t.post('/api/declarations', { year: 2026, 'bad\u0001key': 'x' }, sub);
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 400,
      code: 'TEXT_INVALID_CHARACTER',
    });
  });

  it('multi-line texts keep tabs and line breaks (CR LF too)', async () => {
    const res = await t.post(
      '/api/declarations',
      { year: 2026, projectName: '制表\t名称', overallGoal: '第一行\r\n第二行\n\t第三行' },
      sub,
    );
    expect(res.status).toBe(201);
    const back = (await t.get(`/api/declarations/${res.body.id}`, sub)).body;
    expect(back.overallGoal).toBe('第一行\r\n第二行\n\t第三行');
  });

  it('query strings: a control character or U+FFFF in a value is refused naming the parameter, and nothing changes', async () => {
    const d = await createValidDeclaration(t, sub);
    const ind = d.indicatorIds[4];
    for (const reason of ['why%01', 'why%EF%BF%BF', '%1F']) {
      const res = await t.delete(
        `/api/declarations/${d.id}/indicators/${ind}?version=${d.version}&reason=${reason}`,
        sub,
      );
      expectRefused(res, 'reason', 'TEXT_INVALID_CHARACTER');
    }
    expect(await versionOf(t, d.id, sub)).toBe(d.version);
    const list = await t.get('/api/declarations?q=%E6%95%B0%07', sub);
    expectRefused(list, 'q', 'TEXT_INVALID_CHARACTER');
    const ok = await t.delete(
      `/api/declarations/${d.id}/indicators/${ind}?version=${d.version}&reason=${encodeURIComponent('删除\t原因')}`,
      sub,
    );
    expect(ok.status).toBe(200);
    expect(await verify(d.id)).toMatchObject({ ok: true });
  });

  it('an imported workbook whose cells decode to a lone surrogate or a control character is refused naming the project and the field; nothing is created', async () => {
    // xlsx escapes characters XML cannot hold as _xHHHH_, which exceljs decodes on reading: the
    // one way such text arrives in a file. (The text import refuses control characters while
    // parsing, naming the line.)
    const d = await createValidDeclaration(t, sub, { projectName: '工作簿导入' });
    const exported = await t.get(`/api/declarations/${d.id}/export.xlsx`, sub);
    for (const [text, field, char] of [
      ['项目完成_xD800_及时性', 'indicators[2].name', 'U+D800'],
      ['业务需求部门满意度_x0001_', 'indicators[4].name', 'U+0001'],
    ]) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.body as unknown as ExcelJS.Buffer);
      const original = text.replace(/_x[0-9A-F]{4}_/, '');
      let replaced = 0;
      wb.worksheets[0].eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.value === original) {
            cell.value = text;
            replaced++;
          }
        }),
      );
      expect(replaced).toBe(1);
      const before = (await t.get('/api/declarations?limit=500', sub)).body.items.length;
      const file = Buffer.from(await wb.xlsx.writeBuffer());
      const boundary = '----text-and-shape';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.request('POST', '/api/imports/declarations', {
        token: sub,
        raw: { payload, contentType: `multipart/form-data; boundary=${boundary}` },
      });
      expectRefused(res, field, 'TEXT_INVALID_CHARACTER');
      expect(res.body.message).toContain('工作簿导入');
      expect(res.body.message).toContain(char);
      expect((await t.get('/api/declarations?limit=500', sub)).body.items.length).toBe(before);
    }
  });
});

/** Sends a raw HTTP/1.1 request (header bytes fetch would refuse) and returns the answer. */
function rawRequest(head: Buffer, body: string): Promise<string> {
  const { port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.write(Buffer.concat([head, Buffer.from(body)]));
  });
}

describe('X-Request-Id: a hostile value never reaches the audit log or the answer as given', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const hostile: Array<[string, Uint8Array]> = [
    ['10 KB', Buffer.from('r'.repeat(10_240))],
    // What a lone surrogate looks like on the wire (CESU-8), and other bytes above 0x7f.
    ['surrogate bytes', Buffer.from([0x69, 0x64, 0xed, 0xa0, 0x80])],
    ['a tab and a space', Buffer.from('id\tx y')],
    ['markup', Buffer.from('<script>')],
  ];

  it.each(hostile)('%s: the answer and the audit event carry a generated UUID', async (_label, value) => {
    const username = `rid.${Math.random().toString(36).slice(2, 8)}`;
    const body = JSON.stringify({ username, password: 'x' });
    const head = Buffer.concat([
      Buffer.from(
        'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: `,
      ),
      value,
      Buffer.from('\r\n\r\n'),
    ]);
    const answer = await rawRequest(head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    const id = /\r\nx-request-id: ([^\r]*)\r\n/i.exec(answer)?.[1];
    expect(id).toMatch(UUID);
    const events = (await t.get('/api/audit/events?action=auth.login_failed&limit=200', aud)).body
      .items as Array<{
      actor: { username: string };
      requestId: string;
    }>;
    const mine = events.filter((e) => e.actor.username === username);
    expect(mine.map((e) => e.requestId)).toEqual([id]);
  });

  it('a control character in the header is refused by the HTTP parser; nothing is logged', async () => {
    const username = 'rid.control';
    const body = JSON.stringify({ username, password: 'x' });
    const head = Buffer.from(
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Request-Id: a\u0001b\r\n\r\n`,
      'latin1',
    );
    expect(await rawRequest(head, body)).toMatch(/^HTTP\/1\.1 400/);
    const events = (await t.get('/api/audit/events?action=auth.login_failed&limit=200', aud)).body
      .items as Array<{
      actor: { username: string };
    }>;
    expect(events.filter((e) => e.actor.username === username)).toEqual([]);
  });
});

/** `{"a":{"a":…1…}}` nested `depth` levels, as text (JSON.stringify would recurse as deep). */
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedLists = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('the shape of a body cannot stall the service', () => {
  const json = (payload: string) => ({ payload, contentType: 'application/json' });

  it('1 MiB of unknown keys in one object: 400 BODY_TOO_MANY_KEYS, a short answer', async () => {
    const keys: string[] = [];
    let size = 2;
    for (let i = 0; size < 1024 * 1024 - 20; i++) {
      const k = `"k${i}":0`;
      keys.push(k);
      size += k.length + 1;
    }
    expect(keys.length).toBeGreaterThan(90_000);
    const res = await t.request('POST', '/api/declarations', {
      token: sub,
      raw: json(`{${keys.join(',')}}`),
    });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'BODY_TOO_MANY_KEYS' });
    expect(res.text.length).toBeLessThan(2_000);
  }, 60_000);

  it('the same keys spread over many small objects: 400 BODY_TOO_MANY_VALUES, a short answer', async () => {
    const objects = Array.from(
      { length: 1_500 },
      (_, i) => `{${Array.from({ length: 40 }, (_, k) => `"k${k}":${i}`).join(',')}}`,
    );
    const res = await t.request('POST', '/api/queues/bulk', {
      token: w.users.deptReviewer.token,
      raw: json(
        `{"event":"RETURN","comment":"x","items":[${objects.slice(0, 1_000).join(',')}],"more":[${objects.slice(1_000).join(',')}]}`,
      ),
    });
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 400,
      code: 'BODY_TOO_MANY_VALUES',
    });
    expect(res.text.length).toBeLessThan(2_000);
  });

  it('a list of 200,000 items: 400 BODY_LIST_TOO_LONG naming the list', async () => {
    const res = await t.request('POST', '/api/queues/bulk', {
      token: w.users.deptReviewer.token,
      raw: json(`{"event":"RETURN","comment":"x","items":[${Array(200_000).fill('0').join(',')}]}`),
    });
    expectRefused(res, 'items', 'BODY_LIST_TOO_LONG');
  });

  it.each([
    ['objects', nestedObjects(10_000)],
    ['lists', nestedLists(10_000)],
    ['objects in a field', `{"year":2026,"projectName":${nestedObjects(10_000)}}`],
  ])('10,000 levels of nested %s: 400 BODY_TOO_DEEP', async (_label, payload) => {
    const res = await t.request('POST', '/api/declarations', { token: sub, raw: json(payload) });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'BODY_TOO_DEEP' });
    expect(res.text.length).toBeLessThan(2_000);
  });

  it('deep nesting is refused before authentication work and on every route, the login too', async () => {
    const res = await t.request('POST', '/api/auth/login', { raw: json(nestedLists(10_000)) });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'BODY_TOO_DEEP' });
  });

  it('validation reports at most ten problems, and how many more there are', async () => {
    const body: Record<string, unknown> = { year: 2026 };
    for (let i = 0; i < 60; i++) body[`unknown${i}`] = i;
    const res = await t.post('/api/declarations', body, sub);
    expect(res.status).toBe(400);
    expect(res.body.details).toHaveLength(10);
    expect(res.body.details[0]).toMatchObject({ code: 'FIELD_UNKNOWN', field: 'unknown0' });
    expect(res.body.message).toContain('「unknown0」：不是此处可接受的字段');
    expect(res.body.message).toContain('另有 50 个问题未列出');
  });

  it('a report of unknown keys within the caps lists ten problems, not thousands', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`unknown${k}`, k]));
    const entries = Array.from({ length: 300 }, () => ({ indicatorId: M.indicatorIds[0], ...unknown }));
    const v = await versionOf(t, M.id, sub);
    const res = await t.put(`/api/declarations/${M.id}/monitoring`, { version: v, entries }, sub);
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({ code: 'FIELD_UNKNOWN', field: 'entries[0].unknown0' });
    expect(res.body.message).toMatch(/另有 \d{4} 个问题未列出$/);
    expect(res.body.details).toHaveLength(10);
    expect(res.text.length).toBeLessThan(8_000);
    expect(await versionOf(t, M.id, sub)).toBe(v);
  });

  it('the largest real body passes the caps: a monitoring report of 500 entries with five deviation reasons each', async () => {
    const v = await versionOf(t, M.id, sub);
    const entries = Array.from({ length: 500 }, (_, i) => ({
      indicatorId: M.indicatorIds[i % M.indicatorIds.length],
      actualToDate: '96.5',
      forecast: 'achieved',
      likelihood: 'possible',
      deviationReasons: ['funding', 'institutional', 'staffing', 'hardware', 'other'].map((category) => ({
        category,
        note: '原因说明',
      })),
      correctiveMeasures: '整改措施',
      remark: '备注',
    }));
    const res = await t.put(
      `/api/declarations/${M.id}/monitoring`,
      {
        version: v,
        periodEndMonth: 7,
        budget: { adjustedBudget: '1.00', executedToDate: '1.00', forecastFullYear: '1.00' },
        goalProgress: '进展',
        entries,
      },
      sub,
    );
    // Refused by the report's own rules (the same indicator 100 times), not by the caps.
    expect(res.status).toBe(400);
    expect(String(res.body.code ?? '')).not.toMatch(/^BODY_/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(namesField(res.body, /^entries\[\d+\]/)).toBe(true);
  });
});

describe('workbooks stay valid', () => {
  async function open(res: Res): Promise<ExcelJS.Workbook> {
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    return wb;
  }

  it('a declaration named "History" (a name Excel reserves) exports, alone and in the summary', async () => {
    const names = ['History', 'history', "'引号'", 'a[b]:c*d?e/f\\g', '𠀀'.repeat(20)];
    for (const projectName of names) {
      const d = await createValidDeclaration(t, sub, { projectName, year: 2027 });
      const wb = await open(await t.get(`/api/declarations/${d.id}/export.xlsx`, sub));
      const sheet = wb.worksheets[0].name;
      expect(sheet.toLowerCase()).not.toBe('history');
      expect(sheet).not.toMatch(/^'|'$|[[\]:*?/\\]/);
      expect(sheet.length).toBeLessThanOrEqual(31);
      expect(sheet).not.toMatch(/\p{Cs}/u);
    }
    const summary = await open(await t.get('/api/exports/summary.xlsx?year=2027', sub));
    expect(summary.worksheets.length).toBeGreaterThan(0);
  });

  it('text stored before this check (control characters, U+FFFF) still exports to a workbook exceljs reads back', async () => {
    const d = await createValidDeclaration(t, sub, { year: 2028 });
    // Old data: written under the service, as it could have been before the edge refused it.
    await t.dataSource.query(q('UPDATE declarations SET project_name = ?, overall_goal = ? WHERE id = ?'), [
      '旧\u0001数据',
      '第一行\n第二\u0008行\u001f\uffff',
      d.id,
    ]);
    const wb = await open(await t.get(`/api/declarations/${d.id}/export.xlsx`, sub));
    const texts: string[] = [];
    wb.worksheets[0].eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.push(cell.value);
      }),
    );
    expect(texts.some((s) => s.includes('旧') && s.includes('数据'))).toBe(true);
    expect(texts.some((s) => s.startsWith('第一行\n第二'))).toBe(true);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    expect(texts.join('')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    await open(await t.get('/api/exports/summary.xlsx?year=2028', sub));
  });
});
