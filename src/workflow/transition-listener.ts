import type { AuthUser } from '../common/request-context';
import type { Tx } from '../database/db.service';
import type { WorkflowEventType } from '../lifecycle/declaration.machine';

/**
 * A transition as it commits, for a module above the workflow that must write something in the
 * same transaction (the notifications' outbox). Declared here and bound by the composition root
 * (src/features.ts), so the workflow does not import what listens to it.
 */
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

export interface TransitionListener {
  /** Runs inside the transition's transaction: a throw rolls the transition back. */
  transitioned(tx: Tx, notice: TransitionNotice): Promise<void>;
}

export const TRANSITION_LISTENER = Symbol('TRANSITION_LISTENER');
