import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import type { Finding } from './declaration-content';
import { contentOf, fromStoredContent, toStoredContent } from './declaration-mapper';
import { Declaration } from './declaration.entity';
import { computeFindings } from './findings';
import { latestTransitionsBy } from './declarations.queries';
import { diffContent } from './content-diff';
import { Indicator } from './indicator.entity';
import { formatMoney } from '../common/money';
import { roundOpeners } from '../lifecycle/declaration.decisions';
import { FORM_PHASES, phaseOf } from '../lifecycle/declaration.machine';
import { PhaseFindings } from './phase-findings';

/** The events that open a round of a phase: a RETURN before the latest of them belongs to an older round. */
const ROUND_OPENERS = roundOpeners();
/** Report checks run at once for one page (of the pool's 10 connections by default). */
const REPORTS_AT_ONCE = 4;

/** What a queue item shows of one version of a declaration (names are looked up per request). */
export interface ItemFacts {
  projectName: string | null;
  departmentId: number;
  year: number;
  state: string;
  version: number;
  enteredAt: string;
  submittedBy: number | null;
  annualRequest: string | null;
  /** The phase's findings, as SUBMIT and GET /findings see them. */
  errors: number;
  warnings: number;
  /** An adjustment: indicators added, removed or changed against the approved version; else null. */
  changedIndicators: number | null;
  /** The latest RETURN of the current round. */
  lastReturn: { comment: string | null; at: string; actorId: number } | null;
}

/**
 * The facts of a page of queue items, found for the page only, never for the whole queue, and
 * remembered per (declaration, version). Every change of a declaration's content and every
 * transition bumps its version (it is the optimistic lock); a declaration never changes
 * department; the severities are configuration, fixed for the life of the process. So what is
 * remembered for a version is never stale, and a queue read that knows its page's items costs
 * the page query, the counts and one query for the names.
 *
 * An item new to the process costs: its row, its current round's last RETURN, and its phase's
 * findings (the same PhaseFindings that SUBMIT and `GET /api/declarations/:id/findings` use):
 * the form's phases (declaration, adjustment) in two queries for the whole page (indicators, and
 * the approved versions an adjustment is measured against); a report phase through its module,
 * two queries an item, a few items at a time. The row is read first: a write committed while the
 * rest is read gives facts newer than their key, never older, and that key is no longer current.
 */
@Injectable()
export class QueueItemFacts {
  private readonly memo = new Map<string, ItemFacts>();
  /** A few hundred bytes each (with a return's comment): 20,000 cover the bench's largest queue (10,600). */
  static readonly REMEMBERED = 20_000;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The facts of each item (by id), at the version the caller read or later. */
  async of(
    em: EntityManager,
    items: Array<{ id: number; version: number }>,
  ): Promise<Map<number, ItemFacts>> {
    const out = new Map<number, ItemFacts>();
    const unknown: number[] = [];
    for (const item of items) {
      const known = this.recall(item.id, item.version);
      if (known) out.set(item.id, known);
      else unknown.push(item.id);
    }
    if (!unknown.length) return out;
    const declarations = await em.find(Declaration, { where: { id: In(unknown) } });
    const returns = await lastReturns(em, this.db, unknown);
    const forms = declarations.filter((d) => isFormPhase(d.state));
    const indicators = await indicatorsOf(
      em,
      forms.map((d) => d.id),
    );
    const approved = await this.phaseFindings.approvedStored(
      em,
      forms.filter((d) => phaseOf(d.state) === 'adjustment'),
    );
    const preAssessments = await this.phaseFindings.preAssessments(em, forms);
    const found = (d: Declaration, findings: Finding[], changedIndicators: number | null) => {
      const facts: ItemFacts = {
        projectName: d.projectName,
        departmentId: d.departmentId,
        year: d.year,
        state: d.state,
        version: d.version,
        enteredAt: d.stateEnteredAt,
        submittedBy: d.submittedBy,
        annualRequest: d.fundsAnnualRequest === null ? null : formatMoney(d.fundsAnnualRequest),
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
        changedIndicators,
        lastReturn: returns.get(d.id) ?? null,
      };
      this.remember(d.id, facts);
      out.set(d.id, facts);
    };
    for (const d of forms) {
      const own = indicators.get(d.id) ?? [];
      const baseline = approved.get(d.id) ?? null;
      const findings = computeFindings(contentOf(d, own), {
        severities: this.config.findingSeverities,
        baseline: baseline ? fromStoredContent(baseline) : null,
        // Only a declaration made from last year's has a history (one or two queries each).
        history: await this.phaseFindings.history(em, d),
        // The pre-assessment gate (declaration phase), read for the whole page above.
        preAssessment: preAssessments.get(d.id) ?? null,
      });
      const diff = baseline ? diffContent(baseline, toStoredContent(d, own)).indicators : null;
      found(d, findings, diff ? diff.added.length + diff.removed.length + diff.changed.length : null);
    }
    // PostgreSQL runs these on separate connections; SQLite answers each at once.
    const reports = declarations.filter((d) => !isFormPhase(d.state));
    const next = () => reports.shift();
    const worker = async () => {
      for (let d = next(); d; d = next()) found(d, await this.phaseFindings.forDeclaration(em, d), null);
    };
    await Promise.all(Array.from({ length: Math.min(REPORTS_AT_ONCE, reports.length) }, worker));
    return out;
  }

  private recall(id: number, version: number): ItemFacts | undefined {
    const key = `${id}:${version}`;
    const found = this.memo.get(key);
    if (found) {
      // Most recently used last, so the least recently used is dropped first.
      this.memo.delete(key);
      this.memo.set(key, found);
    }
    return found;
  }

  private remember(id: number, facts: ItemFacts): void {
    this.memo.set(`${id}:${facts.version}`, facts);
    if (this.memo.size > QueueItemFacts.REMEMBERED) this.memo.delete(this.memo.keys().next().value!);
  }
}

/** The declaration form is the phase's content (declaration and adjustment), not a report. */
function isFormPhase(state: string): boolean {
  const phase = phaseOf(state);
  return phase !== null && FORM_PHASES.includes(phase);
}

/**
 * The latest RETURN of each declaration's current round: the latest of its RETURNs and
 * round-opening events, when that is a RETURN. When a round opened after it (an adjustment
 * requested, monitoring or evaluation opened), the return is history, not the reason for the
 * current item.
 */
async function lastReturns(
  em: EntityManager,
  db: Db,
  ids: number[],
): Promise<Map<number, { comment: string | null; at: string; actorId: number }>> {
  const p = db.parameters();
  const rows = (await em.query(
    latestTransitionsBy(p, ['RETURN', ...ROUND_OPENERS], ids),
    p.values,
  )) as Array<{
    declaration_id: number | string;
    event: string;
    comment: string | null;
    at: string;
    actor_id: number | string;
  }>;
  return new Map(
    rows
      .filter((r) => r.event === 'RETURN')
      .map((r) => [Number(r.declaration_id), { comment: r.comment, at: r.at, actorId: Number(r.actor_id) }]),
  );
}

async function indicatorsOf(em: EntityManager, ids: number[]): Promise<Map<number, Indicator[]>> {
  const out = new Map<number, Indicator[]>();
  if (!ids.length) return out;
  const rows = await em.find(Indicator, {
    where: { declarationId: In(ids) },
    order: { declarationId: 'ASC', position: 'ASC', id: 'ASC' },
  });
  for (const i of rows) {
    const list = out.get(i.declarationId);
    if (list) list.push(i);
    else out.set(i.declarationId, [i]);
  }
  return out;
}
