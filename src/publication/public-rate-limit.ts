import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { PublicationErrors } from './publication.messages';

/**
 * The public routes (the table and its verification) need no login: anyone holding a table must
 * be able to check it. What they may cost is bounded instead: per client address and service
 * instance, at most `publicRateLimit.max` requests (PUBLIC_RATE_LIMIT_MAX, default 120) a minute
 * across them, then 429 with Retry-After. A verification re-hashes the chain of each declaration
 * it checks (at most VERIFY_ROWS_MAX rows), a download renders the year's table.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  static readonly windowMs = 60_000;
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const ip = http.getRequest<{ ip?: string }>().ip ?? 'unknown';
    const now = Date.now();
    let entry = this.hits.get(ip);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + PublicRateLimitGuard.windowMs };
      this.hits.set(ip, entry);
      if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
    }
    entry.count += 1;
    if (entry.count > this.config.publicRateLimit.max) {
      const seconds = Math.ceil((entry.resetAt - now) / 1000);
      http.getResponse<{ header(n: string, v: string): void }>().header('Retry-After', String(seconds));
      throw PublicationErrors.PUBLIC_RATE_LIMITED({ seconds });
    }
    return true;
  }
}
