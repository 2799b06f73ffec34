import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { buildOpenApiDocument, createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { HttpClient } from './http-client';
import { createTestDatabase, type TestDatabase } from './test-db';

export { PASSWORD, type RequestOptions, type Res } from './http-client';

export const ADMIN_PASSWORD = 'Root-Passw0rd!';
export const JWT_SECRET = 'e2e-secret-that-is-long-enough-0123456789';

/** The service in-process, on a database of its own, driven through real HTTP. */
export class TestApp extends HttpClient {
  constructor(
    readonly app: NestFastifyApplication,
    readonly db: TestDatabase,
    /** The service listens on a free port of 127.0.0.1: tests speak real HTTP to it. */
    baseUrl: string,
  ) {
    super(baseUrl);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
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
