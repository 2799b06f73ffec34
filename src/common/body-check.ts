import { CommonErrors } from './common.messages';
import { checkBody, checkQuery, invalidText } from './safe-text';

/**
 * Route config (`@RouteConfig({ bodyTypes: [...] })`): the content types a route reads besides
 * JSON. Every other route takes `application/json` only (docs/spec/api.md: JSON in and out), so a
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

/**
 * A Fastify preValidation hook: every query parameter is given once (`?q=a&q=b` would reach
 * the handlers as a list where they expect text); the body's content type must be one the
 * route reads; no query value and no text of a JSON body may hold a character that cannot be
 * stored as given (safe-text.ts), and a JSON body's shape is capped (BODY_LIMITS) before
 * class-transformer and class-validator walk it. Each answered 4xx naming the parameter or field.
 */
export async function checkRequest(req: RequestLike): Promise<void> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const repeated = Object.keys(query).find((k) => Array.isArray(query[k]));
  if (repeated !== undefined) throw CommonErrors.QUERY_REPEATED({}, { field: repeated.slice(0, 100) });
  checkQuery(query);
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
    throw CommonErrors.CONTENT_TYPE_UNSUPPORTED(
      { type: type.slice(0, 100), accepted },
      { field: 'content-type' },
    );
  if (typeof req.body === 'string' && type === 'text/plain') {
    // A text import: only NUL is refused here (it is no text file); the importer checks the
    // fields it reads, naming the project and field (imports.service.ts).
    const nul = req.body.indexOf('\0');
    if (nul >= 0) throw invalidText('body', req.body, { index: nul, codePoint: 0 });
    return;
  }
  checkBody(req.body);
  // Every JSON route reads an object (docs/spec/api.md): a list or a bare value is refused as
  // the body, not field by field as 「0」, 「1」 ….
  if (
    type === 'application/json' &&
    (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
  )
    throw CommonErrors.FIELD_OBJECT({}, { field: 'body' });
}
