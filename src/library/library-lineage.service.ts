import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { loadApprovedTargets, type ApprovedTargets } from '../declarations/approved-targets';
import { DeclarationAccess } from '../declarations/declaration-access';
import { Declaration } from '../declarations/declaration.entity';
import { Indicator } from '../declarations/indicator.entity';
import { EvaluationReport } from '../evaluation/evaluation-report.entity';
import { computeEvaluation, type StoredEvaluation } from '../evaluation/evaluation-view';
import { MonitoringReport } from '../monitoring/monitoring-report.entity';
import { LibraryEntry } from './library.entities';
import { earlierDeclarations } from './library.queries';

/** How many earlier years the lineage shows. */
export const LINEAGE_YEARS = 5;

export interface LineageYear {
  year: number;
  declarationId: number;
  indicatorId: number;
  name: string;
  /** The target as approved that year (its notation), null when it had none. */
  target: string | null;
  /** The year-end actual (自评), else the mid-year one (监控: 1–N月), null when neither was reported. */
  actual: string | null;
  actualSource: 'evaluation' | 'monitoring' | null;
  /** The self-evaluation's score of the indicator and its weight (分值), when evaluated. */
  score: string | null;
  weight: string | null;
}

/**
 * The lineage of a declaration's library-linked indicators (docs/spec/domain.md §9): for each, the
 * same indicator in the project's earlier years, with its approved target, its actual and its
 * score. The earlier years are the declarations along the copy chain (previousDeclarationId) and
 * those of the same department and project name; in each, the same indicator is the one this
 * one (or its successor) was copied from (sourceIndicatorId), else the one linked to the same
 * entry. A fixed number of queries per declaration, whatever its number of indicators.
 */
@Injectable()
export class LibraryLineageService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  forDeclaration(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const own = await this.access.indicators(em, d.id);
      const linkedOwn = own.filter((i) => i.libraryEntryId !== null);
      const earlier = linkedOwn.length ? await this.earlier(em, ctx, d) : [];
      const entries = linkedOwn.length
        ? await em.find(LibraryEntry, { where: { id: In(linkedOwn.map((i) => i.libraryEntryId!)) } })
        : [];
      const years = await this.yearsData(em, earlier);
      return {
        declarationId: d.id,
        year: d.year,
        years: years.map((y) => ({
          year: y.d.year,
          declarationId: y.d.id,
          projectName: y.d.projectName,
          state: y.d.state,
          stateLabel: valueLabel(y.d.state, ctx.lang, 'state'),
        })),
        indicators: linkedOwn.map((i) => {
          const entry = entries.find((e) => e.id === i.libraryEntryId) ?? null;
          const history: LineageYear[] = [];
          // Follow the indicator back year by year: its source, else the same entry.
          let source: number | null = i.sourceIndicatorId;
          for (const y of years) {
            const row =
              (source !== null ? y.rows.find((r) => r.id === source) : undefined) ??
              y.rows.find((r) => r.libraryEntryId === i.libraryEntryId);
            if (!row) {
              source = null;
              continue;
            }
            source = row.sourceIndicatorId;
            const approved = y.approved?.indicators.find((a) => a.id === row.id);
            const score = y.scores.get(row.id);
            const actual = y.actuals.get(row.id);
            history.push({
              year: y.d.year,
              declarationId: y.d.id,
              indicatorId: row.id,
              name: approved?.name ?? row.name,
              target: approved ? (approved.target?.display ?? null) : null,
              actual: actual?.value ?? null,
              actualSource: actual?.source ?? null,
              score: score?.score ?? null,
              weight: score?.weight ?? null,
            });
          }
          return {
            indicatorId: i.id,
            libraryEntryId: i.libraryEntryId!,
            entryCode: entry?.code ?? null,
            entryName: entry?.name ?? null,
            entryStatus: entry?.status ?? null,
            history,
          };
        }),
      };
    });
  }

  /** The project's earlier approved declarations in the reader's scope, newest first, one per year. */
  private async earlier(em: EntityManager, ctx: RequestContext, d: Declaration): Promise<Declaration[]> {
    const chain: number[] = [];
    let previous = d.previousDeclarationId;
    while (previous && chain.length < LINEAGE_YEARS) {
      chain.push(previous);
      const p = await em.findOne(Declaration, {
        where: { id: previous },
        select: { id: true, previousDeclarationId: true },
      });
      previous = p?.previousDeclarationId ?? null;
    }
    const p = this.db.parameters();
    const rows = (await em.query(
      earlierDeclarations(p, ctx.user, {
        ids: chain,
        departmentId: d.departmentId,
        projectName: d.projectName,
        year: d.year,
      }),
      p.values,
    )) as Array<{ id: number | string }>;
    if (!rows.length) return [];
    const found = await em.find(Declaration, { where: { id: In(rows.map((r) => Number(r.id))) } });
    // One per year: the one on the copy chain when both kinds exist.
    const byYear = new Map<number, Declaration>();
    for (const x of found.sort(
      (a, b) => b.year - a.year || Number(chain.includes(b.id)) - Number(chain.includes(a.id)),
    )) {
      if (x.year < d.year && !byYear.has(x.year)) byYear.set(x.year, x);
    }
    return [...byYear.values()].sort((a, b) => b.year - a.year).slice(0, LINEAGE_YEARS);
  }

  private async yearsData(em: EntityManager, earlier: Declaration[]) {
    if (!earlier.length) return [];
    const ids = earlier.map((e) => e.id);
    const [rows, evaluations, monitorings] = await Promise.all([
      em.find(Indicator, { where: { declarationId: In(ids) } }),
      em.find(EvaluationReport, { where: { declarationId: In(ids) } }),
      em.find(MonitoringReport, { where: { declarationId: In(ids) } }),
    ]);
    const out = [];
    for (const d of earlier) {
      const approved = await loadApprovedTargets(em, d);
      const actuals = new Map<number, { value: string; source: 'evaluation' | 'monitoring' }>();
      const scores = new Map<number, { score: string | null; weight: string | null }>();
      const evaluation = evaluations.find((e) => e.declarationId === d.id);
      const monitoring = monitorings.find((m) => m.declarationId === d.id);
      if (monitoring) readActuals(monitoring.data, 'actualToDate', 'monitoring', actuals);
      if (evaluation) {
        readActuals(evaluation.data, 'actual', 'evaluation', actuals);
        if (approved) scoreInto(approved, evaluation.data, this.config, scores);
      }
      out.push({ d, approved, rows: rows.filter((r) => r.declarationId === d.id), actuals, scores });
    }
    return out;
  }
}

function readActuals(
  data: string,
  key: string,
  source: 'evaluation' | 'monitoring',
  into: Map<number, { value: string; source: 'evaluation' | 'monitoring' }>,
): void {
  const parsed = JSON.parse(data) as { entries?: Array<Record<string, unknown>> };
  for (const e of parsed.entries ?? []) {
    const v = e[key];
    if (typeof e.indicatorId === 'number' && typeof v === 'string' && v.trim())
      into.set(e.indicatorId, { value: v.trim(), source });
  }
}

function scoreInto(
  approved: ApprovedTargets,
  data: string,
  config: AppConfig,
  into: Map<number, { score: string | null; weight: string | null }>,
): void {
  const stored = JSON.parse(data) as StoredEvaluation;
  const result = computeEvaluation(approved, stored, config);
  stored.entries.forEach((e, j) => {
    const s = result.entries[j];
    if (s) into.set(e.indicatorId, { score: s.score, weight: s.weight });
  });
}
