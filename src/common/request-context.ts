import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles';
import { langFromHeader, type Lang } from './i18n';

/** The authenticated caller, as loaded from the database on this request. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: number;
  /** The department's materialised path, `/1/4/9/`. */
  departmentPath: string;
}

/** What every service method is given: who acts, and the request's identity for the audit. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  user: AuthUser;
  /** The language the caller reads (Accept-Language; Chinese by default). */
  lang: Lang;
}

interface RequestLike {
  headers?: Record<string, string | string[] | undefined>;
  id?: string;
  ip?: string;
  user?: AuthUser;
}

export function contextOf(req: RequestLike): RequestContext {
  return {
    requestId: String(req.id ?? ''),
    ip: req.ip ?? null,
    user: req.user as AuthUser,
    lang: langFromHeader(req.headers?.['accept-language']),
  };
}

/** `@Ctx() ctx: RequestContext` in a controller. */
export const Ctx = createParamDecorator((_: unknown, ec: ExecutionContext) =>
  contextOf(ec.switchToHttp().getRequest()),
);
