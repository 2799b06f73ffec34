import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Refusals of the service, each with its status and a message in the user's terms.
 * One exception type, a code per kind (Twenty's lesson); thrown, never returned, so the
 * transaction that raised it rolls back.
 */
export class AppError extends HttpException {
  constructor(status: HttpStatus, message: string, extra: Record<string, unknown> = {}) {
    super({ statusCode: status, error: reasonPhrase(status), message, ...extra }, status);
  }
}

export const notFound = (what: string) => new AppError(HttpStatus.NOT_FOUND, `${what} not found`);
export const forbidden = (message: string) => new AppError(HttpStatus.FORBIDDEN, message);
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError(HttpStatus.CONFLICT, message, extra);
export const badRequest = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError(HttpStatus.BAD_REQUEST, message, extra);
export const unprocessable = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError(HttpStatus.UNPROCESSABLE_ENTITY, message, extra);

export function staleVersion(given: number, current: number): AppError {
  return conflict(
    `version ${given} is stale: the declaration is now at version ${current}; reload and try again`,
    {
      currentVersion: current,
    },
  );
}

export function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    408: 'Request Timeout',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    423: 'Locked',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return phrases[status] ?? 'Error';
}
