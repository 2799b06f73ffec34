// The workflow paths of the seeded declarations: for each state (and each way of being returned
// once on the way), the events that lead there, run through the service's own machine so every
// seeded history is one the service would have written.
import { actingRole, explain } from '../src/lifecycle/declaration.decisions';
import {
  reviewStage,
  type DeclarationSnapshot,
  type WorkflowEventType,
} from '../src/lifecycle/declaration.machine';
import { initialSnapshot, toPersisted } from '../src/lifecycle/declaration.persistence';
import type { WorkflowActor } from '../src/lifecycle/declaration.rules';

export type Who = 'submitter' | 'dept' | 'bureau';
export interface Step {
  event: WorkflowEventType;
  from: string;
  to: string;
  who: Who;
  role: string;
}
export interface PathTemplate {
  steps: Step[];
  state: string;
  snapshot: string;
  submitted: boolean; // submitted_by = the submitter (else null)
  everSubmitted: boolean;
  approvedVersion: number | null;
}

const DECLARATION_PHASE: WorkflowEventType[] = ['SUBMIT', 'APPROVE', 'APPROVE'];
const REVIEW = DECLARATION_PHASE;
const PREFIX: Record<string, WorkflowEventType[]> = {
  drafting: [],
  internalReview: ['SUBMIT'],
  bureauReview: ['SUBMIT', 'APPROVE'],
  approved: DECLARATION_PHASE,
  'adjustment.drafting': [...DECLARATION_PHASE, 'REQUEST_ADJUSTMENT'],
  'adjustment.internalReview': [...DECLARATION_PHASE, 'REQUEST_ADJUSTMENT', 'SUBMIT'],
  'adjustment.bureauReview': [...DECLARATION_PHASE, 'REQUEST_ADJUSTMENT', 'SUBMIT', 'APPROVE'],
  'monitoring.reporting': [...DECLARATION_PHASE, 'OPEN_MONITORING'],
  'monitoring.internalReview': [...DECLARATION_PHASE, 'OPEN_MONITORING', 'SUBMIT'],
  'monitoring.bureauReview': [...DECLARATION_PHASE, 'OPEN_MONITORING', 'SUBMIT', 'APPROVE'],
  monitored: [...DECLARATION_PHASE, 'OPEN_MONITORING', ...REVIEW],
  'evaluation.reporting': [...DECLARATION_PHASE, 'OPEN_MONITORING', ...REVIEW, 'OPEN_EVALUATION'],
  'evaluation.internalReview': [
    ...DECLARATION_PHASE,
    'OPEN_MONITORING',
    ...REVIEW,
    'OPEN_EVALUATION',
    'SUBMIT',
  ],
  'evaluation.bureauReview': [
    ...DECLARATION_PHASE,
    'OPEN_MONITORING',
    ...REVIEW,
    'OPEN_EVALUATION',
    'SUBMIT',
    'APPROVE',
  ],
  closed: [...DECLARATION_PHASE, 'OPEN_MONITORING', ...REVIEW, 'OPEN_EVALUATION', ...REVIEW],
};
/** Returned once before getting through: by the unit, or by the bureau. */
const LOOPS: WorkflowEventType[][] = [[], ['SUBMIT', 'RETURN'], ['SUBMIT', 'APPROVE', 'RETURN']];

const ACTORS: Record<Who, WorkflowActor> = {
  submitter: { id: 1, roles: ['submitter'], relation: 'owner' },
  dept: { id: 2, roles: ['dept_reviewer'], relation: 'ancestor' },
  bureau: { id: 3, roles: ['bureau_reviewer'], relation: 'other' },
};

function whoFires(event: WorkflowEventType, from: string): Who {
  if (event === 'APPROVE' || event === 'RETURN')
    return reviewStage(from) === 'internalReview' ? 'dept' : 'bureau';
  if (event === 'OPEN_MONITORING' || event === 'OPEN_EVALUATION') return 'bureau';
  return 'submitter';
}

function buildTemplate(events: WorkflowEventType[]): PathTemplate {
  let snap: DeclarationSnapshot = initialSnapshot();
  let from = 'drafting';
  let submittedBy: number | null = null;
  let everSubmitted = false;
  let approvedVersion: number | null = null;
  const steps: Step[] = [];
  for (const event of events) {
    const who = whoFires(event, from);
    const result = explain(snap, {
      type: event,
      actor: ACTORS[who],
      submittedBy,
      hasErrors: false,
      comment: 'x',
    });
    if (!result.ok) throw new Error(`seed path ${events.join(' ')}: refused (${result.cause})`);
    if (event === 'SUBMIT') {
      submittedBy = ACTORS.submitter.id;
      everSubmitted = true;
    }
    if (event === 'OPEN_MONITORING' || event === 'OPEN_EVALUATION' || event === 'REQUEST_ADJUSTMENT')
      submittedBy = null;
    if (event === 'APPROVE' && reviewStage(from) === 'bureauReview') {
      submittedBy = null;
      if (from === 'bureauReview' || from === 'adjustment.bureauReview')
        approvedVersion = (approvedVersion ?? 0) + 1;
    }
    steps.push({ event, from, to: result.next, who, role: actingRole(event, from) });
    snap = result.snapshot;
    from = result.next;
  }
  const persisted = toPersisted(snap);
  return {
    steps,
    state: persisted.state,
    snapshot: JSON.stringify(persisted),
    submitted: submittedBy !== null,
    everSubmitted,
    approvedVersion,
  };
}

const TEMPLATES = new Map<string, PathTemplate>();
export function pathFor(state: string, loop: number): PathTemplate {
  const key = `${state}|${loop}`;
  let t = TEMPLATES.get(key);
  if (!t) {
    t = buildTemplate([...LOOPS[loop], ...PREFIX[state]]);
    if (t.state !== state) throw new Error(`seed path for ${state} ends in ${t.state}`);
    TEMPLATES.set(key, t);
  }
  return t;
}
