/**
 * Who may decide a library proposal (入库, 修改, 出库: docs/spec/domain.md §9), as data: the rules
 * the machine's guards name and the one check of a rule against the facts of an event. Pure: no
 * Nest, no I/O, no xstate (the same split as src/lifecycle/declaration.rules.ts).
 *
 * The bureau's two-step approval: one bureau reviewer approves first, a DIFFERENT one approves
 * second (segregation of duties: neither approval by the proposer, the second not by the first
 * approver); either step may return the proposal with a reason. Who proposes is the bureau too
 * (`PERMISSIONS['library.propose']`).
 */
import type { Role } from '../common/roles';

export const LIBRARY_EVENTS = ['APPROVE', 'RETURN'] as const;
export type LibraryEventType = (typeof LIBRARY_EVENTS)[number];

export interface LibraryFacts {
  actor: { id: number; roles: readonly Role[] };
  proposedBy: number;
  /** Who gave the first approval (null before it). */
  firstApprovedBy: number | null;
  comment?: string;
}

export type LibraryEvent = LibraryFacts & { type: LibraryEventType };

export type LibraryRuleName = 'approveFirst' | 'approveSecond' | 'returnFirst' | 'returnSecond';

export interface LibraryRule {
  roles: readonly Role[];
  /** Never the proposer. */
  notProposer?: true;
  /** Never the first approver (the second approval). */
  notFirstApprover?: true;
  /** A non-blank reason is required. */
  comment?: true;
}

const BUREAU: readonly Role[] = ['bureau_reviewer'];

export const LIBRARY_RULES: Readonly<Record<LibraryRuleName, LibraryRule>> = {
  approveFirst: { roles: BUREAU, notProposer: true },
  approveSecond: { roles: BUREAU, notProposer: true, notFirstApprover: true },
  returnFirst: { roles: BUREAU, comment: true },
  returnSecond: { roles: BUREAU, comment: true },
};

/** 409 not possible in the state, 403 role or segregation, 400 no reason. */
export type LibraryRefusalCause = 'state' | 'role' | 'proposer' | 'firstApprover' | 'comment';

export interface LibraryRefusal {
  cause: LibraryRefusalCause;
  rule?: LibraryRuleName;
}

export function checkLibraryRule(name: LibraryRuleName, event: LibraryEvent): LibraryRefusal | null {
  const rule = LIBRARY_RULES[name];
  const { actor } = event;
  if (!rule.roles.some((r) => actor.roles.includes(r))) return { cause: 'role', rule: name };
  if (rule.notProposer && actor.id === event.proposedBy) return { cause: 'proposer', rule: name };
  if (rule.notFirstApprover && actor.id === event.firstApprovedBy)
    return { cause: 'firstApprover', rule: name };
  if (rule.comment && (event.comment ?? '').trim() === '') return { cause: 'comment', rule: name };
  return null;
}
