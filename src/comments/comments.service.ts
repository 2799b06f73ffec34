import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import type { FieldChange } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { departmentRelation } from '../auth/scope';
import { User } from '../auth/user.entity';
import { CommonErrors } from '../common/common.messages';
import type { AppError } from '../common/errors';
import { valueLabel, type Lang } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import type { Role } from '../common/roles';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Statement, type Tx } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import { toStoredContent, type StoredContent } from '../declarations/declaration-mapper';
import type { Declaration } from '../declarations/declaration.entity';
import type { Indicator } from '../declarations/indicator.entity';
import { actingRole, explain, mayWriteContent } from '../lifecycle/declaration.decisions';
import { phaseOf, reviewStage, stateLabel, type WorkflowEventType } from '../lifecycle/declaration.machine';
import { restore } from '../lifecycle/declaration.persistence';
import { DeclarationTransition } from '../workflow/declaration-transition.entity';
import type { FlaggedIndicator } from '../workflow/scored-review';
import { TransitionHooks, type CarriedComment, type TransitionStep } from '../workflow/transition-hooks';
import { diffContent } from '../declarations/content-diff';
import { CommentEntry, CommentReturn, CommentThread } from './comment.entities';
import { anchorLabel, CommentErrors, type EntryKind } from './comments.messages';

export interface OpenThreadCommand {
  anchor: string;
  indicatorId?: number | null;
  comment: string;
}

/** What the caller may do on a thread now (the console's buttons). */
interface ThreadMay {
  reply: boolean;
  resolve: boolean;
  reopen: boolean;
}

/** Who the caller is to this declaration now: its reviewer at this stage, its submitter, or neither. */
interface Standing {
  reviewer: boolean;
  /** The role the reviewer acts in (dept_reviewer / bureau_reviewer). */
  reviewerRole: Role | null;
  submitter: boolean;
}

/**
 * Review comments anchored to the form: threads on a header field or one indicator, their
 * replies, resolution and reopening; the RETURN that carries the open ones back and keeps the
 * content as returned; what changed since. Every change and its audit event are written in one
 * transaction, on the declaration's audit chain, under the declaration's row lock.
 *
 * Who may do what (README, "Review comments"):
 * - open a thread, reopen one: the reviewer who may review (RETURN) the declaration now, as
 *   the statechart's rules say (role, department, segregation of duties);
 * - reply, resolve: that reviewer, or a submitter of the owning department (who fixed it);
 * - read: whoever reads the declaration (scope in the query); admins nothing.
 */
@Injectable()
export class CommentsService implements OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(TransitionHooks) private readonly hooks: TransitionHooks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      refusal: (em, _ctx, d, event) => this.submitRefusal(em, d, event),
      during: (tx, ctx, d, step) => this.onTransition(tx, ctx, d, step),
      carried: (em, declarationId, rows) => this.carried(em, declarationId, rows),
      flagged: (em, d) => this.flagged(em, d),
    });
  }

  // ---------------------------------------------------------------------------------------
  // Reading

  list(ctx: RequestContext, declarationId: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, declarationId);
      const threads = await em.find(CommentThread, { where: { declarationId: d.id }, order: { id: 'ASC' } });
      const views = await this.views(em, ctx, d, threads);
      const standing = this.standing(ctx, d);
      return {
        items: views,
        openCount: threads.filter((t) => t.status === 'open').length,
        mayOpen: standing.reviewer,
        mustResolveBeforeSubmit: this.config.comments.mustResolveBeforeSubmit,
      };
    });
  }

  /** The content as it was last returned against the content now: what the submitter changed. */
  changesSinceReturn(ctx: RequestContext, declarationId: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, declarationId);
      const last = await em.findOne(CommentReturn, { where: { declarationId: d.id }, order: { id: 'DESC' } });
      if (!last)
        return {
          returnedAt: null,
          returnedBy: null,
          fromState: null,
          fromStateLabel: null,
          carried: [],
          diff: null,
        };
      const indicators = await this.access.indicators(em, d.id);
      const returned = JSON.parse(last.content) as StoredContent;
      const ids = JSON.parse(last.threadIds) as number[];
      const threads = ids.length
        ? await em.find(CommentThread, { where: { id: In(ids) }, order: { id: 'ASC' } })
        : [];
      const names = await this.userNames(em, [last.returnedBy]);
      const current = new Map(indicators.map((i) => [i.id, i.name]));
      return {
        returnedAt: last.returnedAt,
        returnedBy: { id: last.returnedBy, displayName: names.get(last.returnedBy) ?? null },
        fromState: last.fromState,
        fromStateLabel: stateLabel(last.fromState, ctx.lang),
        carried: threads.map((t) => ({
          threadId: t.id,
          anchor: t.anchor,
          indicatorId: t.indicatorId,
          anchorLabel: anchorLabel(t.anchor, current.get(t.indicatorId ?? -1) ?? t.anchorName, ctx.lang),
          status: t.status,
          statusLabel: valueLabel(t.status, ctx.lang, 'commentStatus'),
        })),
        diff: diffContent(returned, toStoredContent(d, indicators)),
      };
    });
  }

  // ---------------------------------------------------------------------------------------
  // Writing

  open(ctx: RequestContext, declarationId: number, cmd: OpenThreadCommand) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadWithChainHead(tx, ctx, declarationId);
      if (!reviewStage(d.state))
        throw CommentErrors.COMMENT_NOT_IN_REVIEW({
          stateZh: stateLabel(d.state, 'zh'),
          stateEn: stateLabel(d.state, 'en'),
        });
      const standing = this.standing(ctx, d);
      if (!standing.reviewer) throw CommentErrors.COMMENT_REVIEWER_ONLY();
      let indicator: Indicator | null = null;
      if (cmd.anchor === 'indicator') {
        if (cmd.indicatorId === undefined || cmd.indicatorId === null)
          throw CommentErrors.COMMENT_ANCHOR_INDICATOR_REQUIRED({}, { field: 'indicatorId' });
        indicator = (await this.access.indicators(tx, d.id)).find((i) => i.id === cmd.indicatorId) ?? null;
        if (!indicator)
          throw CommentErrors.COMMENT_INDICATOR_UNKNOWN(
            { indicatorId: cmd.indicatorId },
            { field: 'indicatorId' },
          );
      } else if (cmd.indicatorId !== undefined && cmd.indicatorId !== null)
        throw CommentErrors.COMMENT_ANCHOR_NO_INDICATOR({}, { field: 'indicatorId' });
      const same = await tx.findOne(CommentThread, {
        where: {
          declarationId: d.id,
          anchor: cmd.anchor,
          indicatorId: indicator ? indicator.id : IsNull(),
          status: 'open',
        },
      });
      if (same)
        throw CommentErrors.COMMENT_THREAD_OPEN(
          {
            anchorZh: anchorLabel(cmd.anchor, indicator?.name ?? null, 'zh'),
            anchorEn: anchorLabel(cmd.anchor, indicator?.name ?? null, 'en'),
            threadId: same.id,
          },
          { field: 'anchor', threadId: same.id },
        );
      const now = nowIso();
      const thread = await tx.save(
        tx.create(CommentThread, {
          declarationId: d.id,
          kind: 'comment',
          anchor: cmd.anchor,
          indicatorId: indicator?.id ?? null,
          anchorName: indicator?.name ?? null,
          status: 'open',
          openedState: d.state,
          createdBy: ctx.user.id,
          createdAt: now,
          resolvedBy: null,
          resolvedAt: null,
        }),
      );
      await this.addEntry(tx, ctx, d, thread, 'comment', cmd.comment, standing, now, [
        { field: 'anchor', before: null, after: thread.anchor },
        ...(thread.indicatorId ? [{ field: 'indicatorId', before: null, after: thread.indicatorId }] : []),
        { field: 'status', before: null, after: 'open' },
      ]);
      return this.viewOne(tx, ctx, d, thread.id);
    });
  }

  reply(ctx: RequestContext, declarationId: number, threadId: number, comment: string) {
    return this.onThread(ctx, declarationId, threadId, async (tx, d, thread, standing, now) => {
      if (!standing.reviewer && !standing.submitter) throw CommentErrors.COMMENT_NOT_PARTICIPANT();
      await this.addEntry(tx, ctx, d, thread, 'reply', comment, standing, now, [
        { field: 'thread', before: null, after: thread.id },
      ]);
    });
  }

  resolve(ctx: RequestContext, declarationId: number, threadId: number, comment: string | null) {
    return this.onThread(ctx, declarationId, threadId, async (tx, d, thread, standing, now) => {
      if (!standing.reviewer && !standing.submitter) throw CommentErrors.COMMENT_NOT_PARTICIPANT();
      if (thread.status !== 'open') throw CommentErrors.COMMENT_ALREADY_RESOLVED({ threadId: thread.id });
      await tx.update(
        CommentThread,
        { id: thread.id },
        { status: 'resolved', resolvedBy: ctx.user.id, resolvedAt: now },
      );
      await this.addEntry(tx, ctx, d, thread, 'resolved', comment, standing, now, [
        { field: 'thread', before: null, after: thread.id },
        { field: 'status', before: 'open', after: 'resolved' },
      ]);
    });
  }

  reopen(ctx: RequestContext, declarationId: number, threadId: number, comment: string | null) {
    return this.onThread(ctx, declarationId, threadId, async (tx, d, thread, standing, now) => {
      if (!standing.reviewer) throw CommentErrors.COMMENT_REVIEWER_ONLY();
      if (thread.status !== 'resolved') throw CommentErrors.COMMENT_NOT_RESOLVED({ threadId: thread.id });
      await tx.update(
        CommentThread,
        { id: thread.id },
        { status: 'open', resolvedBy: null, resolvedAt: null },
      );
      await this.addEntry(tx, ctx, d, thread, 'reopened', comment, standing, now, [
        { field: 'thread', before: null, after: thread.id },
        { field: 'status', before: 'resolved', after: 'open' },
      ]);
    });
  }

  /** One change to a thread: the declaration locked with its chain head, the thread of it, the answer after. */
  private onThread(
    ctx: RequestContext,
    declarationId: number,
    threadId: number,
    work: (tx: Tx, d: Declaration, thread: CommentThread, standing: Standing, now: string) => Promise<void>,
  ) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadWithChainHead(tx, ctx, declarationId);
      const thread = await tx.findOne(CommentThread, { where: { id: threadId, declarationId: d.id } });
      if (!thread) throw CommentErrors.COMMENT_THREAD_NOT_FOUND({ threadId }, { field: 'threadId' });
      await work(tx, d, thread, this.standing(ctx, d), nowIso());
      return this.viewOne(tx, ctx, d, thread.id);
    });
  }

  private async addEntry(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    thread: CommentThread,
    kind: EntryKind,
    body: string | null,
    standing: Standing,
    now: string,
    changes: FieldChange[],
  ): Promise<void> {
    const text = body?.trim() || null;
    // A comment or a reply says something; a resolution or a reopening may say nothing.
    if (!text && (kind === 'comment' || kind === 'reply'))
      throw CommonErrors.FIELD_REQUIRED({}, { field: 'comment' });
    const role: Role = standing.reviewer && standing.reviewerRole ? standing.reviewerRole : 'submitter';
    const entry = this.db.insertStatement(CommentEntry, {
      threadId: thread.id,
      declarationId: d.id,
      kind,
      body: text,
      authorId: ctx.user.id,
      authorRole: role,
      state: d.state,
      at: now,
    });
    const action = {
      comment: 'comment.opened',
      reply: 'comment.replied',
      resolved: 'comment.resolved',
      reopened: 'comment.reopened',
    } as const;
    await this.audit.record(
      ctx,
      {
        action: action[kind],
        entityType: 'comment_thread',
        entityId: thread.id,
        declarationId: d.id,
        state: d.state,
        comment: text,
        at: now,
        changes,
      },
      { alongside: [entry] },
    );
  }

  // ---------------------------------------------------------------------------------------
  // The workflow's hooks

  /**
   * The open threads of the current round of review: opened in this phase since the declaration
   * last entered it. A thread left open when a phase was approved (the reviewer approved it
   * anyway) stays open in the record, but neither blocks nor is carried in a later phase.
   */
  private async openInRound(em: EntityManager, d: Declaration): Promise<CommentThread[]> {
    const open = await em.find(CommentThread, {
      where: { declarationId: d.id, status: 'open' },
      order: { id: 'ASC' },
    });
    if (!open.length) return open;
    const phase = phaseOf(d.state);
    const history = await em.find(DeclarationTransition, {
      where: { declarationId: d.id },
      order: { id: 'DESC' },
    });
    const entry = history.find((t) => phaseOf(t.toState) === phase && phaseOf(t.fromState) !== phase);
    return open.filter((t) => phaseOf(t.openedState) === phase && (!entry || t.createdAt >= entry.at));
  }

  /** SUBMIT while threads are open, when the setting says every comment must be resolved first. */
  private async submitRefusal(
    em: EntityManager,
    d: Declaration,
    event: WorkflowEventType,
  ): Promise<AppError | null> {
    if (event !== 'SUBMIT' || !this.config.comments.mustResolveBeforeSubmit) return null;
    const open = await this.openInRound(em, d);
    if (!open.length) return null;
    const names = new Map((await this.access.indicators(em, d.id)).map((i) => [i.id, i.name]));
    const label = (t: CommentThread, lang: Lang) =>
      anchorLabel(t.anchor, names.get(t.indicatorId ?? -1) ?? t.anchorName, lang);
    return CommentErrors.COMMENTS_OPEN_BLOCK_SUBMIT(
      {
        count: open.length,
        anchors: { zh: open.map((t) => label(t, 'zh')), en: open.map((t) => label(t, 'en')) },
      },
      {
        openComments: open.map((t) => ({
          threadId: t.id,
          anchor: t.anchor,
          indicatorId: t.indicatorId,
          anchorLabel: label(t, 'zh'),
        })),
      },
    );
  }

  /**
   * RETURN: keep the content as returned (the baseline of the changes since) and the threads
   * still open, which it carries back; audited on the declaration's chain when it carries any.
   */
  private async onTransition(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    step: TransitionStep,
  ): Promise<Statement[]> {
    if (step.event !== 'RETURN') return [];
    const indicators = await this.access.indicators(tx, d.id);
    const open = await this.openInRound(tx, d);
    const keep = this.db.insertStatement(CommentReturn, {
      declarationId: d.id,
      returnedAt: step.at,
      returnedBy: ctx.user.id,
      fromState: step.from,
      content: JSON.stringify(toStoredContent(d, indicators)),
      threadIds: JSON.stringify(open.map((t) => t.id)),
    });
    // Nothing carried: the kept content is written with the transition itself.
    if (!open.length) return [keep];
    const names = new Map(indicators.map((i) => [i.id, i.name]));
    await this.audit.record(
      ctx,
      {
        action: 'comment.carried',
        entityType: 'declaration',
        entityId: d.id,
        declarationId: d.id,
        state: step.from,
        at: step.at,
        comment: open
          .map((t) => anchorLabel(t.anchor, names.get(t.indicatorId ?? -1) ?? t.anchorName, 'zh'))
          .join('；'),
        changes: [{ field: 'threads', before: null, after: open.map((t) => t.id) }],
      },
      { alongside: [keep] },
    );
    return [];
  }

  /**
   * The indicators flagged in this round of review (issue 18 item 2: the scored review's
   * per-indicator opinions are these threads, one model): the threads opened on an indicator in
   * the state the declaration is in, since it entered it, open or already resolved.
   */
  private async flagged(em: EntityManager, d: Declaration): Promise<FlaggedIndicator[]> {
    const threads = (
      await em.find(CommentThread, {
        where: { declarationId: d.id, anchor: 'indicator', openedState: d.state },
        order: { id: 'ASC' },
      })
    ).filter((t) => t.indicatorId !== null && t.createdAt >= d.stateEnteredAt);
    if (!threads.length) return [];
    const firsts = await em.find(CommentEntry, {
      where: { threadId: In(threads.map((t) => t.id)), kind: 'comment' },
    });
    const bodies = new Map(firsts.map((e) => [e.threadId, e.body ?? '']));
    const names = new Map((await this.access.indicators(em, d.id)).map((i) => [i.id, i.name]));
    return threads.map((t) => ({
      threadId: t.id,
      indicatorId: t.indicatorId!,
      indicatorName: names.get(t.indicatorId!) ?? t.anchorName ?? '',
      opinion: bodies.get(t.id) ?? '',
      status: t.status,
    }));
  }

  /** The comments each RETURN row of the history carried (matched by the instant both were stamped with). */
  private async carried(
    em: EntityManager,
    declarationId: number,
    rows: DeclarationTransition[],
  ): Promise<Map<number, CarriedComment[]>> {
    const out = new Map<number, CarriedComment[]>();
    const returns = rows.filter((r) => r.event === 'RETURN');
    if (!returns.length) return out;
    const kept = await em.find(CommentReturn, { where: { declarationId }, order: { id: 'ASC' } });
    const ids = [...new Set(kept.flatMap((k) => JSON.parse(k.threadIds) as number[]))];
    if (!ids.length) return out;
    const threads = new Map((await em.find(CommentThread, { where: { id: In(ids) } })).map((t) => [t.id, t]));
    const firsts = await em.find(CommentEntry, { where: { threadId: In(ids), kind: 'comment' } });
    const bodies = new Map(firsts.map((e) => [e.threadId, e.body ?? '']));
    for (const row of returns) {
      const k = kept.find((x) => x.returnedAt === row.at);
      if (!k) continue;
      out.set(
        row.id,
        (JSON.parse(k.threadIds) as number[])
          .map((id) => threads.get(id))
          .filter((t): t is CommentThread => !!t)
          .map((t) => ({
            threadId: t.id,
            anchor: t.anchor,
            indicatorId: t.indicatorId,
            anchorLabel: anchorLabel(t.anchor, t.anchorName, 'zh'),
            body: bodies.get(t.id) ?? '',
          })),
      );
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Views

  /** The caller's standing on this declaration now, from the statechart's rules. */
  private standing(ctx: RequestContext, d: Declaration): Standing {
    const relation = departmentRelation(ctx.user, d.departmentPath);
    const submitter = mayWriteContent(ctx.user.roles, relation);
    if (!reviewStage(d.state)) return { reviewer: false, reviewerRole: null, submitter };
    const snapshot = restore(JSON.parse(d.snapshot), d.machineVersion);
    const may = explain(snapshot, {
      type: 'RETURN',
      actor: { id: ctx.user.id, roles: ctx.user.roles, relation },
      submittedBy: d.submittedBy,
      hasErrors: false,
      comment: '-',
    });
    return {
      reviewer: may.ok,
      reviewerRole: may.ok ? actingRole('RETURN', d.state, ctx.user.roles) : null,
      submitter,
    };
  }

  private async viewOne(em: EntityManager, ctx: RequestContext, d: Declaration, threadId: number) {
    const thread = await em.findOneOrFail(CommentThread, { where: { id: threadId } });
    const [view] = await this.views(em, ctx, d, [thread]);
    return view;
  }

  private async views(em: EntityManager, ctx: RequestContext, d: Declaration, threads: CommentThread[]) {
    if (!threads.length) return [];
    const ids = threads.map((t) => t.id);
    const entries = await em.find(CommentEntry, { where: { threadId: In(ids) }, order: { id: 'ASC' } });
    const returns = await em.find(CommentReturn, { where: { declarationId: d.id }, order: { id: 'ASC' } });
    const names = await this.userNames(em, [
      ...entries.map((e) => e.authorId),
      ...threads.map((t) => t.createdBy),
      ...threads.flatMap((t) => (t.resolvedBy ? [t.resolvedBy] : [])),
    ]);
    const indicators = new Map((await this.access.indicators(em, d.id)).map((i) => [i.id, i.name]));
    const standing = this.standing(ctx, d);
    const inRound = new Set((await this.openInRound(em, d)).map((t) => t.id));
    const person = (id: number | null) => (id === null ? null : { id, displayName: names.get(id) ?? null });
    return threads.map((t) => {
      const may: ThreadMay = {
        reply: standing.reviewer || standing.submitter,
        resolve: t.status === 'open' && (standing.reviewer || standing.submitter),
        reopen: t.status === 'resolved' && standing.reviewer,
      };
      const current = t.indicatorId === null ? null : (indicators.get(t.indicatorId) ?? null);
      return {
        id: t.id,
        kind: t.kind,
        anchor: t.anchor,
        indicatorId: t.indicatorId,
        anchorLabel: anchorLabel(t.anchor, current ?? t.anchorName, ctx.lang),
        indicatorRemoved: t.indicatorId !== null && current === null,
        status: t.status,
        statusLabel: valueLabel(t.status, ctx.lang, 'commentStatus'),
        currentRound: inRound.has(t.id),
        openedState: t.openedState,
        openedStateLabel: stateLabel(t.openedState, ctx.lang),
        createdBy: person(t.createdBy)!,
        createdAt: t.createdAt,
        resolvedBy: person(t.resolvedBy),
        resolvedAt: t.resolvedAt,
        carriedAt: returns
          .filter((r) => (JSON.parse(r.threadIds) as number[]).includes(t.id))
          .map((r) => r.returnedAt),
        entries: entries
          .filter((e) => e.threadId === t.id)
          .map((e) => ({
            id: e.id,
            kind: e.kind,
            kindLabel: valueLabel(e.kind, ctx.lang, 'commentEntryKind'),
            comment: e.body,
            author: person(e.authorId)!,
            role: e.authorRole,
            roleLabel: valueLabel(e.authorRole, ctx.lang, 'role'),
            state: e.state,
            stateLabel: stateLabel(e.state, ctx.lang),
            at: e.at,
          })),
        may,
      };
    });
  }

  private async userNames(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    return new Map((await em.find(User, { where: { id: In(unique) } })).map((u) => [u.id, u.displayName]));
  }
}
