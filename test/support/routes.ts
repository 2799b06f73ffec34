import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The routes the application serves, read from the application itself (issue 7: a new route
 * without a row in a table fails the suite). Two sources that must agree: the controllers'
 * route metadata in Nest's module container, and Fastify's router (printRoutes), so a route
 * registered around Nest would show up too. HEAD (Fastify's automatic twin of GET) and
 * OPTIONS are left out.
 */
export interface AppRoute {
  method: string;
  /** Nest notation with the real parameter names: `/api/declarations/:id/indicators/:indicatorId`. */
  path: string;
}

export const routeKey = (r: AppRoute) => `${r.method} ${r.path}`;

/** `/api/declarations/:id/x/:b` → `/api/declarations/:/x/:` (parameter names differ between sources). */
export const routeShape = (key: string) => key.replace(/:[A-Za-z0-9_]+/g, ':');

function joinPath(...parts: string[]): string {
  const segments = parts.flatMap((p) => p.split('/')).filter(Boolean);
  return `/${segments.join('/')}`;
}

/** From the controllers' metadata (what Nest mapped). */
export function nestRoutes(app: NestFastifyApplication): AppRoute[] {
  const prefix = (app as unknown as { config: { getGlobalPrefix(): string } }).config.getGlobalPrefix();
  const out: AppRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!cls?.prototype) continue;
      const ctrlPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        if (name === 'constructor') continue;
        const handler = (cls.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (methodPaths === undefined || method === undefined) continue;
        for (const cp of ctrlPaths)
          for (const mp of ([] as string[]).concat(methodPaths))
            out.push({ method: RequestMethod[method], path: joinPath(prefix, cp, mp) });
      }
    }
  }
  return out;
}

/** From Fastify's router tree (`printRoutes({commonPrefix: false})`). */
export function fastifyRoutes(app: NestFastifyApplication): AppRoute[] {
  const text = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: AppRoute[] = [];
  for (const line of text.split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    // `/:no|:a`: two routes share the position with different parameter names.
    const segment = m[2].replace(/:([A-Za-z0-9_]+)(\|:[A-Za-z0-9_]+)+/g, ':$1');
    stack.length = depth;
    stack.push(segment);
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (!method || method === 'HEAD' || method === 'OPTIONS') continue;
      out.push({ method, path: stack.join('') });
    }
  }
  return out;
}

/**
 * Every route of the application, in Nest notation. Throws when the two sources disagree
 * (a route served outside Nest, or a change in Fastify's print format that this parser
 * would otherwise silently miss).
 */
export function applicationRoutes(app: NestFastifyApplication): AppRoute[] {
  const nest = nestRoutes(app).filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
  const fastify = fastifyRoutes(app);
  const nestShapes = new Set(nest.map((r) => routeShape(routeKey(r))));
  const fastifyShapes = new Set(fastify.map((r) => routeShape(routeKey(r))));
  const onlyFastify = [...fastifyShapes].filter((s) => !nestShapes.has(s));
  const onlyNest = [...nestShapes].filter((s) => !fastifyShapes.has(s));
  if (onlyFastify.length || onlyNest.length || nest.length < 10)
    throw new Error(
      `route discovery disagrees: served by Fastify but not a Nest route: ${onlyFastify.join(', ') || '-'}; ` +
        `Nest routes Fastify does not list: ${onlyNest.join(', ') || '-'}`,
    );
  const seen = new Set<string>();
  return nest.filter((r) => {
    const k = routeKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Table rows vs routes: what has no row, and which rows name no route. */
export function coverage(
  routes: AppRoute[],
  rowKeys: Iterable<string>,
): { missing: string[]; stale: string[] } {
  const rows = new Map([...rowKeys].map((k) => [routeShape(k), k]));
  const shapes = new Set(routes.map((r) => routeShape(routeKey(r))));
  return {
    missing: routes.map(routeKey).filter((k) => !rows.has(routeShape(k))),
    stale: [...rows.entries()].filter(([shape]) => !shapes.has(shape)).map(([, k]) => k),
  };
}
