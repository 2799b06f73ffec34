import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { AuditService } from '../audit/audit.service';
import { departmentRelation } from '../auth/scope';
import { CommonErrors } from '../common/common.messages';
import type { AppError } from '../common/errors';
import { valueLabel, valueLabels, type Lang } from '../common/i18n';
import type { AuthUser, RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import { DeclarationAccess, declarationVersionStale } from '../declarations/declaration-access';
import { DelegationLookup } from '../delegations/delegation-lookup';
import { Declaration } from '../declarations/declaration.entity';
import {
  toStoredContent,
  fromStoredContent,
  setTarget,
  setFunds,
  type StoredContent,
} from '../declarations/declaration-mapper';
import { indicatorEventsBetween } from '../declarations/indicator-audit';
import { Indicator } from '../declarations/indicator.entity';
import type {
  DeclarationActions,
  ReviewNeeds,
  WorkflowAction,
  WorkflowView,
} from '../declarations/declaration-actions';
import type { Finding } from '../declarations/declaration-content';
import { PhaseFindings } from '../declarations/phase-findings';
import { TransitionHooks } from './transition-hooks';
import { DeclarationTransition } from './declaration-transition.entity';
import { approvedContentSha256 } from '../declarations/approved-content';
import { DeclarationVersion } from '../declarations/declaration-version.entity';
import {
  actingRole,
  availableActions,
  checksFindings,
  effectsOf,
  explain,
  ratingsFor,
  takesScoredReview,
  type ActionNeeds,
} from '../lifecycle/declaration.decisions';
import { REVIEW_DIMENSIONS, scoreReview, type ScoredReview, type ScoredReviewInput } from './scored-review';
import {
  EVENT_TYPES,
  reviewStage,
  type DeclarationSnapshot,
  type WorkflowEventType,
} from '../lifecycle/declaration.machine';
import { restore, toPersisted } from '../lifecycle/declaration.persistence';
import { RULES, type Refusal, type WorkflowFacts } from '../lifecycle/declaration.rules';
import { WorkflowErrors, actorScope, eventLabel, stateLabel } from '../lifecycle/lifecycle.messages';

export interface FireCommand {
  event: WorkflowEventType;
  version: number;
  comment?: string | null;
  rating?: string | null;
  /** The 数据局's scored review (APPROVE and RETURN in 数据局审核 of the targets). */
  review?: ScoredReviewInput | null;
}

/**
 * The error a refusal of the machine answers (409 state, 403 role and segregation, 400
 * comment, 422 findings), naming the state and the event in the reader's words. The same
 * text is an action's `reason`.
 */
export function refusalError(
  state: string,
  event: WorkflowEventType,
  refusal: Refusal,
  errorFindings: Finding[] = [],
): AppError {
  const rule = refusal.rule ? RULES[refusal.rule] : undefined;
  switch (refusal.cause) {
    case 'state':
      return WorkflowErrors.WORKFLOW_EVENT_NOT_ALLOWED({ event, state }, { field: 'event', state });
    case 'nonActing':
      return WorkflowErrors.WORKFLOW_NON_ACTING_ROLE({ roles: refusal.roles ?? [] });
    case 'role':
      return WorkflowErrors.WORKFLOW_ROLE_REQUIRED({
        event,
        state,
        roles: [...(rule?.roles ?? [])],
        scope: actorScope(rule?.relations ?? []),
      });
    case 'ownSubmission':
      return WorkflowErrors.WORKFLOW_SUBMITTER_ONLY({ event, state });
    case 'segregation':
      return WorkflowErrors.WORKFLOW_SEGREGATION({ event, state });
    case 'comment':
      return WorkflowErrors.WORKFLOW_COMMENT_REQUIRED({ event, state }, { field: 'comment' });
    case 'findings':
      return WorkflowErrors.FINDINGS_BLOCK_SUBMIT(
        { count: errorFindings.length },
        { errorCount: errorFindings.length, findings: errorFindings },
      );
  }
}

/** An action's needs as the client reads them: `review: true` becomes what the review asks for. */
function withReviewNeeds(needs: ActionNeeds, review: () => ReviewNeeds): WorkflowAction['needs'] {
  const { review: scored, ...rest } = needs;
  return scored ? { ...rest, review: review() } : rest;
}

/**
 * The only code that changes a declaration's state. One transaction: load with the row lock
 * and version check, rebuild the snapshot, ask the machine, save the state, append the
 * transition row and the audit event, commit. Every refusal throws, so nothing half-done
 * commits.
 */
@Injectable()
export class WorkflowService implements DeclarationActions {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TransitionHooks) private readonly hooks: TransitionHooks,
    @Inject(DelegationLookup) private readonly delegations: DelegationLookup,
  ) {}

  /**
   * Fires the event; answers the new state and what the caller may do now. The actions are
   * worked out after the commit (they may read the findings), so the row lock is not held for
   * them. Called inside an open `Db.write`, the transition joins it (and commits with it).
   */
  async fire(ctx: RequestContext, declarationId: number, cmd: FireCommand) {
    const { d, snapshot } = await this.db.write((tx) => this.transition(tx, ctx, declarationId, cmd));
    return {
      id: d.id,
      state: d.state,
      stateLabel: stateLabel(d.state, ctx.lang),
      version: d.version,
      ...(await this.actionsFor(ctx, d, snapshot)),
    };
  }

  /** The transition itself: the declaration as saved and its new snapshot. */
  private async transition(
    tx: Tx,
    ctx: RequestContext,
    declarationId: number,
    cmd: FireCommand,
  ): Promise<{ d: Declaration; snapshot: DeclarationSnapshot }> {
    if (!(EVENT_TYPES as readonly string[]).includes(cmd.event))
      throw CommonErrors.FIELD_ONE_OF({ values: valueLabels(EVENT_TYPES, 'event') }, { field: 'event' });
    const comment = cmd.comment?.trim() || null;
    const d = await this.access.loadWithChainHead(tx, ctx, declarationId);
    if (d.version !== cmd.version) throw declarationVersionStale(cmd.version, d.version);
    const scored = takesScoredReview(cmd.event, d.state);
    const ratings = ratingsFor(cmd.event);
    // With a scored review the rating is its grade (checked with the scores below).
    if (!scored && cmd.rating && !(ratings as readonly string[]).includes(cmd.rating))
      throw WorkflowErrors.WORKFLOW_RATING_INVALID(
        { event: cmd.event, allowed: [...ratings] },
        { field: 'rating' },
      );
    const snapshot = restore(JSON.parse(d.snapshot), d.machineVersion);
    let findings: Finding[] = [];
    if (checksFindings(cmd.event, d.state))
      findings = await this.phaseFindings.forDeclaration(tx, d, ctx.lang);
    const errorFindings = findings.filter((f) => f.severity === 'error');
    const facts = this.facts(ctx.user, d, errorFindings.length > 0, comment);
    const result = explain(snapshot, { ...facts, type: cmd.event });
    if (!result.ok) throw refusalError(d.state, cmd.event, result, errorFindings);
    const refused = await this.hooks.refusal(tx, ctx, d, cmd.event);
    if (refused) throw refused;
    const review = await this.scoredReview(tx, d, cmd, scored);
    const rating = review ? review.grade : (cmd.rating ?? null);
    const reviewJson = review ? JSON.stringify(review) : null;
    const from = d.state;
    const to = result.next;
    const now = nowIso();
    const submittedBefore = d.submittedBy;
    const approved = await this.effects(tx, ctx, d, cmd.event, from, now, reviewJson);
    const hookWrites = await this.hooks.during(tx, ctx, d, { event: cmd.event, from, to, at: now });
    const persisted = toPersisted(result.snapshot);
    d.state = to;
    d.snapshot = JSON.stringify(persisted);
    d.machineVersion = persisted.machineVersion;
    d.stateEnteredAt = now;
    d.version += 1;
    d.updatedAt = now;
    const role = actingRole(cmd.event, from, ctx.user.roles);
    // A substitute's review action names the reviewer it stands in for (delegations); segregation
    // of duties was checked above against the substitute themselves, who acts under their own name.
    // Only a review decision (APPROVE, RETURN in a review state) is taken for someone: opening a
    // year's monitoring is the bureau's own act.
    const onBehalfOf = reviewStage(from)
      ? await this.delegations.onBehalfOf(tx, ctx.user.id, role, {
          departmentPath: d.departmentPath,
          submittedBy: d.submittedBy,
        })
      : null;
    const saveState = this.db.updateStatement(
      Declaration,
      {
        state: d.state,
        snapshot: d.snapshot,
        machineVersion: d.machineVersion,
        stateEnteredAt: now,
        version: d.version,
        updatedAt: now,
        submittedBy: d.submittedBy,
        everSubmitted: d.everSubmitted,
        approvedVersion: d.approvedVersion,
      },
      { id: d.id },
    );
    const addHistory = this.db.insertStatement(DeclarationTransition, {
      declarationId: d.id,
      event: cmd.event,
      fromState: from,
      toState: to,
      actorId: ctx.user.id,
      actorUsername: ctx.user.username,
      role,
      comment,
      rating,
      at: now,
      onBehalfOf,
      scoredReview: reviewJson,
    });
    await this.audit.record(
      ctx,
      {
        action: 'workflow.transitioned',
        entityType: 'declaration',
        entityId: d.id,
        declarationId: d.id,
        state: from,
        comment,
        // The whole transition row, so the keyed event vouches for it (audit-log/transition-evidence.ts).
        at: now,
        changes: [
          { field: 'state', before: from, after: to },
          { field: 'event', before: null, after: cmd.event },
          ...(rating ? [{ field: 'rating', before: null, after: rating }] : []),
          { field: 'role', before: null, after: role },
          // In the hashed payload like role and rating: the keyed event vouches for the row's on_behalf_of.
          ...(onBehalfOf ? [{ field: 'onBehalfOf', before: null, after: onBehalfOf }] : []),
          // An approval names the version it keeps and the SHA-256 of its canonical content
          // (declarations/approved-content.ts): the keyed chain vouches for what was approved, and
          // a published table (src/publication) is checked against it.
          ...(approved
            ? [
                { field: 'approvedVersion', before: null, after: approved.versionNo },
                { field: 'contentSha256', before: null, after: approved.sha256 },
              ]
            : []),
          // The scored review whole (scores, opinions, weights, total, grade, amendments, flagged
          // indicators), so the keyed event vouches for the row's scored_review the same way.
          ...(review ? [{ field: 'scoredReview', before: null, after: review }] : []),
        ],
      },
      { alongside: [...hookWrites, saveState, addHistory] },
    );
    // The notifications' outbox, in this transaction: no notice of a transition that did not commit.
    await this.hooks.committed(tx, {
      declarationId: d.id,
      projectName: d.projectName,
      year: d.year,
      departmentId: d.departmentId,
      departmentPath: d.departmentPath,
      event: cmd.event,
      from,
      to,
      comment,
      actor: ctx.user,
      submittedBefore,
      submittedAfter: d.submittedBy,
      at: now,
    });
    return { d, snapshot: result.snapshot };
  }

  /**
   * What the caller may do on this declaration now (the client's buttons), for its view:
   * every event the caller's roles could fire in its state, each allowed or not with the
   * reason. The phase's findings are read only when they decide (SUBMIT by its submitter).
   */
  actionsFor(ctx: RequestContext, d: Declaration, snapshot?: DeclarationSnapshot): Promise<WorkflowView> {
    return this.db.read((em) => this.actionsIn(em, ctx, d, snapshot));
  }

  /** `actionsFor` with a given manager, from the stored snapshot or the one the machine just returned. */
  async actionsIn(
    em: EntityManager,
    ctx: RequestContext,
    d: Declaration,
    snapshot?: DeclarationSnapshot,
  ): Promise<WorkflowView> {
    const snap = snapshot ?? restore(JSON.parse(d.snapshot), d.machineVersion);
    const facts = this.facts(ctx.user, d, false, null);
    let available = availableActions(snap, facts);
    let errors: Finding[] = [];
    if (available.some((a) => a.allowed && a.checksFindings)) {
      errors = (await this.phaseFindings.forDeclaration(em, d, ctx.lang)).filter(
        (f) => f.severity === 'error',
      );
      if (errors.length) available = availableActions(snap, { ...facts, hasErrors: true });
    }
    const actions: WorkflowAction[] = [];
    for (const a of available) {
      // What the machine allows, a registered hook may still refuse (open review comments).
      const refused = a.refusal
        ? refusalError(d.state, a.event, a.refusal, errors)
        : a.allowed
          ? await this.hooks.refusal(em, ctx, d, a.event)
          : null;
      actions.push({
        event: a.event,
        label: eventLabel(a.event, ctx.lang),
        allowed: a.allowed && !refused,
        reason: refused ? String(refused.body(ctx.lang).message) : null,
        reasonCode: refused ? refused.code : null,
        needs: withReviewNeeds(a.needs, () => this.reviewNeeds(ctx.lang)),
      });
    }
    return { actions, allowedEvents: actions.filter((a) => a.allowed).map((a) => a.event) };
  }

  /** What the scored review asks for: the dimensions in the reader's words, their weights, the bands. */
  private reviewNeeds(lang: Lang): ReviewNeeds {
    const weights = this.config.targetReview.weights;
    return {
      dimensions: REVIEW_DIMENSIONS.map((dimension) => ({
        dimension,
        label: valueLabel(dimension, lang, 'reviewDimension'),
        weight: weights[dimension],
      })),
      grades: { ...this.config.evaluation.grades },
    };
  }

  /**
   * The 数据局's scored review this event takes (docs/spec/domain.md §8), or null when it takes
   * none: required with APPROVE and RETURN in 数据局审核 of a declaration or an adjustment (400),
   * refused elsewhere (400); an approval needs the grade 优 or 良 (422), and with 良 the
   * amendments (422). A RETURN may carry any grade: a reviewer may return targets that score
   * well for a reason the comment gives. A rating sent beside it must be its grade (422).
   */
  private async scoredReview(
    tx: Tx,
    d: Declaration,
    cmd: FireCommand,
    scored: boolean,
  ): Promise<ScoredReview | null> {
    const at = { event: cmd.event, state: d.state };
    if (!scored) {
      if (cmd.review) throw WorkflowErrors.WORKFLOW_REVIEW_NOT_TAKEN(at, { field: 'review' });
      return null;
    }
    if (!cmd.review) throw WorkflowErrors.WORKFLOW_REVIEW_REQUIRED(at, { field: 'review' });
    const review = scoreReview(
      cmd.review,
      this.config.targetReview.weights,
      this.config.evaluation.grades,
      await this.hooks.flagged(tx, d),
    );
    const { total, grade } = review;
    if (cmd.rating && cmd.rating !== grade)
      throw WorkflowErrors.WORKFLOW_REVIEW_RATING_MISMATCH(
        { total, grade, rating: cmd.rating },
        { field: 'rating', total, grade },
      );
    if (cmd.event === 'APPROVE' && (grade === '中' || grade === '差'))
      throw WorkflowErrors.WORKFLOW_REVIEW_GRADE_RETURN({ total, grade }, { field: 'review', total, grade });
    if (cmd.event === 'APPROVE' && grade === '良' && !review.amendments)
      throw WorkflowErrors.WORKFLOW_REVIEW_AMENDMENTS_REQUIRED(
        { total },
        { field: 'review.amendments', total, grade },
      );
    return review;
  }

  private facts(user: AuthUser, d: Declaration, hasErrors: boolean, comment: string | null): WorkflowFacts {
    return {
      actor: { id: user.id, roles: user.roles, relation: departmentRelation(user, d.departmentPath) },
      submittedBy: d.submittedBy,
      hasErrors,
      comment: comment ?? undefined,
    };
  }

  /** What the transition does besides moving the state (declaration.decisions.ts `effectsOf`), in the same transaction. */
  private async effects(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    event: WorkflowEventType,
    from: string,
    now: string,
    scoredReview: string | null,
  ): Promise<{ versionNo: number; sha256: string } | null> {
    const effects = effectsOf(event, from);
    let approved: { versionNo: number; sha256: string } | null = null;
    if (effects.recordsSubmitter) {
      d.submittedBy = ctx.user.id;
      d.everSubmitted = true;
    }
    if (effects.forgetsSubmitter) d.submittedBy = null;
    if (effects.keepsVersion) {
      const indicators = await this.access.indicators(tx, d.id);
      const versionNo = (d.approvedVersion ?? 0) + 1;
      const stored = toStoredContent(d, indicators);
      await tx.insert(DeclarationVersion, {
        declarationId: d.id,
        versionNo,
        kind: effects.keepsVersion,
        content: JSON.stringify(stored),
        approvedBy: ctx.user.id,
        approvedAt: now,
        scoredReview,
      });
      d.approvedVersion = versionNo;
      approved = { versionNo, sha256: approvedContentSha256(d.id, versionNo, now, stored) };
    }
    if (effects.restoresApproved) await this.restoreApproved(tx, ctx, d, now);
    return approved;
  }

  /** CANCEL_ADJUSTMENT: the content goes back exactly to the latest approved version. */
  private async restoreApproved(tx: Tx, ctx: RequestContext, d: Declaration, now: string): Promise<void> {
    const v = await tx.findOneOrFail(DeclarationVersion, {
      where: { declarationId: d.id, versionNo: d.approvedVersion! },
    });
    const stored = JSON.parse(v.content) as StoredContent;
    const content = fromStoredContent(stored);
    setFunds(d, content.funds);
    d.overallGoal = content.overallGoal;
    d.annualGoal = content.annualGoal;
    await tx.update(
      Declaration,
      { id: d.id },
      {
        fundsTotal: d.fundsTotal,
        fundsAnnualRequest: d.fundsAnnualRequest,
        fundsCurrentAppropriation: d.fundsCurrentAppropriation,
        fundsCarryover: d.fundsCarryover,
        fundsOther: d.fundsOther,
        overallGoal: d.overallGoal,
        annualGoal: d.annualGoal,
      },
    );
    const current = await this.access.indicators(tx, d.id);
    await tx.delete(Indicator, { declarationId: d.id });
    // With the original ids, so the indicators' audit histories go on; one statement for all.
    const restored = stored.indicators.map((s) => {
      const i = tx.create(Indicator, {
        id: s.id,
        declarationId: d.id,
        position: s.position,
        level1: s.level1,
        level2: s.level2,
        costType: s.costType,
        name: s.name,
        weight: s.weight,
        sourceLine: s.sourceLine,
        // The lineage to last year's indicator is not part of the approved content: kept from the row.
        sourceIndicatorId: current.find((c) => c.id === s.id)?.sourceIndicatorId ?? null,
        createdAt: now,
        updatedAt: now,
      });
      setTarget(i, s.target);
      return i;
    });
    if (restored.length) await this.db.writeAll(tx, [this.db.insertManyStatement(Indicator, restored)]);
    // One event per indicator the restore really changed, re-created or removed, then the
    // declaration's; on the chain the transition holds: its event comes next, after these.
    const onChain = { declarationId: d.id, state: d.state };
    await this.audit.recordMany(ctx, [
      ...indicatorEventsBetween(
        current,
        restored,
        `adjustment cancelled: restored approved version ${v.versionNo}`,
      ).map((rec) => ({ ...rec, ...onChain })),
      {
        action: 'adjustment.cancelled',
        entityType: 'declaration',
        entityId: d.id,
        changes: [
          { field: 'content', before: 'unapproved adjustment', after: `approved version ${v.versionNo}` },
        ],
        ...onChain,
      },
    ]);
  }
}
