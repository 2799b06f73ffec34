import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { DEFAULT_LANG, type Lang } from '../common/i18n';
import { APP_CONFIG } from '../config/app-config';
import type { DeclarationContent, Finding } from '../declarations/declaration-content';
import { contentOf, fromStoredContent, type StoredContent } from '../declarations/declaration-mapper';
import type { Declaration } from '../declarations/declaration.entity';
import { Indicator } from '../declarations/indicator.entity';
import { computeFindings } from '../declarations/findings';
import { DeclarationVersion } from './declaration-version.entity';
import { phaseOf } from './declaration.machine';

export type ReportFindings = (em: EntityManager, d: Declaration, lang: Lang) => Promise<Finding[]>;

/**
 * The findings of the content of a declaration's current phase: the form (declaration and
 * adjustment phases, with the approved version as baseline in an adjustment), or the
 * monitoring report, or the self-evaluation. SUBMIT is blocked by any error among them.
 */
@Injectable()
export class PhaseFindings {
  private readonly reports: Partial<Record<'monitoring' | 'evaluation', ReportFindings>> = {};

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The report modules register how their content is checked. */
  register(phase: 'monitoring' | 'evaluation', check: ReportFindings): void {
    this.reports[phase] = check;
  }

  /** `lang`: the reader's language of the findings' messages and hints. */
  async forDeclaration(em: EntityManager, d: Declaration, lang: Lang = DEFAULT_LANG): Promise<Finding[]> {
    const phase = phaseOf(d.state);
    if (phase === 'monitoring' || phase === 'evaluation') {
      const check = this.reports[phase];
      return check ? check(em, d, lang) : [];
    }
    const indicators = await em.find(Indicator, {
      where: { declarationId: d.id },
      order: { position: 'ASC', id: 'ASC' },
    });
    const baseline = phase === 'adjustment' ? await this.approvedContent(em, d) : null;
    return computeFindings(contentOf(d, indicators), {
      severities: this.config.findingSeverities,
      baseline,
      lang,
    });
  }

  async approvedContent(em: EntityManager, d: Declaration): Promise<DeclarationContent | null> {
    if (!d.approvedVersion) return null;
    const v = await em.findOne(DeclarationVersion, {
      where: { declarationId: d.id, versionNo: d.approvedVersion },
    });
    return v ? fromStoredContent(JSON.parse(v.content) as StoredContent) : null;
  }
}
