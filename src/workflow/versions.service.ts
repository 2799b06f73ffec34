import { Inject, Injectable } from '@nestjs/common';
import { valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import {
  HEADER_FIELDS,
  toStoredContent,
  type StoredContent,
  type StoredIndicator,
} from '../declarations/declaration-mapper';
import { DeclarationVersion } from './declaration-version.entity';
import { WorkflowErrors } from './workflow.messages';

const INDICATOR_FIELDS = ['level1', 'level2', 'costType', 'name', 'target', 'weight'] as const;

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

/** Header, funds, goals, and indicators added / removed / changed (matched by id) with before → after. */
export function diffContent(a: StoredContent, b: StoredContent) {
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  const header = HEADER_FIELDS.filter((f) => !same(a[f], b[f])).map((f) => ({
    field: f,
    before: a[f],
    after: b[f],
  }));
  const funds = Object.keys({ ...a.funds, ...b.funds })
    .filter((f) => !same(a.funds[f], b.funds[f]))
    .map((f) => ({ field: `funds.${f}`, before: a.funds[f] ?? null, after: b.funds[f] ?? null }));
  const goals = (['overallGoal', 'annualGoal'] as const)
    .filter((f) => !same(a[f], b[f]))
    .map((f) => ({ field: f, before: a[f], after: b[f] }));
  const byId = (l: StoredIndicator[]) => new Map(l.map((i) => [i.id, i]));
  const ia = byId(a.indicators);
  const ib = byId(b.indicators);
  const view = (i: StoredIndicator) => ({
    id: i.id,
    level1: i.level1,
    level2: i.level2,
    name: i.name,
    target: i.target?.display ?? null,
    weight: i.weight,
  });
  return {
    header,
    funds,
    goals,
    indicators: {
      added: b.indicators.filter((i) => !ia.has(i.id)).map(view),
      removed: a.indicators.filter((i) => !ib.has(i.id)).map(view),
      changed: b.indicators
        .filter((i) => ia.has(i.id))
        .map((i) => ({
          id: i.id,
          name: i.name,
          changes: INDICATOR_FIELDS.filter((f) => !same(ia.get(i.id)![f], i[f])).map((f) => ({
            field: f,
            before: f === 'target' ? (ia.get(i.id)!.target?.display ?? null) : ia.get(i.id)![f],
            after: f === 'target' ? (i.target?.display ?? null) : i[f],
          })),
        }))
        .filter((c) => c.changes.length > 0),
    },
  };
}
