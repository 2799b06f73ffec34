import { defineMessages, fieldLabel, render, type Lang } from './i18n';

/**
 * Refusals of the service. One error type (Twenty's lesson): a status, a stable `code` that
 * clients branch on, the parameters of its message, and the `field` it is about. The text is
 * rendered only when the answer is written, in the language the request asked for, from the
 * catalogue of the module that owns the code. Thrown, never returned, so the transaction that
 * raised it rolls back. A plain Error (no Nest), so pure modules throw it too.
 */
export interface Problem {
  code: string;
  params?: Record<string, unknown>;
  /** The field or location, e.g. `indicators[3].target`, `line 42`. */
  field?: string;
}

export interface ErrorExtra {
  field?: string;
  /** Several problems of one request (validation): listed in the body, the first few only. */
  details?: Problem[];
  /** Anything else the body carries (`currentVersion`, `findings`, `retryAt` …). */
  [key: string]: unknown;
}

export interface TransferredError {
  status: number;
  code: string;
  params: Record<string, unknown>;
  extra: ErrorExtra;
}

export class AppError extends Error {
  readonly field?: string;
  readonly details?: Problem[];
  readonly extra: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    extra: ErrorExtra = {},
  ) {
    const { field, details, ...rest } = extra;
    // English in logs and stack traces; people get their own language from `body()`.
    super(
      details?.length
        ? details.map((d) => renderProblem(d, 'en')).join('; ')
        : renderProblem({ code, params, field }, 'en'),
    );
    this.name = 'AppError';
    this.field = field;
    this.details = details;
    this.extra = rest;
  }

  /** A plain copy that crosses a worker thread's boundary (`fromTransfer` rebuilds it). */
  toTransfer(): TransferredError {
    return {
      status: this.status,
      code: this.code,
      params: this.params,
      extra: { ...this.extra, field: this.field, details: this.details },
    };
  }

  static fromTransfer(t: TransferredError): AppError {
    return new AppError(t.status, t.code, t.params, t.extra);
  }

  /** The answer's body, in one language. */
  body(lang: Lang): Record<string, unknown> {
    const details = this.details?.length ? this.details : null;
    const listed = details ? details.slice(0, PROBLEMS_LISTED) : [];
    const rendered = listed.map((p) => ({
      code: p.code,
      ...(p.field ? { field: p.field } : {}),
      message: renderProblem(p, lang),
    }));
    const message = details
      ? rendered.map((d) => d.message).join(lang === 'zh' ? '；' : '; ') + more(details.length, lang)
      : renderProblem(this, lang);
    const field = this.field ?? (details?.length === 1 ? details[0].field : undefined);
    return {
      ...this.extra,
      statusCode: this.status,
      error: reasonPhrase(this.status),
      code: this.code,
      message,
      ...(field ? { field } : {}),
      ...(details ? { details: rendered } : {}),
    };
  }
}

/** How many problems one answer lists: a body of thousands of unknown keys once answered 4.5 MB. */
export const PROBLEMS_LISTED = 10;
const MESSAGE_MAX = 300;

function more(total: number, lang: Lang): string {
  const n = total - PROBLEMS_LISTED;
  if (n <= 0) return '';
  return render('MORE_PROBLEMS', { count: n }, lang);
}

/** A problem's text: its template, given the field's label in the form's terms as `label`. */
export function renderProblem(p: Problem, lang: Lang): string {
  const text = render(p.code, { ...(p.params ?? {}), label: fieldLabel(p.field ?? '', lang) }, lang);
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX)}…` : text;
}

/** The parameters of an error's template: its own, and the field's label in the form's terms. */
export type L<P extends object = object> = P & { label: string };

/** An error's definition: its status and its text in each language. */
export interface ErrorDef {
  status: number;

  zh: (p: any) => string;

  en: (p: any) => string;
}

type OwnParams<D extends ErrorDef> = Omit<Parameters<D['zh']>[0], 'label'>;

/** `DECLARATION_NOT_FOUND({id}, {field:'id'})` → the error, ready to throw. */
export type ErrorFactory<P> = (keyof P extends never
  ? (params?: P, extra?: ErrorExtra) => AppError
  : (params: P, extra?: ErrorExtra) => AppError) & { readonly code: string };

/**
 * A module's error catalogue: one entry per kind of refusal, its code the key. Each entry
 * becomes a factory; the code is registered globally (a code defined twice fails at load).
 */
export function defineErrors<C extends Record<string, ErrorDef>>(
  module: string,
  defs: C,
): { [K in keyof C]: ErrorFactory<OwnParams<C[K]>> } {
  defineMessages(module, defs);
  const out: Record<string, unknown> = {};
  for (const [code, def] of Object.entries(defs)) {
    const factory = (params: Record<string, unknown> = {}, extra: ErrorExtra = {}) =>
      new AppError(def.status, code, params, extra);
    Object.defineProperty(factory, 'code', { value: code });
    out[code] = factory;
  }
  return out as { [K in keyof C]: ErrorFactory<OwnParams<C[K]>> };
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
