import { parentPort } from 'node:worker_threads';
import { AppError, type TransferredError } from '../common/errors';
import { assertStorableText } from '../common/safe-text';
import { readInspectedWorkbook } from '../exports/declaration-xlsx';
import type { UploadLimits, XlsxPart } from '../exports/xlsx-inspect';
import { preloadWorkbookLibraries } from '../exports/xlsx-layout';
import { parseSummaryTable, type ParsedDeclaration } from './summary-table.parser';

/**
 * The parse worker's entry (run by src/imports/upload-worker.ts in a worker thread with a heap
 * cap and a time limit): parses one upload at a time and answers with the declarations or the
 * refusal (an AppError), as plain data. Only pure modules are loaded here (no Nest, no database).
 */

export type ParseJob =
  | {
      kind: 'xlsx';
      parts: Array<{ name: string; offset: number; length: number }>;
      data: ArrayBuffer;
      limits: UploadLimits;
    }
  | { kind: 'text'; text: string };

export type ParseAnswer =
  | { ok: true; declarations: Array<Omit<ParsedDeclaration, 'startLine'> & { startLine: number | null }> }
  | {
      ok: false;
      refused?: TransferredError;
      unexpected?: string;
    };

async function run(job: ParseJob): Promise<ParseAnswer> {
  try {
    if (job.kind === 'text') return { ok: true, declarations: parseSummaryTable(job.text).declarations };
    const parts: XlsxPart[] = job.parts.map((p) => ({
      name: p.name,
      data: Buffer.from(job.data, p.offset, p.length),
    }));
    const contents = await readInspectedWorkbook(parts, job.limits);
    // Checked here, before the answer crosses to the service: exceljs decodes `_xD800_` to a
    // lone surrogate, which the crossing would turn into U+FFFD silently instead of refusing.
    for (const content of contents) assertStorableText(content, content.projectName ?? '');
    return {
      ok: true,
      declarations: contents.map((content) => ({ content, startLine: null, findings: [] })),
    };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, refused: e.toTransfer() };
    return { ok: false, unexpected: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

parentPort?.on('message', (job: ParseJob) => {
  void run(job).then((answer) => parentPort!.postMessage(answer));
});

// Ready once the libraries are loaded: the time limit of a parse counts the parse alone.
void preloadWorkbookLibraries().then(
  () => parentPort?.postMessage({ ready: true }),
  (e: unknown) => parentPort?.postMessage({ ready: false, why: String(e) }),
);
