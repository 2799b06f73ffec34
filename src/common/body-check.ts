import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';

/**
 * Route config (`@RouteConfig({ bodyTypes: [...] })`): the content types a route reads besides
 * JSON. Every other route takes `application/json` only (api.md: JSON in and out), so a
 * text/plain or form-encoded body is 415 instead of being parsed into a string or a flat
 * object and validated field by field.
 */
export interface BodyTypesConfig {
  bodyTypes?: string[];
}

interface RequestLike {
  body?: unknown;
  query?: unknown;
  headers: Record<string, string | string[] | undefined>;
  routeOptions?: { config?: unknown };
}

/** The path of the first string holding U+0000 (`entries[2].remark`), '' for the body itself. */
export function nulPath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null || depth > 100) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const found = nulPath(v, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * A Fastify preValidation hook: every query parameter is given once (`?q=a&q=b` would reach
 * the handlers as a list where they expect text); the body's content type must be one the
 * route reads; and no text may hold the NUL character (PostgreSQL cannot store it: it would be
 * a 500 there and stored on SQLite). Each answered 4xx naming the parameter or field.
 */
export async function checkRequest(req: RequestLike): Promise<void> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const repeated = Object.keys(query).find((k) => Array.isArray(query[k]));
  if (repeated !== undefined)
    throw new BadRequestException(`${repeated.slice(0, 100)}: give this parameter once`);
  const inQuery = nulPath(query);
  if (inQuery !== null)
    throw new BadRequestException(`${inQuery}: must not contain the NUL character (U+0000)`);
  // A multipart body is left unread (req.body undefined) until a handler asks for the file.
  const hasBody =
    req.body !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const accepted = ['application/json', ...((req.routeOptions?.config as BodyTypesConfig)?.bodyTypes ?? [])];
  if (type && !accepted.includes(type))
    throw new UnsupportedMediaTypeException(
      `content type ${type.slice(0, 100)} is not accepted here: send ${accepted.join(' or ')}`,
    );
  const at = nulPath(req.body);
  if (at !== null)
    throw new BadRequestException(`${at || 'body'}: must not contain the NUL character (U+0000)`);
}
