import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { AuditService } from '../audit/audit.service';
import { DEFAULT_LANG, render } from '../common/i18n';
import { assertStorableText } from '../common/safe-text';
import { formatMoney } from '../common/money';
import type { RequestContext } from '../common/request-context';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import type { DeclarationContent, Finding } from '../declarations/declaration-content';
import { DeclarationsService } from '../declarations/declarations.service';
import { computeFindings } from '../declarations/findings';
import { inspectXlsx } from '../exports/xlsx-inspect';
import { ImportErrors } from './imports.messages';
import { ParseWorkers, type ParsedUpload } from './upload-worker';

export interface ImportSource {
  data: Buffer | string;
  filename?: string;
}

interface Parsed {
  content: DeclarationContent;
  startLine: number | null;
  extra: Finding[];
}

/**
 * Imports declarations from the summary-table text (docs/spec/domain.md §7) or from our own .xlsx
 * export. All or nothing: a file the importer cannot read is refused whole, naming the line;
 * findings never block an import (they block SUBMIT).
 */
@Injectable()
export class ImportsService implements OnApplicationShutdown {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.workers = new ParseWorkers(config.uploads);
  }

  private readonly workers: ParseWorkers;

  async import(ctx: RequestContext, source: ImportSource, dryRun: boolean) {
    const parsed = await this.parse(source);
    for (const p of parsed) assertStorableText(p.content, p.content.projectName ?? '');
    const previews = parsed.map((p) => ({
      projectName: p.content.projectName,
      year: p.content.year,
      startLine: p.startLine,
      indicatorCount: p.content.indicators.length,
      annualRequest:
        p.content.funds.annualRequest === null ? null : formatMoney(p.content.funds.annualRequest),
      findings: withLines(
        p.content,
        computeFindings(p.content, {
          severities: this.config.findingSeverities,
          extra: p.extra,
          lang: ctx.lang,
        }),
      ),
    }));
    if (dryRun) return { dryRun: true, declarations: previews, created: 0 };
    const ids = await this.db.write(async (tx) => {
      const out: number[] = [];
      for (const p of parsed) {
        // Where each record came from, in the audit trail's language (Chinese).
        const from = (line: number | null) =>
          render('IMPORTED_FROM_COMMENT', { file: source.filename, line: line ?? undefined }, DEFAULT_LANG);
        const d = await this.declarations.insertDeclaration(tx, ctx, p.content, {
          declaration: (created) => ({
            action: 'declaration.imported',
            comment: from(p.startLine),
            changes: [
              { field: 'projectName', before: null, after: created.projectName },
              { field: 'indicators', before: null, after: p.content.indicators.length },
              {
                field: 'funds.annualRequest',
                before: null,
                after:
                  p.content.funds.annualRequest === null ? null : formatMoney(p.content.funds.annualRequest),
              },
            ],
          }),
          // Each indicator's history starts with where it came from.
          indicatorComment: (i) => from(i.sourceLine),
        });
        out.push(d.id);
      }
      return out;
    });
    return {
      dryRun: false,
      declarations: previews.map((p, i) => ({ ...p, id: ids[i] })),
      created: ids.length,
    };
  }

  /**
   * Every upload is parsed off the request thread (upload-worker.ts); an .xlsx is inspected
   * first (xlsx-inspect.ts), so the known bombs are refused before anything is parsed.
   */
  private async parse(source: ImportSource): Promise<Parsed[]> {
    const buf = typeof source.data === 'string' ? Buffer.from(source.data, 'utf8') : source.data;
    if (buf.length === 0) throw ImportErrors.IMPORT_FILE_EMPTY({}, { field: 'file' });
    const limits = this.config.uploads;
    let parsed: ParsedUpload[];
    // An .xlsx is a zip: our own export comes back in.
    if (buf[0] === 0x50 && buf[1] === 0x4b) {
      parsed = await this.workers.parseXlsx(await inspectXlsx(buf, limits));
    } else {
      const text = buf.toString('utf8');
      if (text.includes('\u0000') || text.includes('\uFFFD'))
        throw ImportErrors.IMPORT_NOT_TEXT({}, { field: 'file' });
      parsed = await this.workers.parseText(text);
    }
    if (parsed.length > limits.maxDeclarations) {
      throw ImportErrors.IMPORT_TOO_MANY_DECLARATIONS(
        { count: parsed.length, max: limits.maxDeclarations },
        { field: 'file' },
      );
    }
    return parsed.map((d) => ({ content: d.content, startLine: d.startLine, extra: d.findings }));
  }

  /** After the shutdown drain (GracefulShutdown), so imports in flight are answered first. */
  onApplicationShutdown(): Promise<void> {
    return this.workers.close();
  }
}

/**
 * The line of the table each finding is about, so the person who pasted the table finds it
 * there: an indicator's own line, or the line the importer named (LAYOUT_REPAIRED).
 */
function withLines(content: DeclarationContent, findings: Finding[]): Array<Finding & { line?: number }> {
  return findings.map((f) => {
    const n = /^indicators\[(\d+)\]/.exec(f.path);
    const line = n ? content.indicators[Number(n[1])]?.sourceLine : f.params?.line;
    return typeof line === 'number' ? { ...f, line } : f;
  });
}
