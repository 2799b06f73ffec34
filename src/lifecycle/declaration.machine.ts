/**
 * The lifecycle of one declaration (财政项目支出绩效目标申报表) as ONE XState v5 statechart.
 * docs/spec/workflow.md is the spec; this file is its executable form: the states, the
 * transitions and the rule (declaration.rules.ts) that guards each, and the reading of the
 * definition (transitions, phases, review stages) that everything else derives from. Its words
 * (states, events, ratings) and its refusals' texts live in lifecycle.messages.ts.
 *
 * The split: declaration.rules.ts says who may fire what; this file, where each event leads;
 * declaration.persistence.ts, the snapshot in and out of storage; declaration.decisions.ts, the
 * answers the service asks for (`explain`, `availableActions`) and the facts derived from the
 * rules and transitions; workflow-definition.ts, GET /api/workflow/definition.
 *
 * Pure on purpose: no Nest imports, no I/O, no timers. The WorkflowService loads the row,
 * puts every fact a guard needs into the event, asks `explain`, and stores the answer in the
 * same transaction as the history row and the audit event. Review deadlines are columns, not
 * `after` timers: xstate does not restore delays from persisted snapshots.
 *
 * The one piece of context, `adjustmentOrigin`, is written by the machine itself on
 * REQUEST_ADJUSTMENT and only routes the way back out of an adjustment (to `approved` or to
 * `monitored`).
 */
import { assign, setup } from 'xstate';
import type { AnyStateNode, SnapshotFrom, StateValue } from 'xstate';
import {
  DECLARATION_STATES,
  EVENT_TYPES,
  eventLabel,
  stateLabel,
  stateWord,
  type DeclarationState,
  type WorkflowEventType,
} from './lifecycle.messages';
import { checkRule, type RuleName, type WorkflowEvent } from './declaration.rules';

export const MACHINE_ID = 'declaration';

// The vocabulary with its words is lifecycle.messages.ts's; re-exported where callers look for it.
export { EVENT_TYPES, type WorkflowEventType };
export { DECLARATION_STATES, type DeclarationState };
export { eventLabel, stateLabel };
export { stateFromLabel } from './lifecycle.messages';

export type Phase = 'declaration' | 'adjustment' | 'monitoring' | 'evaluation';
/** The form's phases: their content is the declaration itself, kept as approved versions; the others' is a report. */
export const FORM_PHASES: readonly Phase[] = ['declaration', 'adjustment'];
export type ReviewStage = 'internalReview' | 'bureauReview';
export type AdjustmentOrigin = 'approved' | 'monitored';

export interface DeclarationContext {
  /** Where an open adjustment returns to when approved or cancelled; null outside `adjustment.*`. */
  adjustmentOrigin: AdjustmentOrigin | null;
}

// ---------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------

interface AllowedParams {
  rule: RuleName;
  /** Only on the two ways out of an adjustment: taken when the adjustment came from here. */
  origin?: AdjustmentOrigin;
}

/** What each state node carries besides its transitions; read back by the helpers below. */
export interface StateMeta {
  label: string;
  phase: Phase | null;
  /** This is the editing state of `phase`: its content may be written here. */
  editing?: true;
  reviewStage?: ReviewStage;
}

const allowed = (rule: RuleName, origin?: AdjustmentOrigin) => ({
  type: 'allowed' as const,
  params: origin ? { rule, origin } : { rule },
});

const workflow = setup({
  types: {
    context: {} as DeclarationContext,
    events: {} as WorkflowEvent,
  },
  guards: {
    allowed: ({ context, event }, params: AllowedParams) =>
      checkRule(params.rule, event) === null &&
      (params.origin === undefined || context.adjustmentOrigin === params.origin),
  },
  actions: {
    rememberOrigin: assign((_, params: { origin: AdjustmentOrigin }) => ({
      adjustmentOrigin: params.origin,
    })),
    forgetOrigin: assign({ adjustmentOrigin: null }),
  },
});

/** Where a phase goes when the bureau approves it. */
interface PhaseExit {
  target: string;
  origin?: AdjustmentOrigin;
}

/** The ways out of an adjustment: back to the state it was requested from. */
const BACK_TO_ORIGIN: readonly PhaseExit[] = [
  { target: '#declaration.approved', origin: 'approved' },
  { target: '#declaration.monitored', origin: 'monitored' },
];

function exitTransitions(rule: RuleName, exits: readonly PhaseExit[]) {
  return exits.map((exit) =>
    exit.origin
      ? { guard: allowed(rule, exit.origin), target: exit.target, actions: 'forgetOrigin' as const }
      : { guard: allowed(rule), target: exit.target },
  );
}

/**
 * The review sub-flow shared by the four phases: an editing state, `internalReview`
 * (单位内部审核), `bureauReview` (数据局审核). Its targets are sibling keys, so the same
 * fragment works spread at the top level (the declaration phase, whose states are not
 * nested) and as the `states` of a compound phase node.
 */
function reviewFlow(
  phase: Phase,
  editing: 'drafting' | 'reporting',
  exits: readonly PhaseExit[],
  options: { cancel?: readonly PhaseExit[] } = {},
) {
  const editingState = {
    meta: { label: stateWord(editing), phase, editing: true } satisfies StateMeta,
    on: {
      SUBMIT: { guard: allowed('submit'), target: 'internalReview' },
      ...(options.cancel ? { CANCEL_ADJUSTMENT: exitTransitions('cancelAdjustment', options.cancel) } : {}),
    },
  };
  return {
    [editing]: editingState,
    internalReview: {
      meta: { label: stateWord('internalReview'), phase, reviewStage: 'internalReview' } satisfies StateMeta,
      on: {
        WITHDRAW: { guard: allowed('withdraw'), target: editing },
        APPROVE: { guard: allowed('approveInternal'), target: 'bureauReview' },
        RETURN: { guard: allowed('returnInternal'), target: editing },
      },
    },
    bureauReview: {
      meta: { label: stateWord('bureauReview'), phase, reviewStage: 'bureauReview' } satisfies StateMeta,
      on: {
        APPROVE: exitTransitions('approveBureau', exits),
        RETURN: { guard: allowed('returnBureau'), target: editing },
      },
    },
  };
}

export const declarationMachine = workflow.createMachine({
  id: MACHINE_ID,
  context: { adjustmentOrigin: null },
  initial: 'drafting',
  states: {
    ...reviewFlow('declaration', 'drafting', [{ target: '#declaration.approved' }]),
    approved: {
      meta: { label: stateWord('approved'), phase: null } satisfies StateMeta,
      on: {
        REQUEST_ADJUSTMENT: {
          guard: allowed('requestAdjustment'),
          target: 'adjustment',
          actions: { type: 'rememberOrigin', params: { origin: 'approved' } },
        },
        OPEN_MONITORING: { guard: allowed('openMonitoring'), target: 'monitoring' },
      },
    },
    adjustment: {
      meta: { label: stateWord('adjustment'), phase: 'adjustment' } satisfies StateMeta,
      initial: 'drafting',
      states: reviewFlow('adjustment', 'drafting', BACK_TO_ORIGIN, { cancel: BACK_TO_ORIGIN }),
    },
    monitoring: {
      meta: { label: stateWord('monitoring'), phase: 'monitoring' } satisfies StateMeta,
      initial: 'reporting',
      states: reviewFlow('monitoring', 'reporting', [{ target: '#declaration.monitored' }]),
    },
    monitored: {
      meta: { label: stateWord('monitored'), phase: null } satisfies StateMeta,
      on: {
        REQUEST_ADJUSTMENT: {
          guard: allowed('requestAdjustment'),
          target: 'adjustment',
          actions: { type: 'rememberOrigin', params: { origin: 'monitored' } },
        },
        OPEN_EVALUATION: { guard: allowed('openEvaluation'), target: 'evaluation' },
      },
    },
    evaluation: {
      meta: { label: stateWord('evaluation'), phase: 'evaluation' } satisfies StateMeta,
      initial: 'reporting',
      states: reviewFlow('evaluation', 'reporting', [{ target: '#declaration.closed' }]),
    },
    closed: {
      type: 'final',
      meta: { label: stateWord('closed'), phase: null } satisfies StateMeta,
    },
  },
});

export type DeclarationSnapshot = SnapshotFrom<typeof declarationMachine>;

// ---------------------------------------------------------------------------------------
// Reading the machine definition (one source for the helpers, the definition and the diagram)
// ---------------------------------------------------------------------------------------

/** The dotted form of a state value: `{ monitoring: 'internalReview' }` → `monitoring.internalReview`. */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) throw new Error(`not a single-path state value: ${JSON.stringify(value)}`);
  const [key] = keys;
  const child = value[key];
  return child === undefined ? key : `${key}.${stateValueToString(child)}`;
}

export function stateToString(snapshot: { value: StateValue }): string {
  return stateValueToString(snapshot.value);
}

/** The leaf state nodes (where a declaration can rest), in definition order. */
export function leafStateNodes(node: AnyStateNode = declarationMachine.root): AnyStateNode[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length === 0) return node === declarationMachine.root ? [] : [node];
  return children.flatMap((child) => leafStateNodes(child));
}

export function nodePath(node: AnyStateNode): string {
  return node.path.join('.');
}

function leafNode(state: string): AnyStateNode | undefined {
  let node: AnyStateNode | undefined = declarationMachine.root;
  for (const key of state.split('.')) {
    node = (node.states as Record<string, AnyStateNode | undefined>)[key];
    if (!node) return undefined;
  }
  return Object.keys(node.states).length === 0 ? node : undefined;
}

export function isDeclarationState(state: unknown): state is DeclarationState {
  return typeof state === 'string' && (DECLARATION_STATES as readonly string[]).includes(state);
}

export function requireLeaf(state: string): AnyStateNode {
  const node = leafNode(state);
  if (!node) throw new Error(`unknown declaration state "${state}"`);
  return node;
}

/** One outgoing transition of a leaf state, as plain data. */
export interface TransitionInfo {
  from: DeclarationState;
  event: WorkflowEventType;
  to: DeclarationState;
  /** The node the transition names: a phase (`adjustment`) when it opens one, else `to`. */
  target: string;
  rule: RuleName;
  /** Only on the ways out of an adjustment: taken when the adjustment was requested from this state. */
  origin?: AdjustmentOrigin;
}

function guardParams(guard: unknown): AllowedParams {
  const g = guard as { type?: string; params?: AllowedParams } | undefined;
  if (g?.type !== 'allowed' || !g.params)
    throw new Error('every workflow transition needs an `allowed` guard');
  return g.params;
}

/** Target leaf reached by entering `node` (following `initial` of compound nodes). */
function entryLeaf(node: AnyStateNode): AnyStateNode {
  let n = node;
  while (Object.keys(n.states).length > 0) {
    const initial = n.initial?.target[0] as AnyStateNode | undefined;
    if (!initial) throw new Error(`compound state ${nodePath(n)} has no initial state`);
    n = initial;
  }
  return n;
}

/**
 * The transitions leaving a leaf state, its ancestors' included, in definition order. The
 * machine never changes, so each state's list is worked out once (every transition and every
 * answer's `allowedEvents` asks for it, once per event type).
 */
export function transitionsFrom(state: string): readonly TransitionInfo[] {
  let out = transitionsByState.get(state);
  if (!out) {
    out = Object.freeze(walkTransitions(state));
    transitionsByState.set(state, out);
  }
  return out;
}
const transitionsByState = new Map<string, readonly TransitionInfo[]>();

function walkTransitions(state: string): TransitionInfo[] {
  const leaf = requireLeaf(state);
  const out: TransitionInfo[] = [];
  for (let node: AnyStateNode | undefined = leaf; node; node = node.parent) {
    for (const [event, defs] of node.transitions) {
      for (const def of defs) {
        const params = guardParams(def.guard);
        const target = def.target?.[0] as AnyStateNode | undefined;
        if (!target) continue;
        out.push({
          from: state as DeclarationState,
          event: event as WorkflowEventType,
          to: nodePath(entryLeaf(target)) as DeclarationState,
          target: nodePath(target),
          rule: params.rule,
          ...(params.origin ? { origin: params.origin } : {}),
        });
      }
    }
  }
  return out;
}

/** Every transition of the lifecycle, in state order. */
export function allTransitions(): TransitionInfo[] {
  return DECLARATION_STATES.flatMap((s) => transitionsFrom(s));
}

/** Where a new declaration starts (`drafting`). */
export const INITIAL_STATE = nodePath(entryLeaf(declarationMachine.root)) as DeclarationState;

function metaOf(state: string): StateMeta {
  return requireLeaf(state).meta as StateMeta;
}

/** The phase a state belongs to; null for the resting states `approved`, `monitored`, `closed`. */
export function phaseOf(state: string): Phase | null {
  return metaOf(state).phase;
}

/** Which content may be written now: only in the editing state of its phase (else the write is 409). */
export function editingPhase(state: string): Phase | null {
  const meta = metaOf(state);
  return meta.editing ? meta.phase : null;
}

export function reviewStage(state: string): ReviewStage | null {
  return metaOf(state).reviewStage ?? null;
}

export function isFinalState(state: string): boolean {
  return requireLeaf(state).type === 'final';
}
