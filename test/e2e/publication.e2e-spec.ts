import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createValidDeclaration } from '../support/factories';
import { FAILING_AUDIT, failingAudit } from '../support/failing-audit';
import { approvedDeclaration, type Declared } from '../support/lifecycle';
import { onPostgres } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * 绩效目标公开 (issue 18 item 3) through the API: the 数据局 publishes two approved declarations
 * and keeps a third unpublished with its reason; the public table (xlsx, html) needs no login,
 * lists exactly the published ones with their content hash and the approval's audit event, and
 * verifies; one changed cell makes the verification fail naming the row and the cell; an
 * unpublished declaration never appears and is answered as unknown; a version altered in the
 * database is named; the offline recipe (scripts/verify-published.mjs, sha256sum over the
 * embedded canonical text) computes the same hashes.
 */

let t: TestApp;
let w: World;
let bureau: string;
let a: Declared;
let b: Declared;
let c: Declared;
let draft: { id: number };
let dir: string;

const NAME_A = '公开项目甲';
const NAME_B = '公开项目乙';
const NAME_C = '涉密项目丙';

function multipart(filename: string, data: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----pd-publication-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const verifyFile = (name: string, data: Buffer) =>
  t.request('POST', '/api/public/targets/verify-file', { raw: multipart(name, data) });

async function xlsx(): Promise<Buffer> {
  const res = await t.get('/api/public/targets/table.xlsx?year=2026');
  expect(res.status).toBe(200);
  return res.body as Buffer;
}
async function html(): Promise<string> {
  const res = await t.get('/api/public/targets/table.html?year=2026');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('text/html');
  return res.text;
}

/** Every text of the first sheet, joined. */
async function sheetText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  const out: string[] = [];
  wb.worksheets[0].eachRow((row) => row.eachCell((cell) => out.push(String(cell.text))));
  return out.join('\n');
}

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  bureau = w.users.bureauReviewer.token;
  a = await approvedDeclaration(t, w, { projectName: NAME_A });
  b = await approvedDeclaration(t, w, { projectName: NAME_B });
  c = await approvedDeclaration(t, w, { projectName: NAME_C });
  draft = await createValidDeclaration(t, w.users.submitter.token, { projectName: '草稿项目丁' });
  dir = mkdtempSync(join(tmpdir(), 'pd-publication-'));
}, 120_000);

afterAll(async () => t?.close());

describe('the bureau decides', () => {
  it('lists the approved declarations of the year, undecided, with their content hash', async () => {
    const res = await t.get('/api/publications?year=2026', bureau);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { declarationId: number }) => i.declarationId);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(ids).not.toContain(draft.id);
    const item = res.body.items.find((i: { declarationId: number }) => i.declarationId === a.id);
    expect(item).toMatchObject({ decision: 'undecided', decisionLabel: '未决定', approvedVersion: 1 });
    expect(item.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    // The approval's audit event recorded the same hash.
    const events = (
      await t.get(
        `/api/audit/events?declarationId=${a.id}&action=workflow.transitioned`,
        w.users.auditor.token,
      )
    ).body.items;
    const approval = events.find((e: { changes: Array<{ field: string }> }) =>
      e.changes.some((ch) => ch.field === 'contentSha256'),
    );
    expect(approval.changes).toContainEqual({
      field: 'contentSha256',
      before: null,
      after: item.contentSha256,
    });
  });

  it('refuses a decision on a declaration that is not approved, and a refusal without its reason', async () => {
    const notApproved = await t.put(`/api/publications/${draft.id}`, { published: true }, bureau);
    expect(notApproved.status).toBe(409);
    expect(notApproved.body.code).toBe('PUBLICATION_NOT_APPROVED');
    expect(notApproved.body.message).toContain('尚无批准版本');
    const noReason = await t.put(`/api/publications/${c.id}`, { published: false }, bureau);
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'PUBLICATION_REASON_REQUIRED', field: 'notPublishedReason' });
    expect(noReason.body.message).toContain('非公开原因');
    const blank = await t.put(
      `/api/publications/${c.id}`,
      { published: false, notPublishedReason: '  ' },
      bureau,
    );
    expect(blank.status).toBe(400);
    const both = await t.put(
      `/api/publications/${a.id}`,
      { published: true, notPublishedReason: '多余' },
      bureau,
    );
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('PUBLICATION_REASON_NOT_ALLOWED');
    // Nothing was decided by the refusals.
    const list = (await t.get('/api/publications?year=2026', bureau)).body.items;
    expect(list.every((i: { decision: string }) => i.decision === 'undecided')).toBe(true);
  });

  it('only the bureau decides: a submitter and an auditor are refused, the auditor reads', async () => {
    expect(
      (await t.put(`/api/publications/${a.id}`, { published: true }, w.users.submitter.token)).status,
    ).toBe(403);
    expect(
      (await t.put(`/api/publications/${a.id}`, { published: true }, w.users.auditor.token)).status,
    ).toBe(403);
    expect((await t.get('/api/publications?year=2026', w.users.auditor.token)).status).toBe(200);
    expect((await t.get('/api/publications?year=2026', w.users.submitter.token)).status).toBe(403);
  });

  it('publishes two and keeps one unpublished with its reason, each audited on the declaration chain', async () => {
    for (const d of [a, b]) {
      const res = await t.put(`/api/publications/${d.id}`, { published: true }, bureau);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ declarationId: d.id, decision: 'published', decisionLabel: '公开' });
    }
    const res = await t.put(
      `/api/publications/${c.id}`,
      { published: false, notPublishedReason: '涉及国家秘密' },
      bureau,
    );
    expect(res.body).toMatchObject({ decision: 'not_published', notPublishedReason: '涉及国家秘密' });
    const events = (
      await t.get(`/api/audit/events?declarationId=${c.id}&action=publication.decided`, w.users.auditor.token)
    ).body.items;
    expect(events).toHaveLength(1);
    expect(events[0].actionLabel).toBe('绩效目标公开决定');
    expect(events[0].changes).toContainEqual({ field: 'published', before: null, after: false });
    expect(events[0].changes).toContainEqual({
      field: 'notPublishedReason',
      before: null,
      after: '涉及国家秘密',
    });
    expect(events[0].comment).toBe('涉及国家秘密');
    const verify = await t.get(`/api/audit/verify?declarationId=${c.id}`, w.users.auditor.token);
    expect(verify.body.ok).toBe(true);
  });
});

describe('the public table', () => {
  it('is served without login and lists only the published declarations, as approved', async () => {
    const text = await sheetText(await xlsx());
    expect(text).toContain('2026年度绩效目标公开表');
    expect(text).toContain(NAME_A);
    expect(text).toContain(NAME_B);
    expect(text).not.toContain(NAME_C);
    expect(text).not.toContain('草稿项目丁');
    expect(text).not.toContain('涉及国家秘密');
    expect(text).toContain('≥150.00(个)');
    const page = await html();
    expect(page).toContain(NAME_A);
    expect(page).not.toContain(NAME_C);
    expect(page).not.toContain('涉及国家秘密');
    // Readable without scripts: the only script element is the JSON data block.
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script type="application/json" id="pd-canonical">']);
    // Nothing of the people behind it (usernames of the world).
    expect(page).not.toMatch(/bureau|submitter|reviewer/i);
  });

  it('carries per declaration the content hash the bureau sees and the approval event on the chain', async () => {
    const list = (await t.get('/api/publications?year=2026', bureau)).body.items;
    const page = await html();
    for (const d of [a, b]) {
      const sha = list.find((i: { declarationId: number }) => i.declarationId === d.id).contentSha256;
      expect(page).toContain(sha);
      const events = (
        await t.get(
          `/api/audit/events?declarationId=${d.id}&action=workflow.transitioned`,
          w.users.auditor.token,
        )
      ).body.items;
      const approval = events.find((e: { changes: Array<{ field: string; after: unknown }> }) =>
        e.changes.some((ch) => ch.field === 'contentSha256' && ch.after === sha),
      );
      expect(approval).toBeDefined();
      const section = page.slice(page.indexOf(`data-declaration="${d.id}"`));
      expect(section).toContain(`<code data-k="chain">d:${d.id}</code>`);
    }
  });

  it('verifies as it was exported: every row exactly what was approved', async () => {
    const res = await verifyFile('公开表.xlsx', await xlsx());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, checked: 2, failed: 0 });
    expect(res.body.summary).toContain('全部与批准版本完全一致');
    expect(res.body.rows[0].notes[0].message).toContain('完全一致');
    const fromHtml = await verifyFile('公开表.html', Buffer.from(await html()));
    expect(fromHtml.body).toMatchObject({ ok: true, checked: 2 });
  });

  it('fails naming the row and the cell when one cell of the workbook is changed', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx());
    const ws = wb.worksheets[0];
    let changed = 0;
    ws.eachRow((row, r) => {
      row.eachCell((cell) => {
        // The second project's first target (≥150.00(个)) becomes ≥160.00(个).
        if (cell.value === '≥150.00(个)' && ws.getCell(r, 3).value !== null && changed++ === 1)
          cell.value = '≥160.00(个)';
      });
    });
    expect(changed).toBe(2);
    const res = await verifyFile('改过的公开表.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, checked: 2, failed: 1 });
    expect(res.body.rows[0].ok).toBe(true);
    const row = res.body.rows[1];
    expect(row).toMatchObject({ item: 2, ok: false, declarationId: b.id, projectName: NAME_B });
    expect(row.place).toMatch(/第 \d+–\d+ 行/);
    const messages = row.problems.map((p: { message: string }) => p.message).join('\n');
    expect(messages).toContain(
      '第 1 条三级指标（开展建设项目数量）的年度指标值：表中为“≥160.00(个)”，批准版本为“≥150.00(个)”',
    );
    expect(row.problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['PUBLIC_ROW_CELL_CHANGED', 'PUBLIC_ROW_CONTENT_NOT_HASH']),
    );
    expect(res.body.summary).toContain('第 2 项');
  });

  it('fails naming the row when a money cell of the page is changed', async () => {
    const page = await html();
    const start = page.indexOf(`data-declaration="${a.id}"`);
    const tampered =
      page.slice(0, start) +
      page
        .slice(start)
        .replace(
          '<td class="money" data-k="funds.annualRequest">491,254,500.00</td>',
          '<td class="money" data-k="funds.annualRequest">491,254,600.00</td>',
        );
    expect(tampered).not.toBe(page);
    const res = await verifyFile('公开表.html', Buffer.from(tampered));
    expect(res.body.ok).toBe(false);
    const row = res.body.rows.find((r: { declarationId: number }) => r.declarationId === a.id);
    expect(row.ok).toBe(false);
    expect(row.problems[0].message).toBe(
      '年度资金申请总额（元）：表中为“491254600.00”，批准版本为“491254500.00”',
    );
  });

  it('checks posted hashes; an unpublished or unknown declaration is answered the same way', async () => {
    const list = (await t.get('/api/publications?year=2026', bureau)).body.items;
    const sha = (id: number) =>
      list.find((i: { declarationId: number }) => i.declarationId === id).contentSha256;
    const res = await t.post('/api/public/targets/verify', {
      rows: [
        { declarationId: a.id, versionNo: 1, contentSha256: sha(a.id) },
        { declarationId: b.id, versionNo: 1, contentSha256: sha(a.id) },
        { declarationId: c.id, versionNo: 1, contentSha256: sha(c.id) },
        { declarationId: 999999, versionNo: 1, contentSha256: sha(c.id) },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false, false]);
    expect(res.body.rows[1].problems[0].code).toBe('PUBLIC_ROW_HASH_MISMATCH');
    expect(res.body.rows[2].problems[0].message).toBe(
      `未找到编号为 ${c.id} 的已公开申报（该申报不存在或未公开）`,
    );
    expect(res.body.rows[3].problems[0].message).toBe(
      '未找到编号为 999999 的已公开申报（该申报不存在或未公开）',
    );
    // Nothing of the unpublished one leaks: no project name, no note.
    expect(res.body.rows[2].projectName).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain(NAME_C);
  });

  it('refuses malformed hashes and an empty upload in Chinese, naming the field', async () => {
    const bad = await t.post('/api/public/targets/verify', {
      rows: [{ declarationId: a.id, versionNo: 1, contentSha256: 'xyz' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('rows[0].contentSha256');
    expect(bad.body.message).toContain('内容哈希');
    const notTable = await verifyFile('x.txt', Buffer.from('这不是公开表'));
    expect(notTable.status).toBe(400);
    expect(notTable.body.code).toBe('PUBLIC_TABLE_UNREADABLE');
  });

  it('a version altered in the database no longer verifies: the approval event recorded its hash', async () => {
    const before = await xlsx();
    const ph = (i: number) => (onPostgres ? `$${i}` : '?');
    const [row] = (await t.dataSource.query(
      `SELECT content FROM declaration_versions WHERE declaration_id = ${ph(1)}`,
      [a.id],
    )) as Array<{ content: string }>;
    const altered = row.content.replace('≥150.00(个)', '≥15.00(个)');
    expect(altered).not.toBe(row.content);
    const update = `UPDATE declaration_versions SET content = ${ph(1)} WHERE declaration_id = ${ph(2)}`;
    await t.dataSource.query(update, [altered, a.id]);
    try {
      const res = await verifyFile('公开表.xlsx', before);
      const rowA = res.body.rows.find((r: { declarationId: number }) => r.declarationId === a.id);
      expect(rowA.ok).toBe(false);
      expect(rowA.problems.map((p: { code: string }) => p.code)).toContain('PUBLIC_ROW_VERSION_ALTERED');
      expect(rowA.problems.map((p: { message: string }) => p.message).join()).toContain(
        '批准版本在数据库中已被改动',
      );
    } finally {
      await t.dataSource.query(update, [row.content, a.id]);
    }
  });

  it('can be recomputed offline: the shipped script and sha256sum over the embedded canonical text', async () => {
    const page = await html();
    const file = join(dir, 'table.html');
    writeFileSync(file, page);
    const out = execFileSync('node', ['scripts/verify-published.mjs', file], { encoding: 'utf8' });
    expect(out).toContain('全部 2 个项目的内容与其哈希值相符');
    const book = join(dir, 'table.xlsx');
    writeFileSync(book, await xlsx());
    expect(execFileSync('node', ['scripts/verify-published.mjs', book], { encoding: 'utf8' })).toContain(
      '全部 2 个项目',
    );
    // The recipe of docs/publication.md, with standard tools.
    const sha = execFileSync(
      'bash',
      [
        '-c',
        `sed -n '/<script type="application\\/json" id="pd-canonical">/,/<\\/script>/p' "${file}" | sed '1d;$d' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s)[0].canonical))' | sha256sum | cut -c1-64`,
      ],
      { encoding: 'utf8' },
    ).trim();
    expect(page).toContain(`<code data-k="contentSha256">${sha}</code>`);
    // And the text is the canonical one the service hashes.
    const canonical = JSON.parse(
      page
        .split('id="pd-canonical">')[1]
        .split('</script>')[0]
        .replace(/\\u003c/g, '<'),
    )[0].canonical;
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(sha);
    // One changed cell: the script says which project and exits 1.
    writeFileSync(file, page.replace('≥150.00(个)', '≥151.00(个)'));
    const bad = spawnSync('node', ['scripts/verify-published.mjs', file], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/第 1 项 申报编号 \d+ 公开项目甲：不一致/);
  });

  it('a declaration withdrawn from publication leaves the table and no longer verifies', async () => {
    const earlier = await xlsx();
    const res = await t.put(
      `/api/publications/${b.id}`,
      { published: false, notPublishedReason: '项目调整中' },
      bureau,
    );
    expect(res.status).toBe(200);
    const text = await sheetText(await xlsx());
    expect(text).not.toContain(NAME_B);
    const check = await verifyFile('公开表.xlsx', earlier);
    const rowB = check.body.rows.find((r: { declarationId: number }) => r.declarationId === b.id);
    expect(rowB.problems[0].code).toBe('PUBLIC_ROW_NOT_PUBLISHED');
    const events = (
      await t.get(`/api/audit/events?declarationId=${b.id}&action=publication.decided`, w.users.auditor.token)
    ).body.items;
    expect(events[0].changes).toContainEqual({ field: 'published', before: true, after: false });
  });
});

describe('the public routes are rate-limited per client address', () => {
  it('answers 429 in Chinese with Retry-After beyond PUBLIC_RATE_LIMIT_MAX a minute', async () => {
    const limited = await startTestApp({ PUBLIC_RATE_LIMIT_MAX: '2' });
    try {
      for (let i = 0; i < 2; i++)
        expect((await limited.get('/api/public/targets/table.html?year=2026')).status).toBe(200);
      const res = await limited.post('/api/public/targets/verify', {
        rows: [{ declarationId: 1, versionNo: 1, contentSha256: '0'.repeat(64) }],
      });
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('PUBLIC_RATE_LIMITED');
      expect(res.body.message).toMatch(/请 \d+ 秒后再试/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // The signed-in routes are not limited by it.
      expect((await limited.get('/api/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('a decision and its audit record commit together', () => {
  it('leaves no decision behind when its audit write fails', async () => {
    const f = await startTestApp({}, undefined, [FAILING_AUDIT]);
    try {
      const fw = await buildWorld(f);
      const d = await approvedDeclaration(f, fw, { projectName: '审计失败项目' });
      const token = fw.users.bureauReviewer.token;
      failingAudit(f.app).failNextWrite(new Error('forced failure of the audit write'));
      expect((await f.put(`/api/publications/${d.id}`, { published: true }, token)).status).toBe(500);
      const item = (await f.get('/api/publications?year=2026', token)).body.items.find(
        (i: { declarationId: number }) => i.declarationId === d.id,
      );
      expect(item.decision).toBe('undecided');
      const page = (await f.get('/api/public/targets/table.html?year=2026')).text;
      expect(page).not.toContain('审计失败项目');
      // Without the failure the same request is accepted.
      expect((await f.put(`/api/publications/${d.id}`, { published: true }, token)).status).toBe(200);
    } finally {
      await f.close();
    }
  });
});
