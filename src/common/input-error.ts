import { LegacyError } from './errors';

/**
 * TEMPORARY (issue 13): the pure modules' refusal with an English text, until they throw
 * catalogue errors (AppError is a plain Error now, so they can).
 */
export class InputError extends LegacyError {
  constructor(
    message: string,
    field?: string,
    status: 400 | 413 | 415 | 422 = 400,
    details?: unknown[],
    code?: string,
  ) {
    super(status, message, { field, code, ...(details ? { legacyDetails: details } : {}) });
    this.name = 'InputError';
  }
}
