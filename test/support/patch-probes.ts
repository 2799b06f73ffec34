import { resolve, type OpenApiDoc, type Schema } from './openapi';

/**
 * The pieces of the generated PATCH test (test/e2e/patch-fields.e2e-spec.ts), kept apart so
 * they read on their own: which fields of a PATCH body a client can write (from the
 * operation's request schema), a value for each, and the comparison of a resource before and
 * after a save.
 */

/** A step of a field's path in a body: a property, or the entry of a list keyed by an id. */
export type Step = string | { key: string; value: number };

export interface WritableField {
  /** Where the field is in the body: `['funds', 'total']`, `['entries', {indicatorId: 7}, 'remark']`. */
  path: Step[];
  /** Its schema in the request (resolved). */
  schema: Schema;
  /** `funds.total`, `entries[indicatorId=7].remark`. */
  name: string;
}

export const stepName = (path: Step[]) =>
  path.map((s, i) => (typeof s === 'string' ? `${i ? '.' : ''}${s}` : `[${s.key}=${s.value}]`)).join('');

/** The property that identifies the items of a list in a body: `indicatorId`, `id`. */
export function keyOf(itemSchema: Schema): string | undefined {
  const props = Object.entries(itemSchema.properties ?? {}) as Array<[string, Schema]>;
  const required: string[] = itemSchema.required ?? [];
  return props.find(
    ([n, p]) => required.includes(n) && p.type === 'integer' && /^(id|[a-z]+Id)$/.test(n),
  )?.[0];
}

/**
 * The fields a client writes with a PATCH body, each alone: every property but `version` (the
 * optimistic lock, sent with each), the leaves of nested objects, and, for a list whose items
 * carry an id, each property of one item (keyed by `entryKey(list)`, the item the resource
 * holds with the most filled in). Lists of plain values or of unkeyed objects are one value.
 */
export function writableFields(
  doc: OpenApiDoc,
  body: Schema,
  entryKey: (list: string, key: string) => number | undefined,
): WritableField[] {
  const out: WritableField[] = [];
  const walk = (s: Schema, path: Step[]) => {
    for (const [name, raw] of Object.entries(resolve(doc, s).properties ?? {}) as Array<[string, Schema]>) {
      if (path.length === 0 && name === 'version') continue;
      const p = resolve(doc, raw);
      const here = [...path, name];
      if (p.type === 'object' && p.properties) walk(p, here);
      else if (p.type === 'array' && resolve(doc, p.items).properties && keyOf(resolve(doc, p.items))) {
        const item = resolve(doc, p.items);
        const key = keyOf(item)!;
        const value = entryKey(name, key);
        if (value === undefined) continue;
        for (const [field, fs] of Object.entries(item.properties) as Array<[string, Schema]>)
          if (field !== key)
            out.push({
              path: [...here, { key, value }, field],
              schema: resolve(doc, fs),
              name: stepName([...here, { key, value }, field]),
            });
      } else out.push({ path: here, schema: p, name: stepName(here) });
    }
  };
  walk(body, []);
  return out;
}

/** A body holding `value` at `path` (a keyed step becomes a one-item list with its key). */
export function bodyWith(path: Step[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (typeof head !== 'string') throw new Error('a path starts with a property');
  if (!rest.length) return { [head]: value };
  const next = rest[0];
  if (typeof next === 'string') return { [head]: bodyWith(rest, value) };
  const [, ...afterKey] = rest;
  return { [head]: [{ [next.key]: next.value, ...bodyWith(afterKey, value) }] };
}

/** Merges bodies (the fields of one body each), lists of keyed items merged item by item. */
export function mergeBodies(bodies: Array<Record<string, unknown>>, keys: Record<string, string>) {
  const merge = (a: any, b: any, list?: string): any => {
    if (Array.isArray(a) && Array.isArray(b) && list && keys[list]) {
      const k = keys[list];
      const out = a.map((x: any) => ({ ...x }));
      for (const item of b) {
        const at = out.find((x: any) => x[k] === item[k]);
        if (at) Object.assign(at, merge(at, item));
        else out.push({ ...item });
      }
      return out;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const out = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v, k) : v;
      return out;
    }
    return b;
  };
  return bodies.reduce((acc, b) => merge(acc, b), {} as Record<string, unknown>);
}

/** The value at a path of an answer (keyed steps find the item by its key); undefined if none. */
export function valueAt(root: unknown, path: Step[]): unknown {
  let at: any = root;
  for (const s of path) {
    if (at === null || at === undefined) return undefined;
    at =
      typeof s === 'string'
        ? at[s]
        : Array.isArray(at)
          ? at.find((x: any) => x?.[s.key] === s.value)
          : undefined;
  }
  return at;
}

/** The key of the items of a list in an answer: `id`, else an `…Id` every item has. */
function answerKey(list: unknown[]): string | undefined {
  if (!list.length || !list.every((x) => x && typeof x === 'object' && !Array.isArray(x))) return undefined;
  const first = list[0] as Record<string, unknown>;
  const candidates = ['id', ...Object.keys(first).filter((k) => /^[a-z]+Id$/.test(k))];
  return candidates.find((k) => {
    const values = list.map((x) => (x as Record<string, unknown>)[k]);
    return values.every((v) => typeof v === 'number') && new Set(values).size === values.length;
  });
}

/**
 * An answer as leaves `path → JSON text`, list items named by their key where they have one
 * (`indicators[id=11].target.display`), so a change of order is not a change and an item is
 * compared with itself. An empty list or object is a leaf of its own.
 */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (!value.length) out.set(prefix, '[]');
    const key = answerKey(value);
    value.forEach((v, i) =>
      flatten(v, `${prefix}[${key ? `${key}=${(v as Record<string, unknown>)[key]}` : i}]`, out),
    );
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.length) out.set(prefix, '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, JSON.stringify(value));
  return out;
}

/** The leaves that differ between two flattened answers. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/**
 * The schemas from an answer's root down to one of its leaves (`entries[indicatorId=4].remark`),
 * resolved; shorter than the path where the schema does not describe it.
 */
function schemasAlong(doc: OpenApiDoc, schema: Schema, leaf: string): Schema[] {
  const segments = leaf.split(/\.|(?=\[)/).filter(Boolean);
  const out: Schema[] = [resolve(doc, schema)];
  for (const seg of segments) {
    const s = out[out.length - 1];
    const next: Schema | undefined = seg.startsWith('[')
      ? s.type === 'array'
        ? s.items
        : undefined
      : (s.properties?.[seg] ??
        (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined));
    if (!next) break;
    out.push(resolve(doc, next));
  }
  return out;
}

/** The answer's schema of a leaf (resolved), or undefined where the schema does not describe it. */
export function schemaAt(doc: OpenApiDoc, schema: Schema, leaf: string): Schema | undefined {
  const along = schemasAlong(doc, schema, leaf);
  return along.length === leaf.split(/\.|(?=\[)/).filter(Boolean).length + 1
    ? along[along.length - 1]
    : undefined;
}

/**
 * Whether a leaf of an answer is one the service computes or keeps (`readOnly` in the
 * answer's schema, on the leaf or on any object or list it is in).
 */
export function isReadOnly(doc: OpenApiDoc, schema: Schema, leaf: string): boolean {
  return schemasAlong(doc, schema, leaf).some((s) => Boolean(s.readOnly));
}

/**
 * A value of an answer as a client would send it back: without what the answer marks
 * readOnly (the words of a code, `categoryLabel`), recursively through objects and lists.
 */
export function withoutReadOnly(doc: OpenApiDoc, schema: Schema | undefined, value: unknown): unknown {
  const s = resolve(doc, schema);
  if (Array.isArray(value) && s.type === 'array') return value.map((v) => withoutReadOnly(doc, s.items, v));
  if (value && typeof value === 'object' && !Array.isArray(value) && s.properties)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !resolve(doc, s.properties[k]).readOnly)
        .map(([k, v]) => [k, withoutReadOnly(doc, s.properties[k], v)]),
    );
  return value;
}

/** Whether `leaf` is `field` or lies inside it. */
export const within = (leaf: string, field: string) =>
  leaf === field || leaf.startsWith(`${field}.`) || leaf.startsWith(`${field}[`);
