/** Timestamps are ISO-8601 UTC strings everywhere (storage, API, audit hashes). */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The calendar day of an instant in Beijing time (UTC+8, no daylight saving), `YYYY-MM-DD`: the
 * day people there read (deadlines, delegations, rectification due dates, holidays).
 */
export function beijingDate(iso: string = nowIso()): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDaysIso(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
