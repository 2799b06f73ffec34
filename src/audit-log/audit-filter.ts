import { CommonErrors } from '../common/common.messages';
import { fromLabel, valueLabels } from '../common/i18n';
import { parseId, type Cursors } from '../common/pagination';
import { isIsoDate } from '../common/time';
import { AUDIT_ACTIONS, type AuditAction } from '../audit/audit-actions';
import { AuditErrors, VERIFY_MODES, type VerifyMode } from '../audit/audit.messages';

/**
 * The auditor's query parameters: the filters of the event list and its CSV export, the list's
 * cursor, verify's declaration. Pure parsing; a malformed or unknown parameter is a 400 naming it.
 */

/** The filters of `GET /api/audit/events` and `.csv` (docs/spec/api.md). */
export interface AuditFilter {
  declarationId?: number;
  indicatorId?: number;
  actorId?: number;
  action?: AuditAction;
  /** Inclusive lower bound on `at` (ISO UTC). */
  from?: string;
  /** Upper bound on `at`: exclusive for a date (the whole day counts), inclusive for a timestamp. */
  to?: { at: string; inclusive: boolean };
}

const FILTER_PARAMS = ['declarationId', 'indicatorId', 'actorId', 'action', 'from', 'to'] as const;
const PAGE_PARAMS = ['limit', 'cursor'] as const;

/** Parses and checks the filters; anything unknown or malformed is a 400 naming the parameter. */
export function parseAuditFilter(
  query: Record<string, unknown>,
  paging: boolean,
  more: readonly string[] = [],
): AuditFilter {
  rejectUnknown(query, [...FILTER_PARAMS, ...(paging ? PAGE_PARAMS : []), ...more]);
  const f: AuditFilter = {};
  for (const name of ['declarationId', 'indicatorId', 'actorId'] as const) {
    if (query[name] !== undefined) f[name] = parseId(single(query, name), name);
  }
  if (query.action !== undefined) {
    // The code, or its words (修改指标).
    const action = fromLabel('auditAction', single(query, 'action')) as string;
    if (!(AUDIT_ACTIONS as readonly string[]).includes(action))
      throw CommonErrors.FIELD_ONE_OF(
        { values: valueLabels(AUDIT_ACTIONS, 'auditAction') },
        { field: 'action' },
      );
    f.action = action as AuditAction;
  }
  if (query.from !== undefined) f.from = parseInstant(single(query, 'from'), 'from').at;
  if (query.to !== undefined) {
    const to = parseInstant(single(query, 'to'), 'to');
    // A date as `to` includes that whole day.
    f.to = to.dateOnly ? { at: nextDay(to.at), inclusive: false } : { at: to.at, inclusive: true };
  }
  if (f.from !== undefined && f.to !== undefined && (f.to.inclusive ? f.to.at < f.from : f.to.at <= f.from))
    throw AuditErrors.AUDIT_RANGE_REVERSED(
      { from: String(query.from).slice(0, 40), to: String(query.to).slice(0, 40) },
      { field: 'to' },
    );
  return f;
}

export function rejectUnknown(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).find((k) => !allowed.includes(k));
  if (unknown !== undefined)
    throw AuditErrors.AUDIT_QUERY_UNKNOWN(
      { name: unknown.slice(0, 40), allowed: [...allowed] },
      { field: unknown.slice(0, 40) },
    );
}

export function single(query: Record<string, unknown>, name: string): string {
  const v = query[name];
  if (Array.isArray(v)) throw CommonErrors.QUERY_REPEATED({}, { field: name });
  return String(v);
}

export function parseAuditCursor(raw: unknown, cursors: Cursors): number | undefined {
  if (Array.isArray(raw)) throw CommonErrors.QUERY_REPEATED({}, { field: 'cursor' });
  const c = cursors.decode(raw);
  if (c === null) return undefined;
  if (c.length !== 2 || c[0] !== 'audit' || !Number.isInteger(c[1]) || (c[1] as number) < 1)
    throw AuditErrors.AUDIT_CURSOR_FOREIGN({}, { field: 'cursor' });
  return c[1] as number;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `YYYY-MM-DD` (midnight UTC) or an ISO 8601 timestamp with a zone, as stored: ISO UTC. */
function parseInstant(s: string, name: string): { at: string; dateOnly: boolean } {
  if (isIsoDate(s)) return { at: `${s}T00:00:00.000Z`, dateOnly: true };
  const m = TIMESTAMP.exec(s);
  const ms = m ? Date.parse(s) : NaN;
  if (
    !m ||
    !isIsoDate(m[1]) ||
    Number(m[2]) > 23 ||
    Number(m[3]) > 59 ||
    Number(m[4] ?? 0) > 59 ||
    Number.isNaN(ms)
  )
    throw AuditErrors.AUDIT_INSTANT_INVALID({ value: s.slice(0, 40) }, { field: name });
  return { at: new Date(ms).toISOString(), dateOnly: false };
}

function nextDay(midnightIso: string): string {
  return new Date(Date.parse(midnightIso) + 86_400_000).toISOString();
}

/** The filter as the audit record of a read keeps it. */
export function describeFilter(f: AuditFilter, extra: Record<string, unknown>): string {
  const { to, ...rest } = f;
  return JSON.stringify({ ...rest, ...(to ? { to: to.at, toInclusive: to.inclusive } : {}), ...extra });
}

/** `?declarationId=` of verify: one declaration's chain, or every chain. */
export function parseVerifyQuery(query: Record<string, unknown>): {
  declarationId: number | undefined;
  mode: VerifyMode;
} {
  rejectUnknown(query, ['declarationId', 'mode']);
  let mode: VerifyMode = 'full';
  if (query.mode !== undefined) {
    const given = fromLabel('verifyMode', single(query, 'mode')) as string;
    if (!(VERIFY_MODES as readonly string[]).includes(given))
      throw CommonErrors.FIELD_ONE_OF({ values: valueLabels(VERIFY_MODES, 'verifyMode') }, { field: 'mode' });
    mode = given as VerifyMode;
  }
  return {
    declarationId:
      query.declarationId === undefined
        ? undefined
        : parseId(single(query, 'declarationId'), 'declarationId'),
    mode,
  };
}
