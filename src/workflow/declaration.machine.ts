/**
 * The lifecycle of one declaration (财政项目支出绩效目标申报表) as ONE XState v5 statechart.
 * docs/spec/workflow.md is the spec; this file is its executable form. Its words (states, events,
 * ratings) and its refusals' texts live in workflow.messages.ts.
 *
 * Pure on purpose: no Nest imports, no I/O, no timers. The WorkflowService loads the row,
 * puts every fact a guard needs (actor, roles, relation to the owning department, who
 * submitted the phase, whether the phase content has error findings) into the event,
 * asks this module (`explain`), and stores the answer in the same transaction as the
 * history row and the audit event. Review deadlines are columns, not `after` timers:
 * xstate does not restore delays from persisted snapshots.
 *
 * Guards that decide *who* may fire an event read only the event. The one piece of
 * context, `adjustmentOrigin`, is written by the machine itself on REQUEST_ADJUSTMENT and
 * only routes the way back out of an adjustment (to `approved` or to `monitored`).
 */
import { assign, initialTransition, setup, transition } from 'xstate';
import type { AnyStateNode, SnapshotFrom, StateValue } from 'xstate';
import { render, type Lang } from '../common/i18n';
import {
  DECLARATION_STATES,
  EVENT_TYPES,
  eventLabel,
  stateLabel,
  stateWord,
  type DeclarationState,
  type Rating,
  type WorkflowEventType,
} from './workflow.messages';

/** Bump when states are renamed or the context changes shape, and add a `migrations` entry. */
export const MACHINE_VERSION = 1;
export const MACHINE_ID = 'declaration';

// ---------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------

export const ROLES = ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The actor's department relative to the declaration's owning department. */
export const RELATIONS = ['owner', 'ancestor', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

// The vocabulary with its words is workflow.messages.ts's; re-exported where callers look for it.
export { EVENT_TYPES, type WorkflowEventType };
export { DECLARATION_STATES, type DeclarationState };
export { eventLabel, stateLabel };
export { stateFromLabel } from './workflow.messages';

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

export type Phase = 'declaration' | 'adjustment' | 'monitoring' | 'evaluation';
export type ReviewStage = 'internalReview' | 'bureauReview';
export type AdjustmentOrigin = 'approved' | 'monitored';

export interface DeclarationContext {
  /** Where an open adjustment returns to when approved or cancelled; null outside `adjustment.*`. */
  adjustmentOrigin: AdjustmentOrigin | null;
}

// ---------------------------------------------------------------------------------------
// Who may fire what (docs/spec/workflow.md, "Events" and "Rules that hold everywhere")
// ---------------------------------------------------------------------------------------

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
}

const APPROVAL_RATINGS: readonly Rating[] = ['优', '良'];
const RETURN_RATINGS: readonly Rating[] = ['中', '差'];

const ANY_RELATION: readonly Relation[] = RELATIONS;

export const RULES: Readonly<Record<RuleName, Rule>> = {
  submit: { roles: ['submitter'], relations: ['owner'], noErrors: true },
  withdraw: { roles: ['submitter'], relations: ['owner'], ownSubmission: true },
  // A department reviewer reviews their own department and the departments below it.
  approveInternal: {
    roles: ['dept_reviewer'],
    relations: ['owner', 'ancestor'],
    segregation: true,
    ratings: APPROVAL_RATINGS,
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
 * Why exactly, for the service to name the problem (workflow.messages.ts): the event is not
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
function checkRule(name: RuleName, event: WorkflowEvent): Refusal | null {
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

function requireLeaf(state: string): AnyStateNode {
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

// ---------------------------------------------------------------------------------------
// Snapshots, persistence and migration
// ---------------------------------------------------------------------------------------

function stateStringToValue(state: string): StateValue {
  const [head, ...rest] = state.split('.');
  return rest.length === 0 ? head : { [head]: stateStringToValue(rest.join('.')) };
}

function parseContext(state: string, raw: unknown): DeclarationContext {
  const origin = (raw as { adjustmentOrigin?: unknown } | null | undefined)?.adjustmentOrigin ?? null;
  if (origin !== null && origin !== 'approved' && origin !== 'monitored') {
    throw new Error(`invalid adjustmentOrigin ${JSON.stringify(origin)}`);
  }
  const inAdjustment = state.startsWith('adjustment.');
  if (inAdjustment && origin === null) {
    throw new Error(`state ${state} needs context.adjustmentOrigin ('approved' or 'monitored')`);
  }
  return { adjustmentOrigin: inAdjustment ? origin : null };
}

/** The initial snapshot of a new declaration (`drafting`). */
export function initialSnapshot(): DeclarationSnapshot {
  return initialTransition(declarationMachine)[0];
}

/** A snapshot for a dotted state and its context, via `machine.resolveState`. */
export function snapshotOf(state: string, context?: Partial<DeclarationContext>): DeclarationSnapshot {
  requireLeaf(state);
  return declarationMachine.resolveState({
    value: stateStringToValue(state),
    context: parseContext(state, context),
  });
}

/** What the service stores: an indexed state column, the context, and the machine version. */
export interface PersistedWorkflow {
  state: DeclarationState;
  context: DeclarationContext;
  machineVersion: number;
}

export function toPersisted(snapshot: DeclarationSnapshot): PersistedWorkflow {
  const state = stateToString(snapshot);
  if (!isDeclarationState(state)) throw new Error(`not a resting state: ${state}`);
  return {
    state,
    context: { adjustmentOrigin: snapshot.context.adjustmentOrigin },
    machineVersion: MACHINE_VERSION,
  };
}

/** A stored workflow state in the shape of the version that wrote it; input and output of a migration. */
export interface StoredWorkflowState {
  state: string;
  context: Record<string, unknown>;
}

/** Upgrades a stored state written by version N to version N + 1. */
export type Migration = (stored: StoredWorkflowState) => StoredWorkflowState;

/** A migration that only renames states (exact dotted names). */
export function renameStates(renames: Readonly<Record<string, string>>): Migration {
  return ({ state, context }) => ({ state: renames[state] ?? state, context });
}

/**
 * Keyed by the version a migration upgrades FROM: `migrations[1]` turns what machine v1
 * stored into what v2 reads. Version 1 is the first machine, so there is nothing yet. When
 * v2 renames a state, set MACHINE_VERSION = 2 and add e.g.
 * `1: renameStates({ 'adjustment.drafting': 'adjustment.editing' })`.
 */
export const migrations: Readonly<Record<number, Migration>> = {};

export interface RestoreOptions {
  /** Defaults to `migrations`; tests pass their own. */
  migrations?: Readonly<Record<number, Migration>>;
  /** Defaults to MACHINE_VERSION; tests simulate a later machine. */
  currentVersion?: number;
}

function normalizeStored(persisted: unknown): StoredWorkflowState {
  if (typeof persisted === 'string') return { state: persisted, context: {} };
  if (persisted && typeof persisted === 'object') {
    const p = persisted as { state?: unknown; value?: unknown; context?: unknown };
    const context =
      p.context && typeof p.context === 'object' ? { ...(p.context as Record<string, unknown>) } : {};
    if (typeof p.state === 'string') return { state: p.state, context };
    if (p.value !== undefined) return { state: stateValueToString(p.value as StateValue), context };
  }
  throw new Error(
    'cannot restore the workflow state: expected a state string, {state, context} or a snapshot',
  );
}

/**
 * Rebuilds a snapshot from what was stored: a plain state string, `{ state, context }`
 * (the `PersistedWorkflow` row) or a persisted xstate snapshot (`{ value, context, ... }`),
 * written by machine version `machineVersion`. Older versions are migrated step by step; a
 * JSON-parsed snapshot cannot be fed to `transition` directly, so the result always comes
 * from `declarationMachine.resolveState`.
 */
export function restore(
  persisted: unknown,
  machineVersion: number,
  options: RestoreOptions = {},
): DeclarationSnapshot {
  const table = options.migrations ?? migrations;
  const current = options.currentVersion ?? MACHINE_VERSION;
  if (!Number.isInteger(machineVersion) || machineVersion < 1) {
    throw new Error(`invalid machine version ${machineVersion}`);
  }
  if (machineVersion > current) {
    throw new Error(
      `state written by machine version ${machineVersion}, newer than this machine (${current})`,
    );
  }
  let stored = normalizeStored(persisted);
  for (let v = machineVersion; v < current; v++) {
    const migrate = table[v];
    if (!migrate) throw new Error(`no migration from machine version ${v} to ${v + 1}`);
    stored = migrate(stored);
  }
  if (!isDeclarationState(stored.state)) {
    throw new Error(`unknown declaration state "${stored.state}" (machine version ${machineVersion})`);
  }
  return snapshotOf(stored.state, stored.context as Partial<DeclarationContext>);
}

// ---------------------------------------------------------------------------------------
// The service API
// ---------------------------------------------------------------------------------------

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

/** What an event takes besides `event` and `version`: a required comment, the ratings it may carry. */
export interface ActionNeeds {
  comment?: true;
  rating?: Rating[];
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
        ...(rule.ratings ? { rating: [...rule.ratings] } : {}),
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
// GET /api/workflow/definition
// ---------------------------------------------------------------------------------------

export interface WorkflowDefinition {
  machineId: string;
  machineVersion: number;
  initial: DeclarationState;
  states: Array<{
    id: DeclarationState;
    label: string;
    phase: Phase | null;
    editing: Phase | null;
    reviewStage: ReviewStage | null;
    final: boolean;
  }>;
  groups: Array<{ id: string; label: string; states: DeclarationState[] }>;
  events: Array<{
    type: WorkflowEventType;
    label: string;
    allowedIn: DeclarationState[];
    who: Array<{ in: DeclarationState[]; roles: Role[]; relations: Relation[]; requires: string[] }>;
    /** The ratings it may carry (优/良 with APPROVE, 中/差 with RETURN). */
    ratings: Rating[];
  }>;
  transitions: Array<{
    from: DeclarationState;
    event: WorkflowEventType;
    to: DeclarationState;
    fromLabel: string;
    eventLabel: string;
    toLabel: string;
    roles: Role[];
    relations: Relation[];
    requires: string[];
    when?: string;
  }>;
  rules: { nonActingRoles: Role[]; segregationOfDuties: string };
}

function requirements(rule: Rule, lang: Lang): string[] {
  const out: string[] = [];
  if (rule.ownSubmission) out.push(render('WORKFLOW_REQUIRES_OWN_SUBMISSION', {}, lang));
  if (rule.segregation) out.push(render('WORKFLOW_REQUIRES_NOT_SUBMITTER', {}, lang));
  if (rule.comment) out.push(render('WORKFLOW_REQUIRES_COMMENT', {}, lang));
  if (rule.noErrors) out.push(render('WORKFLOW_REQUIRES_NO_ERRORS', {}, lang));
  return out;
}

/** The lifecycle as data, its labels and requirements in `lang` (Chinese unless asked). */
export function workflowDefinition(lang: Lang = 'zh'): WorkflowDefinition {
  const transitions = allTransitions();
  const events = EVENT_TYPES.map((type) => {
    const ofType = transitions.filter((t) => t.event === type);
    const byRule = new Map<RuleName, DeclarationState[]>();
    for (const t of ofType) {
      const states = byRule.get(t.rule) ?? [];
      if (!states.includes(t.from)) states.push(t.from);
      byRule.set(t.rule, states);
    }
    return {
      type,
      label: eventLabel(type, lang),
      allowedIn: [...new Set(ofType.map((t) => t.from))],
      who: [...byRule].map(([name, states]) => ({
        in: states,
        roles: [...RULES[name].roles],
        relations: [...RULES[name].relations],
        requires: requirements(RULES[name], lang),
      })),
      ratings: [...ratingsFor(type)],
    };
  });
  const groups = (Object.values(declarationMachine.root.states) as AnyStateNode[])
    .filter((n) => Object.keys(n.states).length > 0)
    .map((n) => ({
      id: n.key,
      label: stateLabel(n.key, lang),
      states: leafStateNodes(n).map((leaf) => nodePath(leaf) as DeclarationState),
    }));
  return {
    machineId: MACHINE_ID,
    machineVersion: MACHINE_VERSION,
    initial: stateToString(initialSnapshot()) as DeclarationState,
    states: DECLARATION_STATES.map((id) => ({
      id,
      label: stateLabel(id, lang),
      phase: phaseOf(id),
      editing: editingPhase(id),
      reviewStage: reviewStage(id),
      final: isFinalState(id),
    })),
    groups,
    events,
    transitions: transitions.map((t) => ({
      from: t.from,
      event: t.event,
      to: t.to,
      fromLabel: stateLabel(t.from, lang),
      eventLabel: eventLabel(t.event, lang),
      toLabel: stateLabel(t.to, lang),
      roles: [...RULES[t.rule].roles],
      relations: [...RULES[t.rule].relations],
      requires: requirements(RULES[t.rule], lang),
      ...(t.origin ? { when: render('WORKFLOW_WHEN_ORIGIN', { origin: t.origin }, lang) } : {}),
    })),
    rules: {
      nonActingRoles: [...NON_ACTING_ROLES],
      segregationOfDuties: render('WORKFLOW_SEGREGATION_RULE', {}, lang),
    },
  };
}
