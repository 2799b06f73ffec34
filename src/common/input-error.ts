/**
 * The one error a pure module (target notation, money, importer, scoring) throws for bad
 * input. The HTTP layer answers it 400 (or `status`) with `message`, which names the field in
 * the user's terms. Pure modules never import Nest, so this is a plain Error.
 */
export class InputError extends Error {
  constructor(
    message: string,
    /** The field or location, e.g. `indicators[3].target`, `line 42`. */
    readonly field?: string,
    readonly status: 400 | 413 | 415 | 422 = 400,
    readonly details?: unknown[],
    /** A stable UPPER_SNAKE code for the kind of refusal (e.g. UPLOAD_TOO_MANY_ENTRIES). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}
