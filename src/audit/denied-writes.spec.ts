import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AuthUser } from '../common/request-context';
import type { AuditRecord, AuditService } from './audit.service';
import { DeniedWrites, type DeniedRequest } from './denied-writes';

/**
 * The window of refused writes (issue 13 item 10), on a fake clock: what is recorded one by
 * one, what is counted, and when the summary is written. The e2e suite
 * (test/e2e/denied-writes.e2e-spec.ts) covers the same through HTTP on both databases.
 */

const USER: AuthUser = {
  id: 7,
  username: 'loop',
  displayName: 'loop',
  roles: ['submitter'],
  departmentId: 3,
  departmentPath: '/1/2/3/',
};
const req = (over: Partial<DeniedRequest> = {}): DeniedRequest => ({
  method: 'POST',
  url: '/api/users?x=1',
  id: 'r1',
  ip: '127.0.0.1',
  user: USER,
  routeOptions: { url: '/api/users' },
  ...over,
});
const DENIAL = { code: 'PERMISSION_DENIED', message: '无权', permission: 'org.manage' };

let records: AuditRecord[];
let denied: DeniedWrites;

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-03-01T00:00:00.000Z') });
  records = [];
  const audit = {
    record: async (_actor: unknown, rec: AuditRecord) => {
      records.push(rec);
      return {};
    },
  } as unknown as AuditService;
  denied = new DeniedWrites(audit);
});
afterEach(() => {
  jest.useRealTimers();
});

const summaries = () => records.filter((r) => r.action === 'access.denials_summarised');
const singles = () => records.filter((r) => r.action === 'access.denied');

describe('refused writes per user and window', () => {
  it('records the first ones, counts the rest, and summarises them when the window ends', async () => {
    for (let i = 0; i < 25; i++) await denied.record(req(), DENIAL);
    expect(singles()).toHaveLength(DeniedWrites.perWindow);
    expect(summaries()).toEqual([]);
    await jest.advanceTimersByTimeAsync(DeniedWrites.windowMs - 1);
    expect(summaries()).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(summaries()).toHaveLength(1);
    expect(summaries()[0].changes).toEqual([
      { field: 'count', before: null, after: 25 - DeniedWrites.perWindow },
      { field: 'from', before: null, after: '2026-03-01T00:00:00.000Z' },
      { field: 'to', before: null, after: '2026-03-01T00:01:00.000Z' },
      { field: 'routes', before: null, after: ['POST /api/users'] },
    ]);
    // A new window: recorded one by one again.
    await denied.record(req(), DENIAL);
    expect(singles()).toHaveLength(DeniedWrites.perWindow + 1);
  });

  it('writes no summary for a window within the limit', async () => {
    for (let i = 0; i < DeniedWrites.perWindow; i++) await denied.record(req(), DENIAL);
    await jest.advanceTimersByTimeAsync(DeniedWrites.windowMs * 3);
    expect(summaries()).toEqual([]);
    expect(singles()).toHaveLength(DeniedWrites.perWindow);
  });

  it('counts parallel refusals in one window', async () => {
    await Promise.all(Array.from({ length: 40 }, () => denied.record(req(), DENIAL)));
    expect(singles()).toHaveLength(DeniedWrites.perWindow);
    await denied.flush();
    expect(summaries()[0].changes?.[0].after).toBe(40 - DeniedWrites.perWindow);
  });

  it('keeps each user’s window apart, and ignores reads and anonymous requests', async () => {
    for (let i = 0; i < 12; i++) await denied.record(req(), DENIAL);
    await denied.record(req({ user: { ...USER, id: 8, username: 'other' } }), DENIAL);
    await denied.record(req({ method: 'GET' }), DENIAL);
    await denied.record(req({ user: undefined }), DENIAL);
    expect(singles().map((r) => r.entityId)).toEqual(Array(11).fill('POST /api/users'));
    await denied.flush();
    expect(summaries()).toHaveLength(1);
    expect(summaries()[0]).toMatchObject({ entityType: 'user', entityId: 7 });
  });

  it('records the method, route, path without its query, permission and code', async () => {
    await denied.record(
      req({ method: 'patch', url: '/api/users/5', routeOptions: { url: '/api/users/:id' } }),
      {
        code: 'SELF_CHANGE',
        message: '角色：不能修改自己的角色',
      },
    );
    expect(records[0]).toEqual({
      action: 'access.denied',
      outcome: 'denied',
      entityType: 'route',
      entityId: 'PATCH /api/users/:id',
      changes: [
        { field: 'method', before: null, after: 'PATCH' },
        { field: 'path', before: null, after: '/api/users/5' },
        { field: 'errorCode', before: null, after: 'SELF_CHANGE' },
      ],
      comment: '角色：不能修改自己的角色',
    });
  });
});
