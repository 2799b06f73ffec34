/**
 * The life of one library proposal (入库 add, 修改 change, 出库 retire: docs/spec/domain.md §9) as
 * an XState v5 statechart, on the conventions of src/lifecycle: the states and the rule
 * (library.rules.ts) that guards each transition here; the answers the service asks for in
 * library.decisions.ts; the words in library.messages.ts. Pure: no Nest, no I/O.
 *
 *   proposed ──APPROVE (一审)──▶ firstApproved ──APPROVE (二审)──▶ applied
 *      └──RETURN──▶ returned ◀──RETURN──┘
 *
 * `applied` and `returned` are final: a returned proposal is not edited, the bureau proposes
 * again. The state is stored in a column (`library_proposals.state`); the machine has no context.
 */
import { setup, transition, type AnyStateNode } from 'xstate';
import {
  checkLibraryRule,
  type LibraryEvent,
  type LibraryEventType,
  type LibraryRuleName,
} from './library.rules';

export const PROPOSAL_STATES = ['proposed', 'firstApproved', 'applied', 'returned'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

const allowed = (rule: LibraryRuleName) => ({ type: 'allowed' as const, params: { rule } });

export const libraryProposalMachine = setup({
  types: { events: {} as LibraryEvent },
  guards: {
    allowed: ({ event }, params: { rule: LibraryRuleName }) => checkLibraryRule(params.rule, event) === null,
  },
}).createMachine({
  id: 'libraryProposal',
  initial: 'proposed',
  states: {
    proposed: {
      on: {
        APPROVE: { guard: allowed('approveFirst'), target: 'firstApproved' },
        RETURN: { guard: allowed('returnFirst'), target: 'returned' },
      },
    },
    firstApproved: {
      on: {
        APPROVE: { guard: allowed('approveSecond'), target: 'applied' },
        RETURN: { guard: allowed('returnSecond'), target: 'returned' },
      },
    },
    applied: { type: 'final' },
    returned: { type: 'final' },
  },
});

export interface ProposalTransition {
  from: ProposalState;
  event: LibraryEventType;
  to: ProposalState;
  rule: LibraryRuleName;
}

/** The transitions leaving a state, read from the machine's definition. */
export function proposalTransitionsFrom(state: ProposalState): ProposalTransition[] {
  const node = libraryProposalMachine.states[state] as AnyStateNode;
  const out: ProposalTransition[] = [];
  for (const [event, defs] of node.transitions)
    for (const def of defs) {
      const target = def.target?.[0] as AnyStateNode | undefined;
      const guard = def.guard as { params?: { rule: LibraryRuleName } } | undefined;
      if (target && guard?.params)
        out.push({
          from: state,
          event: event as LibraryEventType,
          to: target.key as ProposalState,
          rule: guard.params.rule,
        });
    }
  return out;
}

/** xstate's pure answer: the state after `event` (unchanged when a guard refuses). */
export function nextProposalState(state: ProposalState, event: LibraryEvent): ProposalState {
  const [next] = transition(
    libraryProposalMachine,
    libraryProposalMachine.resolveState({ value: state }),
    event,
  );
  return next.value as ProposalState;
}
