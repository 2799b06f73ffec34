import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { diffFields } from '../audit/audit-actions';
import { departmentRelation } from '../auth/scope';
import { User } from '../auth/user.entity';
import { valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import type { Declaration } from '../declarations/declaration.entity';
import { preAssessmentReason } from '../declarations/declarations.messages';
import { DeclarationsService } from '../declarations/declarations.service';
import { PhaseFindings } from '../declarations/phase-findings';
import { preAssessmentNeed, type PreAssessmentConclusion } from '../declarations/pre-assessment-need';
import { effectsOf, mayWriteContent } from '../lifecycle/declaration.decisions';
import { assertEditable, isEditable } from '../lifecycle/editability';
import { TransitionHooks, type TransitionStep } from '../workflow/transition-hooks';
import { ATTACHMENT_EXTENSIONS, attachmentContentType } from '../common/attachment-kinds';
import { PreAssessment, PreAssessmentAttachment, PreAssessmentVersion } from './pre-assessment.entities';
import type { SavePreAssessmentDto } from './pre-assessments.dto';
import { ATTACHMENT_KINDS_TEXT, PreAssessmentErrors } from './pre-assessments.messages';
import { attachmentWithData, insertAttachment } from './pre-assessments.queries';

/** The five opinions and the conclusion: the record's audited fields, in the form's order. */
const FIELDS = ['necessity', 'economy', 'goals', 'feasibility', 'financing', 'conclusion'] as const;

/** An attachment as the record (and an approved version) names it. */
interface AttachmentFacts {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: number;
}

/** The record as an approval keeps it (pre_assessment_versions.content). */
interface StoredRecord {
  necessity: string;
  economy: string;
  goals: string;
  feasibility: string;
  financing: string;
  conclusion: PreAssessmentConclusion;
  attachment: AttachmentFacts | null;
  recordedBy: number;
  recordedAt: string;
  updatedBy: number;
  updatedAt: string;
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/**
 * The pre-assessment (事前绩效评估, 中发〔2018〕34号; docs/spec/domain.md §11): recorded by a
 * submitter of the owning department while the declaration is a draft before its first approval
 * (editability.ts `preAssessment`), read by whoever reads the declaration (reviewers, auditors;
 * scope.ts through DeclarationAccess). Every write bumps the declaration's version and is audited
 * in its transaction (`touch`). The gate itself is the findings' (PRE_ASSESSMENT_MISSING,
 * PRE_ASSESSMENT_REJECTED in findings.ts), fed through PhaseFindings; each final approval keeps
 * the record with its approved version (a transition hook, in the approval's transaction).
 */
@Injectable()
export class PreAssessmentsService implements OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(TransitionHooks) private readonly hooks: TransitionHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.phaseFindings.registerPreAssessments({
      conclusionsOf: async (em, declarationIds) => {
        const rows = await em.find(PreAssessment, {
          where: { declarationId: In(declarationIds) },
          select: { id: true, declarationId: true, conclusion: true },
        });
        return new Map(rows.map((r) => [r.declarationId, r.conclusion as PreAssessmentConclusion]));
      },
    });
    this.hooks.register({ during: (tx, _ctx, d, step) => this.keepWithVersion(tx, d, step) });
  }

  get(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => this.view(em, ctx, await this.access.load(em, ctx, id)));
  }

  save(ctx: RequestContext, id: number, dto: SavePreAssessmentDto) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, dto.version);
      assertEditable(d.state, 'preAssessment');
      const now = nowIso();
      const existing = await tx.findOne(PreAssessment, { where: { declarationId: d.id } });
      const after = {
        necessity: dto.necessity.trim(),
        economy: dto.economy.trim(),
        goals: dto.goals.trim(),
        feasibility: dto.feasibility.trim(),
        financing: dto.financing.trim(),
        conclusion: dto.conclusion,
      };
      const changes = diffFields(existing ? pick(existing) : null, after, [...FIELDS]);
      let rowId: number;
      if (existing) {
        rowId = existing.id;
        if (changes.length)
          await tx.update(
            PreAssessment,
            { id: existing.id },
            { ...after, updatedBy: ctx.user.id, updatedAt: now },
          );
      } else {
        const inserted = await tx.insert(PreAssessment, {
          declarationId: d.id,
          ...after,
          attachmentId: null,
          recordedBy: ctx.user.id,
          recordedAt: now,
          updatedBy: ctx.user.id,
          updatedAt: now,
        });
        rowId = Number(inserted.identifiers[0].id);
      }
      // Nothing changed: nothing written, no event, the version stays.
      if (changes.length)
        await this.declarations.touch(tx, ctx, d, {
          action: 'pre_assessment.saved',
          entityType: 'pre_assessment',
          entityId: rowId,
          changes,
        });
      return this.view(tx, ctx, d);
    });
  }

  upload(ctx: RequestContext, id: number, version: number, file: UploadedFile) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, version);
      assertEditable(d.state, 'preAssessment');
      const record = await tx.findOne(PreAssessment, { where: { declarationId: d.id } });
      if (!record) throw PreAssessmentErrors.PRE_ASSESSMENT_NOT_RECORDED({}, { field: 'file' });
      if (!file.data.length) throw PreAssessmentErrors.PRE_ASSESSMENT_ATTACHMENT_EMPTY({}, { field: 'file' });
      const contentType = attachmentContentType(file.filename, file.data);
      if (!contentType)
        throw PreAssessmentErrors.PRE_ASSESSMENT_ATTACHMENT_TYPE(
          { filename: file.filename, kinds: ATTACHMENT_KINDS_TEXT },
          { field: 'file' },
        );
      const before = record.attachmentId
        ? await tx.findOne(PreAssessmentAttachment, { where: { id: record.attachmentId } })
        : null;
      const now = nowIso();
      const sha256 = createHash('sha256').update(file.data).digest('hex');
      const p = this.db.parameters();
      const [row] = (await tx.query(
        insertAttachment(p, {
          declarationId: d.id,
          filename: file.filename,
          contentType,
          size: file.data.length,
          sha256,
          data: file.data,
          uploadedBy: ctx.user.id,
          uploadedAt: now,
        }),
        p.values,
      )) as Array<{ id: number | string }>;
      const attachmentId = Number(row.id);
      await tx.update(
        PreAssessment,
        { id: record.id },
        { attachmentId, updatedBy: ctx.user.id, updatedAt: now },
      );
      const facts = (a: { filename: string; size: number; sha256: string } | null) =>
        a ? { filename: a.filename, size: a.size, sha256: a.sha256 } : null;
      await this.declarations.touch(tx, ctx, d, {
        action: 'pre_assessment.attachment_uploaded',
        entityType: 'pre_assessment',
        entityId: record.id,
        changes: [
          {
            field: 'attachment',
            before: facts(before),
            after: facts({ filename: file.filename, size: file.data.length, sha256 }),
          },
        ],
      });
      return this.view(tx, ctx, d);
    });
  }

  /** One attachment of the declaration (the current one, or one an approved version names). */
  download(ctx: RequestContext, id: number, attachmentId: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const p = this.db.parameters();
      const [row] = (await em.query(attachmentWithData(p, d.id, attachmentId), p.values)) as Array<{
        filename: string;
        content_type: string;
        data: Buffer | Uint8Array;
      }>;
      if (!row)
        throw PreAssessmentErrors.PRE_ASSESSMENT_ATTACHMENT_NOT_FOUND(
          { attachmentId },
          { field: 'attachmentId' },
        );
      return { filename: row.filename, contentType: row.content_type, data: Buffer.from(row.data) };
    });
  }

  /** The upload limit of one attachment (bytes). */
  get attachmentMaxBytes(): number {
    return this.config.preAssessment.attachmentMaxBytes;
  }

  /** A final approval keeps the record with the version it approves (the same transaction). */
  private async keepWithVersion(tx: Tx, d: Declaration, step: TransitionStep): Promise<void> {
    if (!effectsOf(step.event, step.from).keepsVersion || !d.approvedVersion) return;
    const record = await tx.findOne(PreAssessment, { where: { declarationId: d.id } });
    if (!record) return;
    const stored = await this.stored(tx, record);
    await tx.insert(PreAssessmentVersion, {
      declarationId: d.id,
      versionNo: d.approvedVersion,
      content: JSON.stringify(stored),
    });
  }

  private async stored(em: EntityManager, r: PreAssessment): Promise<StoredRecord> {
    const a = r.attachmentId
      ? await em.findOne(PreAssessmentAttachment, { where: { id: r.attachmentId } })
      : null;
    return {
      ...pick(r),
      conclusion: r.conclusion as PreAssessmentConclusion,
      attachment: a
        ? {
            id: a.id,
            filename: a.filename,
            contentType: a.contentType,
            size: a.size,
            sha256: a.sha256,
            uploadedAt: a.uploadedAt,
            uploadedBy: a.uploadedBy,
          }
        : null,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt,
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt,
    };
  }

  private async view(em: EntityManager, ctx: RequestContext, d: Declaration) {
    const record = await em.findOne(PreAssessment, { where: { declarationId: d.id } });
    const current = record ? await this.stored(em, record) : null;
    const kept = d.approvedVersion
      ? await em.findOne(PreAssessmentVersion, {
          where: { declarationId: d.id, versionNo: d.approvedVersion },
        })
      : null;
    const approved = kept ? (JSON.parse(kept.content) as StoredRecord) : null;
    const facts = await this.phaseFindings.preAssessment(em, d, { anyPhase: true });
    const need = facts ? preAssessmentNeed(d.fundsAnnualRequest, facts) : null;
    const ids = [current, approved].flatMap((r) =>
      r ? [r.updatedBy, r.attachment?.uploadedBy ?? r.updatedBy] : [],
    );
    const names = new Map(
      ids.length
        ? (
            await em.find(User, {
              where: { id: In([...new Set(ids)]) },
              select: { id: true, displayName: true },
            })
          ).map((u) => [u.id, u.displayName] as const)
        : [],
    );
    const recordView = (r: StoredRecord) => ({
      necessity: r.necessity,
      economy: r.economy,
      goals: r.goals,
      feasibility: r.feasibility,
      financing: r.financing,
      conclusion: r.conclusion,
      conclusionLabel: valueLabel(r.conclusion, ctx.lang, 'preAssessmentConclusion'),
      attachment: r.attachment
        ? { ...r.attachment, uploadedByName: names.get(r.attachment.uploadedBy) ?? null }
        : null,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt,
      updatedBy: r.updatedBy,
      updatedByName: names.get(r.updatedBy) ?? null,
      updatedAt: r.updatedAt,
    });
    return {
      declarationId: d.id,
      version: d.version,
      // The gate is before the project's first approval (the declaration phase).
      required: need !== null && d.approvedVersion === null,
      need,
      reason: need ? preAssessmentReason(need, ctx.lang) : null,
      editable:
        isEditable(d.state, 'preAssessment') &&
        mayWriteContent(ctx.user.roles, departmentRelation(ctx.user, d.departmentPath)),
      record: current ? recordView(current) : null,
      approved: approved && kept ? { ...recordView(approved), versionNo: kept.versionNo } : null,
      attachmentMaxBytes: this.attachmentMaxBytes,
      attachmentExtensions: [...ATTACHMENT_EXTENSIONS],
    };
  }
}

function pick(r: Pick<PreAssessment, (typeof FIELDS)[number]>) {
  return {
    necessity: r.necessity,
    economy: r.economy,
    goals: r.goals,
    feasibility: r.feasibility,
    financing: r.financing,
    conclusion: r.conclusion,
  };
}
