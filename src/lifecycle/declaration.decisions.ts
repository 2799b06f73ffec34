/**
 * The machine's answers to the service: may this event fire now and where does it lead
 * (`explain`), what could this actor do here (`availableActions`), and the facts every caller
 * derives from the rules and the transitions instead of restating them.
 */
import { transition } from 'xstate';
import type { Rating } from './lifecycle.messages';
import {
  allTransitions,
  declarationMachine,
  editingPhase,
  isDeclarationState,
  phaseOf,
  reviewStage,
  stateToString,
  transitionsFrom,
  DECLARATION_STATES,
  EVENT_TYPES,
  type DeclarationContext,
  type DeclarationSnapshot,
  type DeclarationState,
  type Phase,
  FORM_PHASES,
  type TransitionInfo,
  type WorkflowEventType,
} from './declaration.machine';
import { snapshotOf } from './declaration.persistence';
import {
  checkRule,
  RELATIONS,
  ROLES,
  RULES,
  type Refusal,
  type Relation,
  type Role,
  type WorkflowEvent,
  type WorkflowFacts,
} from './declaration.rules';

export type Explanation =
  { ok: true; next: DeclarationState; snapshot: DeclarationSnapshot } | ({ ok: false } & Refusal);

/** Why `event` is refused in `state`, or null when it may fire. Needs no context. */
function refusalIn(state: string, event: WorkflowEvent): Refusal | null {
  const candidates = transitionsFrom(state).filter((t) => t.event === event.type);
  if (candidates.length === 0) return { reason: 'state', cause: 'state' };
  // The alternatives of one event differ only in routing (origin), never in who may fire it.
  return checkRule(candidates[0].rule, event);
}

function snapshotFrom(from: string | DeclarationSnapshot, context?: Partial<DeclarationContext>) {
  return typeof from === 'string' ? snapshotOf(from, context) : from;
}

/**
 * May `event` fire now, and if not, why: the state first (409), then role and relation
 * (403), segregation of duties (403), the comment (400), the findings (422). When it may,
 * the next state and snapshot come from xstate's pure `transition`.
 * `context` is needed only when `from` is a state string inside `adjustment.*`.
 */
export function explain(
  from: string | DeclarationSnapshot,
  event: WorkflowEvent,
  context?: Partial<DeclarationContext>,
): Explanation {
  const state = typeof from === 'string' ? from : stateToString(from);
  const refusal = refusalIn(state, event);
  if (refusal) return { ok: false, ...refusal };
  const snapshot = snapshotFrom(from, context);
  const [next] = transition(declarationMachine, snapshot, event);
  const nextState = stateToString(next);
  // No transition of this machine targets its own source, so an unchanged state means the
  // rules above and the machine's guards disagree: a bug, never a user error.
  if (nextState === state || !isDeclarationState(nextState)) {
    throw new Error(`workflow machine did not move on ${event.type} from ${state}`);
  }
  return { ok: true, next: nextState, snapshot: next };
}

/**
 * What an event takes besides `event` and `version`: a required comment, the ratings it may
 * carry, or the 数据局's scored review (its grade is then the rating: `review` replaces `rating`).
 */
export interface ActionNeeds {
  comment?: true;
  rating?: Rating[];
  review?: true;
}

/** One thing an actor could do in a state: the client's button, and whether it works now. */
export interface ActionInfo {
  event: WorkflowEventType;
  /** It may fire now, given what `needs` asks for. */
  allowed: boolean;
  /** Why it may not (not the one who submitted, submitted it themselves, error findings). */
  refusal: Refusal | null;
  needs: ActionNeeds;
  /** Error findings would block it: the caller must know them to tell (the rule's `noErrors`). */
  checksFindings: boolean;
}

/**
 * The events this actor's roles could fire in this state, in event order, each with whether it
 * may fire now. An event the actor's roles never fire here is left out (a reviewer sees no
 * SUBMIT; an auditor or admin sees nothing); one the actor is kept from by the facts (WITHDRAW
 * by a submitter who did not submit, APPROVE by the one who submitted, SUBMIT with error
 * findings) is listed, not allowed, with the refusal. The comment counts as given: it is what
 * the client asks for when the button is pressed (`needs.comment`).
 */
export function availableActions(from: string | DeclarationSnapshot, facts: WorkflowFacts): ActionInfo[] {
  const state = typeof from === 'string' ? from : stateToString(from);
  const out: ActionInfo[] = [];
  for (const type of EVENT_TYPES) {
    const candidate = transitionsFrom(state).find((t) => t.event === type);
    if (!candidate) continue;
    const rule = RULES[candidate.rule];
    const refusal = checkRule(candidate.rule, { ...facts, type, comment: 'given when fired' });
    if (refusal && (refusal.cause === 'nonActing' || refusal.cause === 'role')) continue;
    out.push({
      event: type,
      allowed: refusal === null,
      refusal,
      needs: {
        ...(rule.comment ? { comment: true as const } : {}),
        ...(takesScoredReview(type, state)
          ? { review: true as const }
          : rule.ratings
            ? { rating: [...rule.ratings] }
            : {}),
      },
      checksFindings: rule.noErrors === true,
    });
  }
  return out;
}

/**
 * The events this actor may fire now (`allowedEvents`, kept for older clients): the allowed
 * ones of `availableActions`. A missing comment does not hide RETURN or REQUEST_ADJUSTMENT;
 * error findings do hide SUBMIT.
 */
export function allowedEvents(from: string | DeclarationSnapshot, facts: WorkflowFacts): WorkflowEventType[] {
  return availableActions(from, facts)
    .filter((a) => a.allowed)
    .map((a) => a.event);
}

/** The ratings an event may carry (none for most): from the rules of its transitions. */
export function ratingsFor(event: WorkflowEventType): readonly Rating[] {
  const t = allTransitions().find((x) => x.event === event);
  return (t && RULES[t.rule].ratings) || [];
}

// ---------------------------------------------------------------------------------------
// Facts derived from the rules and the transitions, so no caller restates them
// ---------------------------------------------------------------------------------------

/** The transition `event` takes from `from` (its alternatives differ only in routing); throws when there is none. */
function transitionOn(event: WorkflowEventType, from: string): TransitionInfo {
  const t = transitionsFrom(from).find((x) => x.event === event);
  if (!t) throw new Error(`no ${event} transition from ${from}`);
  return t;
}

/**
 * The role in which an event is fired from a state (history and audit): the role of the rule
 * that guards it, the one the actor holds when the rule names several.
 */
export function actingRole(event: WorkflowEventType, from: string, actorRoles: readonly Role[] = []): Role {
  const { roles } = RULES[transitionOn(event, from).rule];
  return roles.find((r) => actorRoles.includes(r)) ?? roles[0];
}

/** The states in which `event` may fire at all (whoever fires it), in state order. */
export function statesFiring(event: WorkflowEventType): DeclarationState[] {
  return DECLARATION_STATES.filter((s) => transitionsFrom(s).some((t) => t.event === event));
}

/** What awaits a role (its queue): the states its `awaited` rules guard, and those rules' relations. */
export interface Awaiting {
  role: Role;
  states: DeclarationState[];
  relations: Relation[];
}

/** What awaits each role that has a queue, in role order. */
export function awaitingByRole(): Awaiting[] {
  return ROLES.flatMap((role) => {
    const states: DeclarationState[] = [];
    const relations = new Set<Relation>();
    for (const s of DECLARATION_STATES) {
      for (const t of transitionsFrom(s)) {
        const rule = RULES[t.rule];
        if (!rule.awaited || !rule.roles.includes(role)) continue;
        if (!states.includes(s)) states.push(s);
        rule.relations.forEach((r) => relations.add(r));
      }
    }
    return states.length ? [{ role, states, relations: RELATIONS.filter((r) => relations.has(r)) }] : [];
  });
}

/** Entering a phase node (not a leaf) opens a round of that phase. */
function opensRound(t: TransitionInfo): boolean {
  return t.target !== t.to;
}

/** The events that open a round of a phase (an adjustment, monitoring, evaluation), in event order. */
export function roundOpeners(): WorkflowEventType[] {
  return EVENT_TYPES.filter((e) => allTransitions().some((t) => t.event === e && opensRound(t)));
}

/** Does `event` from `from` depend on the phase's findings (its rule's `noErrors`)? False when it cannot fire there. */
export function checksFindings(event: WorkflowEventType, from: string): boolean {
  const t = transitionsFrom(from).find((x) => x.event === event);
  return t !== undefined && RULES[t.rule].noErrors === true;
}

/**
 * Does `event` from `from` take the 数据局's scored review (绩效目标审核, docs/spec/domain.md §8)?
 * APPROVE and RETURN in the bureau's review of the form's content (a declaration or an
 * adjustment): the targets. The reports' bureau reviews (monitoring, evaluation) keep the
 * reviewer's rating, and so does the unit's internal review.
 */
export function takesScoredReview(event: WorkflowEventType, from: string): boolean {
  if (event !== 'APPROVE' && event !== 'RETURN') return false;
  if (!transitionsFrom(from).some((t) => t.event === event)) return false;
  const phase = phaseOf(from);
  return reviewStage(from) === 'bureauReview' && phase !== null && FORM_PHASES.includes(phase);
}

/** A submission: from the editing state of a phase into its review. */
function submits(t: TransitionInfo): boolean {
  return editingPhase(t.from) !== null && reviewStage(t.to) !== null;
}

/**
 * May an actor with these roles and this relation to the owning department write the content
 * of a phase? Whoever may submit it writes it.
 */
export function mayWriteContent(roles: readonly Role[], relation: Relation): boolean {
  return allTransitions()
    .filter(submits)
    .some(
      (t) => RULES[t.rule].roles.some((r) => roles.includes(r)) && RULES[t.rule].relations.includes(relation),
    );
}

/** What a transition does besides moving the state (the service carries it out). */
export interface TransitionEffects {
  /** The actor becomes the phase's submitter (WITHDRAW, segregation of duties). */
  recordsSubmitter: boolean;
  /** The phase's submitter is forgotten: a new round opens, or the bureau's approval ends the phase. */
  forgetsSubmitter: boolean;
  /** The bureau's approval of the form's content keeps it as an approved version of this kind. */
  keepsVersion: Extract<Phase, 'declaration' | 'adjustment'> | null;
  /** The content goes back to the latest approved version (an adjustment left without review). */
  restoresApproved: boolean;
}

export function effectsOf(event: WorkflowEventType, from: string): TransitionEffects {
  const t = transitionOn(event, from);
  const phase = phaseOf(t.from);
  const endsReview = reviewStage(t.from) === 'bureauReview' && phaseOf(t.to) !== phase;
  return {
    recordsSubmitter: submits(t),
    forgetsSubmitter: opensRound(t) || endsReview,
    keepsVersion:
      endsReview && phase !== null && FORM_PHASES.includes(phase)
        ? (phase as 'declaration' | 'adjustment')
        : null,
    restoresApproved: editingPhase(t.from) !== null && phaseOf(t.to) !== phase,
  };
}
