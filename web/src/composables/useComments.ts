import { reactive } from 'vue';
import { api, unwrap, type Schemas } from '../api/client';

export type Thread = Schemas['CommentThreadView'];

/** Where a comment is: a header field of the form (`projectName`, `funds.total` …), the tree (`indicators`), or one indicator. */
export interface Anchor {
  anchor: string;
  indicatorId?: number | null;
  /** The anchor in the form's words, for the drawer's title. */
  label: string;
}

/**
 * A declaration's review comment threads (GET /api/declarations/:id/comments), shared by
 * everything on its page that shows them: the badges beside the fields, the list beside the
 * form, the drawer, and the RETURN dialog (which lists the open ones it will carry). One store
 * per declaration; every write answers the thread, and the list is read again after it.
 */
export interface CommentStore {
  declarationId: number;
  threads: Thread[];
  openCount: number;
  mayOpen: boolean;
  mustResolveBeforeSubmit: boolean;
  loaded: boolean;
  /** The anchor whose threads the drawer shows, or null. */
  focus: Anchor | null;
  load(): Promise<void>;
  /** Shows the threads of an anchor in the drawer (null closes it). */
  show(at: Anchor | null): void;
  on(anchor: string, indicatorId?: number | null): Thread[];
  open(at: Anchor, comment: string): Promise<void>;
  reply(threadId: number, comment: string): Promise<void>;
  resolve(threadId: number, comment?: string): Promise<void>;
  reopen(threadId: number, comment?: string): Promise<void>;
}

const stores = new Map<number, CommentStore>();

export function useComments(declarationId: number): CommentStore {
  const known = stores.get(declarationId);
  if (known) return known;
  const path = { params: { path: { id: declarationId } } };
  const thread = (threadId: number) => ({ params: { path: { id: declarationId, threadId } } });
  const store: CommentStore = reactive({
    declarationId,
    threads: [] as Thread[],
    openCount: 0,
    mayOpen: false,
    mustResolveBeforeSubmit: false,
    loaded: false,
    focus: null as Anchor | null,
    async load() {
      const list = await unwrap(api.GET('/api/declarations/{id}/comments', path), { showError: false });
      store.threads = list.items;
      store.openCount = list.openCount;
      store.mayOpen = list.mayOpen;
      store.mustResolveBeforeSubmit = list.mustResolveBeforeSubmit;
      store.loaded = true;
    },
    show(at: Anchor | null) {
      store.focus = at;
    },
    on(anchor: string, indicatorId: number | null = null) {
      return store.threads.filter(
        (t) => t.anchor === anchor && (anchor !== 'indicator' || t.indicatorId === indicatorId),
      );
    },
    async open(at: Anchor, comment: string) {
      await unwrap(
        api.POST('/api/declarations/{id}/comments', {
          ...path,
          body: {
            anchor: at.anchor as Schemas['OpenThreadDto']['anchor'],
            indicatorId: at.indicatorId ?? undefined,
            comment,
          },
        }),
        { showError: false },
      );
      await store.load();
    },
    async reply(threadId: number, comment: string) {
      await unwrap(
        api.POST('/api/declarations/{id}/comments/{threadId}/replies', {
          ...thread(threadId),
          body: { comment },
        }),
        {
          showError: false,
        },
      );
      await store.load();
    },
    async resolve(threadId: number, comment?: string) {
      await unwrap(
        api.POST('/api/declarations/{id}/comments/{threadId}/resolve', {
          ...thread(threadId),
          body: comment ? { comment } : {},
        }),
        { showError: false },
      );
      await store.load();
    },
    async reopen(threadId: number, comment?: string) {
      await unwrap(
        api.POST('/api/declarations/{id}/comments/{threadId}/reopen', {
          ...thread(threadId),
          body: comment ? { comment } : {},
        }),
        { showError: false },
      );
      await store.load();
    },
  });
  stores.set(declarationId, store);
  return store;
}
