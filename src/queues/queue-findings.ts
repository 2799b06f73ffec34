import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import type { Finding } from '../declarations/declaration-content';
import {
  contentOf,
  fromStoredContent,
  toStoredContent,
  type StoredContent,
} from '../declarations/declaration-mapper';
import type { Declaration } from '../declarations/declaration.entity';
import { computeFindings } from '../declarations/findings';
import { Indicator } from '../declarations/indicator.entity';
import { DeclarationVersion } from '../workflow/declaration-version.entity';
import { phaseOf } from '../workflow/declaration.machine';
import { PhaseFindings } from '../workflow/phase-findings';
import { diffContent } from '../workflow/versions.service';

/** What a queue item shows of its phase's findings, and of an adjustment's changes. */
export interface ItemFindings {
  errors: number;
  warnings: number;
  /** An adjustment: indicators added, removed or changed against the approved version; else null. */
  changedIndicators: number | null;
}

/**
 * The findings counts of a page of queue items: the same findings that block SUBMIT and that
 * `GET /api/declarations/:id/findings` lists (PhaseFindings), computed for the page only, never
 * for the whole queue. The form's phases (declaration, adjustment) are checked with two
 * queries for the whole page (its indicators, and the approved versions an adjustment is
 * measured against); a report phase asks its module, one item at a time.
 *
 * Counts are remembered per (declaration, version): every change of content and every
 * transition bumps the version (it is the optimistic lock), and the severities are
 * configuration, fixed for the life of the process, so a remembered count is never stale.
 */
@Injectable()
export class QueueFindings {
  private readonly memo = new Map<string, ItemFindings>();
  /** About 100 bytes each: 20,000 cover the largest queues of the bench (10,600 items). */
  static readonly REMEMBERED = 20_000;

  constructor(
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async of(em: EntityManager, declarations: Declaration[]): Promise<Map<number, ItemFindings>> {
    const out = new Map<number, ItemFindings>();
    const missing: Declaration[] = [];
    for (const d of declarations) {
      const known = this.recall(d);
      if (known) out.set(d.id, known);
      else missing.push(d);
    }
    if (!missing.length) return out;
    const forms = missing.filter((d) => isFormPhase(d.state));
    const indicators = await indicatorsOf(
      em,
      forms.map((d) => d.id),
    );
    const approved = await approvedContent(
      em,
      forms.filter((d) => phaseOf(d.state) === 'adjustment'),
    );
    for (const d of missing) {
      let findings: Finding[];
      let changedIndicators: number | null = null;
      if (isFormPhase(d.state)) {
        const own = indicators.get(d.id) ?? [];
        const baseline = approved.get(d.id) ?? null;
        findings = computeFindings(contentOf(d, own), {
          severities: this.config.findingSeverities,
          baseline: baseline ? fromStoredContent(baseline) : null,
        });
        if (baseline) {
          const diff = diffContent(baseline, toStoredContent(d, own)).indicators;
          changedIndicators = diff.added.length + diff.removed.length + diff.changed.length;
        }
      } else {
        findings = await this.phaseFindings.forDeclaration(em, d);
      }
      const counts = {
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
        changedIndicators,
      };
      this.remember(d, counts);
      out.set(d.id, counts);
    }
    return out;
  }

  private recall(d: Declaration): ItemFindings | undefined {
    const key = `${d.id}:${d.version}`;
    const found = this.memo.get(key);
    if (found) {
      // Most recently used last, so the oldest use is dropped first.
      this.memo.delete(key);
      this.memo.set(key, found);
    }
    return found;
  }

  private remember(d: Declaration, counts: ItemFindings): void {
    this.memo.set(`${d.id}:${d.version}`, counts);
    if (this.memo.size > QueueFindings.REMEMBERED) this.memo.delete(this.memo.keys().next().value!);
  }
}

/** The declaration form is the phase's content (declaration and adjustment), not a report. */
function isFormPhase(state: string): boolean {
  const phase = phaseOf(state);
  return phase === 'declaration' || phase === 'adjustment';
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

/** The approved version each adjustment is measured against, as stored. */
async function approvedContent(em: EntityManager, ds: Declaration[]): Promise<Map<number, StoredContent>> {
  const out = new Map<number, StoredContent>();
  const wanted = ds.filter((d) => d.approvedVersion);
  if (!wanted.length) return out;
  const rows = await em.find(DeclarationVersion, {
    where: wanted.map((d) => ({ declarationId: d.id, versionNo: d.approvedVersion! })),
  });
  for (const v of rows) out.set(v.declarationId, JSON.parse(v.content) as StoredContent);
  return out;
}
