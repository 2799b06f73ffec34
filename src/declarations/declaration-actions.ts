import type { RequestContext } from '../common/request-context';
import type { ActionNeeds } from '../lifecycle/declaration.decisions';
import type { WorkflowEventType } from '../lifecycle/declaration.machine';
import type { Declaration } from './declaration.entity';

/**
 * One thing the caller could do to a declaration now, as the client shows it: the event, its
 * label, whether it may fire now and, when not, why in words (`reason`) and as a code
 * (`reasonCode`, the code the transition would answer); what the event takes besides
 * `version` (`needs`: `comment: true` when a reason must be given, `rating` the values it may
 * carry).
 */
export interface WorkflowAction {
  event: WorkflowEventType;
  label: string;
  allowed: boolean;
  reason: string | null;
  reasonCode: string | null;
  needs: Omit<ActionNeeds, 'review'> & { review?: ReviewNeeds };
}

/**
 * What the 数据局's scored review asks for (an action's `needs.review`): the four dimensions
 * with their words and weights as configured, and the grade bands, so a client shows the total
 * and the grade as the scores are typed (the service computes them again).
 */
export interface ReviewNeeds {
  dimensions: Array<{ dimension: string; label: string; weight: number }>;
  grades: { excellent: number; good: number; fair: number };
}

/** The workflow part of a declaration's view: `actions`, and `allowedEvents` (the allowed ones, for older clients). */
export interface WorkflowView {
  actions: WorkflowAction[];
  allowedEvents: WorkflowEventType[];
}

/**
 * What the caller may do to a declaration now, for its view. The workflow module answers it
 * (`WorkflowService`, which builds on this module), so this module names the need and the
 * composition root (src/features.ts) binds it.
 */
export const DECLARATION_ACTIONS = Symbol('DeclarationActions');

export interface DeclarationActions {
  actionsFor(ctx: RequestContext, d: Declaration): Promise<WorkflowView>;
}
