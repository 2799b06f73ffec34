import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../../config/defaults';
import type { Lang } from '../common/i18n';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { LISTEN, NEWEST_ID, newerThan, notify, NOTIFY_CHANNEL } from './notifications.queries';

/** One open stream: whom it belongs to and how to write to it. */
export interface StreamClient {
  userId: number;
  lang: Lang;
  /** Writes one Server-Sent Event (or, without an event name, a comment line). */
  send(event: string | null, data?: unknown): void;
  close(): void;
}

/** What the stream does on news for a user: supplied by the service, which reads the inbox. */
export type NewsHandler = (client: StreamClient, ids: number[]) => Promise<void>;

/**
 * The live side of the inbox: the open Server-Sent Event streams of this instance, by user, and
 * how news reaches them from whichever instance wrote it. PostgreSQL: one connection of this
 * instance LISTENs on the channel the outbox NOTIFYs at commit, so a message written on
 * instance A reaches a stream on instance B, and never one of a rolled-back transaction.
 * SQLite is one instance with one writer, whose ids are committed in order: the inbox table is
 * polled for ids above the last seen, only while a stream is open.
 */
@Injectable()
export class NotificationStream implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private readonly clients = new Map<number, Set<StreamClient>>();
  private listener: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private poller: NodeJS.Timeout | null = null;
  private lastSeen = 0;
  private stopping = false;
  private onNews: NewsHandler = async () => undefined;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The service tells the stream how to answer news (it reads the inbox; the stream does not). */
  handleNewsWith(handler: NewsHandler): void {
    this.onNews = handler;
  }

  get openStreams(): number {
    let n = 0;
    for (const set of this.clients.values()) n += set.size;
    return n;
  }

  async add(client: StreamClient): Promise<void> {
    if (this.stopping) {
      client.close();
      return;
    }
    let set = this.clients.get(client.userId);
    if (!set) this.clients.set(client.userId, (set = new Set()));
    set.add(client);
    if (this.db.isPostgres) await this.listen();
    else await this.poll();
  }

  remove(client: StreamClient): void {
    const set = this.clients.get(client.userId);
    set?.delete(client);
    if (set && !set.size) this.clients.delete(client.userId);
    if (!this.openStreams && this.poller) {
      clearInterval(this.poller);
      this.poller = null;
    }
  }

  /** A user's read marks changed (here or, on PostgreSQL, on another instance): their streams recount. */
  async changed(userId: number): Promise<void> {
    if (this.db.isPostgres)
      await this.db.read((em) => {
        const p = this.db.parameters();
        return em.query(notify(p, `${userId}:0`), p.values);
      });
    else await this.deliver([{ userId, id: 0 }]);
  }

  /** News as "user:id" pairs (id 0: only the count changed). */
  private async deliver(pairs: Array<{ userId: number; id: number }>): Promise<void> {
    const byUser = new Map<number, number[]>();
    for (const { userId, id } of pairs) {
      if (!this.clients.has(userId)) continue;
      const ids = byUser.get(userId) ?? [];
      if (id) ids.push(id);
      byUser.set(userId, ids);
    }
    for (const [userId, ids] of byUser)
      for (const client of this.clients.get(userId) ?? [])
        await this.onNews(client, ids).catch((e: unknown) =>
          this.logger.warn(`notification stream of user ${userId}: ${String(e)}`),
        );
  }

  private listen(): Promise<void> {
    if (this.listener || this.stopping) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.config.databaseUrl });
      client.on('notification', (msg) => {
        if (msg.channel !== NOTIFY_CHANNEL || !msg.payload) return;
        void this.deliver(
          msg.payload.split(',').map((pair) => {
            const [u, id] = pair.split(':');
            return { userId: Number(u), id: Number(id) };
          }),
        );
      });
      const lost = (e?: unknown) => {
        if (this.listener !== client) return;
        this.listener = null;
        if (this.stopping) return;
        this.logger.warn(
          `notification listener lost its connection${e ? `: ${String(e)}` : ''}; reconnecting`,
        );
        // Anything committed meanwhile was not heard: every stream recounts once it is back.
        setTimeout(() => {
          if (!this.openStreams) return;
          void this.listen().then(() =>
            this.deliver([...this.clients.keys()].map((userId) => ({ userId, id: 0 }))),
          );
        }, 1000).unref();
      };
      client.on('error', lost);
      client.on('end', () => lost());
      try {
        await client.connect();
        await client.query(LISTEN);
        this.listener = client;
      } catch (e) {
        this.logger.warn(`notification listener could not connect: ${String(e)}`);
        await client.end().catch(() => undefined);
      }
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async poll(): Promise<void> {
    if (this.poller) return;
    // Start from the newest id now: the stream's first event counts what came before.
    this.lastSeen = await this.maxId();
    this.poller = setInterval(() => void this.pollOnce(), this.config.notifications.streamPollMs);
    this.poller.unref();
  }

  private polling = false;
  private async pollOnce(): Promise<void> {
    if (this.polling || this.stopping) return;
    this.polling = true;
    try {
      const p = this.db.parameters();
      const sql = newerThan(p, this.lastSeen);
      const rows = (await this.db.read((em) => em.query(sql, p.values))) as Array<{
        id: number;
        user_id: number;
      }>;
      if (!rows.length) return;
      this.lastSeen = Number(rows[rows.length - 1].id);
      await this.deliver(rows.map((r) => ({ userId: Number(r.user_id), id: Number(r.id) })));
    } catch (e) {
      this.logger.warn(`notification poll failed: ${String(e)}`);
    } finally {
      this.polling = false;
    }
  }

  private async maxId(): Promise<number> {
    const [row] = (await this.db.read((em) => em.query(NEWEST_ID))) as Array<{
      m: number | null;
    }>;
    return Number(row?.m ?? 0);
  }

  /**
   * Serves one stream on a raw HTTP response (Server-Sent Events): the unread count at once, then
   * each new message and each change of the count, a comment line every heartbeat so proxies keep
   * it open, and the end when the token expires (the console reconnects with its new token).
   */
  async serve(
    user: { id: number },
    lang: Lang,
    raw: { req: import('node:http').IncomingMessage; res: import('node:http').ServerResponse },
    expiresAt: number | null,
    requestId: string,
    unreadCount: () => Promise<number>,
  ): Promise<void> {
    const { req, res } = raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
    });
    let open = true;
    const timers: NodeJS.Timeout[] = [];
    const client: StreamClient = {
      userId: user.id,
      lang,
      send(event, data) {
        if (!open) return;
        res.write(
          event ? `event: ${event}\ndata: ${JSON.stringify(data)}\n\n` : `: ${String(data ?? '')}\n\n`,
        );
      },
      close: () => {
        if (!open) return;
        open = false;
        for (const t of timers) clearTimeout(t);
        this.remove(client);
        res.end();
      },
    };
    // Tells the client how long to wait before reconnecting, then where things stand.
    res.write('retry: 3000\n\n');
    client.send('unread', { unreadCount: await unreadCount() });
    const beat = setInterval(
      () => client.send(null, 'keep-alive'),
      this.config.notifications.streamHeartbeatSeconds * 1000,
    );
    beat.unref();
    timers.push(beat);
    if (expiresAt !== null) {
      const end = setTimeout(
        () => client.close(),
        Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)),
      );
      end.unref();
      timers.push(end);
    }
    req.on('close', () => client.close());
    res.on('error', () => client.close());
    await this.add(client);
  }

  /** Ends every stream first, so the drain of the graceful shutdown does not wait for them. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    for (const set of this.clients.values()) for (const c of set) c.close();
    this.clients.clear();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.connecting;
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
  }
}

/** When the bearer token of a request expires (its `exp`, already verified by the guard), in ms. */
export function tokenExpiry(authorization: string | string[] | undefined): number | null {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const token = header?.replace(/^Bearer\s+/i, '') ?? '';
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}
