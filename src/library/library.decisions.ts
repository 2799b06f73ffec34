/**
 * The library machine's answers to the service (as src/lifecycle/declaration.decisions.ts for a
 * declaration): may this event fire now and where does it lead (`explainProposal`), what could
 * this reader do with a proposal now (`proposalActions`), and what the transition does besides
 * moving the state (`proposalEffects`).
 */
import { nextProposalState, proposalTransitionsFrom, type ProposalState } from './library.machine';
import {
  checkLibraryRule,
  LIBRARY_EVENTS,
  LIBRARY_RULES,
  type LibraryEvent,
  type LibraryEventType,
  type LibraryFacts,
  type LibraryRefusal,
} from './library.rules';

export type ProposalExplanation = { ok: true; next: ProposalState } | ({ ok: false } & LibraryRefusal);

export function explainProposal(state: ProposalState, event: LibraryEvent): ProposalExplanation {
  const t = proposalTransitionsFrom(state).find((x) => x.event === event.type);
  if (!t) return { ok: false, cause: 'state' };
  const refusal = checkLibraryRule(t.rule, event);
  if (refusal) return { ok: false, ...refusal };
  const next = nextProposalState(state, event);
  if (next === state) throw new Error(`library machine did not move on ${event.type} from ${state}`);
  return { ok: true, next };
}

export interface ProposalAction {
  event: LibraryEventType;
  allowed: boolean;
  refusal: LibraryRefusal | null;
  needs: { comment?: true };
}

/** The events the reader's roles could fire here, each with whether it may now (segregation shows as a refusal). */
export function proposalActions(state: ProposalState, facts: LibraryFacts): ProposalAction[] {
  const out: ProposalAction[] = [];
  for (const type of LIBRARY_EVENTS) {
    const t = proposalTransitionsFrom(state).find((x) => x.event === type);
    if (!t) continue;
    const refusal = checkLibraryRule(t.rule, { ...facts, type, comment: 'given when fired' });
    if (refusal?.cause === 'role') continue;
    out.push({
      event: type,
      allowed: refusal === null,
      refusal,
      needs: LIBRARY_RULES[t.rule].comment ? { comment: true } : {},
    });
  }
  return out;
}

export interface ProposalEffects {
  /** The actor becomes the first approver. */
  recordsFirstApproval: boolean;
  /** The proposal is carried out on the library (the entry added, changed or retired). */
  applies: boolean;
  /** The return's reason is kept. */
  keepsReturnComment: boolean;
}

export function proposalEffects(from: ProposalState, to: ProposalState): ProposalEffects {
  return {
    recordsFirstApproval: from === 'proposed' && to === 'firstApproved',
    applies: to === 'applied',
    keepsReturnComment: to === 'returned',
  };
}

/** The states a proposal waits in for the bureau (its 待审 list), in order. */
export const OPEN_PROPOSAL_STATES: readonly ProposalState[] = ['proposed', 'firstApproved'];
