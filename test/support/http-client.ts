import { englishIn } from './errors';

export const PASSWORD = 'Test-Passw0rd!';

/**
 * Issue 13: a client that asks for Chinese (or nothing) never receives a developer's English
 * where a person reads words. Every refusal any test provokes is checked here, so each suite
 * is also a sweep of the messages of the routes it drives.
 */
function assertReadable(method: string, url: string, body: unknown): void {
  const b = body as { code?: string; message?: unknown; details?: Array<{ message?: unknown }> } | null;
  if (!b || typeof b !== 'object') return;
  const texts = [b.message, ...(Array.isArray(b.details) ? b.details.map((d) => d?.message) : [])];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const english = englishIn(text);
    if (english !== null)
      throw new Error(
        `English ("${english}") in a Chinese answer to ${method} ${url.slice(0, 80)} (${b.code}): ${text}`,
      );
  }
}

export interface Res<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /** How long the request took. */
  ms: number;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (with its content type) instead of JSON. */
  raw?: { payload: string | Buffer; contentType: string };
  headers?: Record<string, string>;
}

/** Real HTTP to a service: the in-process one of the e2e suites or a spawned one of the fault suites. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    /** A request still unanswered after this long fails (a hung service must not hang the suite). */
    readonly timeoutMs = 15_000,
  ) {}

  async request<T = any>(method: string, url: string, opts: RequestOptions = {}): Promise<Res<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | Buffer | undefined;
    if (opts.raw) {
      payload = opts.raw.payload;
      headers['content-type'] = opts.raw.contentType;
    } else if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const started = Date.now();
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // A stream of events (the notifications' live stream) never ends by itself: its answer here is
    // the status and the first chunk.
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const reader = res.body!.getReader();
      const first = await reader.read();
      await reader.cancel();
      const text = Buffer.from(first.value ?? new Uint8Array()).toString('utf8');
      return {
        status: res.status,
        body: text as any,
        text,
        headers: Object.fromEntries(res.headers.entries()),
        ms: Date.now() - started,
      };
    }
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    const type = res.headers.get('content-type') ?? '';
    const body: any = type.includes('json') && text ? JSON.parse(text) : type.includes('text') ? text : buf;
    if (res.status >= 400 && !/^en/i.test(headers['accept-language'] ?? ''))
      assertReadable(method, url, body);
    return {
      status: res.status,
      body,
      text,
      headers: Object.fromEntries(res.headers.entries()),
      ms: Date.now() - started,
    };
  }

  get = <T = any>(url: string, token?: string) => this.request<T>('GET', url, { token });
  post = <T = any>(url: string, body: unknown, token?: string) =>
    this.request<T>('POST', url, { body, token });
  patch = <T = any>(url: string, body: unknown, token?: string) =>
    this.request<T>('PATCH', url, { body, token });
  put = <T = any>(url: string, body: unknown, token?: string) => this.request<T>('PUT', url, { body, token });
  delete = <T = any>(url: string, token?: string) => this.request<T>('DELETE', url, { token });

  async login(username: string, password = PASSWORD): Promise<string> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    return res.body.accessToken;
  }
}
