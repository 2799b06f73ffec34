import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { declarationWorkbook } from '../../src/exports/declaration-xlsx';
import { englishIn } from '../support/errors';
import { startTestApp, type TestApp } from '../support/test-app';
import { watch } from '../support/watch';
import { buildWorld, type World } from '../support/world';
import {
  farCell,
  gibMedia,
  highRatio,
  manyEntries,
  manyMerges,
  manySharedStrings,
  notAZip,
  sampleContent,
  wideValidation,
} from '../support/xlsx-bombs';

/**
 * Issue 12, item 1 and the indicator cap of item 9: no upload can exhaust the service. Each
 * known bomb is refused 4xx naming its limit while /api/health answers every poll and resident
 * memory grows by less than 100 MB; the text import is linear; file names are checked; at most
 * 500 indicators per declaration, on import and on add.
 */

let t: TestApp;
let w: World;
let sub: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
});
afterAll(async () => t?.close());

const MB = 1024 * 1024;

function multipart(filename: string, data: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----pd-upload-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const upload = (data: Buffer, filename = 'upload.xlsx', dryRun = true) =>
  t.request('POST', `/api/imports/declarations${dryRun ? '?dryRun=true' : ''}`, {
    token: sub,
    raw: multipart(filename, data),
  });
const text = (payload: string, dryRun = true) =>
  t.request('POST', `/api/imports/declarations${dryRun ? '?dryRun=true' : ''}`, {
    token: sub,
    raw: { payload, contentType: 'text/plain; charset=utf-8' },
  });

async function count(): Promise<number> {
  return (await t.get('/api/declarations?limit=500', sub)).body.items.length;
}

/** The head of a real table (the parks fixture) up to its indicator header, then `n` indicators. */
const PARKS = readFileSync(
  join(process.cwd(), 'test', 'fixtures', 'own-parks-2026-funds-mismatch.txt'),
  'utf8',
)
  .split('\n')
  .slice(0, 12);
function table(n: number, name = '公园绿地智慧巡查服务', goalLines?: string[]): string {
  const head = PARKS.map((l) => l.replace('公园绿地智慧巡查服务', name));
  if (goalLines) head.splice(11, 0, ...goalLines);
  const rows = Array.from({ length: n }, (_, i) =>
    i === 0 ? `\t产出指标\t数量指标\t巡查点${i + 1}\t>=1（个）` : `\t\t\t巡查点${i + 1}\t>=1（个）`,
  );
  return [...head, ...rows].join('\n');
}

describe('the bombs of issue 12: refused naming the limit, health answering, memory flat', () => {
  const cases: Array<[string, () => Promise<Buffer> | Buffer, number, string, RegExp]> = [
    [
      'one cell at A10000000 (1.6 KB; killed the process)',
      farCell,
      413,
      'UPLOAD_CELL_OUT_OF_RANGE',
      /maxRows/,
    ],
    [
      'a 1 GiB media entry declared as it is',
      () => gibMedia(),
      413,
      'UPLOAD_ENTRY_TOO_LARGE',
      /maxEntryBytes/,
    ],
    [
      'a 1 GiB media entry declared as 100 bytes',
      () => gibMedia(100),
      400,
      'UPLOAD_ENTRY_SIZE_MISMATCH',
      /与其声明的 100 字节不符/,
    ],
    [
      'a 1 GiB media entry declared as 10 MiB',
      () => gibMedia(10 * MB),
      400,
      'UPLOAD_ENTRY_SIZE_MISMATCH',
      /与其声明的 10,485,760 字节不符/,
    ],
    [
      '20,000 merged ranges (froze the event loop 26 s)',
      () => manyMerges(20_000),
      413,
      'UPLOAD_TOO_MANY_MERGED_CELLS',
      /maxMergedCells/,
    ],
    [
      '200,000 shared strings',
      () => manySharedStrings(200_000),
      413,
      'UPLOAD_TOO_MANY_SHARED_STRINGS',
      /maxSharedStrings/,
    ],
    ['1,001 files in the zip', () => manyEntries(1001), 413, 'UPLOAD_TOO_MANY_ENTRIES', /maxEntries/],
    [
      'an entry unpacking 1,000 times its size',
      highRatio,
      413,
      'UPLOAD_COMPRESSION_RATIO',
      /maxCompressionRatio/,
    ],
    ['a data validation over 26 million cells', wideValidation, 413, 'UPLOAD_CELL_OUT_OF_RANGE', /maxRows/],
    [
      'a file beginning like a zip that is not one',
      notAZip,
      400,
      'UPLOAD_NOT_XLSX',
      /不是可以读取的 xlsx 工作簿/,
    ],
  ];

  it.each(cases)('%s', async (_label, make, status, code, limit) => {
    const bomb = await make();
    const before = await count();
    const seen = await watch(t.baseUrl, () => upload(bomb));
    expect({
      status: seen.result.status,
      code: seen.result.body.code,
      field: seen.result.body.field,
    }).toEqual({
      status,
      code,
      field: 'file',
    });
    // In Chinese, the limit in words; the setting it comes from in the body (`limit`).
    expect(seen.result.body.message).toMatch(/^文件：/);
    expect(englishIn(seen.result.body.message)).toBeNull();
    expect(`${seen.result.body.limit ?? ''} ${seen.result.body.message}`).toMatch(limit);
    expect(seen.polls.length).toBeGreaterThanOrEqual(2);
    expect(seen.polls.filter((s) => s !== 200)).toEqual([]);
    expect(seen.rssMax - seen.rssBefore).toBeLessThan(100 * MB);
    expect(await count()).toBe(before);
  });

  it('still reads a real export afterwards', async () => {
    const res = await upload(await declarationWorkbook(sampleContent('回读项目', 3)));
    expect(res.status).toBe(200);
    expect(res.body.declarations).toEqual([
      expect.objectContaining({ projectName: '回读项目', indicatorCount: 3 }),
    ]);
  });
});

describe('the summary-table text: linear, with its own limits', () => {
  it('a goal of "<" and 90,000 spaces, ten times (backtracked quadratically: about a minute), is read at once while health answers', async () => {
    const goals = Array.from({ length: 10 }, () => `\t\t\t<${' '.repeat(90_000)}x`);
    const seen = await watch(t.baseUrl, () => text(table(2, '回溯测试', goals)));
    expect(seen.result.status).toBe(200);
    expect(seen.result.body.declarations[0].projectName).toBe('回溯测试');
    expect(seen.polls.filter((s) => s !== 200)).toEqual([]);
  });

  it('trailing colons by the ten thousand are read at once', async () => {
    const seen = await watch(t.baseUrl, () => text(`${table(2)}\n${':'.repeat(90_000)}x`));
    expect(seen.result.status).toBe(400);
    expect(seen.polls.filter((s) => s !== 200)).toEqual([]);
  });

  it('refuses more than 64 cells on a line, naming the line and the limit', async () => {
    const res = await text(`${table(2)}\n${'a\t'.repeat(40_000)}`);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'IMPORT_TOO_MANY_CELLS', field: 'line 15' });
    expect(res.body.message).toBe('第 15 行：超过 64 个以制表符分隔的单元格；申报表的一行最多 8 个');
  });

  it('refuses a line longer than 100,000 characters and more than 100,000 lines (a 10 MB file of empty lines)', async () => {
    const long = await text(`${table(2)}\n${'x'.repeat(100_001)}`);
    expect(long.status).toBe(413);
    expect(long.body).toMatchObject({ code: 'IMPORT_LINE_TOO_LONG', field: 'line 15' });
    expect(long.body.message).toBe('第 15 行：该行有 100,001 个字符，最多读取 100,000 个');
    const lines = await upload(Buffer.from(`${table(2)}${'\n'.repeat(5_000_000)}`), 'table.txt');
    expect(lines.status).toBe(413);
    expect(lines.body).toMatchObject({ code: 'IMPORT_TOO_MANY_LINES' });
    expect(lines.body.message).toBe('文本超过 100,000 行，超出一次导入可读取的上限');
  });
});

describe('at most 500 indicators per declaration', () => {
  it('imports a table of 500 and refuses one of 501 whole, naming the line, the project and the limit', async () => {
    const ok = await text(table(500, '五百项'));
    expect(ok.status).toBe(200);
    expect(ok.body.declarations[0].indicatorCount).toBe(500);
    const before = await count();
    const res = await text(`${table(3, '前一项')}\n${table(501, '五百零一项')}`, false);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOO_MANY_INDICATORS');
    expect(res.body.field).toMatch(/^line \d+$/);
    expect(res.body.message).toMatch(
      /^第 \d+ 行：项目“五百零一项”的申报表（自第 \d+ 行起）最多可有 500 条三级指标，此处超出$/,
    );
    expect(await count()).toBe(before);
  });

  it('refuses 50,000 indicators in one import with a 400 (a 500 before)', async () => {
    const res = await upload(Buffer.from(table(50_000, '五万项')), 'table.txt', false);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOO_MANY_INDICATORS');
  });

  it('refuses a workbook whose form has 501 indicators, naming the sheet', async () => {
    const res = await upload(await declarationWorkbook(sampleContent('超限表', 501)));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'WORKBOOK_TOO_MANY_INDICATORS', sheet: '超限表' });
    expect(res.body.message).toBe(
      '工作表「超限表」第 1 行起的申报表：一份申报表最多 500 条三级指标，这份超过了',
    );
  });

  it('refuses the 501st indicator added to a declaration', async () => {
    const created = await text(table(500, '加满'), false);
    expect(created.status).toBe(200);
    const id = created.body.declarations[0].id as number;
    const d = (await t.get(`/api/declarations/${id}`, sub)).body;
    expect(d.indicators).toHaveLength(500);
    const res = await t.post(
      `/api/declarations/${id}/indicators`,
      { version: d.version, level1: 'output', level2: 'quantity', name: '第五百零一项', target: '>=1（个）' },
      sub,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'TOO_MANY_INDICATORS',
      field: 'indicators',
      message: '三级指标：一份申报表最多可有 500 条三级指标，此申报已有 500 条',
    });
    const en = await t.request('POST', `/api/declarations/${id}/indicators`, {
      token: sub,
      body: {
        version: d.version,
        level1: 'output',
        level2: 'quantity',
        name: '第五百零一项',
        target: '>=1（个）',
      },
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.message).toBe(
      'indicators: a declaration holds at most 500 indicators; this one already has 500',
    );
    expect((await t.get(`/api/declarations/${id}`, sub)).body.indicators).toHaveLength(500);
  });
});

describe('the file name of a multipart upload (it goes into the audit trail)', () => {
  it.each([
    ['a NUL (a 500 on PostgreSQL)', 'table\u0000.txt'],
    ['a control character', 'table\u0007.txt'],
    ['a bidirectional override', 'evil\u202Etxt.xlsx'],
    ['over 255 characters', `${'表'.repeat(256)}.txt`],
  ])('refuses one with %s, creating nothing', async (_label, name) => {
    const before = await count();
    const res = await upload(Buffer.from(table(2)), name, false);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'UPLOAD_BAD_FILENAME', field: 'file' });
    expect(res.body.message).toMatch(/^文件名.+；请重命名文件后重新上传$/);
    expect(await count()).toBe(before);
  });

  it('keeps a plain Chinese file name in the audit trail', async () => {
    const res = await upload(Buffer.from(table(2, '文件名项目')), '2026年绩效目标.txt', false);
    expect(res.status).toBe(200);
    const auditor = w.users.auditor.token;
    const events = (await t.get(`/api/audit/events?declarationId=${res.body.declarations[0].id}`, auditor))
      .body;
    const items = (events.items ?? events) as Array<{ action: string; comment: string }>;
    expect(items.find((e) => e.action === 'declaration.imported')?.comment).toBe(
      '从文件“2026年绩效目标.txt”导入，第 1 行',
    );
  });
});
