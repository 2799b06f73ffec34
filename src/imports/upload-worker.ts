import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../common/errors';
import type { Finding, DeclarationContent } from '../declarations/declaration-content';
import type { UploadLimits, XlsxPart } from '../exports/xlsx-inspect';
import { ImportErrors } from './imports.messages';
import type { ParseAnswer, ParseJob } from './parse-worker';

/**
 * Uploads are parsed in worker threads, never on the thread that serves requests: a parse
 * that runs too long is terminated at `parseTimeoutMs`, one that needs more heap than
 * `parseHeapMb` dies of it alone (V8 ends the worker, not the process), and either way the
 * request is answered 413 UPLOAD_PARSE_LIMIT while /api/health and everything else go on.
 * This is the backstop for what the inspection (xlsx-inspect.ts) does not know about.
 *
 * At most `maxConcurrentParses` workers parse at once (each may take its heap); up to
 * MAX_WAITING more uploads wait for one, beyond that 503. A worker that finished is kept for
 * IDLE_MS for the next upload (starting one and loading exceljs costs about half a second).
 *
 * The worker runs compiled JS (dist/src/imports/parse-worker.js) in production. Under Jest,
 * which runs the TypeScript sources, there is no compiled file beside this one: the worker
 * then compiles the sources it loads with TypeScript's transpileModule (a dev dependency, only
 * ever loaded on that path).
 */

const MAX_WAITING = 20;
const IDLE_MS = 30_000;
const START_TIMEOUT_MS = 60_000;

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const entry = workerData.entry;
if (entry.endsWith('.ts')) {
  const Module = require('node:module');
  const fs = require('node:fs');
  const path = require('node:path');
  const ts = require(require.resolve('typescript', { paths: [path.dirname(entry)] }));
  Module._extensions['.ts'] = (module, filename) => {
    const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
      },
    });
    module._compile(out.outputText, filename);
  };
}
require(entry);
`;

function entryFile(): string {
  const dir = typeof __dirname === 'string' ? __dirname : join(process.cwd(), 'src', 'imports');
  const js = join(dir, 'parse-worker.js');
  return existsSync(js) ? js : join(dir, 'parse-worker.ts');
}

export interface ParsedUpload {
  content: DeclarationContent;
  startLine: number | null;
  findings: Finding[];
}

export class ParseWorkers {
  private readonly all = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  /** Workers running a job (or killed and not yet gone): each holds one of the slots. */
  private readonly holding = new Set<Worker>();
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: UploadLimits) {}

  parseText(text: string): Promise<ParsedUpload[]> {
    return this.run({ kind: 'text', text }, []);
  }

  /** The inspected parts, copied into one buffer that is moved (not copied) to the worker. */
  parseXlsx(parts: XlsxPart[]): Promise<ParsedUpload[]> {
    const data = new Uint8Array(parts.reduce((s, p) => s + p.data.length, 0));
    let offset = 0;
    const index = parts.map((p) => {
      data.set(p.data, offset);
      const at = { name: p.name, offset, length: p.data.length };
      offset += p.data.length;
      return at;
    });
    return this.run({ kind: 'xlsx', parts: index, data: data.buffer, limits: this.limits }, [data.buffer]);
  }

  async close(): Promise<void> {
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    await Promise.all([...this.all].map((w) => w.terminate()));
  }

  private async run(job: ParseJob, transfer: ArrayBuffer[]): Promise<ParsedUpload[]> {
    await this.acquire();
    let worker: Worker;
    try {
      worker = this.idle.pop() ?? (await this.spawn());
    } catch (e) {
      this.release();
      throw e;
    }
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    this.holding.add(worker);
    return new Promise<ParsedUpload[]>((resolve, reject) => {
      let done = false;
      const settle = (then: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        then();
      };
      const onMessage = (answer: ParseAnswer) =>
        settle(() => {
          this.holding.delete(worker);
          this.release();
          this.toIdle(worker);
          if (answer.ok) resolve(answer.declarations);
          else if (answer.refused) {
            reject(AppError.fromTransfer(answer.refused));
          } else reject(new Error(`the parse worker failed: ${answer.unexpected ?? 'no reason given'}`));
        });
      // The worker's slot is given back when it has exited (see spawn), so memory is freed first.
      const onError = (e: Error & { code?: string }) =>
        settle(() =>
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? ImportErrors.UPLOAD_PARSE_LIMIT(
                  { limit: 'memory', mib: this.limits.parseHeapMb },
                  { field: 'file' },
                )
              : new Error(`the parse worker failed: ${e.message}`),
          ),
        );
      const onExit = (code: number) =>
        settle(() => reject(new Error(`the parse worker stopped with exit code ${code}`)));
      const timer = setTimeout(
        () =>
          settle(() => {
            void worker.terminate();
            reject(
              ImportErrors.UPLOAD_PARSE_LIMIT(
                { limit: 'time', seconds: this.limits.parseTimeoutMs / 1000 },
                { field: 'file' },
              ),
            );
          }),
        this.limits.parseTimeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job, transfer);
    });
  }

  /** A new worker, once it has loaded its libraries (the parse time limit starts after that). */
  private spawn(): Promise<Worker> {
    const heap = this.limits.parseHeapMb;
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { entry: entryFile() },
      resourceLimits: {
        maxOldGenerationSizeMb: heap,
        maxYoungGenerationSizeMb: Math.max(2, Math.min(16, Math.floor(heap / 8))),
        stackSizeMb: 4,
      },
    });
    worker.unref();
    this.all.add(worker);
    // Always listened to: an 'error' nobody listens to would be thrown on this thread.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      this.all.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      if (this.holding.delete(worker)) this.release();
    });
    return new Promise((resolve, reject) => {
      const failed = (why: string) => {
        clearTimeout(timer);
        worker.off('message', onReady);
        worker.off('exit', onExit);
        void worker.terminate();
        reject(new Error(`the parse worker did not start: ${why}`));
      };
      const onReady = (m: { ready?: boolean; why?: string }) => {
        if (m.ready === false) return failed(m.why ?? 'no reason given');
        clearTimeout(timer);
        worker.off('message', onReady);
        worker.off('exit', onExit);
        resolve(worker);
      };
      const onExit = (code: number) => failed(`exit code ${code}`);
      const timer = setTimeout(
        () => failed(`not ready after ${START_TIMEOUT_MS / 1000} s`),
        START_TIMEOUT_MS,
      );
      worker.on('message', onReady);
      worker.on('exit', onExit);
    });
  }

  private toIdle(worker: Worker): void {
    if (this.idle.length >= this.limits.maxConcurrentParses) {
      void worker.terminate();
      return;
    }
    this.idle.push(worker);
    const timer = setTimeout(() => void worker.terminate(), IDLE_MS);
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  private acquire(): Promise<void> {
    if (this.busy < this.limits.maxConcurrentParses) {
      this.busy++;
      return Promise.resolve();
    }
    if (this.waiting.length >= MAX_WAITING) {
      return Promise.reject(ImportErrors.UPLOAD_BUSY({}, { field: 'file' }));
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.busy++;
        resolve();
      }),
    );
  }

  private release(): void {
    this.busy--;
    this.waiting.shift()?.();
  }
}
