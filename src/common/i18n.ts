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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
  return entry.def[lang]((params ?? {}) as never);
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
  for (const [path, label] of Object.entries(defs)) labels.set(path, label);
}

/**
 * The label of a field path as a person reads it: `indicators[2].target` → `第3条指标的指标值`
 * / `indicator 3, target`. Unknown names are given as they are.
 */
export function fieldLabel(path: string, lang: Lang): string {
  if (!path) return lang === 'zh' ? '请求正文' : 'request body';
  const indices = [...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
  const bare = path.replace(/\[\d+\]/g, '');
  const direct = labels.get(bare);
  if (direct && indices.length === 0) return direct[lang];
  const segments = bare.split('.');
  const last = segments[segments.length - 1];
  const own = direct ?? labels.get(last);
  if (indices.length === 0) return own ? own[lang] : path;
  // A list item: name the item by its position, then the field within it.
  const listName = segments.length > 1 ? segments[segments.length - 2] : segments[0];
  const item = labels.get(`${listName}[]`) ?? null;
  const n = indices[indices.length - 1];
  const itemText = item ? item[lang] : listName;
  const fieldText = own && segments.length > 1 ? own[lang] : null;
  if (lang === 'zh') return fieldText ? `第${n}条${itemText}的${fieldText}` : `第${n}条${itemText}`;
  return fieldText ? `${itemText} ${n}, ${fieldText}` : `${itemText} ${n}`;
}

/**
 * Labels of the values of enumerations (`output` → 产出指标, `internalReview` → 单位内部审核), so
 * a message listing what is allowed shows words, and a client may send the word for the code.
 */
const values = new Map<string, Bilingual>();

export function defineValueLabels(defs: Record<string, Bilingual>): void {
  for (const [value, label] of Object.entries(defs)) values.set(value, label);
}

export function valueLabel(value: unknown, lang: Lang): string {
  return values.get(String(value))?.[lang] ?? String(value);
}

/** The allowed values in both languages, for FIELD_ONE_OF. */
export function valueLabels(list: readonly unknown[]): Record<Lang, string[]> {
  return { zh: list.map((v) => valueLabel(v, 'zh')), en: list.map((v) => valueLabel(v, 'en')) };
}
