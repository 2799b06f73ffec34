/**
 * Who may fire what in the lifecycle of a declaration (docs/spec/workflow.md, "Events" and
 * "Rules that hold everywhere"), as data: the rules the machine's guards name, and the one
 * check of a rule against the facts of an event. Pure: no Nest, no I/O, no xstate.
 *
 * Guards that decide *who* may fire an event read only the event: the service puts every fact
 * a guard needs (actor, roles, relation to the owning department, who submitted the phase,
 * whether the phase content has error findings) into it.
 */
import type { Rating, WorkflowEventType } from './lifecycle.messages';

export const ROLES = ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The actor's department relative to the declaration's owning department. */
export const RELATIONS = ['owner', 'ancestor', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface WorkflowActor {
  id: number;
  roles: readonly Role[];
  relation: Relation;
}

/** Every fact a guard needs; the service fills them in before asking the machine. */
export interface WorkflowFacts {
  actor: WorkflowActor;
  /** The user who submitted the current phase (null while it was never submitted). */
  submittedBy: number | null;
  /** The current phase's content has at least one `error` finding. */
  hasErrors: boolean;
  comment?: string;
}

export type WorkflowEvent = WorkflowFacts & { type: WorkflowEventType };

export type RuleName =
  | 'submit'
  | 'withdraw'
  | 'approveInternal'
  | 'returnInternal'
  | 'approveBureau'
  | 'returnBureau'
  | 'requestAdjustment'
  | 'cancelAdjustment'
  | 'openMonitoring'
  | 'openEvaluation';

export interface Rule {
  /** The actor needs at least one of these roles. */
  roles: readonly Role[];
  /** ...and one of these relations to the owning department. */
  relations: readonly Relation[];
  /** Only the user who submitted the phase (WITHDRAW). */
  ownSubmission?: true;
  /** Segregation of duties: never the user who submitted the phase, whatever roles they hold. */
  segregation?: true;
  /** A non-blank comment is required (a reason for a return or an adjustment). */
  comment?: true;
  /** Blocked while the phase content has any `error` finding. */
  noErrors?: true;
  /** The ratings (docs/spec/domain.md §4) the event may carry: 优/良 with an approval, 中/差 with a return. */
  ratings?: readonly Rating[];
  /**
   * The declaration waits for this rule's role in the states the rule guards there: those
   * states are the role's queue (GET /api/queues/mine), within the rule's relations.
   */
  awaited?: true;
}

const APPROVAL_RATINGS: readonly Rating[] = ['优', '良'];
const RETURN_RATINGS: readonly Rating[] = ['中', '差'];

const ANY_RELATION: readonly Relation[] = RELATIONS;

export const RULES: Readonly<Record<RuleName, Rule>> = {
  submit: { roles: ['submitter'], relations: ['owner'], noErrors: true, awaited: true },
  withdraw: { roles: ['submitter'], relations: ['owner'], ownSubmission: true },
  // A department reviewer reviews their own department and the departments below it.
  approveInternal: {
    roles: ['dept_reviewer'],
    relations: ['owner', 'ancestor'],
    segregation: true,
    ratings: APPROVAL_RATINGS,
    awaited: true,
  },
  returnInternal: {
    roles: ['dept_reviewer'],
    relations: ['owner', 'ancestor'],
    segregation: true,
    comment: true,
    ratings: RETURN_RATINGS,
  },
  // The data bureau (数据局) reviews every department.
  approveBureau: {
    roles: ['bureau_reviewer'],
    relations: ANY_RELATION,
    segregation: true,
    ratings: APPROVAL_RATINGS,
    awaited: true,
  },
  returnBureau: {
    roles: ['bureau_reviewer'],
    relations: ANY_RELATION,
    segregation: true,
    comment: true,
    ratings: RETURN_RATINGS,
  },
  requestAdjustment: { roles: ['submitter'], relations: ['owner'], comment: true },
  cancelAdjustment: { roles: ['submitter'], relations: ['owner'] },
  openMonitoring: { roles: ['bureau_reviewer'], relations: ANY_RELATION },
  openEvaluation: { roles: ['bureau_reviewer'], relations: ANY_RELATION },
};

/**
 * `auditor` and `admin` never fire an event. Decision: this holds for a user who holds one of
 * them together with a business role too. Auditors must stay independent of what they audit,
 * and an administrator account that can also approve would bypass the department scoping;
 * such a user needs a second, ordinary account.
 */
export const NON_ACTING_ROLES: readonly Role[] = ['auditor', 'admin'];

/** Which answer a refusal gets: 409 state, 403 role or segregation, 400 comment, 422 findings. */
export type RefusalReason = 'state' | 'role' | 'segregation' | 'findings' | 'comment';

/**
 * Why exactly, for the service to name the problem (lifecycle.messages.ts): the event is not
 * possible in the state; the actor holds a role that never acts; lacks the rule's role or
 * relation; is not the one who submitted (WITHDRAW); is the one who submitted (segregation);
 * gave no comment; or the content has error findings.
 */
export type RefusalCause =
  'state' | 'nonActing' | 'role' | 'ownSubmission' | 'segregation' | 'comment' | 'findings';

export interface Refusal {
  reason: RefusalReason;
  cause: RefusalCause;
  /** The rule that refused (absent when the event is not possible in the state at all). */
  rule?: RuleName;
  /** With `nonActing`: the roles that keep the actor from acting. */
  roles?: Role[];
}

/** Checks in the order the HTTP mapping needs: role/relation, segregation, comment, findings. */
export function checkRule(name: RuleName, event: WorkflowEvent): Refusal | null {
  const rule = RULES[name];
  const { actor } = event;
  const excluded = NON_ACTING_ROLES.filter((r) => actor.roles.includes(r));
  if (excluded.length > 0) return { reason: 'role', cause: 'nonActing', rule: name, roles: excluded };
  const hasRole = rule.roles.some((r) => actor.roles.includes(r));
  if (!hasRole || !rule.relations.includes(actor.relation))
    return { reason: 'role', cause: 'role', rule: name };
  if (rule.ownSubmission && (event.submittedBy === null || actor.id !== event.submittedBy))
    return { reason: 'role', cause: 'ownSubmission', rule: name };
  if (rule.segregation && event.submittedBy !== null && actor.id === event.submittedBy)
    return { reason: 'segregation', cause: 'segregation', rule: name };
  if (rule.comment && (event.comment ?? '').trim() === '')
    return { reason: 'comment', cause: 'comment', rule: name };
  if (rule.noErrors && event.hasErrors) return { reason: 'findings', cause: 'findings', rule: name };
  return null;
}
