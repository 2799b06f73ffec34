import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { Inject, Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import type { AuthUser, RequestContext } from '../common/request-context';
import { APP_CONFIG } from '../config/app-config';
import { Db, sqlLiterals } from '../database/db.service';
import { RESET_STATEMENT_TIMEOUT, setStatementTimeout } from './audit-log.queries';
import { csvCopyPg, csvHeader, csvLines, parseCsvLang, zhRowsFromCopy, type CsvLang } from './audit-csv';
import { describeFilter, parseAuditFilter, type AuditFilter } from './audit-filter';
import { AuditReadBatches } from './audit-read-batches';
import { AuditScope } from './audit-scope';
import { AuditService } from '../audit/audit.service';

/** The rows of a CSV export, and how to let go of what produces them. */
interface CsvBody {
  chunks: AsyncIterable<string | Buffer>;
  close(): Promise<void>;
}

/** Rows per chunk written, so the response's backpressure is felt early. */
const CSV_CHUNK_ROWS = 500;

/** The auditor's CSV export of the events in scope (the format is audit-csv.ts's). */
@Injectable()
export class AuditCsvExport {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditScope) private readonly scope: AuditScope,
    @Inject(AuditReadBatches) private readonly batches: AuditReadBatches,
  ) {}

  /**
   * The CSV export, streamed: the filters are checked and `audit.exported` recorded before
   * the first byte, then the events older than that record follow, newest first. On
   * PostgreSQL the database writes the CSV (`copyCsv`); on SQLite keyset batches of
   * `AuditReadBatches.csv` are formatted here, each batch its own short read (other work runs between
   * them). Both write the same text. The first data is read before answering, so a failing
   * database is a clean 5xx, not a truncated 200.
   */
  async exportCsv(ctx: RequestContext, query: Record<string, unknown>): Promise<Readable> {
    const filter = parseAuditFilter(query, false, ['lang']);
    const lang = parseCsvLang(query, ctx.lang);
    const exported = await this.audit.record(ctx, {
      action: 'audit.exported',
      entityType: 'audit_log',
      comment: describeFilter(filter, { format: 'csv', lang }),
    });
    const body = this.db.isPostgres
      ? await this.copyCsv(ctx.user, filter, exported.id, lang)
      : await this.batchedCsv(ctx.user, filter, exported.id, lang);
    async function* withHeader(): AsyncGenerator<string | Buffer> {
      yield `\uFEFF${csvHeader(lang)}`;
      yield* body.chunks;
    }
    const stream = Readable.from(withHeader(), { objectMode: false, highWaterMark: 1 << 16 });
    // However the response ends (finished, client gone before the first byte), the body's
    // connection goes back.
    stream.once('close', () => void body.close());
    return stream;
  }

  /**
   * `COPY (SELECT …) TO STDOUT` on a connection of its own: PostgreSQL formats the rows and
   * the bytes pass through, so the service's memory stays flat and one statement gives one
   * snapshot. Formatting a million rows in JavaScript ran 110,000 rows/s at a full core with
   * 190 MB of heap growth. COPY takes no bind parameters: the filter's values are written as
   * escaped literals.
   */
  private async copyCsv(user: AuthUser, f: AuditFilter, beforeId: number, lang: CsvLang): Promise<CsvBody> {
    // TypeORM's PostgreSQL runner: releasing with an error makes the pool close the connection.
    const runner = this.db.dataSource.createQueryRunner() as QueryRunner & {
      releasePostgresConnection(err?: Error): Promise<void>;
    };
    const client = (await runner.connect()) as ClientBase;
    let finished = false;
    let stream: (Readable & { callback?: () => void }) | undefined;
    // Stopped early, the connection is mid-COPY: it is closed rather than returned to the pool.
    const close = () => {
      // pg arms its query_timeout timer on the query object and clears it only through the
      // query's callback, which a COPY stream never calls: call it, or the timer outlives the export.
      stream?.callback?.();
      if (!finished) stream?.destroy();
      return runner.releasePostgresConnection(finished ? undefined : new Error('CSV export stopped'));
    };
    try {
      const where = await this.scope.eventsWhere(runner.manager, user, f, beforeId, sqlLiterals());
      // The COPY streams as long as the client reads, so it has the export's own limit instead
      // of DATABASE_TIMEOUT_MS: on the server (statement_timeout, reset before the connection
      // goes back to the pool) and in the driver (query_timeout, read from the query object).
      const timeoutMs = this.config.exportTimeoutMs;
      await client.query(setStatementTimeout(timeoutMs));
      stream = client.query(Object.assign(copyTo(csvCopyPg(lang, where)), { query_timeout: timeoutMs }));
      const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await chunks.next();
      // English: COPY's CSV as it comes. Chinese: complete rows, `changes` put in words here
      // (a chunk may end inside a row, or inside a character).
      const decoder = new StringDecoder('utf8');
      let rest = '';
      const out = (chunk: Buffer): string | Buffer => {
        if (lang === 'en') return chunk;
        const text = rest + decoder.write(chunk);
        const end = text.lastIndexOf('\n') + 1;
        rest = text.slice(end);
        return zhRowsFromCopy(text.slice(0, end));
      };
      return {
        chunks: (async function* () {
          for (let next = first; !next.done; next = await chunks.next()) {
            const piece = out(next.value);
            if (piece.length) yield piece;
          }
          // COPY ends every row with a line break: nothing is left but a broken character.
          rest += decoder.end();
          if (rest) yield zhRowsFromCopy(`${rest}\n`);
          await client.query(RESET_STATEMENT_TIMEOUT);
          finished = true;
          await close();
        })(),
        close,
      };
    } catch (e) {
      await close();
      throw e;
    }
  }

  private async batchedCsv(
    user: AuthUser,
    f: AuditFilter,
    beforeId: number,
    lang: CsvLang,
  ): Promise<CsvBody> {
    const batchSize = this.batches.csv;
    const batch = (before: number) =>
      this.db.read((em) => this.scope.selectEvents(em, user, f, before, batchSize));
    const first = await batch(beforeId);
    const chunks = (async function* () {
      let rows = first;
      while (rows.length) {
        // Chunks of a few hundred rows, so the response's backpressure is felt early.
        for (let i = 0; i < rows.length; i += CSV_CHUNK_ROWS)
          yield csvLines(rows.slice(i, i + CSV_CHUNK_ROWS), lang);
        if (rows.length < batchSize) return;
        rows = await batch(rows[rows.length - 1].id);
      }
    })();
    return { chunks, close: async () => undefined };
  }
}
