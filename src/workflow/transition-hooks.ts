import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import type { Statement, Tx } from '../database/db.service';
import type { Declaration } from '../declarations/declaration.entity';
import type { AuthUser } from '../common/request-context';
import type { DeclarationTransition } from './declaration-transition.entity';
import type { WorkflowEventType } from '../lifecycle/declaration.machine';
import type { FlaggedIndicator } from './scored-review';

/** One transition as a hook sees it, while its transaction is open. */
export interface TransitionStep {
  event: WorkflowEventType;
  from: string;
  to: string;
  /** The instant stamped on the transition row and its audit event. */
  at: string;
}

/** A transition as it commits: what a hook's `committed` is told (the notifications' outbox). */
export interface TransitionNotice {
  declarationId: number;
  projectName: string | null;
  year: number;
  departmentId: number;
  departmentPath: string;
  event: WorkflowEventType;
  from: string;
  to: string;
  comment: string | null;
  actor: AuthUser;
  /** Who had submitted the phase before this event (a RETURN or the final APPROVE forgets it). */
  submittedBefore: number | null;
  /** Who has submitted the phase after it (the actor of a SUBMIT). */
  submittedAfter: number | null;
  at: string;
}

/** A review comment a RETURN carried back to the submitter, as the history shows it. */
export interface CarriedComment {
  threadId: number;
  /** `projectName`, `funds.total` …, or `indicator` (then `indicatorId`). */
  anchor: string;
  indicatorId: number | null;
  anchorLabel: string;
  /** The thread's first comment. */
  body: string;
}

/**
 * What a higher module adds to a transition without the workflow knowing it (the review
 * comments, src/comments; the notifications' outbox, src/notifications): a refusal beyond the
 * statechart's rules, work in the transition's transaction before and after its audit event, and
 * what the history shows beside a row. The module registers its hook at start-up
 * (`onModuleInit`), as the report kinds register their findings (phase-findings.ts).
 */
export interface TransitionHook {
  /** Why `event` may not fire now although the machine allows it, or null. No side effects. */
  refusal?(
    em: EntityManager,
    ctx: RequestContext,
    d: Declaration,
    event: WorkflowEventType,
  ): Promise<AppError | null>;
  /**
   * In the transition's transaction, before its audit event is written; the writes it answers
   * are sent with the transition's own (one round trip on PostgreSQL: db.service.ts `writeAll`).
   */
  during?(tx: Tx, ctx: RequestContext, d: Declaration, step: TransitionStep): Promise<Statement[] | void>;
  /** In the transition's transaction, after its row and audit event: a throw rolls it all back. */
  committed?(tx: Tx, notice: TransitionNotice): Promise<void>;
  /**
   * The indicators the reviewer flagged in this round of the review (the comment threads opened
   * on indicators in the state the declaration is in, since it entered it): the scored review
   * lists them.
   */
  flagged?(em: EntityManager, d: Declaration): Promise<FlaggedIndicator[]>;
  /** The comments each history row carried, by the row's id (RETURN rows only). */
  carried?(
    em: EntityManager,
    declarationId: number,
    rows: DeclarationTransition[],
  ): Promise<Map<number, CarriedComment[]>>;
}

@Injectable()
export class TransitionHooks {
  private readonly hooks: TransitionHook[] = [];

  register(hook: TransitionHook): void {
    this.hooks.push(hook);
  }

  async refusal(
    em: EntityManager,
    ctx: RequestContext,
    d: Declaration,
    event: WorkflowEventType,
  ): Promise<AppError | null> {
    for (const h of this.hooks) {
      const refused = await h.refusal?.(em, ctx, d, event);
      if (refused) return refused;
    }
    return null;
  }

  async during(tx: Tx, ctx: RequestContext, d: Declaration, step: TransitionStep): Promise<Statement[]> {
    const writes: Statement[] = [];
    for (const h of this.hooks) writes.push(...((await h.during?.(tx, ctx, d, step)) ?? []));
    return writes;
  }

  async committed(tx: Tx, notice: TransitionNotice): Promise<void> {
    for (const h of this.hooks) await h.committed?.(tx, notice);
  }

  async flagged(em: EntityManager, d: Declaration): Promise<FlaggedIndicator[]> {
    const out: FlaggedIndicator[] = [];
    for (const h of this.hooks) out.push(...((await h.flagged?.(em, d)) ?? []));
    return out;
  }

  async carried(
    em: EntityManager,
    declarationId: number,
    rows: DeclarationTransition[],
  ): Promise<Map<number, CarriedComment[]>> {
    const out = new Map<number, CarriedComment[]>();
    for (const h of this.hooks) {
      const found = (await h.carried?.(em, declarationId, rows)) ?? new Map<number, CarriedComment[]>();
      for (const [id, list] of found) out.set(id, [...(out.get(id) ?? []), ...list]);
    }
    return out;
  }
}
