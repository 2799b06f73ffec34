import { CommonErrors } from '../common/common.messages';
import { TEXT_LIMITS } from './declaration-content';

/** The `?version=` of a DELETE: required, the whole-number version the caller read. */
export function parseVersion(raw: unknown): number {
  if (raw === undefined || raw === '') throw CommonErrors.FIELD_REQUIRED({}, { field: 'version' });
  if (Array.isArray(raw)) throw CommonErrors.QUERY_REPEATED({}, { field: 'version' });
  const s = String(raw);
  if (!/^\d{1,9}$/.test(s) || Number(s) < 1) throw CommonErrors.FIELD_VERSION({}, { field: 'version' });
  return Number(s);
}

/** The `?reason=` of an indicator's deletion: optional, given once, as long as a change reason may be. */
export function parseChangeReason(raw: unknown): string | undefined {
  if (Array.isArray(raw)) throw CommonErrors.QUERY_REPEATED({}, { field: 'reason' });
  if (raw !== undefined && (typeof raw !== 'string' || raw.length > TEXT_LIMITS.changeReason))
    throw CommonErrors.FIELD_TOO_LONG({ max: TEXT_LIMITS.changeReason }, { field: 'reason' });
  return raw;
}
