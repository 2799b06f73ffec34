import { describe, expect, it } from '@jest/globals';
import { createMachine, initialTransition, transition } from 'xstate';
import { allowedEvents, availableActions, explain, ratingsFor } from './declaration.decisions';
import {
  DECLARATION_STATES,
  EVENT_TYPES,
  declarationMachine,
  editingPhase,
  leafStateNodes,
  nodePath,
  phaseOf,
  reviewStage,
  stateToString,
  type AdjustmentOrigin,
  type DeclarationSnapshot,
  type DeclarationState,
  type WorkflowEventType,
} from './declaration.machine';
import {
  MACHINE_VERSION,
  initialSnapshot,
  renameStates,
  restore,
  snapshotOf,
  toPersisted,
  type Migration,
} from './declaration.persistence';
import type { RefusalReason, WorkflowActor, WorkflowEvent, WorkflowFacts } from './declaration.rules';
import { workflowDefinition } from './workflow-definition';
import { englishIn } from '../../test/support/errors';
import { mermaidId, toMermaid } from './machine-diagram';

// ---------------------------------------------------------------------------------------
// Actors. In the matrix every event says the phase was submitted by user 1 (submitterOwner),
// carries a comment and has no error findings, so only state and role decide.
// ---------------------------------------------------------------------------------------

const ACTORS = {
  submitterOwner: { id: 1, roles: ['submitter'], relation: 'owner' },
  submitterOther: { id: 2, roles: ['submitter'], relation: 'other' },
  deptOwner: { id: 3, roles: ['dept_reviewer'], relation: 'owner' },
  deptAncestor: { id: 4, roles: ['dept_reviewer'], relation: 'ancestor' },
  deptOther: { id: 5, roles: ['dept_reviewer'], relation: 'other' },
  bureau: { id: 6, roles: ['bureau_reviewer'], relation: 'other' },
  auditor: { id: 7, roles: ['auditor'], relation: 'owner' },
  admin: { id: 8, roles: ['admin'], relation: 'owner' },
  multiRole: { id: 9, roles: ['submitter', 'dept_reviewer', 'bureau_reviewer'], relation: 'owner' },
  auditorSubmitter: { id: 10, roles: ['submitter', 'auditor'], relation: 'owner' },
} satisfies Record<string, WorkflowActor>;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

const SUBMITTED_BY = ACTORS.submitterOwner.id;

function ev(type: WorkflowEventType, actor: WorkflowActor, over: Partial<WorkflowFacts> = {}): WorkflowEvent {
  return { type, actor, submittedBy: SUBMITTED_BY, hasErrors: false, comment: 'reason given', ...over };
}

// ---------------------------------------------------------------------------------------
// The expectation table, written by hand from docs/spec/workflow.md. 'ORIGIN' = where the adjustment
// was requested from. An event not listed for a state must be refused with 'state'; an actor
// not listed for an event must be refused with 'role'.
// ---------------------------------------------------------------------------------------

type Next = DeclarationState | 'ORIGIN';
type Row = Partial<Record<WorkflowEventType, [Next, ActorName[]]>>;

const SUBMITTERS: ActorName[] = ['submitterOwner', 'multiRole'];
const DEPT_REVIEWERS: ActorName[] = ['deptOwner', 'deptAncestor', 'multiRole'];
const BUREAU: ActorName[] = ['bureau', 'multiRole'];
const WHO_SUBMITTED: ActorName[] = ['submitterOwner'];

const EXPECTED: Record<DeclarationState, Row> = {
  drafting: { SUBMIT: ['internalReview', SUBMITTERS] },
  internalReview: {
    WITHDRAW: ['drafting', WHO_SUBMITTED],
    APPROVE: ['bureauReview', DEPT_REVIEWERS],
    RETURN: ['drafting', DEPT_REVIEWERS],
  },
  bureauReview: { APPROVE: ['approved', BUREAU], RETURN: ['drafting', BUREAU] },
  approved: {
    REQUEST_ADJUSTMENT: ['adjustment.drafting', SUBMITTERS],
    OPEN_MONITORING: ['monitoring.reporting', BUREAU],
  },
  'adjustment.drafting': {
    SUBMIT: ['adjustment.internalReview', SUBMITTERS],
    CANCEL_ADJUSTMENT: ['ORIGIN', SUBMITTERS],
  },
  'adjustment.internalReview': {
    WITHDRAW: ['adjustment.drafting', WHO_SUBMITTED],
    APPROVE: ['adjustment.bureauReview', DEPT_REVIEWERS],
    RETURN: ['adjustment.drafting', DEPT_REVIEWERS],
  },
  'adjustment.bureauReview': { APPROVE: ['ORIGIN', BUREAU], RETURN: ['adjustment.drafting', BUREAU] },
  'monitoring.reporting': { SUBMIT: ['monitoring.internalReview', SUBMITTERS] },
  'monitoring.internalReview': {
    WITHDRAW: ['monitoring.reporting', WHO_SUBMITTED],
    APPROVE: ['monitoring.bureauReview', DEPT_REVIEWERS],
    RETURN: ['monitoring.reporting', DEPT_REVIEWERS],
  },
  'monitoring.bureauReview': { APPROVE: ['monitored', BUREAU], RETURN: ['monitoring.reporting', BUREAU] },
  monitored: {
    REQUEST_ADJUSTMENT: ['adjustment.drafting', SUBMITTERS],
    OPEN_EVALUATION: ['evaluation.reporting', BUREAU],
  },
  'evaluation.reporting': { SUBMIT: ['evaluation.internalReview', SUBMITTERS] },
  'evaluation.internalReview': {
    WITHDRAW: ['evaluation.reporting', WHO_SUBMITTED],
    APPROVE: ['evaluation.bureauReview', DEPT_REVIEWERS],
    RETURN: ['evaluation.reporting', DEPT_REVIEWERS],
  },
  'evaluation.bureauReview': { APPROVE: ['closed', BUREAU], RETURN: ['evaluation.reporting', BUREAU] },
  closed: {},
};

interface Case {
  state: DeclarationState;
  origin: AdjustmentOrigin | null;
  event: WorkflowEventType;
  actor: ActorName;
  expected: { next: DeclarationState } | { reason: RefusalReason };
}

const MATRIX: Case[] = [];
for (const state of Object.keys(EXPECTED) as DeclarationState[]) {
  const origins: (AdjustmentOrigin | null)[] = state.startsWith('adjustment.')
    ? ['approved', 'monitored']
    : [null];
  for (const origin of origins) {
    for (const event of EVENT_TYPES) {
      for (const actor of ACTOR_NAMES) {
        const row = EXPECTED[state][event];
        let expected: Case['expected'];
        if (!row) expected = { reason: 'state' };
        else if (!row[1].includes(actor)) expected = { reason: 'role' };
        else expected = { next: row[0] === 'ORIGIN' ? (origin as DeclarationState) : row[0] };
        MATRIX.push({ state, origin, event, actor, expected });
      }
    }
  }
}

function at(state: DeclarationState, origin: AdjustmentOrigin | null = null): DeclarationSnapshot {
  return snapshotOf(state, origin ? { adjustmentOrigin: origin } : undefined);
}

describe('declaration machine: state × event × role', () => {
  it('covers every state, event and actor', () => {
    expect(new Set(MATRIX.map((c) => c.state)).size).toBe(DECLARATION_STATES.length);
    expect(MATRIX).toHaveLength((DECLARATION_STATES.length + 3) * EVENT_TYPES.length * ACTOR_NAMES.length);
  });

  it.each(
    MATRIX.map((c): [string, Case] => [
      `${c.state}${c.origin ? ` (from ${c.origin})` : ''} ${c.event} by ${c.actor}`,
      c,
    ]),
  )('%s', (_name, c) => {
    const snapshot = at(c.state, c.origin);
    const event = ev(c.event, ACTORS[c.actor]);
    const result = explain(snapshot, event);
    if ('next' in c.expected) {
      expect(result).toMatchObject({ ok: true, next: c.expected.next });
      expect(snapshot.can(event)).toBe(true);
    } else {
      expect(result).toMatchObject({ ok: false, reason: c.expected.reason });
      expect(snapshot.can(event)).toBe(false);
    }
  });
});

describe('guards beyond role', () => {
  const both: WorkflowActor = { id: 20, roles: ['submitter', 'dept_reviewer'], relation: 'owner' };
  const submitterBureau: WorkflowActor = {
    id: 21,
    roles: ['submitter', 'bureau_reviewer'],
    relation: 'owner',
  };

  it('segregation: a submitter who is also the reviewer cannot approve or return what they submitted', () => {
    const submitted = explain('drafting', ev('SUBMIT', both, { submittedBy: null }));
    expect(submitted).toMatchObject({ ok: true, next: 'internalReview' });
    expect(explain('internalReview', ev('APPROVE', both, { submittedBy: 20 }))).toMatchObject({
      ok: false,
      reason: 'segregation',
    });
    expect(explain('internalReview', ev('RETURN', both, { submittedBy: 20 }))).toMatchObject({
      ok: false,
      reason: 'segregation',
    });
    expect(explain('internalReview', ev('APPROVE', ACTORS.deptOwner, { submittedBy: 20 }))).toMatchObject({
      ok: true,
      next: 'bureauReview',
    });
    // The same person may still withdraw it.
    expect(explain('internalReview', ev('WITHDRAW', both, { submittedBy: 20 }))).toMatchObject({
      ok: true,
      next: 'drafting',
    });
  });

  it('segregation holds at the bureau stage and in every phase', () => {
    for (const state of ['bureauReview', 'adjustment.bureauReview', 'monitoring.bureauReview'] as const) {
      const snap = at(state, state.startsWith('adjustment') ? 'approved' : null);
      expect(explain(snap, ev('APPROVE', submitterBureau, { submittedBy: 21 }))).toMatchObject({
        ok: false,
        reason: 'segregation',
      });
    }
  });

  it('RETURN and REQUEST_ADJUSTMENT need a non-blank comment', () => {
    for (const comment of [undefined, '', '   ']) {
      expect(explain('internalReview', ev('RETURN', ACTORS.deptOwner, { comment }))).toMatchObject({
        ok: false,
        reason: 'comment',
      });
      expect(explain('bureauReview', ev('RETURN', ACTORS.bureau, { comment }))).toMatchObject({
        ok: false,
        reason: 'comment',
      });
      expect(explain('approved', ev('REQUEST_ADJUSTMENT', ACTORS.submitterOwner, { comment }))).toMatchObject(
        {
          ok: false,
          reason: 'comment',
        },
      );
    }
    // APPROVE needs none.
    expect(explain('internalReview', ev('APPROVE', ACTORS.deptOwner, { comment: undefined })).ok).toBe(true);
  });

  it('SUBMIT is blocked by error findings in every editing state', () => {
    for (const state of [
      'drafting',
      'adjustment.drafting',
      'monitoring.reporting',
      'evaluation.reporting',
    ] as const) {
      const snap = at(state, state.startsWith('adjustment') ? 'monitored' : null);
      const event = ev('SUBMIT', ACTORS.submitterOwner, { hasErrors: true });
      expect(explain(snap, event)).toMatchObject({ ok: false, reason: 'findings' });
      expect(snap.can(event)).toBe(false);
    }
  });

  it('WITHDRAW is only for the user who submitted', () => {
    const other: WorkflowActor = { id: 30, roles: ['submitter'], relation: 'owner' };
    expect(explain('internalReview', ev('WITHDRAW', other))).toMatchObject({ ok: false, reason: 'role' });
    expect(explain('internalReview', ev('WITHDRAW', other, { submittedBy: null }))).toMatchObject({
      ok: false,
      reason: 'role',
    });
  });

  it('checks in order: state, role, segregation, comment, findings', () => {
    expect(explain('drafting', ev('APPROVE', ACTORS.auditor))).toMatchObject({ reason: 'state' });
    expect(explain('internalReview', ev('APPROVE', ACTORS.submitterOwner))).toMatchObject({ reason: 'role' });
    expect(explain('internalReview', ev('RETURN', both, { submittedBy: 20, comment: '' }))).toMatchObject({
      reason: 'segregation',
    });
    expect(explain('drafting', ev('SUBMIT', ACTORS.deptOwner, { hasErrors: true }))).toMatchObject({
      reason: 'role',
    });
  });

  it('an auditor or admin never fires, even holding another role', () => {
    const adminBureau: WorkflowActor = { id: 40, roles: ['bureau_reviewer', 'admin'], relation: 'owner' };
    expect(explain('approved', ev('OPEN_MONITORING', adminBureau))).toMatchObject({
      ok: false,
      reason: 'role',
    });
    expect(
      allowedEvents('drafting', { actor: ACTORS.auditorSubmitter, submittedBy: null, hasErrors: false }),
    ).toEqual([]);
  });

  it('says exactly why, for the service to name the problem: the cause and the rule that refused', () => {
    expect(explain('drafting', ev('APPROVE', ACTORS.deptOwner))).toEqual({
      ok: false,
      reason: 'state',
      cause: 'state',
    });
    expect(explain('monitoring.internalReview', ev('APPROVE', ACTORS.deptOther))).toEqual({
      ok: false,
      reason: 'role',
      cause: 'role',
      rule: 'approveInternal',
    });
    expect(explain('approved', ev('OPEN_MONITORING', ACTORS.admin))).toEqual({
      ok: false,
      reason: 'role',
      cause: 'nonActing',
      rule: 'openMonitoring',
      roles: ['admin'],
    });
    const other: WorkflowActor = { id: 30, roles: ['submitter'], relation: 'owner' };
    expect(explain('internalReview', ev('WITHDRAW', other))).toMatchObject({ cause: 'ownSubmission' });
    expect(explain('internalReview', ev('RETURN', ACTORS.deptOwner, { comment: ' ' }))).toMatchObject({
      cause: 'comment',
      rule: 'returnInternal',
    });
    expect(explain('drafting', ev('SUBMIT', ACTORS.submitterOwner, { hasErrors: true }))).toMatchObject({
      cause: 'findings',
      rule: 'submit',
    });
  });

  it('rejects an unknown state and an adjustment state without its origin', () => {
    expect(() => explain('editing', ev('SUBMIT', ACTORS.submitterOwner))).toThrow(
      /unknown declaration state/,
    );
    expect(() => explain('adjustment', ev('SUBMIT', ACTORS.submitterOwner))).toThrow(
      /unknown declaration state/,
    );
    expect(() => explain('adjustment.drafting', ev('SUBMIT', ACTORS.submitterOwner))).toThrow(
      /adjustmentOrigin/,
    );
    expect(
      explain('adjustment.drafting', ev('SUBMIT', ACTORS.submitterOwner), { adjustmentOrigin: 'approved' }),
    ).toMatchObject({ ok: true, next: 'adjustment.internalReview' });
  });
});

/** Fires events in order as the right people, failing loudly on a refusal. */
function run(snapshot: DeclarationSnapshot, steps: [WorkflowEventType, ActorName][]): DeclarationSnapshot {
  let s = snapshot;
  for (const [type, actor] of steps) {
    const result = explain(s, ev(type, ACTORS[actor]));
    if (!result.ok) throw new Error(`${type} by ${actor} in ${stateToString(s)}: refused (${result.cause})`);
    s = result.snapshot;
  }
  return s;
}

const FULL_REVIEW: [WorkflowEventType, ActorName][] = [
  ['SUBMIT', 'submitterOwner'],
  ['APPROVE', 'deptOwner'],
  ['APPROVE', 'bureau'],
];

describe('lifecycle', () => {
  it('starts in drafting and runs to closed', () => {
    const start = initialSnapshot();
    expect(stateToString(start)).toBe('drafting');
    const approved = run(start, FULL_REVIEW);
    expect(stateToString(approved)).toBe('approved');
    const monitored = run(approved, [['OPEN_MONITORING', 'bureau'], ...FULL_REVIEW]);
    expect(stateToString(monitored)).toBe('monitored');
    const closed = run(monitored, [['OPEN_EVALUATION', 'bureau'], ...FULL_REVIEW]);
    expect(stateToString(closed)).toBe('closed');
    expect(closed.status).toBe('done');
  });

  it.each(['approved', 'monitored'] as const)(
    'an adjustment requested in %s returns there when approved',
    (origin) => {
      const inAdjustment = run(at(origin), [['REQUEST_ADJUSTMENT', 'submitterOwner']]);
      expect(stateToString(inAdjustment)).toBe('adjustment.drafting');
      expect(inAdjustment.context.adjustmentOrigin).toBe(origin);
      const back = run(inAdjustment, FULL_REVIEW);
      expect(stateToString(back)).toBe(origin);
      expect(back.context.adjustmentOrigin).toBeNull();
    },
  );

  it.each(['approved', 'monitored'] as const)('CANCEL_ADJUSTMENT returns to %s', (origin) => {
    const back = run(at(origin), [
      ['REQUEST_ADJUSTMENT', 'submitterOwner'],
      ['SUBMIT', 'submitterOwner'],
      ['RETURN', 'deptOwner'],
      ['CANCEL_ADJUSTMENT', 'submitterOwner'],
    ]);
    expect(stateToString(back)).toBe(origin);
    expect(back.context.adjustmentOrigin).toBeNull();
  });

  it('every state is reachable from drafting, and every non-final state has a way out', () => {
    const key = (s: DeclarationSnapshot) => `${stateToString(s)}|${s.context.adjustmentOrigin}`;
    const seen = new Map<string, DeclarationSnapshot>([[key(initialSnapshot()), initialSnapshot()]]);
    const queue = [initialSnapshot()];
    const exits = new Set<string>();
    while (queue.length > 0) {
      const s = queue.shift() as DeclarationSnapshot;
      for (const type of EVENT_TYPES) {
        for (const actor of ACTOR_NAMES) {
          const result = explain(s, ev(type, ACTORS[actor]));
          if (!result.ok) continue;
          exits.add(stateToString(s));
          if (!seen.has(key(result.snapshot))) {
            seen.set(key(result.snapshot), result.snapshot);
            queue.push(result.snapshot);
          }
        }
      }
    }
    const reached = new Set([...seen.values()].map((s) => stateToString(s)));
    expect([...reached].sort()).toEqual([...DECLARATION_STATES].sort());
    expect([...exits].sort()).toEqual(DECLARATION_STATES.filter((s) => s !== 'closed').sort());
  });

  it('lists exactly the leaf states of the machine', () => {
    expect(leafStateNodes().map(nodePath)).toEqual([...DECLARATION_STATES]);
  });

  it('uses the pure transition functions, equal to explain', () => {
    const [start] = initialTransition(declarationMachine);
    const [next] = transition(declarationMachine, start, ev('SUBMIT', ACTORS.submitterOwner));
    expect(stateToString(next)).toBe('internalReview');
  });
});

describe('phase helpers', () => {
  it.each<[DeclarationState, string | null, string | null, string | null]>([
    ['drafting', 'declaration', 'declaration', null],
    ['internalReview', 'declaration', null, 'internalReview'],
    ['bureauReview', 'declaration', null, 'bureauReview'],
    ['approved', null, null, null],
    ['adjustment.drafting', 'adjustment', 'adjustment', null],
    ['adjustment.internalReview', 'adjustment', null, 'internalReview'],
    ['adjustment.bureauReview', 'adjustment', null, 'bureauReview'],
    ['monitoring.reporting', 'monitoring', 'monitoring', null],
    ['monitoring.internalReview', 'monitoring', null, 'internalReview'],
    ['monitoring.bureauReview', 'monitoring', null, 'bureauReview'],
    ['monitored', null, null, null],
    ['evaluation.reporting', 'evaluation', 'evaluation', null],
    ['evaluation.internalReview', 'evaluation', null, 'internalReview'],
    ['evaluation.bureauReview', 'evaluation', null, 'bureauReview'],
    ['closed', null, null, null],
  ])('%s: phase %s, editing %s, review %s', (state, phase, editing, stage) => {
    expect(phaseOf(state)).toBe(phase);
    expect(editingPhase(state)).toBe(editing);
    expect(reviewStage(state)).toBe(stage);
  });

  it('allowedEvents lists what this actor may fire now', () => {
    const facts = (actor: WorkflowActor, over: Partial<WorkflowFacts> = {}): WorkflowFacts => ({
      actor,
      submittedBy: SUBMITTED_BY,
      hasErrors: false,
      ...over,
    });
    expect(allowedEvents('drafting', facts(ACTORS.submitterOwner))).toEqual(['SUBMIT']);
    expect(allowedEvents('drafting', facts(ACTORS.submitterOwner, { hasErrors: true }))).toEqual([]);
    expect(allowedEvents('internalReview', facts(ACTORS.submitterOwner))).toEqual(['WITHDRAW']);
    // No comment yet: RETURN still offered, the UI asks for the reason.
    expect(allowedEvents('internalReview', facts(ACTORS.deptAncestor))).toEqual(['APPROVE', 'RETURN']);
    expect(allowedEvents('internalReview', facts(ACTORS.deptAncestor, { submittedBy: 4 }))).toEqual([]);
    expect(allowedEvents('approved', facts(ACTORS.multiRole))).toEqual([
      'REQUEST_ADJUSTMENT',
      'OPEN_MONITORING',
    ]);
    expect(allowedEvents(at('adjustment.drafting', 'monitored'), facts(ACTORS.submitterOwner))).toEqual([
      'SUBMIT',
      'CANCEL_ADJUSTMENT',
    ]);
    expect(allowedEvents('closed', facts(ACTORS.multiRole))).toEqual([]);
  });
});

describe('actions: what an actor could do, and whether it may now', () => {
  const facts = (actor: WorkflowActor, over: Partial<WorkflowFacts> = {}): WorkflowFacts => ({
    actor,
    submittedBy: SUBMITTED_BY,
    hasErrors: false,
    ...over,
  });
  const brief = (state: DeclarationState | DeclarationSnapshot, f: WorkflowFacts) =>
    availableActions(state, f).map((a) => ({
      event: a.event,
      allowed: a.allowed,
      cause: a.refusal?.cause ?? null,
      needs: a.needs,
    }));

  it('lists SUBMIT to its submitter, not allowed while error findings block it', () => {
    expect(availableActions('drafting', facts(ACTORS.submitterOwner, { submittedBy: null }))).toEqual([
      { event: 'SUBMIT', allowed: true, refusal: null, needs: {}, checksFindings: true },
    ]);
    expect(brief('drafting', facts(ACTORS.submitterOwner, { hasErrors: true }))).toEqual([
      { event: 'SUBMIT', allowed: false, cause: 'findings', needs: {} },
    ]);
  });

  it('gives a reviewer APPROVE with its ratings and RETURN needing a comment', () => {
    expect(brief('internalReview', facts(ACTORS.deptAncestor))).toEqual([
      { event: 'APPROVE', allowed: true, cause: null, needs: { rating: ['优', '良'] } },
      { event: 'RETURN', allowed: true, cause: null, needs: { comment: true, rating: ['中', '差'] } },
    ]);
    expect(brief('monitoring.bureauReview', facts(ACTORS.bureau))).toEqual([
      { event: 'APPROVE', allowed: true, cause: null, needs: { rating: ['优', '良'] } },
      { event: 'RETURN', allowed: true, cause: null, needs: { comment: true, rating: ['中', '差'] } },
    ]);
  });

  it('gives REQUEST_ADJUSTMENT needing a reason, and CANCEL_ADJUSTMENT in an adjustment', () => {
    expect(brief('approved', facts(ACTORS.submitterOwner))).toEqual([
      { event: 'REQUEST_ADJUSTMENT', allowed: true, cause: null, needs: { comment: true } },
    ]);
    expect(brief(at('adjustment.drafting', 'approved'), facts(ACTORS.submitterOwner))).toEqual([
      { event: 'SUBMIT', allowed: true, cause: null, needs: {} },
      { event: 'CANCEL_ADJUSTMENT', allowed: true, cause: null, needs: {} },
    ]);
  });

  it('lists what the facts forbid, with the refusal: WITHDRAW by another submitter, a review of one’s own', () => {
    const other: WorkflowActor = { id: 30, roles: ['submitter'], relation: 'owner' };
    expect(brief('internalReview', facts(other))).toEqual([
      { event: 'WITHDRAW', allowed: false, cause: 'ownSubmission', needs: {} },
    ]);
    const both: WorkflowActor = { id: 20, roles: ['submitter', 'dept_reviewer'], relation: 'owner' };
    expect(brief('internalReview', facts(both, { submittedBy: 20 }))).toEqual([
      { event: 'WITHDRAW', allowed: true, cause: null, needs: {} },
      { event: 'APPROVE', allowed: false, cause: 'segregation', needs: { rating: ['优', '良'] } },
      {
        event: 'RETURN',
        allowed: false,
        cause: 'segregation',
        needs: { comment: true, rating: ['中', '差'] },
      },
    ]);
  });

  it('lists nothing a role never fires here, and nothing at all to an auditor or admin', () => {
    expect(availableActions('internalReview', facts(ACTORS.bureau))).toEqual([]);
    expect(availableActions('drafting', facts(ACTORS.deptOwner))).toEqual([]);
    expect(availableActions('closed', facts(ACTORS.multiRole))).toEqual([]);
    for (const state of DECLARATION_STATES) {
      const snap = at(state, state.startsWith('adjustment.') ? 'approved' : null);
      for (const actor of [ACTORS.auditor, ACTORS.admin, ACTORS.auditorSubmitter]) {
        expect(availableActions(snap, facts(actor))).toEqual([]);
      }
    }
  });

  it('allows exactly the events explain lets fire (given a comment), for every state and actor', () => {
    for (const state of DECLARATION_STATES) {
      const snap = at(state, state.startsWith('adjustment.') ? 'monitored' : null);
      for (const name of ACTOR_NAMES) {
        for (const hasErrors of [false, true]) {
          const f = facts(ACTORS[name], { hasErrors });
          const fires = EVENT_TYPES.filter((type) => explain(snap, { ...f, type, comment: '理由' }).ok);
          const actions = availableActions(snap, f);
          expect(actions.filter((a) => a.allowed).map((a) => a.event)).toEqual(fires);
          expect(allowedEvents(snap, f)).toEqual(fires);
        }
      }
    }
  });

  it('knows the ratings of each event from its rules', () => {
    expect(ratingsFor('APPROVE')).toEqual(['优', '良']);
    expect(ratingsFor('RETURN')).toEqual(['中', '差']);
    expect(ratingsFor('SUBMIT')).toEqual([]);
  });
});

describe('persistence', () => {
  it('restores from the stored row, a bare state string and a persisted xstate snapshot', () => {
    const inAdjustment = run(at('monitored'), [['REQUEST_ADJUSTMENT', 'submitterOwner']]);
    const row = toPersisted(inAdjustment);
    expect(row).toEqual({
      state: 'adjustment.drafting',
      context: { adjustmentOrigin: 'monitored' },
      machineVersion: MACHINE_VERSION,
    });
    const fromRow = restore(JSON.parse(JSON.stringify(row)), row.machineVersion);
    expect(stateToString(run(fromRow, [['CANCEL_ADJUSTMENT', 'submitterOwner']]))).toBe('monitored');

    const json = JSON.parse(JSON.stringify(declarationMachine.getPersistedSnapshot(inAdjustment)));
    const fromJson = restore(json, MACHINE_VERSION);
    expect(stateToString(fromJson)).toBe('adjustment.drafting');
    expect(stateToString(run(fromJson, [...FULL_REVIEW]))).toBe('monitored');

    expect(stateToString(restore('approved', 1))).toBe('approved');
    expect(restore({ value: 'closed', context: {} }, 1).status).toBe('done');
  });

  it('refuses what it cannot read', () => {
    expect(() => restore('approved', MACHINE_VERSION + 1)).toThrow(/newer than this machine/);
    expect(() => restore('approved', 0)).toThrow(/invalid machine version/);
    expect(() => restore('nowhere', 1)).toThrow(/unknown declaration state "nowhere"/);
    expect(() => restore({ state: 'adjustment.bureauReview', context: {} }, 1)).toThrow(/adjustmentOrigin/);
    expect(() => restore(42, 1)).toThrow(/cannot restore/);
  });

  it('migrates a state persisted by an older machine version (v1 naming, transition under v2)', () => {
    // A stand-in for the machine as it was in v1: other state names and context field.
    const v1 = createMachine({
      id: 'declaration',
      context: { returnTo: null as string | null },
      initial: 'editing',
      states: {
        editing: { on: { SUBMIT: 'deptReview' } },
        deptReview: {},
        adjusting: { initial: 'dataBureauReview', states: { dataBureauReview: {} } },
      },
    });
    const [v1Start] = initialTransition(v1);
    const [v1Submitted] = transition(v1, v1Start, { type: 'SUBMIT' });
    const storedSubmitted = JSON.parse(JSON.stringify(v1.getPersistedSnapshot(v1Submitted)));
    const storedAdjusting = JSON.parse(
      JSON.stringify(
        v1.getPersistedSnapshot(
          v1.resolveState({ value: { adjusting: 'dataBureauReview' }, context: { returnTo: 'monitored' } }),
        ),
      ),
    );

    const rename = renameStates({
      editing: 'drafting',
      deptReview: 'internalReview',
      'adjusting.dataBureauReview': 'adjustment.bureauReview',
    });
    const v1ToV2: Migration = (stored) => {
      const { returnTo, ...rest } = stored.context;
      return rename({ state: stored.state, context: { ...rest, adjustmentOrigin: returnTo ?? null } });
    };
    const options = { migrations: { 1: v1ToV2 }, currentVersion: 2 };

    const submitted = restore(storedSubmitted, 1, options);
    expect(stateToString(submitted)).toBe('internalReview');
    expect(explain(submitted, ev('APPROVE', ACTORS.deptOwner))).toMatchObject({
      ok: true,
      next: 'bureauReview',
    });

    const adjusting = restore(storedAdjusting, 1, options);
    expect(explain(adjusting, ev('APPROVE', ACTORS.bureau))).toMatchObject({ ok: true, next: 'monitored' });

    // Without the migration step the v1 name is unknown, and a gap in the table is an error.
    expect(() => restore(storedSubmitted, 1)).toThrow(/unknown declaration state "deptReview"/);
    expect(() => restore(storedSubmitted, 1, { migrations: {}, currentVersion: 2 })).toThrow(
      /no migration from machine version 1 to 2/,
    );
  });
});

describe('definition and diagram', () => {
  it('describes states, events and transitions as JSON', () => {
    const def = workflowDefinition();
    expect(JSON.parse(JSON.stringify(def))).toEqual(def);
    expect(def.initial).toBe('drafting');
    expect(def.states.map((s) => s.id)).toEqual([...DECLARATION_STATES]);
    expect(def.states.find((s) => s.id === 'drafting')).toMatchObject({
      label: '编制中',
      editing: 'declaration',
    });
    expect(def.states.find((s) => s.id === 'monitoring.internalReview')?.label).toBe(
      '绩效监控 · 单位内部审核',
    );
    expect(def.states.find((s) => s.id === 'closed')).toMatchObject({ label: '已完结', final: true });
    expect(def.groups.map((g) => [g.id, g.label])).toEqual([
      ['adjustment', '目标调整'],
      ['monitoring', '绩效监控'],
      ['evaluation', '绩效自评'],
    ]);
    expect(def.transitions).toContainEqual(
      expect.objectContaining({
        from: 'approved',
        event: 'OPEN_MONITORING',
        to: 'monitoring.reporting',
        roles: ['bureau_reviewer'],
      }),
    );
    expect(
      def.transitions.filter((t) => t.from === 'adjustment.bureauReview' && t.event === 'APPROVE'),
    ).toEqual([
      expect.objectContaining({ to: 'approved', toLabel: '已批复', when: '调整申请自「已批复」状态提出时' }),
      expect.objectContaining({ to: 'monitored', toLabel: '已监控', when: '调整申请自「已监控」状态提出时' }),
    ]);
    // Every transition in the hand-written table, and nothing else.
    const fromTable = (Object.keys(EXPECTED) as DeclarationState[]).flatMap((from) =>
      Object.keys(EXPECTED[from]).map((event) => `${from} ${event}`),
    );
    expect([...new Set(def.transitions.map((t) => `${t.from} ${t.event}`))].sort()).toEqual(fromTable.sort());
    const submit = def.events.find((e) => e.type === 'SUBMIT');
    expect(submit?.allowedIn).toEqual([
      'drafting',
      'adjustment.drafting',
      'monitoring.reporting',
      'evaluation.reporting',
    ]);
    expect(submit).toMatchObject({ label: '提交', ratings: [] });
    expect(submit?.who[0]).toMatchObject({
      roles: ['submitter'],
      relations: ['owner'],
      requires: ['内容没有错误'],
    });
    expect(def.events.find((e) => e.type === 'APPROVE')).toMatchObject({
      label: '审核通过',
      ratings: ['优', '良'],
    });
    expect(def.events.find((e) => e.type === 'RETURN')?.who[0].requires).toEqual([
      '不是提交本阶段的用户',
      '填写原因（意见）',
    ]);
    expect(def.rules.segregationOfDuties).toMatch(/不相容职务分离/);
  });

  it('speaks English when asked, and Chinese with no English word otherwise', () => {
    const en = workflowDefinition('en');
    expect(en.states.find((s) => s.id === 'monitoring.internalReview')?.label).toBe(
      'monitoring · internal review',
    );
    expect(en.events.find((e) => e.type === 'REQUEST_ADJUSTMENT')?.label).toBe('Request adjustment');
    expect(en.events.find((e) => e.type === 'SUBMIT')?.who[0].requires).toEqual(['no error findings']);
    expect(
      en.transitions.find((t) => t.from === 'adjustment.bureauReview' && t.to === 'monitored')?.when,
    ).toBe('the adjustment was requested in monitored');
    const zh = workflowDefinition();
    const texts = [
      ...zh.states.map((s) => s.label),
      ...zh.groups.map((g) => g.label),
      ...zh.events.flatMap((e) => [e.label, ...e.who.flatMap((w) => w.requires)]),
      ...zh.transitions.flatMap((t) => [t.fromLabel, t.eventLabel, t.toLabel, t.when ?? '']),
      zh.rules.segregationOfDuties,
    ];
    expect(texts.filter((t) => englishIn(t))).toEqual([]);
  });

  it('draws every state in a deterministic Mermaid stateDiagram-v2', () => {
    const diagram = toMermaid();
    expect(diagram).toBe(toMermaid());
    expect(diagram.startsWith('stateDiagram-v2\n  [*] --> drafting\n')).toBe(true);
    for (const state of DECLARATION_STATES) {
      expect(diagram).toMatch(new RegExp(`^\\s*${mermaidId(state)} : `, 'm'));
    }
    expect(diagram).toContain('  drafting --> internalReview : SUBMIT');
    expect(diagram).toContain('  approved --> adjustment : REQUEST_ADJUSTMENT');
    expect(diagram).toContain('  adjustment_bureauReview --> monitored : APPROVE [from monitored]');
    expect(diagram).toContain('  evaluation_bureauReview --> closed : APPROVE');
    expect(diagram).toContain('  closed --> [*]');
  });
});
