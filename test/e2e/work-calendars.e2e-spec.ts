import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/database/db.service';
import { createValidDeclaration, fire } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Working days (issue 18 item 6): the shipped calendars (2026 from the State Council notice,
 * 2027 provisional) are listed for everyone; an admin loads a year and every due date counts
 * with it at once (nothing stored per item), audited; the uploaded year replaces the shipped one.
 */

let t: TestApp;
let w: World;
const bj = (local: string) => new Date(`${local}+08:00`).toISOString();

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' });
  w = await buildWorld(t);
}, 60_000);
afterAll(async () => t?.close());

describe('the working-day calendars', () => {
  it('lists the shipped years, newest first, and a year’s days, to every role', async () => {
    const list = await t.get('/api/work-calendars', w.users.submitter.token);
    expect(list.status).toBe(200);
    expect(list.body.map((y: { year: number }) => y.year)).toEqual([2027, 2026]);
    expect(list.body[0]).toMatchObject({
      year: 2027,
      provisional: true,
      origin: 'shipped',
      originLabel: '随系统发布',
      updatedAt: null,
    });
    expect(list.body[1]).toMatchObject({
      year: 2026,
      provisional: false,
      source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日）',
      offDays: 33,
      workDays: 6,
    });
    const y2026 = await t.get('/api/work-calendars/2026', w.users.auditor.token);
    expect(y2026.body.days).toEqual(
      expect.arrayContaining([
        { date: '2026-10-01', kind: 'off', kindLabel: '放假', name: '国庆节' },
        { date: '2026-10-10', kind: 'work', kindLabel: '上班', name: '国庆节' },
        { date: '2026-01-04', kind: 'work', kindLabel: '上班', name: '元旦' },
      ]),
    );
    const none = await t.get('/api/work-calendars/2030', w.users.admin.token);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: 'CALENDAR_YEAR_NOT_FOUND' });
    expect(none.body.message).toContain('2030 年还没有节假日安排');
  });

  it('an admin loads 2027: the queue’s due date moves at once, no longer provisional; audited', async () => {
    const sub = w.users.submitter.token;
    const d = await createValidDeclaration(t, sub, { year: 2026, projectName: '元旦前提交' });
    await fire(t, d.id, 'SUBMIT', sub);
    // Entered the Monday before 元旦 2027 (what no API can do, the database can).
    const db = t.app.get(Db);
    await db.write(async (tx) => {
      const p = db.parameters();
      await tx.query(
        `UPDATE declarations SET state_entered_at = ${p.add(bj('2026-12-28T10:00:00'))} WHERE id = ${p.add(d.id)}`,
        p.values,
      );
    });
    const item = async () =>
      (await t.get('/api/queues/mine?limit=200', w.users.deptReviewer.token)).body.items.find(
        (i: { declarationId: number }) => i.declarationId === d.id,
      );
    // 12/29, 12/30, 12/31, then 元旦 (1/1) and the weekend, 1/4, 1/5: 2027 is provisional.
    expect(await item()).toMatchObject({ dueDate: '2027-01-05', dueProvisional: true });

    // Only an admin loads a year.
    const notice = {
      source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
      holidays: [{ name: '元旦', off: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'] }],
    };
    expect((await t.put('/api/work-calendars/2027', notice, sub)).status).toBe(403);
    const saved = await t.put('/api/work-calendars/2027', notice, w.admin);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      year: 2027,
      provisional: false,
      origin: 'uploaded',
      offDays: 4,
      workDays: 0,
      updatedBy: { name: expect.any(String) },
    });
    // 1/4 is off now too: due 1/6, and the notice makes it firm.
    expect(await item()).toMatchObject({ dueDate: '2027-01-06', dueProvisional: false });
    const listed = (await t.get('/api/work-calendars', w.users.deptReviewer.token)).body;
    expect(listed[0]).toMatchObject({ year: 2027, origin: 'uploaded', originLabel: '管理员上传' });

    const events = (await t.get('/api/audit/events?action=calendar.replaced', w.users.auditor.token)).body
      .items;
    expect(events[0]).toMatchObject({ entityType: 'work_calendar' });
    expect(String(events[0].entityId)).toBe('2027');
    expect(events[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'provisional', before: true, after: false },
        {
          field: 'off',
          before: expect.arrayContaining(['2027-01-01', '2027-02-05']),
          after: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
        },
      ]),
    );
  });

  it('refuses a bad year in words, changing nothing', async () => {
    const res = await t.put(
      '/api/work-calendars/2028',
      { source: '通知', table: '日期 类型 名称\n2028-01-01 放假 元旦\n2028-01-03 上班 元旦' },
      w.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'CALENDAR_TABLE_LINE', field: 'table' });
    expect(res.body.message).toBe(
      '节假日表第 3 行：日期：2028-01-03 是周一，本来就上班；调休上班日应为周六或周日',
    );
    expect((await t.get('/api/work-calendars/2028', w.admin)).status).toBe(404);
  });
});
