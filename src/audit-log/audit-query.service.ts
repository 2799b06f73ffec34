import { Inject, Injectable } from '@nestjs/common';
import { Cursors, parseLimit, type Page } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import type { EventRow } from '../audit/audit-columns';
import { describeFilter, parseAuditCursor, parseAuditFilter } from './audit-filter';
import { indicatorEvents, indicatorOwner } from './audit-log.queries';
import { AuditScope } from './audit-scope';
import { eventView, historyEntry, type AuditEventView, type IndicatorHistoryEntry } from './audit-view';
import { AuditErrors } from '../audit/audit.messages';
import { AuditService } from '../audit/audit.service';

/**
 * The auditor's read side of the audit store, by facet: the event list (here, keyset pages,
 * newest first) and one indicator's history; the CSV export (audit-csv.service.ts); the chain
 * verification (audit-verify.service.ts); what a caller may read (audit-scope.ts). Reads of
 * the audit log are themselves audited (等保 level 3: the auditors' own actions are recorded),
 * on the system chain.
 */
@Injectable()
export class AuditQueryService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditScope) private readonly scope: AuditScope,
    @Inject(Cursors) private readonly cursors: Cursors,
  ) {}

  /**
   * Newest first, keyset on `id`. The first page records `audit.viewed` and then reads the
   * events older than that record; the cursor carries the last id seen, so events written
   * while the auditor pages (always newer) never shift or repeat a page.
   */
  async list(ctx: RequestContext, query: Record<string, unknown>): Promise<Page<AuditEventView>> {
    const filter = parseAuditFilter(query, true);
    const limit = parseLimit(query.limit);
    const before = parseAuditCursor(query.cursor, this.cursors);
    // Grouped with other readers' records: concurrent reads do not queue on the system chain's lock.
    const viewed = await this.audit.recordGrouped(ctx, {
      action: 'audit.viewed',
      entityType: 'audit_log',
      comment: describeFilter(filter, { limit, ...(before ? { before } : {}) }),
    });
    const rows = await this.db.read((em) =>
      this.scope.selectEvents(em, ctx.user, filter, before ?? viewed.id, limit + 1),
    );
    const items = rows.slice(0, limit);
    return {
      items: items.map((r) => eventView(r, ctx.lang)),
      nextCursor: rows.length > limit ? this.cursors.encode(['audit', items[items.length - 1].id]) : null,
    };
  }

  /**
   * One indicator's audit events, oldest first, including after it was deleted. The scope is
   * the declaration named by its audit rows (the indicator row may be gone): out of scope, or
   * no events at all, is "not found".
   */
  async indicatorHistory(ctx: RequestContext, indicatorId: number): Promise<IndicatorHistoryEntry[]> {
    return this.db.read(async (em) => {
      const p = this.db.parameters();
      const owner = (await em.query(indicatorOwner(p, indicatorId), p.values)) as Array<{
        declarationId: number;
      }>;
      const declarationId = owner[0]?.declarationId;
      if (
        declarationId === undefined ||
        !(await this.scope.declarationVisible(em, ctx.user, Number(declarationId)))
      )
        throw AuditErrors.AUDIT_INDICATOR_NOT_FOUND({ id: indicatorId }, { field: 'id' });
      const q = this.db.parameters();
      const rows = (await em.query(indicatorEvents(q, indicatorId), q.values)) as EventRow[];
      return rows.map((r) => historyEntry(eventView(r, ctx.lang)));
    });
  }
}
