import { Inject, Injectable } from '@nestjs/common';
import { valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import { diffContent } from '../declarations/content-diff';
import { toStoredContent, type StoredContent } from '../declarations/declaration-mapper';
import { DeclarationVersion } from '../declarations/declaration-version.entity';
import { WorkflowErrors } from '../lifecycle/lifecycle.messages';
import { reviewView } from './transition-history.service';

/** Approved versions (immutable) and the differences between two of them. */
@Injectable()
export class VersionsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
  ) {}

  list(ctx: RequestContext, declarationId: number) {
    return this.db.read(async (em) => {
      await this.access.load(em, ctx, declarationId);
      const rows = await em.find(DeclarationVersion, {
        where: { declarationId },
        order: { versionNo: 'ASC' },
      });
      return rows.map((v) => ({
        versionNo: v.versionNo,
        kind: v.kind,
        kindLabel: valueLabel(v.kind, ctx.lang, 'versionKind'),
        approvedAt: v.approvedAt,
        approvedBy: v.approvedBy,
        scoredReview: reviewView(v.scoredReview, ctx.lang),
      }));
    });
  }

  get(ctx: RequestContext, declarationId: number, versionNo: number) {
    return this.db.read(async (em) => {
      await this.access.load(em, ctx, declarationId);
      const v = await em.findOne(DeclarationVersion, { where: { declarationId, versionNo } });
      if (!v) throw WorkflowErrors.VERSION_NOT_FOUND({ declarationId, versionNo });
      return {
        versionNo: v.versionNo,
        kind: v.kind,
        kindLabel: valueLabel(v.kind, ctx.lang, 'versionKind'),
        approvedAt: v.approvedAt,
        approvedBy: v.approvedBy,
        scoredReview: reviewView(v.scoredReview, ctx.lang),
        content: JSON.parse(v.content) as StoredContent,
      };
    });
  }

  async diff(ctx: RequestContext, declarationId: number, a: number, b: number) {
    const [va, vb] = [await this.get(ctx, declarationId, a), await this.get(ctx, declarationId, b)];
    return { from: a, to: b, ...diffContent(va.content, vb.content) };
  }

  /**
   * An approved version against the content as it stands now (a draft, or an adjustment under
   * review): what the reviewer is asked to approve beyond what was approved. `to` is null.
   */
  async diffCurrent(ctx: RequestContext, declarationId: number, a: number) {
    const va = await this.get(ctx, declarationId, a);
    const current = await this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, declarationId);
      return toStoredContent(d, await this.access.indicators(em, d.id));
    });
    return { from: a, to: null, ...diffContent(va.content, current) };
  }
}
