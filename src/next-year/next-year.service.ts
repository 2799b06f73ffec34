import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { diffFields } from '../audit/audit-actions';
import { departmentRelation } from '../auth/scope';
import { render, DEFAULT_LANG, valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { DeclarationAccess, stateParams } from '../declarations/declaration-access';
import type { DeclarationContent } from '../declarations/declaration-content';
import {
  FUND_FIELDS,
  fromStoredContent,
  fundsOf,
  fundsView,
  GOAL_FIELDS,
  HEADER_FIELDS,
  type StoredContent,
} from '../declarations/declaration-mapper';
import type { Declaration } from '../declarations/declaration.entity';
import { DeclarationErrors } from '../declarations/declarations.messages';
import { DeclarationsService } from '../declarations/declarations.service';
import { DeclarationVersion } from '../declarations/declaration-version.entity';
import { mayWriteContent } from '../lifecycle/declaration.decisions';
import { NextYearErrors } from './next-year.messages';
import { lineageOf, successorOf } from './next-year.queries';

/** A declaration of the lineage as `GET …/lineage` names it. */
export interface LineageLink {
  id: number;
  year: number;
  projectName: string | null;
  state: string;
  stateLabel: string;
}

/**
 * Next year's declaration from this year's (issue 16 item 3). The source is any declaration with
 * an approved version (approved, in an adjustment, monitoring, monitored, in evaluation, closed):
 * what is copied is its LATEST APPROVED content (header, funds, goals, indicators with their
 * targets and weights), never the live rows an adjustment may be changing. The copy is a draft
 * of year + 1 owned by the same department, linked to its source (`previousDeclarationId`) and
 * each indicator to the one it came from (`sourceIndicatorId`), created with its audit events
 * on its own chain (`declaration.carried_forward` naming the source) in one transaction.
 */
@Injectable()
export class NextYearService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
  ) {}

  /** Creates the draft and returns its id. */
  create(ctx: RequestContext, id: number): Promise<number> {
    return this.db.write(async (tx) => {
      // Locked: a second request for the same source waits here and then sees the first's copy.
      const source = await this.access.load(tx, ctx, id, { lock: true });
      if (!mayWriteContent(ctx.user.roles, departmentRelation(ctx.user, source.departmentPath)))
        throw DeclarationErrors.DECLARATION_NOT_OWNER();
      const approved = source.approvedVersion
        ? await tx.findOne(DeclarationVersion, {
            where: { declarationId: source.id, versionNo: source.approvedVersion },
          })
        : null;
      if (!approved)
        throw NextYearErrors.NEXT_YEAR_SOURCE_NOT_APPROVED(
          { id: source.id, ...stateParams(source.state) },
          { field: 'id', state: source.state },
        );
      const year = source.year + 1;
      const existing = await this.successor(tx, source);
      if (existing)
        throw NextYearErrors.NEXT_YEAR_EXISTS(
          { year, existingId: existing },
          { field: 'id', existingId: existing },
        );
      const stored = JSON.parse(approved.content) as StoredContent;
      stored.indicators.sort((a, b) => a.position - b.position || a.id - b.id);
      const copied = fromStoredContent(stored);
      const content: DeclarationContent = {
        ...copied,
        year,
        ...nextYearPeriod(copied.plannedStart, copied.plannedEnd, year),
        indicators: copied.indicators.map(({ id: _id, ...i }) => ({ ...i, sourceLine: null })),
      };
      const comment = (code: string, params: object) => render(code, params, DEFAULT_LANG);
      const created = await this.declarations.insertDeclaration(
        tx,
        ctx,
        content,
        {
          declaration: (d) => ({
            action: 'declaration.carried_forward',
            comment: comment('NEXT_YEAR_CREATED_COMMENT', {
              year: source.year,
              id: source.id,
              versionNo: approved.versionNo,
            }),
            changes: diffFields(null, { ...flat(d), previousDeclarationId: source.id }, [
              ...HEADER_FIELDS,
              ...FUND_FIELDS.map((f) => `funds.${f}`),
              ...GOAL_FIELDS,
              'previousDeclarationId',
            ]),
          }),
          indicatorComment: (i) =>
            i.sourceIndicatorId
              ? comment('NEXT_YEAR_INDICATOR_COMMENT', {
                  year: source.year,
                  indicatorId: i.sourceIndicatorId,
                })
              : null,
        },
        {
          previousDeclarationId: source.id,
          sourceIndicatorIds: copied.indicators.map((i) => i.id ?? null),
        },
      );
      return created.id;
    });
  }

  /** The declaration before and after this one in its project's lineage (each within the reader's scope). */
  lineage(
    ctx: RequestContext,
    id: number,
  ): Promise<{ previous: LineageLink | null; next: LineageLink | null }> {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const p = this.db.parameters();
      const rows = (await em.query(lineageOf(p, ctx.user, d), p.values)) as Array<{
        id: number | string;
        year: number | string;
        project_name: string | null;
        state: string;
      }>;
      const link = (r: (typeof rows)[number] | undefined): LineageLink | null =>
        r
          ? {
              id: Number(r.id),
              year: Number(r.year),
              projectName: r.project_name,
              state: r.state,
              stateLabel: valueLabel(r.state, ctx.lang, 'state'),
            }
          : null;
      return {
        previous: link(rows.find((r) => Number(r.id) === d.previousDeclarationId)),
        next: link(rows.find((r) => Number(r.id) !== d.previousDeclarationId)),
      };
    });
  }

  /**
   * The project's declaration of next year, if it has one: the copy made from this one, or a
   * declaration of the same department and project name for that year (created or imported by hand).
   */
  private async successor(em: EntityManager, source: Declaration): Promise<number | null> {
    const p = this.db.parameters();
    const [row] = (await em.query(successorOf(p, source), p.values)) as Array<{ id: number | string }>;
    return row ? Number(row.id) : null;
  }
}

function flat(d: Declaration): Record<string, unknown> {
  const funds = fundsView(fundsOf(d));
  return {
    ...Object.fromEntries(HEADER_FIELDS.map((k) => [k, d[k]])),
    ...Object.fromEntries(FUND_FIELDS.map((f) => [`funds.${f}`, funds[f]])),
    overallGoal: d.overallGoal,
    annualGoal: d.annualGoal,
  };
}

/**
 * The planned period of the copy: a period that ended within the source's year moves on by one
 * year (2026-01-01 – 2026-12-31 becomes 2027-01-01 – 2027-12-31); one that runs into next year
 * (a multi-year project) is kept as it is.
 */
export function nextYearPeriod(
  start: string | null,
  end: string | null,
  year: number,
): { plannedStart: string | null; plannedEnd: string | null } {
  if (!end || end >= `${String(year).padStart(4, '0')}-01-01`)
    return { plannedStart: start, plannedEnd: end };
  return { plannedStart: start && shiftYear(start), plannedEnd: shiftYear(end) };
}

function shiftYear(date: string): string {
  const [y, m, d] = date.split('-');
  const year = String(Number(y) + 1).padStart(4, '0');
  // 29 February has no next-year twin (except every fourth year): the 28th.
  const day = m === '02' && d === '29' ? '28' : d;
  return `${year}-${m}-${day}`;
}
