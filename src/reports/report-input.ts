import { Decimal } from 'decimal.js';
import '../common/common.messages';
import { AppError, type Problem } from '../common/errors';
import { DEFAULT_LANG, enumeration, fromLabel, render, valueLabels, type Lang } from '../common/i18n';
import { type Fen, parseMoney } from '../common/money';
import type { Finding } from '../declarations/declaration-content';
import { ReportErrors } from './reports.messages';

/**
 * Helpers shared by the two report modules (self-evaluation scoring and mid-year monitoring):
 * decimal arithmetic, number parsing, findings in the reader's language and the structural
 * checks of a report payload (problems with codes, as the DTOs' validation gives them). Pure:
 * no Nest, no I/O.
 */

/**
 * Decimal arithmetic for scores and rates (docs/spec/domain.md §6: "decimal arithmetic, round half up to
 * 2 places"). 40 significant digits keep every intermediate exact for the sizes we handle
 * (15-digit money, 2-decimal weights), so only the final rounding rounds.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export function round2(d: Decimal): Decimal {
  return d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** A 2-decimal string ("11.83"), rounded half up. */
export function fmt2(d: Decimal): string {
  return round2(d).toFixed(2);
}

export function fenToDec(fen: Fen): Decimal {
  return new Dec(fen.toString());
}

/**
 * A plain decimal number as users write a value in the target's unit: optional minus, digits,
 * optional fraction. No unit, no thousands separators, no exponent: "142", "92.5", "-3".
 */
const NUMBER = /^-?\d{1,15}(?:\.\d{1,10})?$/;

/** The number a string holds, or null when it is not a plain decimal number. */
export function parseNumber(value: string): Decimal | null {
  const s = value.trim();
  return NUMBER.test(s) ? new Dec(s) : null;
}

/** Scores and weights: non-negative, at most 2 decimals ("12.50", "7", "0.8"). */
const POINTS = /^\d{1,3}(?:\.\d{1,2})?$/;

export function parsePoints(value: string): Decimal | null {
  const s = value.trim();
  return POINTS.test(s) ? new Dec(s) : null;
}

export function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

export type Severity = Finding['severity'];

/** A finding of a report: about an indicator when `indicatorId` is given. */
export interface ReportFinding extends Finding {
  indicatorId?: number;
}

/**
 * A finding in the reader's language: its code's text from the module's catalogue, the path
 * it is about, and the indicator when there is one. Its severity is the code's default unless
 * the configuration overrides it.
 */
export function finding(
  code: string,
  defaultSeverity: Severity,
  path: string,
  params: object,
  opts: { lang?: Lang; severities?: Readonly<Record<string, Severity>>; indicatorId?: number } = {},
): ReportFinding {
  return {
    severity: opts.severities?.[code] ?? defaultSeverity,
    code,
    message: render(code, params, opts.lang ?? DEFAULT_LANG),
    path,
    ...(opts.indicatorId !== undefined ? { indicatorId: opts.indicatorId } : {}),
  };
}

/** Adds a finding of a report: about the indicator `indicatorId` when given. */
export type AddFinding<C extends string> = (
  code: C,
  path: string,
  params: object,
  indicatorId?: number,
) => void;

/**
 * The findings of one computation of a report and the function that adds one: the code's
 * default severity from the report's table (`table`), unless the configuration overrides it.
 */
export function findingList<C extends string>(
  table: Readonly<Record<C, Severity>>,
  opts: { lang?: Lang; severities?: Readonly<Record<string, Severity>> },
): { findings: ReportFinding[]; add: AddFinding<C> } {
  const findings: ReportFinding[] = [];
  const add: AddFinding<C> = (code, path, params, indicatorId) =>
    findings.push(
      finding(code, table[code], path, params, { lang: opts.lang, severities: opts.severities, indicatorId }),
    );
  return { findings, add };
}

/**
 * Collects the structural problems of a payload, so one 400 lists them all (`details`, the
 * first ten; the message says how many more), each with its code and the payload's path:
 * `entries[2].forecast`.
 */
export class InputProblems {
  private readonly list: Problem[] = [];

  add(field: string, code: string, params: Record<string, unknown> = {}): void {
    this.list.push({ code, params, field });
  }

  get count(): number {
    return this.list.length;
  }

  /** A money string (parseMoney's rules), or null when absent or null. */
  money(value: unknown, field: string): Fen | null {
    if (value === undefined || value === null) return null;
    try {
      return parseMoney(value, field);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      this.list.push({ code: e.code, params: e.params, field: e.field ?? field });
      return null;
    }
  }

  /** An optional text: absent, null or blank give null; anything but a string is a problem. */
  text(value: unknown, field: string, maxLength: number): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.add(field, 'FIELD_TEXT');
      return null;
    }
    if (value.length > maxLength) {
      this.add(field, 'FIELD_TOO_LONG', { max: maxLength });
      return null;
    }
    return value.trim() === '' ? null : value;
  }

  /**
   * One value of a named enumeration, given as its code or its word (有可能 for `possible`, as
   * OneOf() accepts on the DTOs); absent or null give null.
   */
  oneOf<T extends string>(value: unknown, field: string, name: string): T | null {
    if (value === undefined || value === null) return null;
    const code = fromLabel(name, value);
    const allowed = enumeration(name).map((e) => e.value);
    if (typeof code === 'string' && allowed.includes(code)) return code as T;
    this.add(field, 'FIELD_ONE_OF', { values: valueLabels(allowed, name) });
    return null;
  }

  /** An object with only the given keys: returns it (an unknown key is a problem), or null when not an object. */
  object(value: unknown, field: string, keys: readonly string[]): Record<string, unknown> | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(field, value === null ? 'FIELD_NOT_NULL' : 'FIELD_OBJECT');
      return null;
    }
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record))
      if (!keys.includes(k)) this.add(field ? `${field}.${k}` : k, 'FIELD_UNKNOWN');
    return record;
  }

  /**
   * Throws one AppError (400): the problem's own code when there is one, else
   * VALIDATION_FAILED with every problem in `details` (the answer lists the first ten: a report
   * of 2,000 entries of unknown keys must not answer megabytes).
   */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    if (this.list.length === 1) {
      const [p] = this.list;
      throw new AppError(400, p.code, p.params, { field: p.field, details: this.list });
    }
    throw new AppError(400, 'VALIDATION_FAILED', {}, { details: this.list });
  }
}

/** Whether a key was sent (JSON has no undefined: absent and undefined are the same). */
export function sent(record: Record<string, unknown>, key: string): boolean {
  return record[key] !== undefined;
}

/** The indicator id of an entry: a positive integer (a string of digits is taken too). */
export function entryIndicatorId(problems: InputProblems, value: unknown, field: string): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\s*[1-9]\d{0,14}\s*$/.test(value)) return Number(value);
  problems.add(
    field,
    value === undefined ? 'FIELD_REQUIRED' : value === null ? 'FIELD_NOT_NULL' : 'FIELD_ID',
  );
  return null;
}

/**
 * The approved indicator an entry names. An id not among the approved targets, or one that
 * already has an entry, is a problem at `<at>.indicatorId`; `seen` remembers the first entry of
 * each indicator across calls.
 */
export function resolveEntryIndicator<T extends { id: number; name: string }>(
  problems: InputProblems,
  value: unknown,
  at: string,
  byId: ReadonlyMap<number, T>,
  seen: Map<number, number>,
  index: number,
): T | undefined {
  const indicatorId = entryIndicatorId(problems, value, `${at}.indicatorId`);
  if (indicatorId === null) return undefined;
  const ind = byId.get(indicatorId);
  if (!ind) {
    problems.add(`${at}.indicatorId`, ReportErrors.REPORT_INDICATOR_NOT_APPROVED.code, { indicatorId });
  } else if (seen.has(indicatorId)) {
    problems.add(`${at}.indicatorId`, ReportErrors.REPORT_ENTRY_DUPLICATE.code, {
      name: ind.name,
      first: (seen.get(indicatorId) as number) + 1,
    });
  } else seen.set(indicatorId, index);
  return ind;
}

/**
 * The list of entries of a body: `entries` must be a list (empty is fine). Required in a
 * replacement (PUT); in a change (PATCH) absent means "no entry changes". Null is refused in
 * both: there is no empty value to go back to.
 */
export function entryList(
  problems: InputProblems,
  value: unknown,
  mode: 'replace' | 'merge',
): unknown[] | undefined {
  if (value === undefined) {
    if (mode === 'replace') problems.add('entries', 'FIELD_REQUIRED');
    return undefined;
  }
  if (value === null) {
    problems.add('entries', 'FIELD_NOT_NULL');
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.add('entries', 'FIELD_LIST');
    return undefined;
  }
  return value;
}
