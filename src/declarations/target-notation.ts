import type { Bilingual } from '../common/i18n';
import { TEXT_LIMITS, type Target } from './declaration-content';
import { DeclarationErrors, type Place } from './declarations.messages';

/**
 * The target notation of the form (docs/spec/domain.md §2, docs/spec/api.md "Indicators"):
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

/**
 * Parses the form's notation. Empty or blank → null (no target). Throws a TARGET_NOTATION_*
 * refusal naming `field` when the text starts with a comparator but is not the notation; the
 * message names the place: `line N` (the summary table) as 第 N 行, or `at` (a workbook cell,
 * in both languages), else the field's label.
 */
export function parseTarget(input: string, field?: string, at?: Bilingual): Target | null {
  const trimmed = String(input ?? '').trim();
  if (trimmed === '') return null;
  const cmp = readComparator(trimmed);
  const line = field ? /^line (\d+)$/.exec(field) : null;
  const place: Place = line ? { line: Number(line[1]) } : at ? { at } : {};
  const fail = (code: TargetRefusal, params: Record<string, unknown> = {}): never => {
    throw DeclarationErrors[code](
      { ...place, named: field !== undefined, target: trimmed, ...params } as never,
      {
        field,
      },
    );
  };
  if (trimmed.length > TEXT_LIMITS.target)
    fail('TARGET_NOTATION_TOO_LONG', { length: trimmed.length, max: TEXT_LIMITS.target });
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
  const token = (s: string) => {
    const t = /^[^\s()（）]*/.exec(s)![0] || s.slice(0, 1);
    return t.length > 60 ? `${t.slice(0, 60)}…` : t;
  };
  if (rest === '') fail('TARGET_NOTATION_NUMBER_EXPECTED', { comparator: c });
  const num = /^[0-9]+(\.[0-9]+)?/.exec(rest)?.[0];
  // "9x", "95.", "1,000": the number runs on into something that is not a number.
  if (num === undefined || /^[0-9A-Za-z.,_]/.test(rest.slice(num.length))) {
    fail('TARGET_NOTATION_NUMBER_EXPECTED', { comparator: c, found: token(rest) });
  }
  const value = num!;
  if (value.length > TEXT_LIMITS.targetNumber)
    fail('TARGET_NOTATION_NUMBER_TOO_LONG', { length: value.length, max: TEXT_LIMITS.targetNumber });
  const afterNumber = rest.slice(value.length).trimStart();
  // `≥ 95 %`, `>=95个`: the notation is proposed whole when the rest reads as a unit.
  const proposed = proposeNotation(trimmed)?.proposed ?? null;
  if (afterNumber === '') fail('TARGET_NOTATION_UNIT_MISSING', { proposed: `${c}${value}(%)` });
  if (!OPEN.test(afterNumber[0])) {
    fail('TARGET_NOTATION_UNIT_EXPECTED', {
      found: token(afterNumber),
      proposed: proposed ?? `${c}${value}(%)`,
      exact: proposed !== null,
    });
  }
  const inner = afterNumber.slice(1);
  const close = inner.search(PARENS);
  if (close < 0) fail('TARGET_NOTATION_UNCLOSED');
  if (OPEN.test(inner[close])) fail('TARGET_NOTATION_UNIT_PARENTHESES');
  const unit = inner.slice(0, close).trim();
  if (unit === '') fail('TARGET_NOTATION_UNIT_EMPTY');
  if (unit.length > TEXT_LIMITS.targetUnit)
    fail('TARGET_NOTATION_UNIT_TOO_LONG', { length: unit.length, max: TEXT_LIMITS.targetUnit });
  const trailing = inner.slice(close + 1).trim();
  if (trailing !== '') fail('TARGET_NOTATION_TRAILING_TEXT', { trailing });
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

type TargetRefusal = Extract<keyof typeof DeclarationErrors, `TARGET_NOTATION_${string}`>;

/** Comparators written in words, longest first (不低于 before 低于). */
const WORD_COMPARATORS: ReadonlyArray<readonly [string, Comparator]> = [
  ['大于或等于', '≥'],
  ['小于或等于', '≤'],
  ['大于等于', '≥'],
  ['小于等于', '≤'],
  ['不低于', '≥'],
  ['不少于', '≥'],
  ['不小于', '≥'],
  ['不高于', '≤'],
  ['不超过', '≤'],
  ['不大于', '≤'],
  ['不多于', '≤'],
  ['至少', '≥'],
  ['达到', '≥'],
  ['至多', '≤'],
  ['最多', '≤'],
  ['高于', '>'],
  ['大于', '>'],
  ['超过', '>'],
  ['多于', '>'],
  ['低于', '<'],
  ['小于', '<'],
  ['少于', '<'],
  ['等于', '='],
];
/** Comparators written after the number (`5个工作日以内`). */
const SUFFIX_COMPARATORS: ReadonlyArray<readonly [string, Comparator]> = [
  ['及以上', '≥'],
  ['以上', '≥'],
  ['及以下', '≤'],
  ['以下', '≤'],
  ['以内', '≤'],
];

/** What a text that looks like a quantitative target would be in the notation. */
export interface NotationProposal {
  /** The notation (`≥95(%)`), or null when the unit is not written (`>=95`). */
  proposed: string | null;
  /** The comparator proposed: the text's, else `=` (the literal reading of `95%`). */
  comparator: Comparator;
  /** Whether the text gave the comparator. */
  comparatorGiven: boolean;
  /** The number as written. */
  value: string;
}

/**
 * Whether a text reads as a number with a comparator or a percent: `95%`, `不低于95%`,
 * `>=95`, `≥ 95 %`, `不少于150个`, `5个工作日以内`; null for anything else (`及时`, `较上年度提升5%`,
 * a bare `95`, `150个`). The whole text must be that: a number inside a sentence is words.
 */
export function proposeNotation(input: string): NotationProposal | null {
  const s = String(input ?? '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/％/g, '%')
    .replace(/\s+/g, '');
  if (s.length === 0 || s.length > TEXT_LIMITS.target) return null;
  let comparator: Comparator | null = null;
  let rest = s;
  const symbol = readComparator(rest);
  const word = symbol ? null : WORD_COMPARATORS.find(([w]) => rest.startsWith(w));
  if (symbol) {
    comparator = symbol.comparator;
    rest = rest.slice(symbol.token.length);
  } else if (word) {
    comparator = word[1];
    rest = rest.slice(word[0].length);
  }
  const num = /^[0-9]+(\.[0-9]+)?/.exec(rest)?.[0];
  if (!num || num.length > TEXT_LIMITS.targetNumber) return null;
  rest = rest.slice(num.length);
  const suffix = SUFFIX_COMPARATORS.find(([w]) => rest.endsWith(w));
  if (suffix) {
    if (comparator) return null;
    comparator = suffix[1];
    rest = rest.slice(0, -suffix[0].length);
  }
  let unit = rest;
  const paren = /^[(（]([^()（）]*)[)）]$/.exec(rest);
  if (paren) unit = paren[1];
  // A unit is a short word: no digits, no punctuation beyond a slash (次/周, 万元/个).
  if (unit !== '' && (unit.length > TEXT_LIMITS.targetUnit || !/^(%|[^\s\d%()（）,，.;；:：]+)$/.test(unit)))
    return null;
  if (!comparator && unit !== '%') return null;
  return {
    // A bare percentage (95%) is read as a floor, as the example and the usual rates
    // (满意度, 完成率) are: the hint says to use ≤ or = otherwise.
    proposed: unit === '' ? null : `${comparator ?? '≥'}${num}(${unit})`,
    comparator: comparator ?? '≥',
    comparatorGiven: comparator !== null,
    value: num,
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
