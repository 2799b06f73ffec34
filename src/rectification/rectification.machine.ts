/**
 * The life of one rectification item (整改事项, docs/spec/domain.md §12) as a small XState v5
 * statechart, on the declaration's conventions (src/lifecycle): the rules say who may take which
 * step, as data; the machine says where each step leads; the service puts every fact a guard
 * needs into the event and asks `explainStep`. Pure: no Nest, no I/O.
 *
 *   open ──CLOSE (submitter of the owning department, with evidence)──▶ closed
 *   closed ──ACCEPT (bureau reviewer)──▶ accepted (final)
 *   closed ──REOPEN (bureau reviewer, with a reason)──▶ open
 *   open ──EDIT (bureau reviewer: problem, action, responsible, due date)──▶ open
 */
import { createActor, setup } from 'xstate';
import type { Role } from '../common/roles';
import type { RectificationEvent, RectificationStatus } from './rectification.messages';

export type Relation = 'owner' | 'ancestor' | 'other';

export interface StepFacts {
  actor: { id: number; roles: readonly Role[]; relation: Relation };
  /** The text the step carries: the evidence of CLOSE, the reason of REOPEN. */
  text?: string | null;
}
export type StepEvent = StepFacts & { type: RectificationEvent };

export interface StepRule {
  roles: readonly Role[];
  relations: readonly Relation[];
  /** A non-blank text is required (CLOSE: evidence; REOPEN: reason). */
  text?: 'evidence' | 'reason';
}

const ANY: readonly Relation[] = ['owner', 'ancestor', 'other'];

export const STEP_RULES: Readonly<Record<RectificationEvent, StepRule>> = {
  // The bureau sets what is to be done, by whom and by when; the department does it.
  EDIT: { roles: ['bureau_reviewer'], relations: ANY },
  CLOSE: { roles: ['submitter'], relations: ['owner'], text: 'evidence' },
  ACCEPT: { roles: ['bureau_reviewer'], relations: ANY },
  REOPEN: { roles: ['bureau_reviewer'], relations: ANY, text: 'reason' },
};

/** Auditors and admins never act (as on declarations: lifecycle NON_ACTING_ROLES). */
const NON_ACTING: readonly Role[] = ['auditor', 'admin'];

export type StepRefusal = 'state' | 'role' | 'text';

export function checkStep(event: StepEvent): StepRefusal | null {
  const rule = STEP_RULES[event.type];
  const { actor } = event;
  if (NON_ACTING.some((r) => actor.roles.includes(r))) return 'role';
  if (!rule.roles.some((r) => actor.roles.includes(r)) || !rule.relations.includes(actor.relation))
    return 'role';
  if (rule.text && (event.text ?? '').trim() === '') return 'text';
  return null;
}

const allowed = { type: 'allowed' as const };

export const rectificationMachine = setup({
  types: { events: {} as StepEvent },
  guards: { allowed: ({ event }) => checkStep(event) === null },
}).createMachine({
  id: 'rectification',
  initial: 'open',
  states: {
    open: {
      on: {
        EDIT: { guard: allowed },
        CLOSE: { guard: allowed, target: 'closed' },
      },
    },
    closed: {
      on: {
        ACCEPT: { guard: allowed, target: 'accepted' },
        REOPEN: { guard: allowed, target: 'open' },
      },
    },
    accepted: { type: 'final' },
  },
});

/** The steps possible in a status at all (whoever takes them). */
export function stepsFrom(status: RectificationStatus): RectificationEvent[] {
  const node = rectificationMachine.states[status];
  return [...node.transitions.keys()] as RectificationEvent[];
}

export type StepAnswer = { ok: true; next: RectificationStatus } | { ok: false; reason: StepRefusal };

/** Where the step leads from `status`, or why it may not be taken: the state, the role, the text. */
export function explainStep(status: RectificationStatus, event: StepEvent): StepAnswer {
  if (!stepsFrom(status).includes(event.type)) return { ok: false, reason: 'state' };
  const refusal = checkStep(event);
  if (refusal) return { ok: false, reason: refusal };
  const snapshot = rectificationMachine.resolveState({ value: status, context: undefined as never });
  const actor = createActor(rectificationMachine, { snapshot });
  actor.start();
  actor.send(event);
  const next = actor.getSnapshot().value as RectificationStatus;
  actor.stop();
  return { ok: true, next };
}

/** The steps the actor may take now (the console's buttons), text left aside (asked for in the form). */
export function availableSteps(status: RectificationStatus, facts: StepFacts): RectificationEvent[] {
  return stepsFrom(status).filter((type) => {
    const r = checkStep({ ...facts, type, text: 'x' });
    return r === null;
  });
}
