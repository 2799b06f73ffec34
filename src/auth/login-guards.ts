import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { CommonErrors } from '../common/common.messages';
import { APP_CONFIG } from '../config/app-config';
import { AuthErrors } from './auth.messages';

/** The longest username or password a login body may carry. */
const LOGIN_FIELD_MAX = 256;

/** The login body is checked before passport sees it: malformed input is 400, not 401. */
@Injectable()
export class LoginBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw AuthErrors.LOGIN_BODY_INVALID({}, { field: 'body' });
    const b = body as Record<string, unknown>;
    const unknown = Object.keys(b).find((k) => k !== 'username' && k !== 'password');
    if (unknown !== undefined) throw CommonErrors.FIELD_UNKNOWN({}, { field: unknown.slice(0, 40) });
    for (const field of ['username', 'password']) {
      const v = b[field];
      if (v === undefined) throw CommonErrors.FIELD_REQUIRED({}, { field });
      if (v === null) throw CommonErrors.FIELD_NOT_NULL({}, { field });
      if (typeof v !== 'string') throw CommonErrors.FIELD_TEXT({}, { field });
      if (!v.length) throw CommonErrors.FIELD_NOT_BLANK({}, { field });
      if (v.length > LOGIN_FIELD_MAX) throw CommonErrors.FIELD_TOO_LONG({ max: LOGIN_FIELD_MAX }, { field });
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
      throw AuthErrors.LOGIN_RATE_LIMITED({ seconds: retryAfterSeconds }, { retryAfterSeconds });
    }
    return true;
  }

  private evict(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}
