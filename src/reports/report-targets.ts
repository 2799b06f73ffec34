import type { EntityManager } from 'typeorm';
import { loadApprovedTargets, type ApprovedTargets } from '../declarations/approved-targets';
import type { Declaration } from '../declarations/declaration.entity';
import { ReportErrors } from './reports.messages';

/**
 * The approved targets a report measures against, or 409 REPORT_NO_APPROVED_TARGETS naming
 * the state (with `state` in the body) when the declaration has none yet.
 */
export async function approvedTargetsFor(
  em: EntityManager,
  d: Declaration,
  report: 'monitoring' | 'evaluation',
): Promise<ApprovedTargets> {
  const approved = await loadApprovedTargets(em, d);
  if (!approved)
    throw ReportErrors.REPORT_NO_APPROVED_TARGETS({ state: d.state, report }, { state: d.state });
  return approved;
}
