/**
 * The one way the console speaks to the API: openapi-fetch over the generated types
 * (schema.d.ts, from the app's own OpenAPI document). Adds the stored token, sends a 401 back to
 * the login page (remembering where the user was), and shows the API's message on failure.
 */
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import createClient from 'openapi-fetch';
import { t } from '../i18n/zh-CN';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** A refused or failed request, with the API's own words. */
export class ApiError extends Error {
  constructor(
    /** 0 when the service could not be reached. */
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The API's stable code for the kind of refusal (`DECLARATION_VERSION_STALE` …): branch on it, never on words. */
  get code(): string | null {
    const b = this.body as { code?: unknown } | null;
    return b && typeof b.code === 'string' ? b.code : null;
  }

  /** The request field the error is about (`funds.total`, `indicators[3].target`), to show it beside that field. */
  get field(): string | null {
    const b = this.body as { field?: unknown } | null;
    return b && typeof b.field === 'string' ? b.field : null;
  }

  /** Every problem of a refused request, each with its field (validation lists several). */
  get problems(): Array<{ field: string | null; message: string }> {
    const b = this.body as { details?: Array<{ field?: unknown; message?: unknown }> } | null;
    if (b && Array.isArray(b.details) && b.details.length)
      return b.details.map((d) => ({
        field: typeof d.field === 'string' ? d.field : null,
        message: typeof d.message === 'string' ? d.message : this.message,
      }));
    return [{ field: this.field, message: this.message }];
  }

  static from(status: number, body: unknown): ApiError {
    const b = body as { message?: unknown } | null;
    const message =
      b && typeof b === 'object' && typeof b.message === 'string' && b.message ? b.message : t.errors.unknown;
    return new ApiError(status, message, body);
  }
}

interface Hooks {
  token(): string | null;
  /** The API answered 401 to a request made with a token: the session is over. */
  unauthorized(error: ApiError): void;
}

let hooks: Hooks = { token: () => null, unauthorized: () => undefined };

/** Wired once by main.ts: the session supplies the token and handles a 401. */
export function connectApi(h: Hooks): void {
  hooks = h;
}

/**
 * GET answers asked for ahead of the page that reads them (a route's `prefetch`, started by the
 * router's guard while `/api/auth/me` and the page's code are still loading). The page's own
 * request for the same URL with the same token takes the answer instead of asking again. Each
 * answer is taken once, and only for a few seconds: after that a page asks the API itself.
 */
const PREFETCH_TTL_MS = 10_000;
const prefetched = new Map<string, { response: Promise<Response>; until: number }>();
const prefetchKey = (request: Request) => `${request.headers.get('Authorization') ?? ''} ${request.url}`;

function takePrefetched(request: Request): Promise<Response> | null {
  if (request.method !== 'GET') return null;
  const key = prefetchKey(request);
  const found = prefetched.get(key);
  if (!found) return null;
  prefetched.delete(key);
  return Date.now() <= found.until ? found.response : null;
}

export const api = createClient<paths>({
  baseUrl: '',
  fetch: (request) => takePrefetched(request) ?? globalThis.fetch(request),
});

/**
 * Sends a GET now for a page that will ask for it shortly:
 * `prefetch((fetch) => api.GET('/api/reference', { fetch }))`. The answer is kept for the
 * page's identical request; nothing is shown or handled here (the page does that when it reads it).
 */
export function prefetch(call: (fetch: (request: Request) => Promise<Response>) => Promise<unknown>): void {
  if (!hooks.token()) return;
  const remember = (request: Request): Promise<Response> => {
    const response = globalThis.fetch(request);
    const kept = response.then((r) => r.clone());
    // Read or not, a failure here is the page's to report, not an unhandled rejection.
    kept.catch(() => undefined);
    prefetched.set(prefetchKey(request), { response: kept, until: Date.now() + PREFETCH_TTL_MS });
    return response;
  };
  call(remember).catch(() => undefined);
}

api.use({
  onRequest({ request }) {
    const token = hooks.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    // The people of this console read Chinese: every message and label comes back in it.
    request.headers.set('Accept-Language', 'zh-CN');
    return request;
  },
});

export interface CallOptions {
  /** Show the API's message as an Element Plus message (default). Forms turn it off and show it beside the field. */
  showError?: boolean;
  /** End the session and go to the login page on 401 (default). The login form itself turns it off. */
  redirectOn401?: boolean;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an `api.GET/POST/…` call: its data, or an ApiError thrown after the usual handling. */
export async function unwrap<T>(call: Promise<Result<T>>, options: CallOptions = {}): Promise<T> {
  const { showError = true, redirectOn401 = true } = options;
  let result: Result<T>;
  try {
    result = await call;
  } catch (e) {
    const err = new ApiError(0, t.errors.network, e);
    if (showError) ElMessage.error({ message: err.message, grouping: true, showClose: true });
    throw err;
  }
  if (result.response.ok) return result.data as T;
  const err = ApiError.from(result.response.status, result.error);
  if (err.status === 401 && redirectOn401 && hooks.token()) {
    hooks.unauthorized(err);
    throw err;
  }
  if (showError) ElMessage.error({ message: err.message, grouping: true, showClose: true });
  throw err;
}
