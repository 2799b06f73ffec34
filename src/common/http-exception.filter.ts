import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { CommonErrors } from './common.messages';
import { AppError } from './errors';
import { langFromHeader } from './i18n';

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
 * Every error leaves as `{statusCode, error, code, message, field?, details?}` (docs/spec/api.md, and
 * issue 13): `code` is stable and clients branch on it; `message` is in the language the request
 * asked for (Accept-Language, Chinese by default) and names the field in the form's terms.
 * Server errors carry only the request id: no stack, no SQL.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const req = host.switchToHttp().getRequest<{
      id?: string;
      method?: string;
      url?: string;
      headers?: Record<string, string | string[] | undefined>;
    }>();
    const requestId = String(req.id ?? '');
    const error = toAppError(exception, requestId, req.method ?? '', req.url ?? '');
    if (error.status >= 500) {
      const err = exception as Error;
      this.logger.error(
        `${req.method} ${req.url} → ${error.status} [${requestId}] ${err?.name}: ${err?.message}`,
        err?.stack,
      );
    }
    if (error.status === 503) reply.header('Retry-After', '5');
    reply.status(error.status).send(error.body(langFromHeader(req.headers?.['accept-language'])));
  }
}

/** Whatever was thrown, as one of ours: a code, parameters, and its status. */
export function toAppError(exception: unknown, requestId: string, method = '', url = ''): AppError {
  if (exception instanceof AppError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const r = (typeof res === 'object' && res !== null ? res : { message: String(res) }) as Record<
      string,
      unknown
    >;
    // Nest's own answer for a path no controller serves.
    if (status === 404 && typeof r.message === 'string' && r.message.startsWith('Cannot '))
      return CommonErrors.ROUTE_NOT_FOUND({ method, path: url.split('?')[0].slice(0, 200) });
    // Fastify's own refusals (bad JSON, body too large, content type) come wrapped by Nest.
    const cause = (exception as { cause?: { code?: string; message?: string } }).cause;
    if (typeof cause?.code === 'string' && cause.code.startsWith('FST_'))
      return fastifyError({ statusCode: status, code: cause.code, message: cause.message });
    // Whatever else the framework refuses: its status, and its own words for English readers only.
    const detail = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? exception.message);
    return new AppError(status, 'REQUEST_REFUSED', { status, detail: detail.slice(0, 200) });
  }
  // Fastify's own errors: body too large, bad JSON, wrong content type.
  const fe = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return fastifyError(fe as { statusCode: number; code?: string; message?: string });
  if (isUniqueViolation(exception)) return CommonErrors.CONCURRENT_CHANGE();
  if (isDatabaseUnavailable(exception)) return CommonErrors.DATABASE_UNAVAILABLE({}, { requestId });
  return CommonErrors.INTERNAL_ERROR({ requestId }, { requestId });
}

function fastifyError(e: { statusCode: number; code?: string; message?: string }): AppError {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return CommonErrors.BODY_TOO_LARGE({}, { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return CommonErrors.CONTENT_TYPE_UNSUPPORTED(
        { type: '', accepted: ['application/json', 'text/plain', 'multipart/form-data'] },
        { field: 'content-type' },
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return CommonErrors.JSON_EMPTY({}, { field: 'body' });
    default:
      if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON|prototype/i.test(e.message ?? ''))
        return CommonErrors.JSON_MALFORMED(
          { detail: (e.message ?? '').replace(/^.*?:\s*/, '').slice(0, 120) },
          { field: 'body' },
        );
      if (e.statusCode === 408) return CommonErrors.REQUEST_TIMEOUT();
      return new AppError(e.statusCode, 'REQUEST_REFUSED', { status: e.statusCode, detail: e.message });
  }
}
