import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { StoredContent } from '../declarations/declaration-mapper';
import { Declaration } from '../declarations/declaration.entity';
import { Indicator } from '../declarations/indicator.entity';
import type {
  HistoryActual,
  HistoryYear,
  TargetHistory,
  TargetHistorySource,
} from '../declarations/target-history';
import { EvaluationReport } from '../evaluation/evaluation-report.entity';
import { MonitoringReport } from '../monitoring/monitoring-report.entity';
import { DeclarationVersion } from '../declarations/declaration-version.entity';
import { PhaseFindings } from '../declarations/phase-findings';

/** How many earlier years a target is compared with (TARGET_UNCHANGED counts up to this). */
export const HISTORY_YEARS = 5;

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * Reads a project's earlier years for the form's findings (TARGET_BELOW_LAST_ACTUAL,
 * TARGET_UNCHANGED): along `previous_declaration_id`, each year's latest approved indicators and
 * their own lineage, and last year's actuals (the self-evaluation's `actual`, or the mid-year
 * monitoring's `actualToDate` when no evaluation was saved; only plain numbers). It lives above
 * the reports and registers with PhaseFindings, which the form's phases and the queues use.
 */
@Injectable()
export class TargetHistoryLoader implements TargetHistorySource, OnModuleInit {
  constructor(@Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings) {}

  onModuleInit(): void {
    this.phaseFindings.registerHistory(this);
  }

  async forDeclaration(em: EntityManager, d: Declaration): Promise<TargetHistory | null> {
    const chain: Declaration[] = [];
    let previousId = d.previousDeclarationId;
    while (previousId && chain.length < HISTORY_YEARS) {
      const p = await em.findOne(Declaration, { where: { id: previousId } });
      if (!p || !p.approvedVersion) break;
      chain.push(p);
      previousId = p.previousDeclarationId;
    }
    if (!chain.length) return null;
    const versions = await em.find(DeclarationVersion, {
      where: chain.map((p) => ({ declarationId: p.id, versionNo: p.approvedVersion! })),
    });
    // Each indicator's own lineage (not part of the approved content), from the rows; one query.
    const rows = await em.find(Indicator, {
      where: { declarationId: In([d.id, ...chain.map((p) => p.id)]) },
      select: { id: true, declarationId: true, sourceIndicatorId: true },
    });
    const sourceOf = new Map(rows.map((r) => [r.id, r.sourceIndicatorId]));
    const years: HistoryYear[] = [];
    for (const p of chain) {
      const v = versions.find((x) => x.declarationId === p.id);
      if (!v) break;
      const content = JSON.parse(v.content) as StoredContent;
      years.push({
        declarationId: p.id,
        year: p.year,
        indicators: [...content.indicators]
          .sort((a, b) => a.position - b.position || a.id - b.id)
          .map((i) => ({
            id: i.id,
            sourceIndicatorId: sourceOf.get(i.id) ?? null,
            level1: i.level1,
            level2: i.level2,
            name: i.name,
            target: i.target ?? null,
          })),
        // Only last year's achievements are compared (TARGET_BELOW_LAST_ACTUAL).
        actuals: years.length === 0 ? await actualsOf(em, p.id) : {},
      });
    }
    const links: Record<number, number> = {};
    for (const r of rows)
      if (r.declarationId === d.id && r.sourceIndicatorId !== null) links[r.id] = r.sourceIndicatorId;
    return { links, years };
  }
}

/** A year's numeric actuals by indicator: the evaluation's when it was saved, else the monitoring's. */
async function actualsOf(em: EntityManager, declarationId: number): Promise<Record<number, HistoryActual>> {
  const evaluation = await em.findOne(EvaluationReport, { where: { declarationId } });
  if (evaluation) return numbers(evaluation.data, 'actual', 'evaluation');
  const monitoring = await em.findOne(MonitoringReport, { where: { declarationId } });
  return monitoring ? numbers(monitoring.data, 'actualToDate', 'monitoring') : {};
}

function numbers(data: string, key: string, source: HistoryActual['source']): Record<number, HistoryActual> {
  const parsed = JSON.parse(data) as { entries?: Array<Record<string, unknown>> };
  const out: Record<number, HistoryActual> = {};
  for (const e of parsed.entries ?? []) {
    const value = typeof e[key] === 'string' ? (e[key] as string).trim() : null;
    if (typeof e.indicatorId === 'number' && value && NUMBER.test(value))
      out[e.indicatorId] = { value, source };
  }
  return out;
}
