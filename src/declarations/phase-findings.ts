import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { DEFAULT_LANG, type Lang } from '../common/i18n';
import { APP_CONFIG } from '../config/app-config';
import type { DeclarationContent, Finding } from './declaration-content';
import { contentOf, fromStoredContent, type StoredContent } from './declaration-mapper';
import { Declaration } from './declaration.entity';
import { Indicator } from './indicator.entity';
import { computeFindings } from './findings';
import type { TargetHistory, TargetHistorySource } from './target-history';
import { DeclarationVersion } from './declaration-version.entity';
import type { PreAssessmentConclusion, PreAssessmentFacts } from './pre-assessment-need';
import { DECLARATION_STATES, FORM_PHASES, phaseOf, type Phase } from '../lifecycle/declaration.machine';

export type ReportFindings = (em: EntityManager, d: Declaration, lang: Lang) => Promise<Finding[]>;

/** Where a declaration's recorded pre-assessment is read (src/pre-assessments registers it). */
export interface PreAssessmentSource {
  conclusionOf(em: EntityManager, declarationId: number): Promise<PreAssessmentConclusion | null>;
}

/** The phases whose content is a report, checked by the module that owns it (monitoring, evaluation). */
export type ReportPhase = Exclude<Phase, 'declaration' | 'adjustment'>;
export const REPORT_PHASES: readonly ReportPhase[] = [...new Set(DECLARATION_STATES.map(phaseOf))].filter(
  (phase): phase is ReportPhase => phase !== null && !FORM_PHASES.includes(phase),
);

/**
 * The findings of the content of a declaration's current phase: the form (declaration and
 * adjustment phases, with the approved version as baseline in an adjustment), or the
 * monitoring report, or the self-evaluation. SUBMIT is blocked by any error among them.
 *
 * Fails closed: a report phase with no registered check would let SUBMIT through with no
 * findings, so the application does not start without one, and a check asked for a phase
 * nobody registered throws instead of answering "no findings".
 */
@Injectable()
export class PhaseFindings implements OnApplicationBootstrap {
  private readonly reports: Partial<Record<ReportPhase, ReportFindings>> = {};
  /** Where a form's earlier years come from (the next-year module, which reads the reports). */
  private historySource: TargetHistorySource | null = null;
  /** Where the recorded pre-assessments are (src/pre-assessments); none registered reads as none recorded. */
  private preAssessments: PreAssessmentSource | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The report modules register how their content is checked (in their `onModuleInit`). */
  register(phase: ReportPhase, check: ReportFindings): void {
    this.reports[phase] = check;
  }

  /** The next-year module registers how a project's earlier years are read (its `onModuleInit`). */
  registerHistory(source: TargetHistorySource): void {
    this.historySource = source;
  }

  /** The pre-assessment module registers how a declaration's record is read (its `onModuleInit`). */
  registerPreAssessments(source: PreAssessmentSource): void {
    this.preAssessments = source;
  }

  /**
   * The pre-assessment gate's facts (PRE_ASSESSMENT_MISSING, PRE_ASSESSMENT_REJECTED): in the
   * declaration phase only (the gate is before the project's first approval; an adjustment of an
   * approved project is not assessed again). Last year's request is the source's latest approved
   * version's (the one it was copied from), else its current one.
   */
  async preAssessment(
    em: EntityManager,
    d: Declaration,
    opts: { anyPhase?: boolean } = {},
  ): Promise<PreAssessmentFacts | null> {
    if (!opts.anyPhase && phaseOf(d.state) !== 'declaration') return null;
    let previous: PreAssessmentFacts['previous'] = null;
    if (d.previousDeclarationId) {
      const source = await em.findOne(Declaration, { where: { id: d.previousDeclarationId } });
      if (source) {
        const approved = await this.approvedContent(em, source);
        previous = {
          year: source.year,
          annualRequest: approved ? approved.funds.annualRequest : source.fundsAnnualRequest,
        };
      }
    }
    return {
      settings: this.config.preAssessment,
      recurring: d.previousDeclarationId !== null,
      previous,
      conclusion: this.preAssessments ? await this.preAssessments.conclusionOf(em, d.id) : null,
    };
  }

  /** The form's earlier years (TARGET_BELOW_LAST_ACTUAL, TARGET_UNCHANGED); null without lineage. */
  history(em: EntityManager, d: Declaration): Promise<TargetHistory | null> {
    if (!d.previousDeclarationId || !this.historySource) return Promise.resolve(null);
    return this.historySource.forDeclaration(em, d);
  }

  /** After every module's `onModuleInit`: each report phase must have its check by now. */
  onApplicationBootstrap(): void {
    const missing = REPORT_PHASES.filter((phase) => !this.reports[phase]);
    if (missing.length) throw new Error(`no findings check registered for the ${missing.join(', ')} phase`);
  }

  /** `lang`: the reader's language of the findings' messages and hints. */
  async forDeclaration(em: EntityManager, d: Declaration, lang: Lang = DEFAULT_LANG): Promise<Finding[]> {
    const phase = phaseOf(d.state);
    if (isReportPhase(phase)) {
      const check = this.reports[phase];
      if (!check) throw new Error(`no findings check registered for the ${phase} phase`);
      return check(em, d, lang);
    }
    const indicators = await em.find(Indicator, {
      where: { declarationId: d.id },
      order: { position: 'ASC', id: 'ASC' },
    });
    const baseline = phase === 'adjustment' ? await this.approvedContent(em, d) : null;
    return computeFindings(contentOf(d, indicators), {
      severities: this.config.findingSeverities,
      baseline,
      history: await this.history(em, d),
      preAssessment: await this.preAssessment(em, d),
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

function isReportPhase(phase: Phase | null): phase is ReportPhase {
  return (REPORT_PHASES as readonly (Phase | null)[]).includes(phase);
}
