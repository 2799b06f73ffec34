import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 18 item 7: a reviewer keeps named sets of the queue's filters, their own, and opens the
 * queue with one of them.
 */

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

describe('saved queue filters', () => {
  it('are saved under a name, listed by name, applied as the queue takes them, and deleted', async () => {
    const token = w.users.deptReviewer.token;
    const saved = await t.post(
      '/api/queues/filters',
      { name: '本年逾期', filters: { year: 2026, overdue: true, sort: '截止日期最近优先' } },
      token,
    );
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      name: '本年逾期',
      filters: { year: 2026, overdue: true, sort: 'due' },
    });
    await t.post('/api/queues/filters', { name: '全部', filters: {} }, token);
    const list = await t.get('/api/queues/filters', token);
    expect(list.status).toBe(200);
    expect(list.body.map((f: { name: string }) => f.name)).toEqual(['全部', '本年逾期']);

    // The saved filters are the queue's own query.
    const { year, overdue, sort } = saved.body.filters;
    const queue = await t.get(`/api/queues/mine?year=${year}&overdue=${overdue}&sort=${sort}`, token);
    expect(queue.status).toBe(200);
    expect(queue.body.sort).toBe('due');

    expect((await t.delete(`/api/queues/filters/${saved.body.id}`, token)).status).toBe(204);
    expect((await t.get('/api/queues/filters', token)).body.map((f: { name: string }) => f.name)).toEqual([
      '全部',
    ]);
  });

  it('are each person’s own: another reviewer neither sees nor deletes them', async () => {
    const mine = await t.post(
      '/api/queues/filters',
      { name: '我的', filters: { overdue: false } },
      w.users.deptReviewer.token,
    );
    expect(mine.status).toBe(201);
    const other = w.users.bureauReviewer.token;
    expect((await t.get('/api/queues/filters', other)).body).toEqual([]);
    const res = await t.delete(`/api/queues/filters/${mine.body.id}`, other);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`没有编号为 ${mine.body.id} 的已保存筛选`);
    expect(
      (await t.get('/api/queues/filters', w.users.deptReviewer.token)).body.map(
        (f: { name: string }) => f.name,
      ),
    ).toContain('我的');
    // Not a reviewer's: auditors and admins have no queue.
    expect((await t.get('/api/queues/filters', w.users.auditor.token)).status).toBe(403);
  });

  it('refuse a taken name, a malformed filter and an unknown department in words, saving nothing', async () => {
    const token = w.users.bureauReviewer.token;
    expect((await t.post('/api/queues/filters', { name: '重复', filters: {} }, token)).status).toBe(201);
    const taken = await t.post('/api/queues/filters', { name: '重复', filters: { overdue: true } }, token);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'QUEUE_FILTER_NAME_TAKEN', field: 'name' });
    expect(taken.body.message).toMatch(/^名称：已有名为「重复」的筛选/);

    const cases: Array<[unknown, string | RegExp, RegExp]> = [
      [{ name: '', filters: {} }, 'name', /^名称/],
      [{ name: '   ', filters: {} }, 'name', /^名称/],
      [{ name: '空部门', filters: { departmentId: null } }, 'filters.departmentId', /^筛选条件的所属部门/],
      [{ name: '空年度', filters: { year: null, overdue: null } }, /^filters\./, /^筛选条件的/],
      [{ name: '年度', filters: { year: 1999 } }, 'filters.year', /^筛选条件的年度/],
      [{ name: '排序', filters: { sort: 'newest' } }, 'filters.sort', /^筛选条件的排序方式：须为以下之一/],
      [{ name: '多余', filters: { state: 'bureauReview' } }, 'filters.state', /筛选条件/],
      [
        { name: '部门', filters: { departmentId: 99999 } },
        'filters.departmentId',
        /^筛选条件的所属部门：没有编号为 99999 的部门/,
      ],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.post('/api/queues/filters', body, token);
      expect(res.status).toBe(400);
      expect(res.body.field ?? res.body.details?.[0]?.field).toMatch(field);
      expect(res.body.message).toMatch(message);
    }
    expect((await t.get('/api/queues/filters', token)).body.map((f: { name: string }) => f.name)).toEqual([
      '重复',
    ]);
  });

  it('are at most 20 a person', async () => {
    const token = w.users.otherReviewer.token;
    for (let i = (await t.get('/api/queues/filters', token)).body.length; i < 20; i++)
      expect((await t.post('/api/queues/filters', { name: `筛选${i}`, filters: {} }, token)).status).toBe(
        201,
      );
    const over = await t.post('/api/queues/filters', { name: '第二十一个', filters: {} }, token);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({
      code: 'QUEUE_FILTER_LIMIT',
      message: '最多可保存 20 个筛选，请先删除不再使用的',
    });
  });
});
