import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import type { LoggerService, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/defaults';
import { AppModule } from './app.module';
import { checkRequest } from './common/body-check';
import { CommonErrors } from './common/common.messages';
import { DEFAULT_LANG } from './common/i18n';
import { completeDocument } from './common/openapi';
import { addSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';

/** Nest's own log lines go through the same structured JSON logger as requests. */
class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}
  log(message: unknown, context?: string) {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.pino.trace({ context }, String(message));
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * What Node cannot even parse into a request (headers too large, a broken request line, a
 * client too slow) is answered here, before any route: in the same body and language as every
 * other refusal (Chinese: there are no headers to ask for another language).
 */
function answerUnreadableRequest(err: { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? CommonErrors.REQUEST_TIMEOUT()
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? CommonErrors.REQUEST_HEADERS_TOO_LARGE()
        : CommonErrors.REQUEST_MALFORMED();
  const body = JSON.stringify(error.body(DEFAULT_LANG));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err as Error);
}

/**
 * Builds the application (used by main.ts, the demo and every e2e test); `overrides` replace
 * providers (AppModule.forRoot).
 */
export async function createApp(
  config: AppConfig,
  overrides: Provider[] = [],
): Promise<NestFastifyApplication> {
  const logger = pino({
    level: config.logLevel,
    // Never log credentials or tokens.
    redact: {
      paths: ['req.headers.authorization', 'password', 'newPassword', 'currentPassword', 'accessToken'],
      censor: '[redacted]',
    },
  });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    clientErrorHandler: answerUnreadableRequest,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    // Node enforces requestTimeout only when it is given as the server is created (Fastify
    // sets it afterwards, where it has no effect), and checks it every
    // connectionsCheckingInterval (30 s by default): a slow client is cut off with 408.
    http: {
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
    },
    // Taken from the request when it is sane, else generated; echoed on every response.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Only the listed proxies' X-Forwarded-For is believed (TRUST_PROXY; never every hop).
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, overrides),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    return payload;
  });
  fastify.addHook('preValidation', checkRequest);
  addSecurityHeaders(fastify);
  // The Content-Security-Policy depends on the path: addSecurityHeaders sets it.
  await app.register(helmet as never, { contentSecurityPolicy: false } as never);
  await app.register(
    multipart as never,
    { limits: { fileSize: config.uploadLimitBytes, files: 1 } } as never,
  );
  if (config.corsOrigins) app.enableCors({ origin: config.corsOrigins.split(',').map((s) => s.trim()) });
  return app;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('performance-declarations')
    .setDescription(
      'Fiscal project performance targets (财政项目支出绩效目标): declaration, two-level review, mid-year monitoring, ' +
        'year-end self-evaluation, and an append-only, tamper-evident audit trail. Roles: submitter, dept_reviewer, ' +
        'bureau_reviewer, auditor, admin (see each operation).',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return completeDocument(SwaggerModule.createDocument(app, doc));
}

/** Swagger UI at /api/docs and the document at /api/docs-json (the real app only: see README). */
export function serveDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    // No badge from validator.swagger.io: the page loads nothing from elsewhere (its CSP).
    swaggerOptions: { validatorUrl: null },
  });
}
