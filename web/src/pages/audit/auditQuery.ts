import type { LocationQuery } from 'vue-router';

/** The log's filters as the URL keeps them (deep links, back/forward). Dates are Beijing days. */
export interface AuditFilters {
  declarationId?: number;
  actorId?: number;
  action?: string;
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function one(q: LocationQuery, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s !== '' ? s : undefined;
}

function id(s: string | undefined): number | undefined {
  return s && /^\d{1,12}$/.test(s) ? Number(s) : undefined;
}

export function filtersFromQuery(q: LocationQuery): AuditFilters {
  const from = one(q, 'from');
  const to = one(q, 'to');
  return {
    declarationId: id(one(q, 'declarationId')),
    actorId: id(one(q, 'actorId')),
    action: one(q, 'action'),
    from: from && DATE.test(from) ? from : undefined,
    to: to && DATE.test(to) ? to : undefined,
  };
}

export function filtersToQuery(f: AuditFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.declarationId !== undefined) q.declarationId = String(f.declarationId);
  if (f.actorId !== undefined) q.actorId = String(f.actorId);
  if (f.action) q.action = f.action;
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  return q;
}

/**
 * The filters as the API takes them. The people read Beijing days, the API's bare dates are UTC
 * days: a day is sent as its Beijing bounds, both inclusive.
 */
export function filtersToApi(f: AuditFilters): Record<string, string | number> {
  const q: Record<string, string | number> = {};
  if (f.declarationId !== undefined) q.declarationId = f.declarationId;
  if (f.actorId !== undefined) q.actorId = f.actorId;
  if (f.action) q.action = f.action;
  if (f.from) q.from = `${f.from}T00:00:00+08:00`;
  if (f.to) q.to = `${f.to}T23:59:59.999+08:00`;
  return q;
}
