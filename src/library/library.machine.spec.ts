import { describe, expect, it } from '@jest/globals';
import { explainProposal, proposalActions, proposalEffects } from './library.decisions';
import { PROPOSAL_STATES, proposalTransitionsFrom } from './library.machine';
import type { LibraryEvent } from './library.rules';

const bureau = (id: number) => ({ id, roles: ['bureau_reviewer'] as const });
const facts = { proposedBy: 1, firstApprovedBy: null as number | null };
const ev = (
  type: 'APPROVE' | 'RETURN',
  actorId: number,
  extra: Partial<LibraryEvent> = {},
): LibraryEvent => ({
  type,
  actor: bureau(actorId),
  ...facts,
  ...extra,
});

describe('the library proposal machine', () => {
  it('goes proposed → firstApproved → applied with two different bureau reviewers, neither the proposer', () => {
    expect(explainProposal('proposed', ev('APPROVE', 2))).toEqual({ ok: true, next: 'firstApproved' });
    expect(explainProposal('firstApproved', ev('APPROVE', 3, { firstApprovedBy: 2 }))).toEqual({
      ok: true,
      next: 'applied',
    });
  });

  it('refuses the proposer at either step and the first approver at the second (segregation of duties)', () => {
    expect(explainProposal('proposed', ev('APPROVE', 1))).toMatchObject({ ok: false, cause: 'proposer' });
    expect(explainProposal('firstApproved', ev('APPROVE', 1, { firstApprovedBy: 2 }))).toMatchObject({
      ok: false,
      cause: 'proposer',
    });
    expect(explainProposal('firstApproved', ev('APPROVE', 2, { firstApprovedBy: 2 }))).toMatchObject({
      ok: false,
      cause: 'firstApprover',
    });
  });

  it('returns from either step only with a reason', () => {
    expect(explainProposal('proposed', ev('RETURN', 2))).toMatchObject({ ok: false, cause: 'comment' });
    expect(explainProposal('proposed', ev('RETURN', 2, { comment: '口径不清' }))).toEqual({
      ok: true,
      next: 'returned',
    });
    expect(
      explainProposal('firstApproved', ev('RETURN', 2, { comment: '重复', firstApprovedBy: 2 })),
    ).toEqual({
      ok: true,
      next: 'returned',
    });
  });

  it('refuses other roles, and any event in a final state', () => {
    const submitter = { ...ev('APPROVE', 5), actor: { id: 5, roles: ['submitter'] as const } };
    expect(explainProposal('proposed', submitter)).toMatchObject({ ok: false, cause: 'role' });
    for (const s of ['applied', 'returned'] as const) {
      expect(proposalTransitionsFrom(s)).toEqual([]);
      expect(explainProposal(s, ev('APPROVE', 2))).toEqual({ ok: false, cause: 'state' });
    }
    expect(PROPOSAL_STATES).toEqual(['proposed', 'firstApproved', 'applied', 'returned']);
  });

  it('lists what a reader may do: APPROVE refused with its reason for the proposer, nothing for a submitter', () => {
    const own = proposalActions('proposed', { actor: bureau(1), ...facts });
    expect(own.map((a) => [a.event, a.allowed, a.refusal?.cause ?? null])).toEqual([
      ['APPROVE', false, 'proposer'],
      ['RETURN', true, null],
    ]);
    expect(proposalActions('proposed', { actor: { id: 9, roles: ['submitter'] }, ...facts })).toEqual([]);
  });

  it('applies the proposal only on the second approval', () => {
    expect(proposalEffects('proposed', 'firstApproved')).toEqual({
      recordsFirstApproval: true,
      applies: false,
      keepsReturnComment: false,
    });
    expect(proposalEffects('firstApproved', 'applied').applies).toBe(true);
    expect(proposalEffects('proposed', 'returned').keepsReturnComment).toBe(true);
  });
});
