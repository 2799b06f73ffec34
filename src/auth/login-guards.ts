import {
  BadRequestException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { legacyError } from '../common/errors';
import { APP_CONFIG } from '../config/app-config';

/** The login body is checked before passport sees it: malformed input is 400, not 401. */
@Injectable()
export class LoginBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequestException('body: send {"username": "...", "password": "..."}');
    const b = body as Record<string, unknown>;
    const unknown = Object.keys(b).filter((k) => k !== 'username' && k !== 'password');
    if (unknown.length) throw new BadRequestException(`${unknown[0]}: unknown field`);
    for (const f of ['username', 'password']) {
      if (typeof b[f] !== 'string' || !(b[f] as string).length)
        throw new BadRequestException(`${f}: required, a non-empty string`);
      if ((b[f] as string).length > 256) throw new BadRequestException(`${f}: at most 256 characters`);
    }
    return true;
  }
}

/**
 * Login attempts per client address in a fixed window, on top of the per-account lockout,
 * so one address cannot try passwords across many accounts. Per instance: behind a load
 * balancer each instance counts its own share.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const ip = http.getRequest<{ ip?: string }>().ip ?? 'unknown';
    const now = Date.now();
    const { max, windowSeconds } = this.config.loginRateLimit;
    let entry = this.hits.get(ip);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.hits.set(ip, entry);
      if (this.hits.size > 10_000) this.evict(now);
    }
    entry.count += 1;
    if (entry.count > max) {
      const retryAfterSeconds = Math.ceil((entry.resetAt - now) / 1000);
      http
        .getResponse<{ header(n: string, v: string): void }>()
        .header('Retry-After', String(retryAfterSeconds));
      throw legacyError(
        HttpStatus.TOO_MANY_REQUESTS,
        `too many login attempts from your address; retry in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    return true;
  }

  private evict(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}
