/**
 * The languages people read: Chinese first (the users are Chinese fiscal staff), English on
 * request (`Accept-Language: en`). Every text a person can receive is a code in a catalogue,
 * with one template per language; nothing is assembled ad hoc. Pure: no Nest, no I/O, so the
 * pure modules (target notation, money, importer, scoring) use it too.
 */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
export const DEFAULT_LANG: Lang = 'zh';

/**
 * The language of a request from its `Accept-Language` header: the supported language with
 * the highest q-value, Chinese when the header is absent or names neither (`*` included).
 */
export function langFromHeader(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return DEFAULT_LANG;
  let best: { lang: Lang; q: number } | null = null;
  for (const part of value.slice(0, 500).split(',')) {
    const [tag, ...attrs] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (primary !== 'zh' && primary !== 'en') continue;
    const qAttr = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
    const q = qAttr ? Number(qAttr.slice(2)) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? DEFAULT_LANG;
}

/** A text in every language. */
export type Bilingual = Record<Lang, string>;

/** One message: its text in each language, from its parameters; `status` when it is a refusal. */
export interface MessageDef<P = Record<string, never>> {
  status?: number;
  zh: (p: P) => string;
  en: (p: P) => string;
}

type AnyDef = MessageDef<any>;
export type ParamsOf<D> = D extends MessageDef<infer P> ? P : never;

const registry = new Map<string, { module: string; def: AnyDef }>();

/**
 * A module's catalogue (code → texts). Codes are global and stable (clients branch on them),
 * so a code defined twice is a programming error, reported when the module loads.
 */
export function defineMessages<C extends Record<string, AnyDef>>(module: string, defs: C): C {
  for (const [code, def] of Object.entries(defs)) {
    const existing = registry.get(code);
    if (existing && existing.def !== def)
      throw new Error(`message code ${code} is defined by ${existing.module} and ${module}`);
    registry.set(code, { module, def });
  }
  return defs;
}

export function hasMessage(code: string): boolean {
  return registry.has(code);
}

/** Every registered code with its module and status (the reference-data route, tests). */
export function messageCodes(): Array<{ code: string; module: string; status?: number }> {
  return [...registry.entries()].map(([code, { module, def }]) => ({ code, module, status: def.status }));
}

/** The text of a code in a language. An unknown code is a programming error: say so plainly. */
export function render(code: string, params: object | undefined, lang: Lang): string {
  const entry = registry.get(code);
  if (!entry) return lang === 'zh' ? `未知消息 ${code}` : `unknown message ${code}`;
  try {
    return entry.def[lang]((params ?? {}) as never);
  } catch {
    // A template given the wrong parameters is a programming error; the code still tells what happened.
    return code;
  }
}

/** Both texts of a code (stored texts, such as an audit comment, are kept in both). */
export function bilingual(code: string, params?: object): Bilingual {
  return { zh: render(code, params, 'zh'), en: render(code, params, 'en') };
}

/**
 * Labels of fields, so a message names a field in the form's terms (项目名称, not projectName).
 * Registered per module under the field's dotted path without indices (`funds.total`,
 * `entries.actualToDate`) or its last name alone (`comment`).
 */
const labels = new Map<string, Bilingual>();

export function defineFieldLabels(defs: Record<string, Bilingual>): void {
  for (const [path, label] of Object.entries(defs)) {
    // One field, one name: two modules naming it differently would depend on which loads last.
    const known = labels.get(path);
    if (known && (known.zh !== label.zh || known.en !== label.en))
      throw new Error(`field ${path} is labelled both ${known.zh} and ${label.zh}`);
    labels.set(path, label);
  }
}

/**
 * The label of a field path as a person reads it: `indicators[2].target` → `第3条三级指标的指标值`
 * / `indicator 3, target`; `entries[0].deviationReasons[1].note` → `第1条监控指标的第2条偏差原因的说明`.
 * A list item is named by `<list>[]` when registered (the item's word), else by the list's label.
 * A name no module labels is quoted as it was written.
 */
export function fieldLabel(path: string, lang: Lang): string {
  if (!path) return lang === 'zh' ? '请求正文' : 'request body';
  const whole = labels.get(path.replace(/\[\d+\]/g, ''));
  if (whole && !/\[\d+\]/.test(path)) return whole[lang];
  const parts: string[] = [];
  const segments = path.split('.');
  segments.forEach((segment, i) => {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(segment)!;
    const name = m[1];
    const indices = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]) + 1);
    const dotted = segments
      .slice(0, i + 1)
      .map((s) => s.replace(/\[\d+\]/g, ''))
      .join('.');
    const own = labels.get(dotted) ?? labels.get(name);
    // A name no module labels (an unknown key a client sent) is quoted as it was written.
    if (!indices.length) {
      parts.push(own ? own[lang] : lang === 'zh' ? `「${name}」` : name);
      return;
    }
    const item = labels.get(`${name}[]`) ?? own;
    const word = item ? item[lang] : lang === 'zh' ? `「${name}」` : name;
    for (const n of indices) parts.push(lang === 'zh' ? `第${n}条${word}` : `${word} ${n}`);
  });
  return parts.join(lang === 'zh' ? '的' : ', ');
}

/**
 * Enumerations (states, events, roles, levels, lights …): each value with its label in both
 * languages, registered by the module that owns it. A message listing what is allowed shows the
 * words; a client may send the Chinese word where the code is expected (`fromLabel`); the
 * reference-data route lists them all.
 */
export interface EnumValue extends Bilingual {
  value: string;
}

const enumerations = new Map<string, EnumValue[]>();
const valueWords = new Map<string, Bilingual>();

export function defineEnumeration<V extends string>(
  name: string,
  entries: Record<V, Bilingual>,
  opts: { fromConfig?: boolean } = {},
): V[] {
  const list = Object.entries(entries).map(([value, label]) => ({ value, ...(label as Bilingual) }));
  // One enumeration, one owner: a second, different definition would depend on load order.
  const known = enumerations.get(name);
  // (Lists that come from the configuration, such as 项目性质, are replaced when it is read.)
  if (known && !opts.fromConfig && JSON.stringify(known) !== JSON.stringify(list))
    throw new Error(`enumeration ${name} is defined twice, differently`);
  enumerations.set(name, list);
  for (const e of list) if (!valueWords.has(e.value)) valueWords.set(e.value, { zh: e.zh, en: e.en });
  return list.map((e) => e.value as V);
}

export function enumeration(name: string): readonly EnumValue[] {
  const found = enumerations.get(name);
  if (!found) throw new Error(`no enumeration ${name}`);
  return found;
}

export function allEnumerations(): Record<string, readonly EnumValue[]> {
  return Object.fromEntries(enumerations);
}

/** The label of a value; of a named enumeration when given (the same code may mean two things). */
export function valueLabel(value: unknown, lang: Lang, name?: string): string {
  const v = String(value);
  const own = name ? enumerations.get(name)?.find((e) => e.value === v) : undefined;
  return (own ?? valueWords.get(v))?.[lang] ?? v;
}

/** The allowed values in both languages, for FIELD_ONE_OF. */
export function valueLabels(list: readonly unknown[], name?: string): Record<Lang, string[]> {
  return {
    zh: list.map((v) => valueLabel(v, 'zh', name)),
    en: list.map((v) => valueLabel(v, 'en', name)),
  };
}

/**
 * The code for what a person wrote: the code itself, or its Chinese or English label
 * (whitespace ignored). Anything else is returned as it is, for validation to refuse.
 */
export function fromLabel(name: string, input: unknown): unknown {
  if (typeof input !== 'string') return input;
  // Spaces and the separator of dotted words (`目标调整 · 编制中`) do not matter.
  const loose = (s: string) => s.replace(/[\s·]+/g, '');
  const text = loose(input);
  const found = enumeration(name).find(
    (e) => e.value === input || loose(e.zh) === text || loose(e.en) === text,
  );
  return found ? found.value : input;
}
