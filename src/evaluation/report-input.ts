import { Decimal } from 'decimal.js';
import { InputError } from '../common/input-error';
import { PROBLEMS_LISTED } from '../common/problem-list';
import { type Fen, parseMoney } from '../common/money';
import type { Finding } from '../declarations/declaration-content';

/**
 * Helpers shared by the two report modules (self-evaluation scoring and mid-year monitoring):
 * decimal arithmetic, number parsing, finding construction and the structural checks of a
 * report payload. Pure: no Nest, no I/O.
 */

/**
 * Decimal arithmetic for scores and rates (domain.md §6: "decimal arithmetic, round half up to
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

/** A bilingual finding: "中文说明（路径） / English explanation (path)". */
export function finding(
  code: string,
  defaultSeverity: Severity,
  path: string,
  zh: string,
  en: string,
  severities: Readonly<Record<string, Severity>> = {},
): Finding {
  return {
    severity: severities[code] ?? defaultSeverity,
    code,
    message: `${zh}（${path}） / ${en} (${path})`,
    path,
  };
}

/** How findings name an indicator: 指标「name」 / Indicator "name" (it opens the English sentence). */
export function zhName(name: string): string {
  return `指标「${name}」`;
}
export function enName(name: string): string {
  return `Indicator "${name}"`;
}

/**
 * Collects the structural problems of a payload, so one 400 lists them all (`details`), and
 * its message names the first. Field names are the payload's paths: `entries[2].actual`.
 */
export class InputProblems {
  private readonly list: { field: string; message: string }[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message: `${field}: ${message}` });
  }

  get count(): number {
    return this.list.length;
  }

  /** A money string (parseMoney's rules), or null when absent. */
  money(value: unknown, field: string): Fen | null {
    if (value === undefined || value === null) return null;
    try {
      return parseMoney(value, field);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      this.list.push({ field, message: e.message });
      return null;
    }
  }

  /** An optional text: absent, null or blank give null; anything but a string is a problem. */
  text(value: unknown, field: string, maxLength: number): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.add(field, `must be text, not ${jsonType(value)}`);
      return null;
    }
    if (value.length > maxLength) {
      this.add(field, `is ${value.length} characters long; at most ${maxLength} are accepted`);
      return null;
    }
    return value.trim() === '' ? null : value;
  }

  /** One of a fixed list of codes; absent or null give null. */
  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.add(field, `${describe(value)} is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    return null;
  }

  /** An object with only the given keys: returns it (an unknown key is a problem), or null when not an object. */
  object(value: unknown, field: string, keys: readonly string[]): Record<string, unknown> | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(field, `must be an object, not ${jsonType(value)}`);
      return null;
    }
    const record = value as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !keys.includes(k));
    for (const k of unknown) this.add(`${field}.${k}`, `unknown field (accepted: ${keys.join(', ')})`);
    return record;
  }

  /**
   * Throws one InputError (400) naming the first problem, with the first PROBLEMS_LISTED of
   * them in `details` (a report of 2,000 entries of unknown keys must not answer megabytes).
   */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const [first] = this.list;
    const n = this.list.length;
    const more =
      n === 1
        ? ''
        : n <= PROBLEMS_LISTED
          ? ` (and ${n - 1} more problem(s), see details)`
          : ` (and ${n - 1} more problem(s); details lists the first ${PROBLEMS_LISTED})`;
    throw new InputError(`${first.message}${more}`, first.field, 400, this.list.slice(0, PROBLEMS_LISTED));
  }
}

/** The indicator id of an entry: a positive integer (a string of digits is taken too). */
export function entryIndicatorId(problems: InputProblems, value: unknown, field: string): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\s*[1-9]\d{0,14}\s*$/.test(value)) return Number(value);
  problems.add(
    field,
    value === undefined || value === null ? 'is required' : `${describe(value)} is not an indicator id`,
  );
  return null;
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

export function describe(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return jsonType(v);
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
    problems.add(
      `${at}.indicatorId`,
      `no indicator with id ${indicatorId} in the approved targets of this declaration`,
    );
  } else if (seen.has(indicatorId)) {
    problems.add(
      `${at}.indicatorId`,
      `indicator "${ind.name}" already has an entry (entries[${seen.get(indicatorId)}])`,
    );
  } else seen.set(indicatorId, index);
  return ind;
}
