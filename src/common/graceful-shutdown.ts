import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** The longest a shutdown waits for requests to drain before the server is closed anyway. */
export const MAX_DRAIN_MS = 10_000;
/** How long no request must be open before the drain ends. */
const QUIET_MS = 200;

/**
 * Graceful shutdown (SIGTERM, via enableShutdownHooks). Nest calls this before it closes the
 * HTTP server. Closing at once dropped work: Node's server.close() also closes the connections
 * that have no request *parsed* yet, so requests already sent but still unread (the event loop
 * busy with a synchronous SQLite write) were reset; and answers finished after the close kept
 * their connections alive, so the process lingered for the keep-alive timeout (72 s). So first
 * drain: keep serving until no request has been open for QUIET_MS (at most MAX_DRAIN_MS),
 * answering with `Connection: close`; then let Nest close the server and the database.
 */
@Injectable()
export class GracefulShutdown implements OnModuleInit, BeforeApplicationShutdown {
  private readonly open = new Set<object>();
  /** When a request last opened or closed (the loop may have been blocked in between). */
  private lastActivity = 0;
  private draining = false;

  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onRequest', async (req, reply) => {
      this.open.add(req.raw);
      this.lastActivity = Date.now();
      reply.raw.once('close', () => {
        this.open.delete(req.raw);
        this.lastActivity = Date.now();
      });
    });
    fastify.addHook('onSend', async (_req, reply, payload) => {
      if (this.draining) reply.header('connection', 'close');
      return payload;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    const until = Date.now() + MAX_DRAIN_MS;
    this.lastActivity = Math.max(this.lastActivity, Date.now());
    while (Date.now() < until) {
      if (this.open.size === 0 && Date.now() - this.lastActivity >= QUIET_MS) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
