import { createHmac, timingSafeEqual } from 'node:crypto';
import { CommonErrors } from './common.messages';
import { MAX_INT } from './validation';

/** Lists answer `{items, nextCursor}`; a cursor is opaque, signed, and tamper-evident (400). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  const s = String(raw);
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > MAX_LIMIT) {
    throw CommonErrors.LIMIT_INVALID({ max: MAX_LIMIT, value: s.slice(0, 20) }, { field: 'limit' });
  }
  return Number(s);
}

/**
 * Signs list cursors and reads them back. One per app (a provider, src/features.ts), keyed from
 * JWT_SECRET, so every instance of the service accepts the others' cursors.
 */
export class Cursors {
  private readonly key: string;

  constructor(secret: string) {
    this.key = `cursor:${secret}`;
  }

  encode(position: unknown[]): string {
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  decode(raw: unknown): unknown[] | null {
    if (raw === undefined || raw === '') return null;
    const s = String(raw);
    const [payload, sig] = s.split('.');
    const invalid = () => CommonErrors.CURSOR_INVALID({}, { field: 'cursor' });
    if (!payload || !sig || sig.length !== 43) throw invalid();
    // Compared as bytes: 43 characters of a non-ASCII signature are more than 43 bytes.
    const given = Buffer.from(sig);
    const expected = Buffer.from(this.sign(payload));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    const value = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown;
    if (!Array.isArray(value)) throw invalid();
    return value;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/** Parses an id path or query parameter: a positive integer, else 400 naming it. */
export function parseId(raw: unknown, name: string): number {
  const s = String(raw ?? '');
  if (!/^[1-9]\d{0,9}$/.test(s) || Number(s) > MAX_INT) {
    throw CommonErrors.ID_INVALID({ value: s.slice(0, 20) }, { field: name });
  }
  return Number(s);
}

export function optionalId(raw: unknown, name: string): number | undefined {
  return raw === undefined || raw === '' ? undefined : parseId(raw, name);
}

/**
 * The query of a route about one year (`?year=2026`, the dashboard, the monitoring overview):
 * `year` only, given, four digits from 2000 to 2100.
 */
export function parseYearQuery(query: Record<string, string>): number {
  const unknown = Object.keys(query).find((k) => k !== 'year');
  if (unknown) throw CommonErrors.FIELD_UNKNOWN({}, { field: unknown });
  if (query.year === undefined) throw CommonErrors.FIELD_REQUIRED({}, { field: 'year' });
  const year = Number(query.year);
  if (!/^\d{4}$/.test(query.year) || year < 2000 || year > 2100)
    throw CommonErrors.FIELD_RANGE({ min: 2000, max: 2100 }, { field: 'year' });
  return year;
}
