import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { DEFAULT_LANG, type Lang } from '../common/i18n';
import { APP_CONFIG } from '../config/app-config';
import type { DeclarationContent, Finding } from './declaration-content';
import { contentOf, fromStoredContent, type StoredContent } from './declaration-mapper';
import { Declaration } from './declaration.entity';
import { DeclarationAccess } from './declaration-access';
import { computeFindings } from './findings';
import type { TargetHistory, TargetHistorySource } from './target-history';
import { DeclarationVersion } from './declaration-version.entity';
import type { PreAssessmentConclusion, PreAssessmentFacts } from './pre-assessment-need';
import { DECLARATION_STATES, FORM_PHASES, phaseOf, type Phase } from '../lifecycle/declaration.machine';

export type ReportFindings = (em: EntityManager, d: Declaration, lang: Lang) => Promise<Finding[]>;

/** Where a declaration's recorded pre-assessment is read (src/pre-assessments registers it). */
export interface PreAssessmentSource {
  /** The recorded conclusion of each of these declarations that has one, in one query. */
  conclusionsOf(em: EntityManager, declarationIds: number[]): Promise<Map<number, PreAssessmentConclusion>>;
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
  private preAssessmentSource: PreAssessmentSource | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
  ) {}

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
    this.preAssessmentSource = source;
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
    return (await this.preAssessments(em, [d], opts)).get(d.id) ?? null;
  }

  /**
   * The gate's facts of several declarations (a queue's page) in at most four queries, whatever
   * their number: the sources they were copied from, the sources' approved versions, the
   * recorded conclusions. Declarations outside the declaration phase are left out (unless
   * `anyPhase`).
   */
  async preAssessments(
    em: EntityManager,
    ds: Declaration[],
    opts: { anyPhase?: boolean } = {},
  ): Promise<Map<number, PreAssessmentFacts>> {
    const out = new Map<number, PreAssessmentFacts>();
    const wanted = opts.anyPhase ? ds : ds.filter((d) => phaseOf(d.state) === 'declaration');
    if (!wanted.length) return out;
    const sourceIds = [
      ...new Set(wanted.map((d) => d.previousDeclarationId).filter((id): id is number => id !== null)),
    ];
    const sources = sourceIds.length ? await em.find(Declaration, { where: { id: In(sourceIds) } }) : [];
    const sourceById = new Map(sources.map((source) => [source.id, source]));
    const approved = await this.approvedStored(em, sources);
    const conclusions = this.preAssessmentSource
      ? await this.preAssessmentSource.conclusionsOf(
          em,
          wanted.map((d) => d.id),
        )
      : new Map<number, PreAssessmentConclusion>();
    for (const d of wanted) {
      const source = d.previousDeclarationId === null ? undefined : sourceById.get(d.previousDeclarationId);
      const version = source && approved.get(source.id);
      out.set(d.id, {
        settings: this.config.preAssessment,
        recurring: d.previousDeclarationId !== null,
        previous: source
          ? {
              year: source.year,
              annualRequest: version
                ? fromStoredContent(version).funds.annualRequest
                : source.fundsAnnualRequest,
            }
          : null,
        conclusion: conclusions.get(d.id) ?? null,
      });
    }
    return out;
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
    const indicators = await this.access.indicators(em, d.id);
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
    const stored = (await this.approvedStored(em, [d])).get(d.id);
    return stored ? fromStoredContent(stored) : null;
  }

  /** The approved version of each of these declarations that has one, as stored, in one query. */
  async approvedStored(em: EntityManager, ds: Declaration[]): Promise<Map<number, StoredContent>> {
    const out = new Map<number, StoredContent>();
    const wanted = ds.filter((d) => d.approvedVersion);
    if (!wanted.length) return out;
    const rows = await em.find(DeclarationVersion, {
      where: wanted.map((d) => ({ declarationId: d.id, versionNo: d.approvedVersion! })),
    });
    for (const v of rows) out.set(v.declarationId, JSON.parse(v.content) as StoredContent);
    return out;
  }
}

function isReportPhase(phase: Phase | null): phase is ReportPhase {
  return (REPORT_PHASES as readonly (Phase | null)[]).includes(phase);
}
