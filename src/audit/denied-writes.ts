import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { AppError } from '../common/errors';
import type { AuthUser } from '../common/request-context';
import { nowIso } from '../common/time';
import type { FieldChange } from './audit-actions';
import { AuditService, type AuditActor } from './audit.service';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a refused request looks like to the recorder (a Fastify request, in effect). */
export interface DeniedRequest {
  method?: string;
  url?: string;
  id?: string;
  ip?: string;
  user?: AuthUser;
  routeOptions?: { url?: string };
}

/** Why it was refused: the refusal's code and message, and the permission the route needs (the guard's). */
export interface Denial {
  code: string;
  /** The message in Chinese, as the audit trail keeps it. */
  message: string;
  permission?: string;
}

/** One user's current window of refused writes. */
interface Window {
  start: number;
  recorded: number;
  suppressed: number;
  /** The routes of the refusals not recorded one by one (at most ROUTES_KEPT). */
  routes: Set<string>;
  actor: AuditActor;
  timer: NodeJS.Timeout;
}

const ROUTES_KEPT = 10;

/**
 * Refused writes are security events (等保 2.0 8.1.4.3, issue 13 item 10): a 403 answered to a
 * signed-in user's POST, PUT, PATCH or DELETE is recorded as `access.denied` on the system
 * chain, with the method, the route, the path, the permission the route needs (when the
 * permission guard refused) and the refusal's code, and its message as the comment.
 *
 * A loop must not flood the log: per user and per instance, at most `perWindow` refusals are
 * recorded in a fixed window of `windowMs` from the user's first refusal. The ones beyond are
 * counted, and when the window closes (a timer; at shutdown, before the database closes) one
 * `access.denials_summarised` event records how many there were, from when to when, and which
 * routes. A user's next refusal after the window opens a new one. So a loop of N refused
 * writes a minute leaves `perWindow` + 1 events a minute, whatever N.
 *
 * Recorded in a transaction of its own, after the refused request's transaction rolled back.
 * A failure to record is logged and the answer is still the 403.
 */
@Injectable()
export class DeniedWrites implements BeforeApplicationShutdown {
  /** Refusals recorded one by one, per user, per window. (Tests change it.) */
  static perWindow = 10;
  static windowMs = 60_000;

  private readonly logger = new Logger('audit');
  private readonly windows = new Map<number, Window>();

  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  /** Whether a request's refusal is one to record: a write by a signed-in user. */
  static concerns(req: DeniedRequest): req is DeniedRequest & { user: AuthUser } {
    return !!req.user && WRITE_METHODS.has(String(req.method ?? '').toUpperCase());
  }

  async record(req: DeniedRequest, denial: Denial): Promise<void> {
    if (!DeniedWrites.concerns(req)) return;
    const user = req.user;
    const method = String(req.method).toUpperCase();
    const route = `${method} ${req.routeOptions?.url ?? pathOf(req.url)}`;
    const now = Date.now();
    let w = this.windows.get(user.id);
    // An ended window (its timer not run yet) is closed first; everything up to the next
    // await is synchronous, so parallel refusals all count in the same new window.
    let closing: Promise<void> = Promise.resolve();
    if (w && now - w.start >= DeniedWrites.windowMs) {
      closing = this.close(user.id, w);
      w = undefined;
    }
    const actor: AuditActor = {
      user: { id: user.id, username: user.username, roles: user.roles },
      requestId: req.id ? String(req.id) : null,
      ip: req.ip ?? null,
    };
    if (!w) {
      const opened: Window = {
        start: now,
        recorded: 0,
        suppressed: 0,
        routes: new Set(),
        actor,
        timer: setTimeout(() => void this.close(user.id, opened), DeniedWrites.windowMs),
      };
      // The window's end must not keep the process alive.
      opened.timer.unref();
      this.windows.set(user.id, opened);
      w = opened;
    }
    if (w.recorded >= DeniedWrites.perWindow) {
      w.suppressed++;
      w.actor = actor;
      if (w.routes.size < ROUTES_KEPT) w.routes.add(route);
      await closing;
      return;
    }
    w.recorded++;
    await closing;
    const changes: FieldChange[] = [
      { field: 'method', before: null, after: method },
      { field: 'path', before: null, after: pathOf(req.url).slice(0, 200) },
      ...(denial.permission ? [{ field: 'permission', before: null, after: denial.permission }] : []),
      { field: 'errorCode', before: null, after: denial.code },
    ];
    await this.write(actor, {
      action: 'access.denied',
      outcome: 'denied',
      entityType: 'route',
      entityId: route.slice(0, 64),
      changes,
      comment: denial.message,
    });
  }

  /**
   * Closes every open window now, writing the summaries of those with refusals not recorded
   * one by one (the windows' timers do this as each ends; tests and shutdown call it).
   */
  async flush(): Promise<void> {
    await Promise.all([...this.windows].map(([userId, w]) => this.close(userId, w)));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async close(userId: number, w: Window): Promise<void> {
    clearTimeout(w.timer);
    if (this.windows.get(userId) === w) this.windows.delete(userId);
    if (!w.suppressed) return;
    const count = w.suppressed;
    w.suppressed = 0;
    await this.write(w.actor, {
      action: 'access.denials_summarised',
      outcome: 'denied',
      entityType: 'user',
      entityId: userId,
      changes: [
        { field: 'count', before: null, after: count },
        { field: 'from', before: null, after: new Date(w.start).toISOString() },
        { field: 'to', before: null, after: nowIso() },
        { field: 'routes', before: null, after: [...w.routes] },
      ],
    });
  }

  private async write(actor: AuditActor, rec: Parameters<AuditService['record']>[1]): Promise<void> {
    try {
      await this.audit.record(actor, rec);
    } catch (e) {
      this.logger.error(`could not record ${rec.action} of user ${String(actor.user?.id)}: ${String(e)}`);
    }
  }
}

function pathOf(url: string | undefined): string {
  return String(url ?? '').split('?')[0];
}

/** The status of whatever a handler threw, when it is an HTTP answer. */
function statusOf(err: unknown): number | undefined {
  if (err instanceof AppError) return err.status;
  if (err instanceof HttpException) return err.getStatus();
  return undefined;
}

/**
 * Global: a 403 thrown by a handler (a service's refusal: the role-grant policy, a workflow
 * guard, a declaration of another department) on a write is recorded by DeniedWrites. The
 * permission guard's own refusals never reach an interceptor; the guard records them itself.
 */
@Injectable()
export class DeniedWritesInterceptor implements NestInterceptor {
  constructor(@Inject(DeniedWrites) private readonly denied: DeniedWrites) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        const req = context.switchToHttp().getRequest<DeniedRequest>();
        if (statusOf(err) !== 403 || !DeniedWrites.concerns(req)) return throwError(() => err);
        const denial: Denial =
          err instanceof AppError
            ? { code: err.code, message: String(err.body('zh').message) }
            : { code: 'FORBIDDEN', message: (err as Error).message };
        return from(this.denied.record(req, denial)).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }
}
