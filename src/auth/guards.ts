import { ExecutionContext, Inject, Injectable, type CanActivate } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DeniedWrites, type DeniedRequest } from '../audit/denied-writes';
import { AppError } from '../common/errors';
import { isDatabaseUnavailable } from '../common/http-exception.filter';
import { AuthErrors } from './auth.messages';
import { IS_PUBLIC, PERMISSION } from './decorators';
import { hasPermission, PERMISSIONS, type Permission } from './permissions';

/** Global: every route needs a valid token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    return super.canActivate(context);
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    // The user is loaded from the database on each request: the database away is 503 (the
    // exception filter), not a 401 that would log every client out.
    if (err && isDatabaseUnavailable(err)) throw err;
    if (err) throw err instanceof AppError ? err : AuthErrors.TOKEN_INVALID();
    if (!user) {
      const reason = info as Error | undefined;
      if (reason?.name === 'TokenExpiredError') throw AuthErrors.TOKEN_EXPIRED();
      // passport-jwt's words for a request without a bearer token.
      if (!reason || reason.message === 'No auth token') throw AuthErrors.TOKEN_MISSING();
      throw AuthErrors.TOKEN_INVALID();
    }
    return user;
  }
}

/**
 * Global, after authentication: the route's @Allow(permission) must be granted by a role.
 * A refused write is recorded in the audit log (DeniedWrites).
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(DeniedWrites) private readonly denied: DeniedWrites,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<DeniedRequest>();
    const user = req.user;
    // Deny by default: a route that declares no permission is refused to everyone.
    if (permission && user && hasPermission(user.roles, permission)) return true;
    const refusal = AuthErrors.PERMISSION_DENIED({
      roles: user?.roles ?? [],
      allowed: permission ? [...PERMISSIONS[permission]] : [],
      permission,
    });
    await this.denied.record(req, {
      code: refusal.code,
      message: String(refusal.body('zh').message),
      permission,
    });
    throw refusal;
  }
}

/** Runs passport-local on the login route. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw AuthErrors.AUTH_CREDENTIALS_REQUIRED();
    return user;
  }
}
