import { Inject, type OnModuleInit } from '@nestjs/common';
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
import { assertEditable } from '../lifecycle/editability';
import { PhaseFindings } from '../declarations/phase-findings';
import { fieldsOf, reportEnvelope, type ReportEnvelope } from './report-envelope';
import type { ReportKind, ReportRow } from './report-kind';
import { approvedTargetsFor } from './report-targets';

/**
 * A report of a declaration (its kind: monitoring or evaluation, see ReportKind): read, save
 * (only in `<kind>.reporting`, by the owning department's submitters, with the version and an
 * audit record in the same transaction) as a whole (PUT) or in part (PATCH), the findings that
 * block SUBMIT, and the printed form. What the kind computes is recomputed from what is stored
 * on every read; the row also keeps some of it for lists and overviews.
 */
export abstract class ReportService<
  Stored,
  Result extends { findings: Finding[] },
  Row extends ReportRow,
> implements OnModuleInit {
  protected abstract readonly kind: ReportKind<Stored, Result, Row>;

  constructor(
    @Inject(Db) protected readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) protected readonly config: AppConfig,
  ) {}

  /**
   * SUBMIT in `<kind>.reporting` and GET .../findings see the report's findings (in the
   * caller's language when the caller passes it, Chinese otherwise).
   */
  onModuleInit(): void {
    this.phaseFindings.register(this.kind.name, (em, d, lang?: Lang) => this.findingsOf(em, d, lang));
  }

  async findingsOf(em: EntityManager, d: Declaration, lang: Lang = DEFAULT_LANG): Promise<Finding[]> {
    const approved = await loadApprovedTargets(em, d);
    if (!approved) return [];
    const { data } = await this.stored(em, d, approved);
    return this.kind.compute(approved, data, this.config, lang).findings;
  }

  get(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const approved = await approvedTargetsFor(em, d, this.kind.name);
      const { data, row } = await this.stored(em, d, approved);
      const result = this.kind.compute(approved, data, this.config, ctx.lang);
      return this.kind.view(d, approved, data, result, reportMeta(row), this.config, ctx.lang);
    });
  }

  /** Replaces the whole report with the body: what is not sent is blank afterwards. */
  put(ctx: RequestContext, id: number, body: unknown) {
    const envelope = this.envelope(body);
    return this.save(ctx, id, envelope, (approved) =>
      this.kind.replace(envelope.rest, envelope.text ?? null, approved, this.config),
    );
  }

  /**
   * Changes only what the body sends: entries by indicatorId, field by field; the budget block
   * merges; null clears. What is not sent stays as it was.
   */
  patch(ctx: RequestContext, id: number, body: unknown) {
    const envelope = this.envelope(body);
    return this.save(ctx, id, envelope, (approved, stored) =>
      this.kind.merge(stored, envelope.rest, envelope.text, approved, this.config),
    );
  }

  /** The printed form as a workbook (what is stored; a blank form before the first save). */
  exportXlsx(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const approved = await approvedTargetsFor(em, d, this.kind.name);
      const { data, row } = await this.stored(em, d, approved);
      const result = this.kind.compute(approved, data, this.config);
      const buffer = await this.kind.workbook(d, approved, data, result, this.config, {
        preparedBy: await displayNameOf(em, row?.updatedBy ?? null),
        preparedAt: row?.updatedAt.slice(0, 10),
      });
      return { declaration: d, buffer };
    });
  }

  /** The body checked before anything is loaded (report-envelope.ts). */
  private envelope(body: unknown): ReportEnvelope {
    return reportEnvelope(body, {
      ...this.kind.envelope,
      maxTextLength: this.kind.maxTextLength(this.config),
    });
  }

  /**
   * One save, PUT or PATCH: checks the version and the state, builds the new report from the
   * stored one (or the blank one), stores it with what the kind keeps of the result, and
   * writes the audit event with the changed fields, all in one transaction.
   */
  private save(
    ctx: RequestContext,
    id: number,
    envelope: ReportEnvelope,
    build: (approved: ApprovedTargets, stored: Stored) => Stored,
  ) {
    const kind = this.kind;
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, envelope.version);
      assertEditable(d.state, kind.name);
      const approved = await approvedTargetsFor(tx, d, kind.name);
      const { data: stored, row: existing } = await this.stored(tx, d, approved);
      const data = build(approved, stored);
      const result = kind.compute(approved, data, this.config, ctx.lang);
      const row = {
        declarationId: d.id,
        data: JSON.stringify(data),
        ...kind.columns(approved, result),
        updatedBy: ctx.user.id,
        updatedAt: nowIso(),
      } as Row;
      // `never`: TypeORM cannot type the criteria and partial entity of a generic row.
      if (existing) await tx.update(kind.entity, { declarationId: d.id } as never, row as never);
      else await tx.insert(kind.entity, row as never);
      const beforeFlat = existing ? { ...kind.flatten(stored), ...kind.auditedColumns(existing) } : null;
      const afterFlat = { ...kind.flatten(data), ...kind.auditedColumns(row) };
      await this.declarations.touch(tx, ctx, d, {
        action: kind.audit.action,
        entityType: kind.audit.entityType,
        entityId: d.id,
        changes: diffFields(beforeFlat, afterFlat, fieldsOf(beforeFlat, afterFlat)),
      });
      return kind.view(d, approved, data, result, reportMeta(row), this.config, ctx.lang);
    });
  }

  /** The stored report and its row, or the blank report (and no row) before the first save. */
  private async stored(
    em: EntityManager,
    d: Declaration,
    approved: ApprovedTargets,
  ): Promise<{ data: Stored; row: Row | null }> {
    const row = (await em.findOne(this.kind.entity, {
      where: { declarationId: d.id } as never,
    })) as Row | null;
    return row
      ? { data: JSON.parse(row.data) as Stored, row }
      : { data: this.kind.blank(approved, this.config), row: null };
  }
}
