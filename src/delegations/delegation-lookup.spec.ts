import { describe, expect, it } from '@jest/globals';
import { mayStandIn } from '../auth/scope';
import { beijingDate } from '../common/time';
import { DelegationLookup, type ActiveDelegation } from './delegation-lookup';
import type { Delegation } from './delegation.entity';
import { statusOf } from './delegations.service';

/** Who may stand in for whom, what a delegation applies to, and where it stands on a day. */
describe('substitutes', () => {
  const unit = '/1/2/';
  const deptA = '/1/2/3/';
  const deptB = '/1/2/4/';
  const reviewer = (path: string, roles = ['dept_reviewer']) => ({ roles, departmentPath: path });

  it('a substitute holds the role and its scope covers the principal’s', () => {
    expect(mayStandIn('dept_reviewer', reviewer(deptA), reviewer(deptA))).toBe(true);
    expect(mayStandIn('dept_reviewer', reviewer(deptA), reviewer(unit))).toBe(true);
    // A sibling department, or a department below the principal's: not covering.
    expect(mayStandIn('dept_reviewer', reviewer(deptA), reviewer(deptB))).toBe(false);
    expect(mayStandIn('dept_reviewer', reviewer(unit), reviewer(deptA))).toBe(false);
    // Not the role.
    expect(mayStandIn('dept_reviewer', reviewer(deptA), reviewer(unit, ['submitter']))).toBe(false);
    expect(mayStandIn('dept_reviewer', reviewer(deptA, ['submitter']), reviewer(unit))).toBe(false);
    // The bureau: every bureau reviewer of the same bureau, none of another.
    const bureau = (path: string) => reviewer(path, ['bureau_reviewer']);
    expect(mayStandIn('bureau_reviewer', bureau('/1/'), bureau('/1/'))).toBe(true);
    expect(mayStandIn('bureau_reviewer', bureau('/1/'), bureau('/7/'))).toBe(false);
  });

  it('applies within the principal’s reach, in the role, never to what the principal submitted', () => {
    const active: ActiveDelegation[] = [
      { id: 1, principalId: 10, principalName: '王休假', role: 'dept_reviewer', reach: deptA },
    ];
    const item = (path: string, submittedBy: number | null = 99) => ({ departmentPath: path, submittedBy });
    expect(DelegationLookup.applying(active, 'dept_reviewer', item('/1/2/3/5/'))?.principalId).toBe(10);
    expect(DelegationLookup.applying(active, 'dept_reviewer', item(deptB))).toBeNull();
    expect(DelegationLookup.applying(active, 'bureau_reviewer', item(deptA))).toBeNull();
    expect(DelegationLookup.applying(active, 'submitter', item(deptA))).toBeNull();
    expect(DelegationLookup.applying(active, 'dept_reviewer', item(deptA, 10))).toBeNull();
  });

  it('stands scheduled, active, expired or ended on a day (both ends included)', () => {
    const d = { startsOn: '2026-07-01', endsOn: '2026-07-15', endedAt: null } as Delegation;
    expect(statusOf(d, '2026-06-30')).toBe('scheduled');
    expect(statusOf(d, '2026-07-01')).toBe('active');
    expect(statusOf(d, '2026-07-15')).toBe('active');
    expect(statusOf(d, '2026-07-16')).toBe('expired');
    expect(statusOf({ ...d, endedAt: '2026-07-03T02:00:00.000Z' }, '2026-07-03')).toBe('ended');
  });

  it('counts days in Beijing time', () => {
    expect(beijingDate('2026-07-01T15:59:59.000Z')).toBe('2026-07-01');
    expect(beijingDate('2026-07-01T16:00:00.000Z')).toBe('2026-07-02');
  });
});
