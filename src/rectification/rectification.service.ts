import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import type { FieldChange } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { departmentRelation } from '../auth/scope';
import { User } from '../auth/user.entity';
import { Department } from '../auth/department.entity';
import { CommonErrors } from '../common/common.messages';
import { valueLabel } from '../common/i18n';
import { Cursors, parseLimit, type Page } from '../common/pagination';
import type { RequestContext } from '../common/request-context';
import { beijingDate, isIsoDate, nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import { loadApprovedTargets } from '../declarations/approved-targets';
import { DeclarationAccess } from '../declarations/declaration-access';
import { Declaration } from '../declarations/declaration.entity';
import { departmentPrefix } from '../declarations/list-filters';
import { EvaluationReport } from '../evaluation/evaluation-report.entity';
import { computeEvaluation, type StoredEvaluation } from '../evaluation/evaluation-view';
import { stateLabel } from '../lifecycle/declaration.machine';
import { NotificationOutbox } from '../notifications/outbox';
import type { NotificationKind } from '../notifications/notifications.messages';
import { bureauReviewersOf, usersCovering } from '../notifications/recipients';
import { TransitionHooks, type TransitionStep } from '../workflow/transition-hooks';
import { RectificationAttachment, RectificationItem } from './rectification-item.entity';
import { WorkCalendars } from '../calendar/calendar.service';
import { ATTACHMENT_KINDS, attachmentContentType, ZIP_ARCHIVE } from '../common/attachment-kinds';
import { dueAfter, isOverdue } from './rectification-due';
import { openingDrafts, type ItemDraft } from './rectification-opening';
import { availableSteps, explainStep, STEP_RULES, type StepFacts } from './rectification.machine';
import {
  RectificationErrors,
  type RectificationEvent,
  type RectificationSource,
  type RectificationStatus,
} from './rectification.messages';
import {
  itemCounts,
  itemInScope,
  itemRows,
  unacceptedCounts,
  unacceptedOfProject,
  visibleItems,
  type ItemFilters,
} from './rectification.queries';

/** The state a declaration is in once the bureau approved its self-evaluation. */
const EVALUATED = 'closed';
/** The evidence files accepted: the attachments' kinds (by extension and first bytes) and zip archives. */
const EVIDENCE_KINDS = [...ATTACHMENT_KINDS, ZIP_ARCHIVE];
const EVIDENCE_EXTENSIONS = EVIDENCE_KINDS.flatMap((k) => k.extensions);

export interface ListQuery {
  limit?: unknown;
  cursor?: unknown;
  year?: number;
  departmentId?: number;
  status?: RectificationStatus;
  overdue?: boolean;
  declarationId?: number;
}

export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * Rectification after evaluation (整改, issue 18 item 5; docs/spec/domain.md §12).
 *
 * When they open: the moment the bureau APPROVES a self-evaluation (evaluation.bureauReview →
 * closed), in that transition's transaction: one item per indicator not met and one when the
 * grade is below 良 (rectification-opening.ts), due `rectification.dueDays` working days later
 * (rectification-due.ts), the owning department responsible. Not earlier: until the bureau
 * approves, a RETURN may change the actuals and the grade, and items opened on a draft would be
 * wrong; not later: the approval is the bureau's finding, so the items are part of it. The
 * bureau then edits them (what, who, due) and may add its own to an evaluated declaration.
 *
 * Each step (rectification.machine.ts) and its audit event (on the declaration's chain) are
 * written in one transaction, the item row locked and its version checked. Scope is the
 * declaration's, in every query.
 */
@Injectable()
export class RectificationService implements OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(TransitionHooks) private readonly hooks: TransitionHooks,
    @Inject(Cursors) private readonly cursors: Cursors,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NotificationOutbox) private readonly outbox: NotificationOutbox,
    @Inject(WorkCalendars) private readonly calendars: WorkCalendars,
  ) {}

  onModuleInit(): void {
    this.hooks.register({ during: (tx, ctx, d, step) => this.onTransition(tx, ctx, d, step) });
  }

  // ---------------------------------------------------------------------------------------
  // Reading

  list(ctx: RequestContext, q: ListQuery): Promise<Page<ReturnType<typeof itemView>> & { counts: object }> {
    const limit = parseLimit(q.limit);
    const cursor = this.cursors.decode(q.cursor);
    const today = beijingDate();
    return this.db.read(async (em) => {
      const filters: ItemFilters = {
        year: q.year,
        departmentPrefix: q.departmentId === undefined ? null : await departmentPrefix(em, q.departmentId),
        status: q.status,
        overdue: q.overdue,
        declarationId: q.declarationId,
        today,
      };
      const after =
        cursor && typeof cursor[0] === 'string' && Number.isSafeInteger(cursor[1])
          ? { dueOn: cursor[0], id: Number(cursor[1]) }
          : null;
      if (cursor && !after) throw CommonErrors.CURSOR_INVALID({}, { field: 'cursor' });
      const p = this.db.parameters();
      const rows = (await em.query(visibleItems(p, ctx.user, filters, after, limit + 1), p.values)) as Row[];
      const page = rows.slice(0, limit);
      const items = await this.views(
        em,
        ctx,
        page.map((r) => Number(r.id)),
        today,
      );
      const c = this.db.parameters();
      const countRows = (await em.query(itemCounts(c, ctx.user, filters), c.values)) as Row[];
      const counts = { open: 0, closed: 0, accepted: 0, overdue: 0 };
      for (const r of countRows) {
        counts[String(r.status) as RectificationStatus] = Number(r.n);
        counts.overdue += Number(r.overdue ?? 0);
      }
      const last = page[page.length - 1];
      return {
        items,
        nextCursor:
          rows.length > limit && last ? this.cursors.encode([String(last.due_on), Number(last.id)]) : null,
        counts,
      };
    });
  }

  get(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      await this.inScope(em, ctx, id, false);
      const [v] = await this.views(em, ctx, [id], beijingDate());
      return v;
    });
  }

  /**
   * The items of a declaration's project not accepted yet: its own, and those of the same
   * project's earlier years (the declaration it was copied from, or the same department and
   * project name): what next year's form and its reviewer must see.
   */
  forDeclaration(ctx: RequestContext, declarationId: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, declarationId);
      const p = this.db.parameters();
      const rows = (await em.query(unacceptedOfProject(p, ctx.user, d.id), p.values)) as Row[];
      const today = beijingDate();
      const items = await this.views(
        em,
        ctx,
        rows.map((r) => Number(r.id)),
        today,
      );
      return {
        declarationId: d.id,
        items,
        open: items.filter((i) => i.status === 'open').length,
        closed: items.filter((i) => i.status === 'closed').length,
        overdue: items.filter((i) => i.overdue).length,
      };
    });
  }

  /** For a page of declarations (the review queue), in one query: unaccepted and overdue items of each one's project. */
  async countsFor(
    em: EntityManager,
    ids: readonly number[],
  ): Promise<Map<number, { open: number; overdue: number }>> {
    const out = new Map<number, { open: number; overdue: number }>();
    if (!ids.length) return out;
    const p = this.db.parameters();
    const rows = (await em.query(unacceptedCounts(p, ids, beijingDate()), p.values)) as Row[];
    for (const r of rows) out.set(Number(r.id), { open: Number(r.n), overdue: Number(r.overdue ?? 0) });
    return out;
  }

  attachment(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      await this.inScope(em, ctx, id, false);
      const item = await em.findOneOrFail(RectificationItem, { where: { id } });
      const file = await em.findOne(RectificationAttachment, { where: { itemId: id } });
      if (!file || !item.attachmentName) throw RectificationErrors.RECTIFICATION_ATTACHMENT_MISSING({ id });
      return {
        filename: item.attachmentName,
        contentType: item.attachmentType ?? 'application/octet-stream',
        data: Buffer.from(file.data, 'base64'),
      };
    });
  }

  // ---------------------------------------------------------------------------------------
  // Writing

  /** The bureau adds an item to a declaration whose self-evaluation it approved. */
  async create(
    ctx: RequestContext,
    dto: {
      declarationId: number;
      problem: string;
      requiredAction: string;
      responsible?: string;
      dueOn?: string;
    },
  ) {
    const today = beijingDate();
    const dueOn =
      dto.dueOn ?? dueAfter(await this.calendars.current(), nowIso(), this.config.rectification.dueDays);
    this.checkDue(dueOn, today);
    for (const field of ['problem', 'requiredAction'] as const)
      if (dto[field].trim() === '') throw CommonErrors.FIELD_REQUIRED({}, { field });
    return this.db.write(async (tx) => {
      const d = await this.access.load(tx, ctx, dto.declarationId, { lock: true });
      const facts = this.facts(ctx, d.departmentPath);
      const refused = explainStep('open', { ...facts, type: 'EDIT' });
      if (!refused.ok) throw this.refusal('EDIT', 'open', refused.reason);
      if (d.state !== EVALUATED)
        throw RectificationErrors.RECTIFICATION_NOT_EVALUATED(
          { state: d.state, stateZh: stateLabel(d.state, 'zh') },
          { field: 'declarationId', state: d.state },
        );
      const responsible = dto.responsible?.trim() || (await this.departmentName(tx, d.departmentId));
      const [id] = await this.insert(
        tx,
        ctx,
        d,
        [
          {
            source: 'manual',
            indicatorId: null,
            problem: dto.problem.trim(),
            requiredAction: dto.requiredAction.trim(),
          },
        ],
        { responsible, dueOn, at: nowIso() },
      );
      const [v] = await this.views(tx, ctx, [id], today);
      return v;
    });
  }

  /** The bureau changes what, who or when of an open item. */
  edit(
    ctx: RequestContext,
    id: number,
    dto: { version: number; problem?: string; requiredAction?: string; responsible?: string; dueOn?: string },
  ) {
    const today = beijingDate();
    const fields = (['problem', 'requiredAction', 'responsible', 'dueOn'] as const).filter(
      (f) => dto[f] !== undefined,
    );
    if (!fields.length) throw RectificationErrors.RECTIFICATION_NOTHING_TO_EDIT();
    for (const f of fields) if (dto[f]!.trim() === '') throw CommonErrors.FIELD_REQUIRED({}, { field: f });
    if (dto.dueOn !== undefined) this.checkDue(dto.dueOn, today);
    return this.step(ctx, id, dto.version, 'EDIT', null, async (item) => {
      const changes: FieldChange[] = [];
      const patch: Partial<RectificationItem> = {};
      for (const f of fields) {
        const after = dto[f]!.trim();
        if (after !== item[f]) {
          changes.push({ field: f, before: item[f], after });
          patch[f] = after;
        }
      }
      return { patch, changes, action: 'rectification.edited', comment: null };
    });
  }

  /** The department's evidence: the item is closed, awaiting the bureau's acceptance. */
  close(ctx: RequestContext, id: number, dto: { version: number; evidence: string }) {
    const evidence = dto.evidence.trim();
    return this.step(ctx, id, dto.version, 'CLOSE', evidence, async (item, now) => ({
      patch: { status: 'closed', evidence, closedBy: ctx.user.id, closedAt: now },
      changes: [
        { field: 'status', before: item.status, after: 'closed' },
        { field: 'evidence', before: item.evidence, after: evidence },
        ...(item.attachmentSha256
          ? [{ field: 'attachmentSha256', before: null, after: item.attachmentSha256 }]
          : []),
      ],
      action: 'rectification.closed',
      comment: null,
    }));
  }

  accept(ctx: RequestContext, id: number, dto: { version: number; comment?: string | null }) {
    return this.step(ctx, id, dto.version, 'ACCEPT', null, async (item, now) => ({
      patch: { status: 'accepted', decidedBy: ctx.user.id, decidedAt: now },
      changes: [{ field: 'status', before: item.status, after: 'accepted' }],
      action: 'rectification.accepted',
      comment: dto.comment?.trim() || null,
    }));
  }

  reopen(ctx: RequestContext, id: number, dto: { version: number; reason: string }) {
    const reason = dto.reason.trim();
    return this.step(ctx, id, dto.version, 'REOPEN', reason, async (item, now) => ({
      patch: {
        status: 'open',
        reopenReason: reason,
        reopenCount: item.reopenCount + 1,
        decidedBy: ctx.user.id,
        decidedAt: now,
      },
      changes: [
        { field: 'status', before: item.status, after: 'open' },
        { field: 'reopenReason', before: item.reopenReason, after: reason },
      ],
      action: 'rectification.reopened',
      comment: reason,
    }));
  }

  /**
   * The evidence file, while the item is open (whoever may close it may attach it); a new one
   * replaces the old. Its name, type, size and SHA-256 are audited; CLOSE records the hash again.
   */
  upload(ctx: RequestContext, id: number, file: UploadedFile) {
    const max = this.config.rectification.maxAttachmentBytes;
    if (file.data.length === 0)
      throw RectificationErrors.RECTIFICATION_ATTACHMENT_EMPTY({}, { field: 'file' });
    if (file.data.length > max)
      throw RectificationErrors.RECTIFICATION_ATTACHMENT_TOO_LARGE(
        { maxMb: (max / 1_048_576).toFixed(0) },
        { field: 'file' },
      );
    const contentType = attachmentContentType(file.filename, file.data, EVIDENCE_KINDS);
    if (!contentType)
      throw RectificationErrors.RECTIFICATION_ATTACHMENT_TYPE(
        { allowed: EVIDENCE_EXTENSIONS.join('、') },
        { field: 'file' },
      );
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    return this.db.write(async (tx) => {
      const item = await this.loadForStep(tx, ctx, id);
      const answer = explainStep(item.status, {
        ...this.facts(ctx, item.departmentPath),
        type: 'CLOSE',
        text: 'x',
      });
      if (!answer.ok) throw this.refusal('CLOSE', item.status, answer.reason);
      const now = nowIso();
      const patch = {
        attachmentName: file.filename,
        attachmentType: contentType,
        attachmentSize: file.data.length,
        attachmentSha256: sha256,
        version: item.version + 1,
        updatedAt: now,
      };
      await tx.update(RectificationItem, { id }, patch);
      await tx.delete(RectificationAttachment, { itemId: id });
      await tx.insert(RectificationAttachment, { itemId: id, data: file.data.toString('base64') });
      await this.audit.record(ctx, {
        action: 'rectification.attached',
        entityType: 'rectification_item',
        entityId: id,
        declarationId: item.declarationId,
        changes: [
          { field: 'attachmentName', before: item.attachmentName, after: file.filename },
          { field: 'attachmentSize', before: item.attachmentSize, after: file.data.length },
          { field: 'attachmentSha256', before: item.attachmentSha256, after: sha256 },
        ],
      });
      const [v] = await this.views(tx, ctx, [id], beijingDate());
      return v;
    });
  }

  // ---------------------------------------------------------------------------------------
  // The workflow's hook: an approved self-evaluation opens its items

  private async onTransition(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    step: TransitionStep,
  ): Promise<void> {
    if (step.event !== 'APPROVE' || step.from !== 'evaluation.bureauReview') return;
    const approved = await loadApprovedTargets(tx, d);
    const report = await tx.findOne(EvaluationReport, { where: { declarationId: d.id } });
    if (!approved || !report) return;
    const data = JSON.parse(report.data) as StoredEvaluation;
    const result = computeEvaluation(approved, data, this.config);
    const drafts = openingDrafts(approved, result, data.entries ?? []);
    if (!drafts.length) return;
    await this.insert(tx, ctx, d, drafts, {
      responsible: await this.departmentName(tx, d.departmentId),
      dueOn: dueAfter(await this.calendars.current(), step.at, this.config.rectification.dueDays),
      at: step.at,
    });
  }

  // ---------------------------------------------------------------------------------------

  private async insert(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    drafts: ItemDraft[],
    common: { responsible: string; dueOn: string; at: string },
  ): Promise<number[]> {
    const ids: number[] = [];
    for (const draft of drafts) {
      const saved = await tx.save(
        RectificationItem,
        tx.create(RectificationItem, {
          declarationId: d.id,
          source: draft.source,
          indicatorId: draft.indicatorId,
          problem: draft.problem,
          requiredAction: draft.requiredAction,
          responsible: common.responsible,
          dueOn: common.dueOn,
          status: 'open',
          evidence: null,
          attachmentName: null,
          attachmentType: null,
          attachmentSize: null,
          attachmentSha256: null,
          reopenReason: null,
          reopenCount: 0,
          openedBy: ctx.user.id,
          openedAt: common.at,
          closedBy: null,
          closedAt: null,
          decidedBy: null,
          decidedAt: null,
          version: 1,
          updatedAt: common.at,
        }),
      );
      ids.push(saved.id);
    }
    const items = await tx.find(RectificationItem, { where: { id: In(ids) }, order: { id: 'ASC' } });
    await this.audit.recordMany(
      ctx,
      items.map((item) => ({
        action: 'rectification.opened' as const,
        entityType: 'rectification_item',
        entityId: item.id,
        declarationId: d.id,
        indicatorId: item.indicatorId,
        changes: [
          { field: 'source', before: null, after: item.source },
          { field: 'problem', before: null, after: item.problem },
          { field: 'requiredAction', before: null, after: item.requiredAction },
          { field: 'responsible', before: null, after: item.responsible },
          { field: 'dueOn', before: null, after: item.dueOn },
        ],
      })),
    );
    await this.notify(
      tx,
      ctx,
      'rectification.opened',
      d.id,
      items.length === 1 ? `/rectification/${ids[0]}` : '/rectification',
      {
        count: items.length,
        dueAt: items[0]?.dueOn,
      },
    );
    return ids;
  }

  /**
   * A message in the step's transaction (src/notifications, the outbox): to the owning
   * department's submitters when items open or one is reopened, to the bureau's reviewers when
   * one is closed; never to the actor.
   */
  private async notify(
    tx: Tx,
    ctx: RequestContext,
    kind: NotificationKind,
    declarationId: number,
    link: string,
    extra: { count?: number; dueAt?: string; comment?: string | null },
  ): Promise<void> {
    const d = await tx.findOne(Declaration, { where: { id: declarationId } });
    if (!d) return;
    const about = { departmentId: d.departmentId, departmentPath: d.departmentPath };
    const recipients = (
      kind === 'rectification.closed'
        ? await bureauReviewersOf(tx, this.db, about)
        : await usersCovering(tx, this.db, about, [{ role: 'submitter', relations: ['owner'] }])
    ).filter((r) => r.id !== ctx.user.id);
    await this.outbox.write(tx, [
      {
        kind,
        declarationId,
        params: { projectName: d.projectName, year: d.year, actorName: ctx.user.displayName, ...extra },
        link,
        recipients,
      },
    ]);
  }

  /** One step: the item locked within scope, its version, the machine's answer, the change and its audit event. */
  private step(
    ctx: RequestContext,
    id: number,
    version: number,
    event: RectificationEvent,
    text: string | null,
    change: (
      item: RectificationItem,
      now: string,
    ) => Promise<{
      patch: Partial<RectificationItem>;
      changes: FieldChange[];
      action:
        'rectification.edited' | 'rectification.closed' | 'rectification.accepted' | 'rectification.reopened';
      comment: string | null;
    }>,
  ) {
    return this.db.write(async (tx) => {
      const item = await this.loadForStep(tx, ctx, id);
      const answer = explainStep(item.status, { ...this.facts(ctx, item.departmentPath), type: event, text });
      if (!answer.ok) throw this.refusal(event, item.status, answer.reason);
      if (item.version !== version)
        throw RectificationErrors.RECTIFICATION_VERSION_STALE(
          { sent: version, current: item.version },
          { field: 'version', currentVersion: item.version },
        );
      const now = nowIso();
      const { patch, changes, action, comment } = await change(item, now);
      if (changes.length) {
        await tx.update(RectificationItem, { id }, { ...patch, version: item.version + 1, updatedAt: now });
        await this.audit.record(ctx, {
          action,
          entityType: 'rectification_item',
          entityId: id,
          declarationId: item.declarationId,
          indicatorId: item.indicatorId,
          comment,
          changes,
        });
        if (event === 'CLOSE' || event === 'REOPEN')
          await this.notify(
            tx,
            ctx,
            event === 'CLOSE' ? 'rectification.closed' : 'rectification.reopened',
            item.declarationId,
            `/rectification/${id}`,
            { comment },
          );
      }
      const [v] = await this.views(tx, ctx, [id], beijingDate());
      return v;
    });
  }

  private async loadForStep(tx: Tx, ctx: RequestContext, id: number) {
    const departmentPath = await this.inScope(tx, ctx, id, true);
    const item = await tx.findOneOrFail(RectificationItem, { where: { id } });
    return Object.assign(item, { departmentPath });
  }

  /** The item's department path, when the user may read it; else 404. */
  private async inScope(em: EntityManager, ctx: RequestContext, id: number, lock: boolean): Promise<string> {
    const p = this.db.parameters();
    const lockClause = lock && this.db.forUpdateSql ? ' FOR UPDATE OF r' : '';
    const [row] = (await em.query(itemInScope(p, ctx.user, id, lockClause), p.values)) as Row[];
    if (!row) throw RectificationErrors.RECTIFICATION_NOT_FOUND({ id }, { field: 'id' });
    return String(row.department_path);
  }

  private facts(ctx: RequestContext, departmentPath: string): StepFacts {
    return {
      actor: {
        id: ctx.user.id,
        roles: ctx.user.roles,
        relation: departmentRelation(ctx.user, departmentPath),
      },
    };
  }

  private refusal(event: RectificationEvent, status: RectificationStatus, reason: 'state' | 'role' | 'text') {
    const eventZh = valueLabel(event, 'zh', 'rectificationEvent');
    if (reason === 'state')
      return RectificationErrors.RECTIFICATION_STEP_STATE(
        { event, eventZh, status, statusZh: valueLabel(status, 'zh', 'rectificationStatus') },
        { status },
      );
    if (reason === 'text')
      return STEP_RULES[event].text === 'reason'
        ? RectificationErrors.RECTIFICATION_REASON_REQUIRED({}, { field: 'reason' })
        : RectificationErrors.RECTIFICATION_EVIDENCE_REQUIRED({}, { field: 'evidence' });
    const bureau = STEP_RULES[event].roles.includes('bureau_reviewer');
    return RectificationErrors.RECTIFICATION_STEP_ROLE({
      event,
      eventZh,
      who: bureau ? '数据局审核人' : '项目所属单位的填报人',
      whoEn: bureau ? 'a bureau reviewer' : "a submitter of the project's department",
    });
  }

  private checkDue(dueOn: string, today: string): void {
    if (!isIsoDate(dueOn)) throw CommonErrors.FIELD_DATE_INVALID({ value: dueOn }, { field: 'dueOn' });
    if (dueOn < today)
      throw RectificationErrors.RECTIFICATION_DUE_IN_PAST({ dueOn, today }, { field: 'dueOn' });
  }

  private async departmentName(em: EntityManager, id: number): Promise<string> {
    const dep = await em.findOne(Department, { where: { id }, select: { id: true, name: true } });
    return dep?.name ?? '';
  }

  private async views(em: EntityManager, ctx: RequestContext, ids: number[], today: string) {
    if (!ids.length) return [];
    const p = this.db.parameters();
    const rows = (await em.query(itemRows(p, ids), p.values)) as Row[];
    const people = new Set<number>();
    for (const r of rows)
      for (const k of ['opened_by', 'closed_by', 'decided_by']) if (r[k] !== null) people.add(Number(r[k]));
    const names = new Map<number, string>();
    if (people.size)
      for (const u of await em.find(User, {
        where: [...people].map((id) => ({ id })),
        select: { id: true, displayName: true },
      }))
        names.set(u.id, u.displayName);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [itemView(r, names, ctx, today)] : [];
    });
  }
}

function itemView(r: Row, names: Map<number, string>, ctx: RequestContext, today: string) {
  const status = String(r.status) as RectificationStatus;
  const source = String(r.source) as RectificationSource;
  const who = (k: string) => {
    const id = num(r[k]);
    return id === null ? null : { id, name: names.get(id) ?? null };
  };
  const departmentPath = String(r.department_path);
  const facts: StepFacts = {
    actor: { id: ctx.user.id, roles: ctx.user.roles, relation: departmentRelation(ctx.user, departmentPath) },
  };
  return {
    id: Number(r.id),
    declarationId: Number(r.declaration_id),
    projectName: str(r.project_name),
    year: Number(r.year),
    departmentId: Number(r.department_id),
    departmentName: str(r.department_name),
    source,
    sourceLabel: valueLabel(source, ctx.lang, 'rectificationSource'),
    indicatorId: num(r.indicator_id),
    problem: String(r.problem),
    requiredAction: String(r.required_action),
    responsible: String(r.responsible),
    dueOn: String(r.due_on),
    overdue: isOverdue(status, String(r.due_on), today),
    status,
    statusLabel: valueLabel(status, ctx.lang, 'rectificationStatus'),
    evidence: str(r.evidence),
    attachment: r.attachment_name
      ? {
          name: String(r.attachment_name),
          contentType: str(r.attachment_type),
          size: Number(r.attachment_size),
          sha256: String(r.attachment_sha256),
        }
      : null,
    reopenReason: str(r.reopen_reason),
    reopenCount: Number(r.reopen_count ?? 0),
    openedBy: who('opened_by'),
    openedAt: String(r.opened_at),
    closedBy: who('closed_by'),
    closedAt: str(r.closed_at),
    decidedBy: who('decided_by'),
    decidedAt: str(r.decided_at),
    version: Number(r.version),
    allowedSteps: availableSteps(status, facts),
  };
}
