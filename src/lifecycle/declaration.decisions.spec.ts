import { describe, expect, it } from '@jest/globals';
import {
  actingRole,
  awaitingByRole,
  checksFindings,
  effectsOf,
  mayWriteContent,
  roundOpeners,
  statesFiring,
} from './declaration.decisions';
import { allTransitions, INITIAL_STATE } from './declaration.machine';
import { RELATIONS, ROLES } from './declaration.rules';

/**
 * The facts the service, the queues and the content writes derive from the rules and the
 * transitions, pinned against the tables they replaced: a change to the machine that moves one
 * of them must be meant.
 */
describe('facts derived from the machine', () => {
  it('fires each event in the role of its rule', () => {
    const roles = Object.fromEntries(
      allTransitions().map((t) => [`${t.from} ${t.event}`, actingRole(t.event, t.from)]),
    );
    expect(roles).toEqual({
      'drafting SUBMIT': 'submitter',
      'internalReview WITHDRAW': 'submitter',
      'internalReview APPROVE': 'dept_reviewer',
      'internalReview RETURN': 'dept_reviewer',
      'bureauReview APPROVE': 'bureau_reviewer',
      'bureauReview RETURN': 'bureau_reviewer',
      'approved REQUEST_ADJUSTMENT': 'submitter',
      'approved OPEN_MONITORING': 'bureau_reviewer',
      'adjustment.drafting SUBMIT': 'submitter',
      'adjustment.drafting CANCEL_ADJUSTMENT': 'submitter',
      'adjustment.internalReview WITHDRAW': 'submitter',
      'adjustment.internalReview APPROVE': 'dept_reviewer',
      'adjustment.internalReview RETURN': 'dept_reviewer',
      'adjustment.bureauReview APPROVE': 'bureau_reviewer',
      'adjustment.bureauReview RETURN': 'bureau_reviewer',
      'monitoring.reporting SUBMIT': 'submitter',
      'monitoring.internalReview WITHDRAW': 'submitter',
      'monitoring.internalReview APPROVE': 'dept_reviewer',
      'monitoring.internalReview RETURN': 'dept_reviewer',
      'monitoring.bureauReview APPROVE': 'bureau_reviewer',
      'monitoring.bureauReview RETURN': 'bureau_reviewer',
      'monitored REQUEST_ADJUSTMENT': 'submitter',
      'monitored OPEN_EVALUATION': 'bureau_reviewer',
      'evaluation.reporting SUBMIT': 'submitter',
      'evaluation.internalReview WITHDRAW': 'submitter',
      'evaluation.internalReview APPROVE': 'dept_reviewer',
      'evaluation.internalReview RETURN': 'dept_reviewer',
      'evaluation.bureauReview APPROVE': 'bureau_reviewer',
      'evaluation.bureauReview RETURN': 'bureau_reviewer',
    });
  });

  it('refuses to name the role of a transition that does not exist', () => {
    expect(() => actingRole('APPROVE', 'drafting')).toThrow('no APPROVE transition from drafting');
  });

  it('opens a round of a phase with REQUEST_ADJUSTMENT, OPEN_MONITORING and OPEN_EVALUATION', () => {
    expect(roundOpeners()).toEqual(['REQUEST_ADJUSTMENT', 'OPEN_MONITORING', 'OPEN_EVALUATION']);
  });

  it('reads the findings for SUBMIT only, and only where it can fire', () => {
    const checking = allTransitions().filter((t) => checksFindings(t.event, t.from));
    expect(checking.map((t) => `${t.from} ${t.event}`)).toEqual([
      'drafting SUBMIT',
      'adjustment.drafting SUBMIT',
      'monitoring.reporting SUBMIT',
      'evaluation.reporting SUBMIT',
    ]);
    expect(checksFindings('SUBMIT', 'approved')).toBe(false);
  });

  it('opens monitoring only from approved and evaluation only from monitored', () => {
    expect(statesFiring('OPEN_MONITORING')).toEqual(['approved']);
    expect(statesFiring('OPEN_EVALUATION')).toEqual(['monitored']);
  });

  it('puts in each queue the states its role moves forward, within its rule’s relations', () => {
    expect(awaitingByRole()).toEqual([
      {
        role: 'submitter',
        states: ['drafting', 'adjustment.drafting', 'monitoring.reporting', 'evaluation.reporting'],
        relations: ['owner'],
      },
      {
        role: 'dept_reviewer',
        states: [
          'internalReview',
          'adjustment.internalReview',
          'monitoring.internalReview',
          'evaluation.internalReview',
        ],
        relations: ['owner', 'ancestor'],
      },
      {
        role: 'bureau_reviewer',
        states: [
          'bureauReview',
          'adjustment.bureauReview',
          'monitoring.bureauReview',
          'evaluation.bureauReview',
        ],
        relations: ['owner', 'ancestor', 'other'],
      },
    ]);
    expect(INITIAL_STATE).toBe('drafting');
  });

  it('lets only a submitter of the owning department write content', () => {
    const allowed = ROLES.flatMap((role) =>
      RELATIONS.filter((relation) => mayWriteContent([role], relation)).map(
        (relation) => `${role} ${relation}`,
      ),
    );
    expect(allowed).toEqual(['submitter owner']);
    expect(mayWriteContent(['dept_reviewer', 'submitter'], 'owner')).toBe(true);
    expect(mayWriteContent(['dept_reviewer', 'submitter'], 'ancestor')).toBe(false);
  });

  it('gives each transition its effects: submitter recorded and forgotten, versions kept, content restored', () => {
    const effects = Object.fromEntries(
      allTransitions()
        .map((t) => {
          const e = effectsOf(t.event, t.from);
          const words = [
            ...(e.recordsSubmitter ? ['records submitter'] : []),
            ...(e.forgetsSubmitter ? ['forgets submitter'] : []),
            ...(e.keepsVersion ? [`keeps ${e.keepsVersion} version`] : []),
            ...(e.restoresApproved ? ['restores approved'] : []),
          ];
          return [`${t.from} ${t.event}${t.origin ? ` (${t.origin})` : ''}`, words.join(', ')];
        })
        .filter(([, words]) => words !== ''),
    );
    expect(effects).toEqual({
      'drafting SUBMIT': 'records submitter',
      'bureauReview APPROVE': 'forgets submitter, keeps declaration version',
      'approved REQUEST_ADJUSTMENT': 'forgets submitter',
      'approved OPEN_MONITORING': 'forgets submitter',
      'adjustment.drafting SUBMIT': 'records submitter',
      'adjustment.drafting CANCEL_ADJUSTMENT (approved)': 'restores approved',
      'adjustment.drafting CANCEL_ADJUSTMENT (monitored)': 'restores approved',
      'adjustment.bureauReview APPROVE (approved)': 'forgets submitter, keeps adjustment version',
      'adjustment.bureauReview APPROVE (monitored)': 'forgets submitter, keeps adjustment version',
      'monitoring.reporting SUBMIT': 'records submitter',
      'monitoring.bureauReview APPROVE': 'forgets submitter',
      'monitored REQUEST_ADJUSTMENT': 'forgets submitter',
      'monitored OPEN_EVALUATION': 'forgets submitter',
      'evaluation.reporting SUBMIT': 'records submitter',
      'evaluation.bureauReview APPROVE': 'forgets submitter',
    });
  });
});
