import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { diffFields } from '../audit/audit-actions';
import { DEFAULT_LANG, type Lang } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import {
  displayNameOf,
  loadApprovedTargets,
  reportMeta,
  type ApprovedTargets,
} from '../declarations/approved-targets';
import { DeclarationAccess } from '../declarations/declaration-access';
import type { Finding } from '../declarations/declaration-content';
import type { Declaration } from '../declarations/declaration.entity';
import { DeclarationsService } from '../declarations/declarations.service';
import { evaluationWorkbook } from '../exports/report-forms-xlsx';
import { assertEditable } from '../workflow/editability';
import { PhaseFindings } from '../workflow/phase-findings';
import { EvaluationReport } from './evaluation-report.entity';
import {
  blankEvaluation,
  computeEvaluation,
  evaluationFormVM,
  evaluationView,
  mergeEvaluation,
  toStoredEvaluation,
  type StoredEvaluation,
} from './evaluation-view';
import { fieldsOf, reportEnvelope, type ReportEnvelope } from '../reports/report-envelope';
import { approvedTargetsFor } from '../reports/report-targets';
import { validateEvaluationInput, validateEvaluationPatch } from './evaluation-input';

/** The body's top level: the version, the evaluation's text, the payload the scoring checks. */
const ENVELOPE = { textField: 'goalAchievement', payloadKeys: ['budget', 'entries'] };

/**
 * The year-end self-evaluation (绩效自评, docs/spec/domain.md §6): read, save (only in
 * `evaluation.reporting`, by the owning department's submitters, with the version and an
 * audit record in the same transaction) as a whole (PUT) or in part (PATCH), the findings
 * that block SUBMIT, and the form.
 * Scores are recomputed from what is stored on every read; total and grade are also kept on
 * the row for lists and reports.
 */
@Injectable()
export class EvaluationService implements OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * SUBMIT in evaluation.reporting and GET .../findings see the evaluation's findings (in the
   * caller's language when the caller passes it, Chinese otherwise).
   */
  onModuleInit(): void {
    this.phaseFindings.register('evaluation', (em, d, lang?: Lang) => this.findingsOf(em, d, lang));
  }

  async findingsOf(em: EntityManager, d: Declaration, lang: Lang = DEFAULT_LANG): Promise<Finding[]> {
    const approved = await loadApprovedTargets(em, d);
    if (!approved) return [];
    const { data } = await this.stored(em, d, approved);
    return computeEvaluation(approved, data, this.config, lang).findings;
  }

  get(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const approved = await approvedTargetsFor(em, d, 'evaluation');
      const { data, row } = await this.stored(em, d, approved);
      const result = computeEvaluation(approved, data, this.config, ctx.lang);
      return evaluationView(d, approved, data, result, reportMeta(row), this.config, ctx.lang);
    });
  }

  /** Replaces the whole evaluation with the body: what is not sent is blank afterwards. */
  put(ctx: RequestContext, id: number, body: unknown) {
    const envelope = this.envelope(body);
    return this.save(ctx, id, envelope, (approved) => {
      const payload = validateEvaluationInput(envelope.rest, approved.indicators, this.config.evaluation);
      return toStoredEvaluation(payload, envelope.text ?? null);
    });
  }

  /**
   * Changes only what the body sends (mergeEvaluation): entries by indicatorId, field by
   * field; the budget block merges; null clears. What is not sent stays as it was.
   */
  patch(ctx: RequestContext, id: number, body: unknown) {
    const envelope = this.envelope(body);
    return this.save(ctx, id, envelope, (approved, stored) => {
      const patch = validateEvaluationPatch(envelope.rest, approved.indicators, this.config.evaluation);
      return mergeEvaluation(stored, patch, envelope.text);
    });
  }

  private envelope(body: unknown): ReportEnvelope {
    return reportEnvelope(body, { ...ENVELOPE, maxTextLength: this.config.evaluation.maxTextLength });
  }

  /**
   * One save, PUT or PATCH: checks the version and the state, builds the new evaluation from
   * the stored one (or the blank one), stores it with its total and grade, and writes the
   * audit event with the changed fields, all in one transaction.
   */
  private save(
    ctx: RequestContext,
    id: number,
    envelope: ReportEnvelope,
    build: (approved: ApprovedTargets, stored: StoredEvaluation) => StoredEvaluation,
  ) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, envelope.version);
      assertEditable(d.state, 'evaluation');
      const approved = await approvedTargetsFor(tx, d, 'evaluation');
      const { data: stored, row: existing } = await this.stored(tx, d, approved);
      const before = existing ? stored : null;
      const data = build(approved, stored);
      const result = computeEvaluation(approved, data, this.config, ctx.lang);
      const row: EvaluationReport = {
        declarationId: d.id,
        data: JSON.stringify(data),
        totalScore: result.totalScore,
        grade: result.grade,
        updatedBy: ctx.user.id,
        updatedAt: nowIso(),
      };
      if (existing) await tx.update(EvaluationReport, { declarationId: d.id }, row);
      else await tx.insert(EvaluationReport, row);
      const beforeFlat = before
        ? { ...flatten(before), totalScore: existing!.totalScore, grade: existing!.grade }
        : null;
      const afterFlat = { ...flatten(data), totalScore: row.totalScore, grade: row.grade };
      await this.declarations.touch(tx, ctx, d, {
        action: 'evaluation.saved',
        entityType: 'evaluation_report',
        entityId: d.id,
        changes: diffFields(beforeFlat, afterFlat, fieldsOf(beforeFlat, afterFlat)),
      });
      return evaluationView(d, approved, data, result, reportMeta(row), this.config, ctx.lang);
    });
  }

  /** 绩效自评表 as a workbook (what is stored; a blank form before the first save). */
  exportXlsx(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const approved = await approvedTargetsFor(em, d, 'evaluation');
      const { data, row } = await this.stored(em, d, approved);
      const result = computeEvaluation(approved, data, this.config);
      const vm = evaluationFormVM(d, approved, data, result, this.config, {
        preparedBy: await displayNameOf(em, row?.updatedBy ?? null),
        preparedAt: row?.updatedAt.slice(0, 10),
      });
      return { declaration: d, buffer: await evaluationWorkbook(vm) };
    });
  }

  private async stored(
    em: EntityManager,
    d: Declaration,
    approved: ApprovedTargets,
  ): Promise<{ data: StoredEvaluation; row: EvaluationReport | null }> {
    const row = await em.findOne(EvaluationReport, { where: { declarationId: d.id } });
    return row
      ? { data: JSON.parse(row.data) as StoredEvaluation, row }
      : { data: blankEvaluation(approved), row: null };
  }
}

/** The evaluation as flat fields for the audit record: `entries[<indicatorId>].actual`. */
function flatten(data: StoredEvaluation): Record<string, unknown> {
  const out: Record<string, unknown> = {
    'budget.initialBudget': data.budget.initialBudget,
    'budget.adjustedBudget': data.budget.adjustedBudget,
    'budget.executed': data.budget.executed,
    goalAchievement: data.goalAchievement,
  };
  for (const e of data.entries) {
    const at = `entries[${e.indicatorId}]`;
    out[`${at}.weight`] = e.weight;
    out[`${at}.actual`] = e.actual;
    out[`${at}.achievement`] = e.achievement;
    out[`${at}.score`] = e.score;
    out[`${at}.overrideReason`] = e.overrideReason;
    out[`${at}.deviationAnalysis`] = e.deviationAnalysis;
  }
  return out;
}
