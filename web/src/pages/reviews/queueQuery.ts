/**
 * The queue page's filters as the URL holds them, and the requests they make: shared by the page
 * (ReviewsHome.vue) and the route's prefetch, which sends the same requests while the page's code
 * is still loading (so they must be built by this one function). Kept small: the console's first
 * bundle carries it.
 */
import type { LocationQuery, LocationQueryRaw, RouteLocationNormalized } from 'vue-router';
import { api, prefetch } from '../../api/client';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_SIZE = 20;

/** The filters as the URL holds them: the one source of truth, so links and history restore them. */
export interface Filters {
  year: number | null;
  departmentId: number | null;
  overdue: 'true' | 'false' | null;
  sort: string;
  limit: number;
  cursor: string | null;
  page: number;
}

function one(q: LocationQuery, key: string): string | null {
  const v = q[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s !== '' ? s : null;
}
function int(s: string | null): number | null {
  return s !== null && /^\d{1,9}$/.test(s) ? Number(s) : null;
}

export function filtersOf(q: LocationQuery): Filters {
  const overdue = one(q, 'overdue');
  const limit = int(one(q, 'limit'));
  return {
    year: int(one(q, 'year')),
    departmentId: int(one(q, 'departmentId')),
    overdue: overdue === 'true' || overdue === 'false' ? overdue : null,
    sort: one(q, 'sort') ?? 'oldest',
    limit: limit && (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_SIZE,
    cursor: one(q, 'cursor'),
    page: Math.max(1, int(one(q, 'page')) ?? 1),
  };
}

export function queryOf(f: Filters): LocationQueryRaw {
  const q: LocationQueryRaw = {};
  if (f.year !== null) q.year = String(f.year);
  if (f.departmentId !== null) q.departmentId = String(f.departmentId);
  if (f.overdue !== null) q.overdue = f.overdue;
  if (f.sort !== 'oldest') q.sort = f.sort;
  if (f.limit !== DEFAULT_SIZE) q.limit = String(f.limit);
  if (f.cursor) {
    q.cursor = f.cursor;
    q.page = String(f.page);
  }
  return q;
}

type QueueQuery = {
  year?: number;
  departmentId?: number;
  overdue?: boolean;
  sort?: 'oldest' | 'due';
  limit?: number;
  cursor?: string;
};

/**
 * GET /api/queues/mine for the filters: the page itself, and (unless only items not overdue are
 * shown) the overdue items' counts under the same filters, one item to keep it cheap.
 */
export function queueQueries(f: Filters): { page: QueueQuery; overdue: QueueQuery | null } {
  const base = { year: f.year ?? undefined, departmentId: f.departmentId ?? undefined };
  return {
    page: {
      ...base,
      overdue: f.overdue === null ? undefined : f.overdue === 'true',
      sort: f.sort as 'oldest' | 'due',
      limit: f.limit,
      cursor: f.cursor ?? undefined,
    },
    overdue: f.overdue === 'false' ? null : { ...base, overdue: true, limit: 1 },
  };
}

/** What the queue page reads first, asked for by the router's guard before the page is loaded. */
export function prefetchQueuePage(to: RouteLocationNormalized): void {
  const { page, overdue } = queueQueries(filtersOf(to.query));
  prefetch((fetch) => api.GET('/api/queues/mine', { params: { query: page }, fetch }));
  if (overdue) prefetch((fetch) => api.GET('/api/queues/mine', { params: { query: overdue }, fetch }));
  prefetch((fetch) => api.GET('/api/reference', { fetch }));
  prefetch((fetch) => api.GET('/api/departments', { fetch }));
}
