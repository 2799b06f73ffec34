import { Worker } from 'node:worker_threads';

/**
 * Watches a service from a thread of its own while a test makes it work: polls /api/health
 * (each poll given `pollTimeoutMs` to answer, else it counts as 0) and samples this process's
 * resident memory. A thread of its own, because the e2e service runs in the test's process: a
 * poll from the test's own event loop would wait out a blocked loop and then see 200.
 */
export interface Watched {
  /** The status of every poll, in order (0: no answer in time). */
  polls: number[];
  /** Resident memory (bytes) when the watch began, and its highest sample since. */
  rssBefore: number;
  rssMax: number;
}

const CODE = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
const rssBefore = process.memoryUsage.rss();
let rssMax = rssBefore;
const sampler = setInterval(() => { rssMax = Math.max(rssMax, process.memoryUsage.rss()); }, 5);
parentPort.on('message', () => { stop = true; });
(async () => {
  const polls = [];
  parentPort.postMessage({ ready: true });
  while (!stop) {
    const status = await fetch(workerData.url, { signal: AbortSignal.timeout(workerData.timeoutMs) }).then(
      async (r) => { await r.arrayBuffer(); return r.status; },
      () => 0,
    );
    polls.push(status);
    parentPort.postMessage({ poll: status });
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(sampler);
  parentPort.postMessage({ polls, rssBefore, rssMax: Math.max(rssMax, process.memoryUsage.rss()) });
})();
`;

/** Runs `work` while watching; one poll has answered before it starts and one after it ends. */
export async function watch<T>(
  baseUrl: string,
  work: () => Promise<T>,
  pollTimeoutMs = 2000,
): Promise<{ result: T } & Watched> {
  const worker = new Worker(CODE, {
    eval: true,
    workerData: { url: `${baseUrl}/api/health`, timeoutMs: pollTimeoutMs },
  });
  const messages: Array<Record<string, unknown>> = [];
  let notify: () => void = () => undefined;
  worker.on('message', (m: Record<string, unknown>) => {
    messages.push(m);
    notify();
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve) => {
      const take = () => {
        const m = messages.shift();
        if (m) resolve(m);
        else notify = take;
      };
      take();
    });
  const nextPoll = async () => {
    while (!('poll' in (await next())));
  };
  await next(); // ready
  try {
    await nextPoll(); // one poll answered before the work starts
    const result = await work();
    await nextPoll(); // and one after it ends
    worker.postMessage('stop');
    let end: Record<string, unknown>;
    do end = await next();
    while (!('polls' in end));
    return { result, ...(end as unknown as Watched) };
  } finally {
    await worker.terminate();
  }
}
