import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { declarationWorkbook } from '../../src/exports/declaration-xlsx';
import { buildWorld } from '../support/world';
import { gibMedia, manyMerges, sampleContent } from '../support/xlsx-bombs';
import { releaseBuilt, Remote, sleep, sqliteDir, startService } from './service';

/**
 * Issue 12, item 1, against the BUILT service (dist/, the parse worker as compiled JS): a bomb
 * the inspection lets through (its limits lifted) is stopped by the worker's time limit with a
 * 413 while /api/health answers every poll; a known bomb (a 1 GiB media entry in a 1 MB file)
 * is refused with the service's resident memory growing by less than 100 MB; then a real
 * export is read. The service process is polled and measured from outside.
 */

afterAll(() => releaseBuilt());

const MB = 1024 * 1024;

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

function multipart(data: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----pd-fault-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Polls health (1 s to answer each) and samples the service's memory while `work` runs. */
async function observe<T>(baseUrl: string, pid: number, work: () => Promise<T>) {
  let stop = false;
  const polls: number[] = [];
  const rssBefore = rssOf(pid);
  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(pid))), 10);
  const poller = (async () => {
    while (!stop) {
      polls.push(
        await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1000) }).then(
          async (r) => (await r.arrayBuffer(), r.status),
          () => 0,
        ),
      );
      await sleep(20);
    }
  })();
  try {
    const result = await work();
    await sleep(100);
    return { result, polls, rssGrowth: rssMax - rssBefore };
  } finally {
    stop = true;
    clearInterval(sampler);
    await poller;
  }
}

describe('upload bombs against the built service', () => {
  it('stops an unknown bomb in the worker, refuses a known one with flat memory, and goes on', async () => {
    const db = sqliteDir();
    const S = await startService({
      DATABASE_PATH: db.path,
      UPLOAD_LIMITS: JSON.stringify({ maxMergedCells: 1_000_000, parseTimeoutMs: 3000 }),
    });
    try {
      const r = new Remote(S.baseUrl, 60_000);
      const sub = (await buildWorld(r)).users.submitter.token;
      const upload = (data: Buffer) =>
        r.request('POST', '/api/imports/declarations?dryRun=true', { token: sub, raw: multipart(data) });
      const pid = S.proc.pid!;

      const merges = await manyMerges(20_000);
      const unknown = await observe(S.baseUrl, pid, () => upload(merges));
      expect(unknown.result.status).toBe(413);
      expect(unknown.result.body).toMatchObject({ code: 'UPLOAD_PARSE_LIMIT' });
      expect(unknown.result.body.message).toMatch(/读取文件超过 3 秒的时限（parseTimeoutMs）/);
      expect(unknown.polls.length).toBeGreaterThanOrEqual(10);
      expect(unknown.polls.filter((s) => s !== 200)).toEqual([]);

      const media = await gibMedia(10 * MB);
      const known = await observe(S.baseUrl, pid, () => upload(media));
      expect(known.result.status).toBe(400);
      expect(known.result.body.code).toBe('UPLOAD_ENTRY_SIZE_MISMATCH');
      expect(known.polls.filter((s) => s !== 200)).toEqual([]);
      expect(known.rssGrowth).toBeLessThan(100 * MB);

      const ok = await upload(await declarationWorkbook(sampleContent('构建后', 3)));
      expect(ok.status).toBe(200);
      expect(ok.body.declarations[0]).toMatchObject({ projectName: '构建后', indicatorCount: 3 });
    } finally {
      await S.stop();
      db.drop();
    }
  }, 120_000);
});
