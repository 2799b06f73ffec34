import { CommonErrors } from './common.messages';
import type { AppError } from './errors';

/**
 * What a stored string may hold, in one place (issue 12, item 2).
 *
 * The rule: a text may hold any character XML 1.0 allows (the `Char` production), which is
 * exactly every well-formed Unicode text except
 *   - U+0000 (NUL): PostgreSQL cannot store it (a 500 there) while SQLite can;
 *   - the other C0 control characters except TAB, LF and CR (U+0001–U+0008, U+000B, U+000C,
 *     U+000E–U+001F): they make an exported workbook malformed XML;
 *   - a lone surrogate (U+D800–U+DFFF without its other half): both drivers store it as U+FFFD,
 *     so the audit hash computed over the string in memory would never match the stored row;
 *   - the noncharacters U+FFFE and U+FFFF, which XML forbids too.
 *
 * TAB, LF and CR are allowed in every field, single-line ones (names, usernames) included: they
 * store, hash and export faithfully, so they break nothing this rule protects; refusing them
 * would need a per-field list that the generic body check cannot know, and a name pasted from
 * Excel with a trailing tab is a usability question, not a safety one. Fields with a strict
 * format (codes, usernames of new accounts, dates, money) keep their own patterns. C1 controls
 * (U+0080–U+009F) and DEL are legal XML and are left alone.
 *
 * Used by the request check (every JSON body, every query value), the importer (the parsed
 * content of a text or xlsx file), the audit service (`storable`, the last line of defence) and
 * the xlsx writer (`xmlSafe`, for text stored before this rule existed).
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');
/** In a `u` regex a surrogate pair is one code point, so `\p{Cs}` matches only a lone half. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

/** The first character a stored text may not hold, or null when the text is fine. */
export function forbiddenCharacter(text: string): { index: number; codePoint: number } | null {
  const m = FORBIDDEN.exec(text);
  return m ? { index: m.index, codePoint: m[0].codePointAt(0)! } : null;
}

/** `U+D800 (half of a surrogate pair, alone)`: the character, in the user's terms. */
export function describeCharacter(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (codePoint === 0) return `${hex} (the NUL character)`;
  if (codePoint < 0x20)
    return `${hex} (a control character; only tab, line feed and carriage return are allowed)`;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `${hex} (half of a surrogate pair, alone)`;
  return `${hex} (a noncharacter)`;
}

/**
 * The text with every forbidden character replaced by U+FFFD, the mark of "something
 * unreadable was here": for writing text that is already stored (xlsx cells, sheet names) and
 * for quoting user input in a message.
 */
export function xmlSafe(text: string): string {
  return FORBIDDEN.test(text) ? text.replace(FORBIDDEN_ALL, '\uFFFD') : text;
}

/**
 * The string exactly as either database will return it: lone surrogates become U+FFFD (what
 * both drivers' UTF-8 encoding does) and NUL is removed (PostgreSQL refuses it). For the audit
 * service, so the hash covers the stored bytes even for an input path nobody checked.
 */
export function storable(text: string): string {
  // String.prototype.toWellFormed (Node 20), spelled as a regex: TypeScript's ES2023 lib lacks it.
  const wellFormed = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
  return wellFormed.includes('\0') ? wellFormed.replaceAll('\0', '') : wellFormed;
}

/** Quotes a key or a value in a message: forbidden characters visible, long ones cut. */
function shown(text: string, max = 100): string {
  const safe = xmlSafe(text);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** TEXT_INVALID_CHARACTER (400) for `field`, whose `text` holds the forbidden character `at`. */
export function invalidText(
  field: string,
  text: string,
  at: { index: number; codePoint: number },
  opts: { project?: string; key?: boolean } = {},
): AppError {
  return CommonErrors.TEXT_INVALID_CHARACTER(
    {
      codePoint: at.codePoint,
      position: text.length > 1 ? at.index + 1 : undefined,
      key: opts.key ? shown(text) : undefined,
      project: opts.project === undefined ? undefined : shown(opts.project, 200),
    },
    { field },
  );
}

/**
 * `entries[0].forecast.a.a.a…` → `entries[0].forecast`: the field where the nesting starts, not
 * the whole path (as deep as the attack). Three steps name any field of a real body.
 */
const topField = (path: string) => {
  const steps = (path.match(/\[\d+\]|[^.[\]]+/g) ?? []).slice(0, 3);
  return shown(steps.map((s, i) => (s.startsWith('[') || i === 0 ? s : `.${s}`)).join('') || 'body', 100);
};

const pathOf = (parent: string, key: string) => {
  const k = shown(key);
  return parent ? `${parent}.${k}` : k;
};

/**
 * Throws TEXT_INVALID_CHARACTER (400) naming the path (`entries[2].remark`) of the first string,
 * or object key, in `value` that holds a forbidden character. `project` names the imported
 * project the text belongs to. Walks plain data only; the depth is bounded by the caller (for request
 * bodies, `checkBodyShape` runs in the same walk and stops at its depth limit).
 */
export function assertStorableText(value: unknown, project?: string): void {
  walk(value, '', 0, null, project);
}

/**
 * The shape a JSON body may have, checked before class-validator and class-transformer see it
 * (they recurse per level and build one error per unknown key: 10,000 levels overflowed the
 * stack, 95,555 unknown keys held the event loop for 7 s). Each limit leaves room over the
 * largest real body: a monitoring report of 500 entries, each with every field and five
 * deviation reasons, is 5 levels deep, has 7 keys per entry and 11,000 keys and list items in
 * all; the widest DTO has 14 fields; the longest list a route reads is 500 entries.
 */
export const BODY_LIMITS = {
  /** Levels of objects and lists (the body itself is level 1). */
  depth: 32,
  /** Keys in one object. */
  keysPerObject: 100,
  /** Items in one list. */
  listLength: 2_000,
  /** Keys and list items in the whole body. */
  values: 30_000,
} as const;

type Limits = typeof BODY_LIMITS;

/**
 * One walk over a parsed JSON body: its shape (BODY_TOO_DEEP, BODY_TOO_MANY_KEYS,
 * BODY_LIST_TOO_LONG, BODY_TOO_MANY_VALUES) and its text (TEXT_INVALID_CHARACTER), each a 400
 * naming the path. Recursion is bounded by `limits.depth`.
 */
export function checkBody(value: unknown, limits: Limits = BODY_LIMITS): void {
  walk(value, '', 1, { limits, values: 0 }, undefined);
}

function walk(
  value: unknown,
  path: string,
  depth: number,
  shape: { limits: Limits; values: number } | null,
  project: string | undefined,
): void {
  if (typeof value === 'string') {
    const bad = forbiddenCharacter(value);
    if (bad) throw invalidText(path || 'body', value, bad, { project });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const at = path || 'body';
  if (shape && depth > shape.limits.depth)
    throw CommonErrors.BODY_TOO_DEEP({ max: shape.limits.depth }, { field: topField(at) });
  if (Array.isArray(value)) {
    if (shape) {
      if (value.length > shape.limits.listLength)
        throw CommonErrors.BODY_LIST_TOO_LONG(
          { count: value.length, max: shape.limits.listLength },
          { field: shown(at, 200) },
        );
      countValues(shape, value.length);
    }
    for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, depth + 1, shape, project);
    return;
  }
  // Data from JSON.parse or a parser of ours: plain objects; anything else (a Date, a Buffer) is left alone.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return;
  const keys = Object.keys(value);
  if (shape) {
    if (keys.length > shape.limits.keysPerObject)
      throw CommonErrors.BODY_TOO_MANY_KEYS(
        { count: keys.length, max: shape.limits.keysPerObject },
        { field: shown(at, 200) },
      );
    countValues(shape, keys.length);
  }
  for (const key of keys) {
    const bad = forbiddenCharacter(key);
    if (bad) throw invalidText(at, key, bad, { project, key: true });
    walk((value as Record<string, unknown>)[key], pathOf(path, key), depth + 1, shape, project);
  }
}

function countValues(shape: { limits: Limits; values: number }, n: number): void {
  shape.values += n;
  if (shape.values > shape.limits.values)
    throw CommonErrors.BODY_TOO_MANY_VALUES({ max: shape.limits.values }, { field: 'body' });
}

/** Every query value (`?reason=`): TEXT_INVALID_CHARACTER naming the parameter. */
export function checkQuery(query: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(query)) {
    const badKey = forbiddenCharacter(key);
    if (badKey) throw invalidText('query', key, badKey, { key: true });
    if (typeof value === 'string') {
      const bad = forbiddenCharacter(value);
      if (bad) throw invalidText(shown(key), value, bad);
    }
  }
}
