import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export { EXT_CODES } from '../../src/common/openapi';

/**
 * Reading the app's OpenAPI 3.0 document in tests: its operations by route, and their schemas
 * as JSON Schema for ajv. OpenAPI 3.0 schemas are JSON Schema but for `nullable` (turned into
 * "or null" here), `example` and the `x-` extensions (dropped). With `closed`, an object that
 * lists its properties admits no others: an answer that grew a field the document does not
 * describe fails, as one that lost a required field does.
 */

export type Schema = Record<string, any>;

export interface Operation {
  operationId?: string;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  [ext: string]: unknown;
}

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `/api/declarations/:id` → `/api/declarations/{id}`. */
export const openApiPath = (nestPath: string) => nestPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Every operation of the document as `METHOD /path` (OpenAPI notation) with the operation. */
export function operations(
  doc: OpenApiDoc,
): Array<{ key: string; method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((m) => ({
      key: `${m.toUpperCase()} ${path}`,
      method: m.toUpperCase(),
      path,
      op: item[m],
    })),
  );
}

export function operationOf(doc: OpenApiDoc, method: string, nestPath: string): Operation | undefined {
  return doc.paths[openApiPath(nestPath)]?.[method.toLowerCase()];
}

/** A component by `$ref`, or the schema itself. */
export function resolve(doc: OpenApiDoc, s: Schema | undefined): Schema {
  if (!s) return {};
  if (typeof s.$ref === 'string') return resolve(doc, doc.components.schemas[s.$ref.split('/').pop()!]);
  // Nest writes a nullable reference as {nullable, allOf: [{$ref}]}.
  if (Array.isArray(s.allOf) && s.allOf.length === 1) {
    const { allOf, ...rest } = s;
    return { ...resolve(doc, allOf[0]), ...rest, type: resolve(doc, allOf[0]).type };
  }
  return s;
}

const DROP = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator']);

/** An OpenAPI 3.0 schema as JSON Schema (draft-07) for ajv. */
export function toJsonSchema(s: unknown, closed: boolean): unknown {
  if (Array.isArray(s)) return s.map((x) => toJsonSchema(x, closed));
  if (!s || typeof s !== 'object') return s;
  const src = s as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (DROP.has(k) || k.startsWith('x-') || k === 'nullable') continue;
    if (k === '$ref') out.$ref = String(v).replace('#/components/schemas/', '#/definitions/');
    else if (k === 'properties')
      out.properties = Object.fromEntries(
        Object.entries(v as Schema).map(([name, p]) => [name, toJsonSchema(p, closed)]),
      );
    else if (typeof v === 'object' && v !== null) out[k] = toJsonSchema(v, closed);
    else out[k] = v;
  }
  if (closed && out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return src.nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

// ajv-formats is CommonJS with `exports.default`; under Jest's ESM either shape may arrive.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** An ajv that knows the formats of the document (date, date-time, byte, decimal, binary). */
export function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
  ajv.addFormat('binary', true);
  return ajv;
}

/** Validators of a document's schemas, compiled once each. */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<unknown, ValidateFunction>();
  private readonly definitions: Schema;

  constructor(doc: OpenApiDoc) {
    this.ajv = newAjv();
    this.definitions = toJsonSchema(doc.components.schemas, true) as Schema;
  }

  /** The problems of `value` against `schema` (an OpenAPI schema of the document), as text. */
  problems(schema: Schema, value: unknown): string[] {
    let validate = this.cache.get(schema);
    if (!validate) {
      validate = this.ajv.compile({
        ...(toJsonSchema(schema, true) as Schema),
        definitions: this.definitions,
      });
      this.cache.set(schema, validate);
    }
    if (validate(value)) return [];
    // "or null" is an anyOf: its branch errors ("must be null", "must match a schema in anyOf") say nothing.
    const errors = (validate.errors ?? []).filter(
      (e) =>
        e.keyword !== 'anyOf' && !(e.keyword === 'type' && (e.params as { type?: string }).type === 'null'),
    );
    return errors.map(describeError).filter((e, i, all) => all.indexOf(e) === i);
  }
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath || '(body)';
  if (e.keyword === 'additionalProperties')
    return `${at}: has "${(e.params as { additionalProperty: string }).additionalProperty}", which the document does not describe`;
  if (e.keyword === 'required')
    return `${at}: lacks "${(e.params as { missingProperty: string }).missingProperty}", which the document requires`;
  return `${at}: ${e.message}`;
}

/**
 * Every place in the document where a schema is a bare object (no properties, no
 * additionalProperties, nothing it is composed of) or a property has no type at all: what a
 * client's generated types would see as `Record<string, never>` or `unknown`.
 */
export function bareObjects(doc: OpenApiDoc): string[] {
  const found: string[] = [];
  const walk = (s: unknown, at: string, isProperty: boolean): void => {
    if (!s || typeof s !== 'object') return;
    if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${at}[${i}]`, false));
    const o = s as Schema;
    const composed = o.$ref || o.allOf || o.oneOf || o.anyOf;
    if (o.type === 'object' && !o.properties && !o.additionalProperties && !composed) found.push(at);
    if (isProperty && o.type === undefined && !composed) found.push(`${at} (no type)`);
    for (const [k, v] of Object.entries(o)) {
      if (k === 'properties')
        for (const [name, p] of Object.entries(v as Schema)) walk(p, `${at}.${name}`, true);
      else if (k !== 'example' && !k.startsWith('x-')) walk(v, `${at}.${k}`, false);
    }
  };
  for (const [name, s] of Object.entries(doc.components.schemas)) walk(s, name, false);
  for (const { key, op } of operations(doc)) {
    walk(op.requestBody, `${key} request`, false);
    for (const [status, r] of Object.entries(op.responses)) walk(r.content, `${key} ${status}`, false);
  }
  return found;
}
