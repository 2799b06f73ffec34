import type { TestApp } from './test-app';

/** A user's inbox through the API (newest first), failing loudly on a refusal. */
export async function inbox(t: TestApp, token: string, query = '') {
  const res = await t.get(`/api/notifications${query ? `?${query}` : ''}`, token);
  if (res.status !== 200) throw new Error(`inbox: ${res.status} ${res.text}`);
  return res.body as {
    items: Array<{
      id: number;
      kind: string;
      kindLabel: string;
      title: string;
      body: string;
      link: string;
      declarationId: number | null;
      read: boolean;
    }>;
    nextCursor: string | null;
    unreadCount: number;
  };
}

/** The kinds in a user's inbox about one declaration, oldest first. */
export async function kindsAbout(t: TestApp, token: string, declarationId: number): Promise<string[]> {
  const { items } = await inbox(t, token, 'limit=500');
  return items
    .filter((i) => i.declarationId === declarationId)
    .map((i) => i.kind)
    .reverse();
}

/** An open Server-Sent Events stream read with fetch, as the console reads it. */
export class EventStream {
  readonly events: Array<{ event: string; data: any }> = [];
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];
  readonly status: Promise<number>;
  /** Settles when the service ends the stream (or close() aborts it). */
  readonly ended: Promise<void>;
  private end!: () => void;

  constructor(baseUrl: string, token: string) {
    this.ended = new Promise((resolve) => (this.end = resolve));
    this.status = fetch(`${baseUrl}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: this.controller.signal,
    }).then((res) => {
      void this.read(res.body!);
      return res.status;
    });
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) this.events.push({ event, data: JSON.parse(data) });
          for (const w of this.waiters.splice(0)) w();
        }
      }
    } catch {
      // Aborted by close().
    } finally {
      this.end();
    }
  }

  /** Waits (at most `ms`) until an event satisfies `test`. */
  async waitFor(test: (e: { event: string; data: any }) => boolean, ms = 10_000) {
    const until = Date.now() + ms;
    for (;;) {
      const found = this.events.find(test);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no such event; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
