import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { buildOpenApiDocument, createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase, type TestDatabase } from './test-db';

export const ADMIN_PASSWORD = 'Root-Passw0rd!';
export const PASSWORD = 'Test-Passw0rd!';
export const JWT_SECRET = 'e2e-secret-that-is-long-enough-0123456789';

export interface Res<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (with its content type) instead of JSON. */
  raw?: { payload: string | Buffer; contentType: string };
  headers?: Record<string, string>;
}

/** The service in-process, on a database of its own, driven through HTTP (Fastify inject). */
export class TestApp {
  constructor(
    readonly app: NestFastifyApplication,
    readonly db: TestDatabase,
    /** The service listens on a free port of 127.0.0.1: tests speak real HTTP to it. */
    readonly baseUrl: string,
  ) {}

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

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
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers, body: payload });
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    const contentType = res.headers.get('content-type') ?? '';
    const body: any =
      contentType.includes('json') && text ? JSON.parse(text) : contentType.includes('text') ? text : buf;
    return { status: res.status, body, text, headers: Object.fromEntries(res.headers.entries()) };
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

  openApi() {
    return buildOpenApiDocument(this.app);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.db.drop();
  }
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET,
    ADMIN_PASSWORD,
    ...db.env,
    ...env,
  });
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpAdapter().getInstance().server.address() as { port: number };
  return new TestApp(app, db, `http://127.0.0.1:${address.port}`);
}
