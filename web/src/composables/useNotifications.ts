import { computed, reactive, watch } from 'vue';
import { api, type Schemas } from '../api/client';
import { useSession } from './useSession';

export type NotificationItem = Schemas['NotificationView'];

/**
 * The live side of the inbox, shared by the bell in the header and the inbox page: the unread
 * count and the messages that arrived while the console is open, from the API's stream
 * (GET /api/notifications/stream, Server-Sent Events). It is read with fetch through the
 * generated client, so it carries the same bearer header as every request (an EventSource
 * cannot send one). The stream ends when the token expires; it is opened again after a pause,
 * and again for each new login.
 */
const state = reactive({
  unread: null as number | null,
  /** Arrived since the page loaded, newest first (the inbox page puts them on top of its list). */
  arrived: [] as NotificationItem[],
});

let controller: AbortController | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;
let failures = 0;
let started = false;

function stop(): void {
  controller?.abort();
  controller = null;
  if (retry) clearTimeout(retry);
  retry = null;
}

async function open(token: string): Promise<void> {
  stop();
  const ctrl = new AbortController();
  controller = ctrl;
  let status = 0;
  try {
    const { data, response } = await api.GET('/api/notifications/stream', {
      parseAs: 'stream',
      signal: ctrl.signal,
    });
    status = response.status;
    if (!response.ok || !data) return;
    failures = 0;
    const reader = data.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        received(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // Aborted (logout, a new login) or the connection dropped: decided below.
  } finally {
    if (controller === ctrl && !ctrl.signal.aborted && status !== 401 && status !== 403) {
      // Ended by the service (token expired, restart) or the network: again after a pause that
      // grows while it keeps failing. A 401 is the session's end, which the next request shows.
      failures++;
      retry = setTimeout(
        () => {
          const session = useSession();
          if (session.token.value === token) void open(token);
        },
        Math.min(60_000, 2_000 * 2 ** Math.min(failures, 5)),
      );
    }
  }
}

function received(block: string): void {
  const event = /^event: (.*)$/m.exec(block)?.[1];
  const data = /^data: (.*)$/m.exec(block)?.[1];
  if (!event || !data) return;
  const payload = JSON.parse(data) as unknown;
  if (event === 'unread') state.unread = (payload as { unreadCount: number }).unreadCount;
  if (event === 'notification') state.arrived = [payload as NotificationItem, ...state.arrived].slice(0, 50);
}

/** Starts the stream for the logged-in user (once; it follows logins and logouts by itself). */
function start(): void {
  if (started) return;
  started = true;
  const session = useSession();
  watch(
    session.token,
    (token) => {
      state.unread = null;
      state.arrived = [];
      if (token) void open(token);
      else stop();
    },
    { immediate: true },
  );
}

export function useNotifications() {
  return {
    start,
    unread: computed(() => state.unread),
    arrived: computed(() => state.arrived),
    /** What a page learned from the API (a mark read answers the new count). */
    setUnread(n: number): void {
      state.unread = n;
    },
  };
}
