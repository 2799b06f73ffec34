import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { AuditService, type ChainHead } from '../audit/audit.service';
import { departmentRelation } from '../auth/scope';
import { badRequest, conflict, legacyError } from '../common/errors';
import type { AuthUser, RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
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
import type { Finding } from '../declarations/declaration-content';
import { PhaseFindings } from './phase-findings';
import { DeclarationTransition } from './declaration-transition.entity';
import { DeclarationVersion } from './declaration-version.entity';
import {
  allowedEvents,
  explain,
  restore,
  reviewStage,
  toPersisted,
  EVENT_TYPES,
  type DeclarationSnapshot,
  type WorkflowEventType,
  type WorkflowFacts,
} from './declaration.machine';

export interface FireCommand {
  event: WorkflowEventType;
  version: number;
  comment?: string | null;
  rating?: string | null;
}

const REFUSAL_STATUS = {
  state: HttpStatus.CONFLICT,
  role: HttpStatus.FORBIDDEN,
  segregation: HttpStatus.FORBIDDEN,
  comment: HttpStatus.BAD_REQUEST,
  findings: HttpStatus.UNPROCESSABLE_ENTITY,
} as const;
const RATINGS: Partial<Record<WorkflowEventType, string[]>> = { APPROVE: ['优', '良'], RETURN: ['中', '差'] };

/**
 * The only code that changes a declaration's state. One transaction: load with the row lock
 * and version check, rebuild the snapshot, ask the machine, save the state, append the
 * transition row and the audit event, commit. Every refusal throws, so nothing half-done
 * commits.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  fire(ctx: RequestContext, declarationId: number, cmd: FireCommand) {
    return this.db.write((tx) => this.fireIn(tx, ctx, declarationId, cmd));
  }

  async fireIn(tx: Tx, ctx: RequestContext, declarationId: number, cmd: FireCommand) {
    if (!(EVENT_TYPES as readonly string[]).includes(cmd.event))
      throw badRequest(`event: must be one of ${EVENT_TYPES.join(', ')}`);
    const comment = cmd.comment?.trim() || null;
    if (cmd.rating && !(RATINGS[cmd.event] ?? []).includes(cmd.rating)) {
      throw badRequest(
        `rating: with ${cmd.event} a rating must be ${(RATINGS[cmd.event] ?? []).join(' or ') || 'absent'}`,
      );
    }
    const { d, head } = await this.access.loadWithChainHead(tx, ctx, declarationId);
    const chain = { head };
    if (d.version !== cmd.version)
      throw conflict(
        `version ${cmd.version} is stale: the declaration is now at version ${d.version}; reload and try again`,
        { currentVersion: d.version },
      );
    const snapshot = restore(JSON.parse(d.snapshot), d.machineVersion);
    let findings: Finding[] = [];
    if (cmd.event === 'SUBMIT') findings = await this.phaseFindings.forDeclaration(tx, d);
    const facts = this.facts(
      ctx.user,
      d,
      findings.some((f) => f.severity === 'error'),
      comment,
    );
    const result = explain(snapshot, { ...facts, type: cmd.event });
    if (!result.ok) {
      const extra =
        result.reason === 'findings' ? { findings: findings.filter((f) => f.severity === 'error') } : {};
      throw legacyError(REFUSAL_STATUS[result.reason], result.message, { reason: result.reason, ...extra });
    }
    const from = d.state;
    const to = result.next;
    const now = nowIso();
    await this.effects(tx, ctx, d, cmd.event, from, now, chain);
    const persisted = toPersisted(result.snapshot);
    d.state = to;
    d.snapshot = JSON.stringify(persisted);
    d.machineVersion = persisted.machineVersion;
    d.stateEnteredAt = now;
    d.version += 1;
    d.updatedAt = now;
    const role = actingRole(cmd.event, from);
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
      rating: cmd.rating ?? null,
      at: now,
    });
    await this.audit.record(
      tx,
      ctx,
      {
        action: 'workflow.transitioned',
        entityType: 'declaration',
        entityId: d.id,
        declarationId: d.id,
        state: from,
        comment,
        // The whole transition row, so the keyed event vouches for it (audit/transition-evidence.ts).
        at: now,
        changes: [
          { field: 'state', before: from, after: to },
          { field: 'event', before: null, after: cmd.event },
          ...(cmd.rating ? [{ field: 'rating', before: null, after: cmd.rating }] : []),
          { field: 'role', before: null, after: role },
        ],
      },
      { head: chain.head, alongside: [saveState, addHistory] },
    );
    return {
      id: d.id,
      state: d.state,
      version: d.version,
      allowedEvents: this.allowedFor(ctx.user, d, result.snapshot),
    };
  }

  /**
   * The events the caller may fire now on this declaration (the UI's buttons), from its stored
   * snapshot or, right after a transition, from the snapshot the machine just returned.
   */
  allowedFor(user: AuthUser, d: Declaration, snapshot?: DeclarationSnapshot): WorkflowEventType[] {
    return allowedEvents(
      snapshot ?? restore(JSON.parse(d.snapshot), d.machineVersion),
      this.facts(user, d, false, 'x'),
    );
  }

  private facts(user: AuthUser, d: Declaration, hasErrors: boolean, comment: string | null): WorkflowFacts {
    return {
      actor: { id: user.id, roles: user.roles, relation: departmentRelation(user, d.departmentPath) },
      submittedBy: d.submittedBy,
      hasErrors,
      comment: comment ?? undefined,
    };
  }

  /** What an event does besides moving the state, in the same transaction. */
  private async effects(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    event: WorkflowEventType,
    from: string,
    now: string,
    chain: { head?: ChainHead },
  ): Promise<void> {
    if (event === 'SUBMIT') {
      d.submittedBy = ctx.user.id;
      d.everSubmitted = true;
    }
    if (event === 'OPEN_MONITORING' || event === 'OPEN_EVALUATION' || event === 'REQUEST_ADJUSTMENT')
      d.submittedBy = null;
    if (event === 'APPROVE' && reviewStage(from) === 'bureauReview') {
      d.submittedBy = null;
      // A final approval of the declaration or of an adjustment keeps the approved content.
      if (from === 'bureauReview' || from === 'adjustment.bureauReview') {
        const indicators = await this.access.indicators(tx, d.id);
        const versionNo = (d.approvedVersion ?? 0) + 1;
        await tx.insert(DeclarationVersion, {
          declarationId: d.id,
          versionNo,
          kind: from === 'bureauReview' ? 'declaration' : 'adjustment',
          content: JSON.stringify(toStoredContent(d, indicators)),
          approvedBy: ctx.user.id,
          approvedAt: now,
        });
        d.approvedVersion = versionNo;
      }
    }
    if (event === 'CANCEL_ADJUSTMENT') await this.restoreApproved(tx, ctx, d, now, chain);
  }

  /** CANCEL_ADJUSTMENT: the content goes back exactly to the latest approved version. */
  private async restoreApproved(
    tx: Tx,
    ctx: RequestContext,
    d: Declaration,
    now: string,
    chain: { head?: ChainHead },
  ): Promise<void> {
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
    const events = await this.audit.recordMany(
      tx,
      ctx,
      [
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
      ],
      { head: chain.head },
    );
    const cancelled = events[events.length - 1];
    chain.head = { headSeq: cancelled.seq, headHash: cancelled.hash };
  }
}

/** The role in which an event is fired (history and audit). */
export function actingRole(event: WorkflowEventType, from: string): string {
  if (event === 'APPROVE' || event === 'RETURN')
    return reviewStage(from) === 'internalReview' ? 'dept_reviewer' : 'bureau_reviewer';
  if (event === 'OPEN_MONITORING' || event === 'OPEN_EVALUATION') return 'bureau_reviewer';
  return 'submitter';
}
