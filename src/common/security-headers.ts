import type { FastifyInstance } from 'fastify';

/**
 * Response headers helmet does not decide for us (issue 12 item 9): the Content-Security-Policy,
 * a function of the path, and `Cache-Control: no-store` on the API's answers, which carry
 * tokens (login) and declaration content that no browser or proxy cache should keep.
 */

type Directives = Record<string, string[]>;

/** Nothing in an API answer (JSON, xlsx, CSV) may load or run anything, or be framed. */
const API: Directives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/**
 * The Swagger UI page (@nestjs/swagger on swagger-ui-dist 5): its scripts are files under
 * /api/docs/ (no inline script, no eval), its page has two <style> blocks and style attributes
 * (so inline styles, not scripts), its icons are data: URIs, and "Try it out" calls the API.
 */
const DOCS: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

/**
 * Everything outside /api: the web console (Vite-built files). Scripts only from its own files;
 * inline styles because Element Plus sets them.
 */
const CONSOLE: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * The public page of 绩效目标公开 (src/publication): a static document with one <style> block and
 * no script to run (its JSON data block is not executed), every value escaped.
 */
const PUBLIC_PAGE: Directives = { ...API, 'style-src': ["'unsafe-inline'"] };

const isDocsPage = (path: string) => path === '/api/docs' || path.startsWith('/api/docs/');

/** The policies by path, first match wins: add a line for a new kind of page. */
export const CSP_BY_PATH: Array<{ matches: (path: string) => boolean; directives: Directives }> = [
  { matches: isDocsPage, directives: DOCS },
  { matches: (path) => path === '/api/public/targets/table.html', directives: PUBLIC_PAGE },
  { matches: (path) => path === '/api' || path.startsWith('/api/'), directives: API },
  { matches: () => true, directives: CONSOLE },
];

export function contentSecurityPolicy(url: string): string {
  const path = url.split('?')[0];
  const { directives } = CSP_BY_PATH.find((p) => p.matches(path))!;
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** API answers are never stored; the documentation (page, files, document) may be. */
export function isUncacheable(url: string): boolean {
  const path = url.split('?')[0];
  return path.startsWith('/api/') && !isDocsPage(path) && path !== '/api/docs-json';
}

/**
 * The one exception among API answers: the reference data (`GET /api/reference`), the service's
 * vocabulary (states, roles, finding codes and their words). It holds no token and nothing of
 * any declaration, account or audit record, is the same for every user, and changes only with a
 * new release; a client reads it on every page. So its successful answers (200, and 304 to a
 * revalidation by ETag) may be kept by the user's browser for five minutes, never by a shared
 * cache (`private`); its refusals (401) stay `no-store` like every other answer.
 */
export const PRIVATE_CACHE: Readonly<Record<string, string>> = {
  '/api/reference': 'private, max-age=300',
};

/** The Cache-Control of an API answer: `no-store`, or the private policy of the paths above when it succeeded. */
export function apiCacheControl(url: string, status: number): string | null {
  if (!isUncacheable(url)) return null;
  const policy = PRIVATE_CACHE[url.split('?')[0]];
  return policy && (status === 200 || status === 304) ? policy : 'no-store';
}

/** On every answer, errors and 404s included (onSend runs for all of them). */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (req, reply, payload) => {
    reply.header('content-security-policy', contentSecurityPolicy(req.url));
    const cacheControl = apiCacheControl(req.url, reply.statusCode);
    if (cacheControl) reply.header('cache-control', cacheControl);
    if (cacheControl === 'no-store') reply.header('pragma', 'no-cache');
    return payload;
  });
}
