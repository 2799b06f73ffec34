import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { consolePages, type PagePreload } from './page-preloads';

/** The built console (`vite build` writes dist/web; this file runs from dist/src/console). */
export const CONSOLE_DIR = join(__dirname, '..', '..', 'web');

/**
 * The console pages' Content-Security-Policy: scripts and connections to this origin only;
 * inline styles, because Vue inserts large static parts of a template as HTML (style
 * attributes included) and some Element Plus components set a style attribute; images may be
 * data: URLs (small icons Vite inlines). Set on the console's HTML only, where it replaces
 * whatever policy the API's helmet sets.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Serves the console at `/` beside the API: hashed files under /assets/ cached for a year
 * (their names change with their content), index.html never cached without asking, and any
 * other GET outside /api answered with index.html so the console's own routes (history mode)
 * load from a deep link or a reload. /api stays the API's: an unknown /api route is still its
 * JSON 404. Called by main.ts and demo.ts only: Jest cannot load @fastify/static.
 */
export async function serveConsole(app: NestFastifyApplication, dir = CONSOLE_DIR): Promise<boolean> {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('console').warn(
      `${index} is missing (npm run build builds the console): serving the API only`,
    );
    return false;
  }
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(
    fastifyStatic as never,
    {
      root: join(dir, 'assets'),
      prefix: '/assets/',
      // Swagger UI registers the plugin too; only one may decorate the reply.
      decorateReply: false,
      index: false,
      maxAge: YEAR_MS,
      immutable: true,
    } as never,
  );
  // The build does not change under a running service: read once.
  const pageHtml = consolePages(await readFile(index, 'utf8'), await readPreloads(dir));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0];
    // The API's and files': a missing file is a 404, never the page (a browser would run HTML as a script).
    const isFile = /\.[A-Za-z0-9]+$/.test(path) && path !== '/index.html';
    if (path === '/api' || path.startsWith('/api/') || isFile) return reply.callNotFound();
    const html = pageHtml(path);
    return reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONSOLE_CSP)
      .type('text/html; charset=utf-8')
      .send(html);
  });
  return true;
}

/** The build's list of each area's first-page files; none (plain pages) if missing or unreadable. */
async function readPreloads(dir: string): Promise<Record<string, PagePreload>> {
  try {
    return JSON.parse(await readFile(join(dir, 'page-preloads.json'), 'utf8')) as Record<string, PagePreload>;
  } catch {
    new Logger('console').warn(
      'page-preloads.json is missing or unreadable: pages load their code after the shell',
    );
    return {};
  }
}
