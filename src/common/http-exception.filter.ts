import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { InputError } from './input-error';
import { reasonPhrase } from './errors';

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): void;
}

const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '53300',
]);

/** True when the error means the database cannot be reached (answered 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: unknown } | null;
  if (!e) return false;
  if (e.code && DB_DOWN_CODES.has(e.code)) return true;
  const msg = e.message ?? '';
  if (
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connect ECONNREFUSED|the database system is (shutting down|starting up)|terminating connection/i.test(
      msg,
    )
  ) {
    return true;
  }
  return e.driverError ? isDatabaseUnavailable(e.driverError) : false;
}

/**
 * True for a unique-constraint violation: two requests creating the same thing at the same
 * moment (a check-then-insert race between transactions or instances). Answered 409.
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: unknown } | null;
  if (!e) return false;
  if (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
    return true;
  return e.driverError ? isUniqueViolation(e.driverError) : false;
}

/**
 * Every error leaves as `{statusCode, error, message, ...}` (api.md). Client errors say what
 * is wrong and where; server errors carry only the request id: no stack, no SQL.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const req = host.switchToHttp().getRequest<{ id?: string; method?: string; url?: string }>();
    const requestId = String(req.id ?? '');
    const { status, body } = this.toBody(exception, requestId);
    if (status >= 500) {
      const err = exception as Error;
      this.logger.error(
        `${req.method} ${req.url} → ${status} [${requestId}] ${err?.name}: ${err?.message}`,
        err?.stack,
      );
    }
    if (status === 503) reply.header('Retry-After', '5');
    reply.status(status).send(body);
  }

  private toBody(exception: unknown, requestId: string): { status: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null) {
        const r = res as Record<string, unknown>;
        const message = Array.isArray(r.message)
          ? r.message.join('; ')
          : String(r.message ?? exception.message);
        return { status, body: { ...r, statusCode: status, error: reasonPhrase(status), message } };
      }
      return { status, body: { statusCode: status, error: reasonPhrase(status), message: String(res) } };
    }
    if (exception instanceof InputError) {
      const body: Record<string, unknown> = {
        statusCode: exception.status,
        error: reasonPhrase(exception.status),
        message: exception.message,
      };
      if (exception.field) body.field = exception.field;
      if (exception.details) body.details = exception.details;
      if (exception.code) body.code = exception.code;
      return { status: exception.status, body };
    }
    // Fastify's own errors: body too large, bad JSON, wrong content type.
    const fe = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return {
        status: fe.statusCode,
        body: { statusCode: fe.statusCode, error: reasonPhrase(fe.statusCode), message: fastifyMessage(fe) },
      };
    }
    if (isUniqueViolation(exception)) {
      return {
        status: 409,
        body: {
          statusCode: 409,
          error: reasonPhrase(409),
          message: 'this was created or changed by another request at the same moment; reload and try again',
        },
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        status: 503,
        body: {
          statusCode: 503,
          error: reasonPhrase(503),
          message: 'the database is unavailable; try again in a moment',
          requestId,
        },
      };
    }
    return {
      status: 500,
      body: {
        statusCode: 500,
        error: reasonPhrase(500),
        message: `internal error; quote request id ${requestId}`,
        requestId,
      },
    };
  }
}

function fastifyMessage(e: { code?: string; message?: string }): string {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is larger than the limit';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type: send application/json (or text/plain or multipart/form-data for imports)';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body: the JSON body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    default:
      if (e.message && /JSON/i.test(e.message))
        return `body: malformed JSON (${e.message.replace(/^.*?:\s*/, '').slice(0, 120)})`;
      return e.message ?? 'bad request';
  }
}
