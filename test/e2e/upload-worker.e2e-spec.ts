import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { declarationWorkbook } from '../../src/exports/declaration-xlsx';
import { startTestApp, type TestApp } from '../support/test-app';
import { watch } from '../support/watch';
import { buildWorld } from '../support/world';
import { manyMerges, sampleContent, wideValidation } from '../support/xlsx-bombs';

/**
 * A bomb the inspection does not know, simulated by making its limits generous: the parse
 * worker's own limits (time, heap) stop it, the request is answered 413 UPLOAD_PARSE_LIMIT
 * naming the limit, /api/health answers every poll meanwhile, and the next upload is read by
 * a fresh worker. (One app per file: Passport keeps one strategy per process.)
 */

let t: TestApp;
let sub: string;

beforeAll(async () => {
  t = await startTestApp({
    UPLOAD_LIMITS: JSON.stringify({
      maxRows: 10_000_000,
      maxMergedCells: 1_000_000,
      maxCells: 1_000_000_000,
      parseTimeoutMs: 8000,
      parseHeapMb: 64,
    }),
  });
  sub = (await buildWorld(t)).users.submitter.token;
});
afterAll(async () => t?.close());

function multipart(filename: string, data: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----pd-worker-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
const upload = (data: Buffer) =>
  t.request('POST', '/api/imports/declarations?dryRun=true', {
    token: sub,
    raw: multipart('bomb.xlsx', data),
  });

describe('the parse worker stops what the inspection lets through', () => {
  it('20,000 merged ranges (26 s of exceljs) end at the time limit, health answering throughout', async () => {
    const seen = await watch(t.baseUrl, async () => upload(await manyMerges(20_000)));
    expect(seen.result.status).toBe(413);
    expect(seen.result.body).toMatchObject({ code: 'UPLOAD_PARSE_LIMIT', field: 'file' });
    expect(seen.result.body.message).toBe(
      '读取文件超过 8 秒的时限（parseTimeoutMs），已停止；请检查文件是否为本系统导出的申报表',
    );
    expect(seen.polls.length).toBeGreaterThanOrEqual(2);
    expect(seen.polls.filter((s) => s !== 200)).toEqual([]);
  }, 60_000);

  it('a data validation over 26 million cells ends at the heap limit, health answering throughout', async () => {
    const seen = await watch(t.baseUrl, async () => upload(await wideValidation()));
    expect(seen.result.status).toBe(413);
    expect(seen.result.body).toMatchObject({ code: 'UPLOAD_PARSE_LIMIT', field: 'file' });
    expect(seen.result.body.message).toBe(
      '读取文件所需内存超过 64 兆字节的上限（parseHeapMb），已停止；请检查文件是否为本系统导出的申报表',
    );
    expect(seen.polls.filter((s) => s !== 200)).toEqual([]);
  }, 60_000);

  it('reads a real export after the workers were stopped', async () => {
    const res = await upload(await declarationWorkbook(sampleContent('之后', 4)));
    expect(res.status).toBe(200);
    expect(res.body.declarations).toEqual([
      expect.objectContaining({ projectName: '之后', indicatorCount: 4 }),
    ]);
  });

  it('answers uploads sent together (more than the workers at once wait for one)', async () => {
    const buf = await declarationWorkbook(sampleContent('并发', 2));
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => upload(buf)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  }, 60_000);
});
