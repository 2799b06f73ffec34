import { InputError } from '../common/input-error';
import { TEXT_LIMITS, type Target } from './declaration-content';

/**
 * The target notation of the form (domain.md §2, api.md "Indicators"):
 * `<comparator><number>(<unit>)`, e.g. `≥95.00(%)`, `=0.00(起)`, `=1.00(次/周)`; anything
 * else non-empty is a qualitative target (`及时`, `通过`). A text that starts with a
 * comparator but is not the notation is rejected, never taken as qualitative.
 *
 * Accepted comparators: `≥ ≤ = > <`, ASCII `>=` `<=`, and the full-width / variant forms
 * `＞ ＜ ＝ ＞＝ ＜＝ ≧ ≦` (normalised to `≥ ≤ = > <`). Parentheses may be ASCII or full-width.
 * `display` is the normalised notation: comparator, the number exactly as written, the unit
 * (outer spaces trimmed, inner text untouched) in ASCII parentheses, no other spaces. A
 * qualitative target's `display` and `text` are the input trimmed.
 */

type Comparator = NonNullable<Target['comparator']>;

/** Longest first: `>=` before `>`. */
const COMPARATOR_TOKENS: ReadonlyArray<readonly [string, Comparator]> = [
  ['>=', '≥'],
  ['＞＝', '≥'],
  ['>＝', '≥'],
  ['＞=', '≥'],
  ['<=', '≤'],
  ['＜＝', '≤'],
  ['<＝', '≤'],
  ['＜=', '≤'],
  ['≥', '≥'],
  ['≧', '≥'],
  ['≤', '≤'],
  ['≦', '≤'],
  ['=', '='],
  ['＝', '='],
  ['>', '>'],
  ['＞', '>'],
  ['<', '<'],
  ['＜', '<'],
];

const DIRECTION: Record<Comparator, NonNullable<Target['direction']>> = {
  '≥': 'higher',
  '>': 'higher',
  '≤': 'lower',
  '<': 'lower',
  '=': 'exact',
};

const OPEN = /[(（]/;
const PARENS = /[()（）]/;

function readComparator(s: string): { comparator: Comparator; token: string } | null {
  for (const [token, comparator] of COMPARATOR_TOKENS) {
    if (s.startsWith(token)) return { comparator, token };
  }
  return null;
}

/**
 * True when the text starts with a comparator, i.e. it is meant as a quantitative target
 * (and `parseTarget` either parses it or throws). The importer uses it to recognise a
 * target cell; a qualitative target is recognised by its position after the name.
 */
export function isTargetLike(s: string): boolean {
  return readComparator(s.trim()) !== null;
}

function quote(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/**
 * Parses the form's notation. Empty or blank → null (no target). Throws `InputError` naming
 * `field` when the text starts with a comparator but is not the notation.
 */
export function parseTarget(input: string, field?: string): Target | null {
  const trimmed = String(input ?? '').trim();
  if (trimmed === '') return null;
  const cmp = readComparator(trimmed);
  const fail = (what: string): never => {
    const where = field ? `${field}: ` : '';
    throw new InputError(`${where}target "${quote(trimmed)}": ${what}`, field);
  };
  if (trimmed.length > TEXT_LIMITS.target)
    fail(`is ${trimmed.length} characters long; at most ${TEXT_LIMITS.target} are accepted`);
  if (!cmp) {
    return {
      display: trimmed,
      kind: 'qualitative',
      comparator: null,
      value: null,
      unit: null,
      text: trimmed,
      direction: null,
    };
  }
  const c = cmp.comparator;
  const rest = trimmed.slice(cmp.token.length).trimStart();
  const token = (s: string) => quote(/^[^\s()（）]*/.exec(s)![0] || s.slice(0, 1));
  if (rest === '') fail(`expected a number after ${c}, e.g. ${c}95.00(%)`);
  const num = /^[0-9]+(\.[0-9]+)?/.exec(rest)?.[0];
  // "9x", "95.", "1,000": the number runs on into something that is not a number.
  if (num === undefined || /^[0-9A-Za-z.,_]/.test(rest.slice(num.length))) {
    fail(
      `expected a number after ${c} (found "${token(rest)}"; write digits with an optional decimal point)`,
    );
  }
  const value = num!;
  if (value.length > TEXT_LIMITS.targetNumber)
    fail(`the number has ${value.length} characters; at most ${TEXT_LIMITS.targetNumber} are accepted`);
  const afterNumber = rest.slice(value.length).trimStart();
  if (afterNumber === '') fail(`missing the unit in parentheses after ${c}${value}, e.g. ${c}${value}(%)`);
  if (!OPEN.test(afterNumber[0])) {
    fail(
      `expected the unit in parentheses after ${c}${value} (found "${token(afterNumber)}"), e.g. ${c}${value}(%)`,
    );
  }
  const inner = afterNumber.slice(1);
  const close = inner.search(PARENS);
  if (close < 0) fail('unclosed parenthesis: ")" missing after the unit');
  if (OPEN.test(inner[close])) fail('a unit cannot contain parentheses');
  const unit = inner.slice(0, close).trim();
  if (unit === '') fail('the unit in parentheses is empty');
  if (unit.length > TEXT_LIMITS.targetUnit)
    fail(`the unit has ${unit.length} characters; at most ${TEXT_LIMITS.targetUnit} are accepted`);
  const trailing = inner.slice(close + 1).trim();
  if (trailing !== '') fail(`unexpected text "${quote(trailing)}" after the unit`);
  return {
    display: `${c}${value}(${unit})`,
    kind: 'quantitative',
    comparator: c,
    value,
    unit,
    text: null,
    direction: DIRECTION[c],
  };
}

/** The form's notation of a target; `parseTarget(formatTarget(t))` gives `t` back. */
export function formatTarget(t: Target): string {
  if (t.kind === 'qualitative') return (t.text ?? t.display).trim();
  return `${t.comparator}${t.value}(${t.unit})`;
}

/** The number of a quantitative target as written ("95.00"), or null. */
export function targetNumber(t: Target | null | undefined): string | null {
  return t && t.kind === 'quantitative' ? t.value : null;
}
