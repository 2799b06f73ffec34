import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, type Provider } from '@nestjs/common';
import { NotificationOutbox } from '../../src/notifications/outbox';
import type { Tx } from '../../src/database/db.service';
import type { TransitionNotice } from '../../src/workflow/transition-hooks';
import { createValidDeclaration, fire } from '../support/factories';
import { approvedDeclaration, openYear } from '../support/lifecycle';
import { EventStream, inbox, kindsAbout } from '../support/notifications';
import { onPostgres } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 16 item 4: the in-app inbox. Each transition writes its messages in its own transaction
 * (submitted → that stage's reviewers; returned → the submitter with the reason; approved → the
 * submitter; monitoring opened → the department's submitters); each user reads, counts and marks
 * only their own; the live stream brings them as they are written (on PostgreSQL from another
 * instance); an admin sees delivery states, never what the messages say.
 */

/** The outbox, then a failure: the transition and its messages must roll back together. */
@Injectable()
class FailAfterOutbox extends NotificationOutbox {
  static failNext = false;
  override async transitioned(tx: Tx, n: TransitionNotice): Promise<void> {
    await super.transitioned(tx, n);
    if (FailAfterOutbox.failNext) {
      FailAfterOutbox.failNext = false;
      throw new Error('failure after the outbox was written');
    }
  }
}
const FAIL_AFTER_OUTBOX: Provider[] = [{ provide: NotificationOutbox, useClass: FailAfterOutbox }];

let t: TestApp;
let w: World;
let u: World['users'];

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_MAX: '1000' }, undefined, FAIL_AFTER_OUTBOX);
  w = await buildWorld(t);
  u = w.users;
}, 60_000);
afterAll(async () => t?.close());

describe('messages of the transitions', () => {
  it('a submission goes to the reviewers of that stage, in their words, with the page it is about', async () => {
    const d = await createValidDeclaration(t, u.submitter.token, { projectName: '通知测试项目' });
    await fire(t, d.id, 'SUBMIT', u.submitter.token);

    const mine = await inbox(t, u.deptReviewer.token);
    expect(mine.unreadCount).toBe(1);
    expect(mine.items[0]).toMatchObject({
      kind: 'review.awaiting',
      kindLabel: '待审核',
      title: '待审核：通知测试项目',
      link: `/declarations/${d.id}`,
      declarationId: d.id,
      read: false,
    });
    expect(mine.items[0].body).toContain('submitter提交了「通知测试项目」');
    expect(mine.items[0].body).toContain('单位内部审核');
    // Not the submitter, not a reviewer of another unit, not yet the 数据局, not the auditor or admin.
    for (const who of [
      'submitter',
      'submitter2',
      'otherReviewer',
      'bureauReviewer',
      'auditor',
      'admin',
    ] as const)
      expect(await kindsAbout(t, u[who].token, d.id)).toEqual([]);

    // The internal approval: the submitter hears of it, the 数据局 is asked to review.
    await fire(t, d.id, 'APPROVE', u.deptReviewer.token);
    expect(await kindsAbout(t, u.submitter.token, d.id)).toEqual(['declaration.approved']);
    expect(await kindsAbout(t, u.bureauReviewer.token, d.id)).toEqual(['review.awaiting']);
    const approved = (await inbox(t, u.submitter.token)).items[0];
    expect(approved.body).toBe('「通知测试项目」已通过单位内部审核，当前状态：数据局审核。');

    // The bureau returns it: the submitter reads the reason.
    await fire(t, d.id, 'RETURN', u.bureauReviewer.token, { comment: '绩效指标不够细化，请补充质量指标' });
    const returned = (await inbox(t, u.submitter.token)).items[0];
    expect(returned).toMatchObject({ kind: 'declaration.returned', title: '已退回：通知测试项目' });
    expect(returned.body).toContain('退回原因：绩效指标不够细化，请补充质量指标');
    expect(await kindsAbout(t, u.submitter2.token, d.id)).toEqual([]);
  });

  it('English when the reader asks for it', async () => {
    const res = await t.request('GET', '/api/notifications', {
      token: u.deptReviewer.token,
      headers: { 'accept-language': 'en' },
    });
    expect(res.body.items[0].title).toMatch(/^To review: /);
    expect(res.body.items[0].kindLabel).toBe('awaiting review');
  });

  it("monitoring opened for the year goes to the department's submitters, linking to the report", async () => {
    const d = await approvedDeclaration(t, w, {
      year: 2031,
      plannedStart: '2031-01-01',
      plannedEnd: '2031-12-31',
    });
    await openYear(t, w, 'monitoring', 2031);
    for (const who of ['submitter', 'submitter2'] as const) {
      const item = (await inbox(t, u[who].token)).items.find(
        (i) => i.declarationId === d.id && i.kind === 'report.opened',
      );
      expect(item).toMatchObject({ link: `/monitoring/${d.id}` });
      expect(item!.title).toContain('请填报绩效运行监控');
    }
    expect(await kindsAbout(t, u.submitterB.token, d.id)).toEqual([]);
    // The final approval told the submitter too.
    expect(await kindsAbout(t, u.submitter.token, d.id)).toEqual([
      'declaration.approved',
      'declaration.approved',
      'report.opened',
    ]);
  });

  it('a transition that fails after its messages were written leaves neither the transition nor the messages', async () => {
    const d = await createValidDeclaration(t, u.submitter.token);
    const before = (await inbox(t, u.deptReviewer.token)).unreadCount;
    FailAfterOutbox.failNext = true;
    const v = (await t.get(`/api/declarations/${d.id}`, u.submitter.token)).body.version;
    const res = await t.post(
      `/api/declarations/${d.id}/transitions`,
      { event: 'SUBMIT', version: v },
      u.submitter.token,
    );
    expect(res.status).toBe(500);
    expect((await t.get(`/api/declarations/${d.id}`, u.submitter.token)).body.state).toBe('drafting');
    expect((await inbox(t, u.deptReviewer.token)).unreadCount).toBe(before);
    expect(await kindsAbout(t, u.deptReviewer.token, d.id)).toEqual([]);
    // The next attempt goes through, with its message.
    await fire(t, d.id, 'SUBMIT', u.submitter.token);
    expect(await kindsAbout(t, u.deptReviewer.token, d.id)).toEqual(['review.awaiting']);
  });
});

describe('the inbox', () => {
  it('pages newest first, filters unread, and marks one or all read: only ones own', async () => {
    const all = await inbox(t, u.deptReviewer.token);
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const ids = all.items.map((i) => i.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const first = await inbox(t, u.deptReviewer.token, 'limit=1');
    expect(first.items.map((i) => i.id)).toEqual([ids[0]]);
    const second = await inbox(
      t,
      u.deptReviewer.token,
      `limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect(second.items.map((i) => i.id)).toEqual([ids[1]]);

    // Someone else's message is not there for another user.
    const other = await t.post(`/api/notifications/${ids[0]}/read`, {}, u.bureauReviewer.token);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('NOTIFICATION_NOT_FOUND');
    expect((await inbox(t, u.deptReviewer.token)).items[0].read).toBe(false);

    const marked = await t.post(`/api/notifications/${ids[0]}/read`, {}, u.deptReviewer.token);
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({
      notification: { id: ids[0], read: true },
      unreadCount: all.unreadCount - 1,
    });
    expect((await t.get('/api/notifications/unread-count', u.deptReviewer.token)).body).toEqual({
      unreadCount: all.unreadCount - 1,
    });
    const unread = await inbox(t, u.deptReviewer.token, 'unread=true');
    expect(unread.items.map((i) => i.id)).not.toContain(ids[0]);
    expect((await inbox(t, u.deptReviewer.token, 'unread=false')).items.map((i) => i.id)).toEqual([ids[0]]);

    const bureauBefore = (await inbox(t, u.bureauReviewer.token)).unreadCount;
    const allRead = await t.post('/api/notifications/read-all', {}, u.deptReviewer.token);
    expect(allRead.body).toEqual({ marked: all.unreadCount - 1, unreadCount: 0 });
    expect((await inbox(t, u.deptReviewer.token, 'unread=true')).items).toEqual([]);
    expect((await inbox(t, u.bureauReviewer.token)).unreadCount).toBe(bureauBefore);
  });

  it('refuses malformed filters naming them', async () => {
    const bad = await t.get('/api/notifications?unread=maybe', u.submitter.token);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('unread');
    const unknown = await t.get('/api/notifications?userId=1', u.submitter.token);
    expect(unknown.status).toBe(400);
    expect((await t.get('/api/notifications?cursor=nonsense', u.submitter.token)).status).toBe(400);
  });

  it('an auditor reads an (empty) inbox and writes nothing', async () => {
    expect((await inbox(t, u.auditor.token)).items).toEqual([]);
    expect((await t.post('/api/notifications/read-all', {}, u.auditor.token)).status).toBe(403);
  });
});

describe('email addresses', () => {
  it('a user sets and clears their own; a bad one is refused naming the field', async () => {
    const bad = await t.put('/api/notifications/settings', { email: 'not an address' }, u.submitter.token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'EMAIL_FORMAT', field: 'email' });
    expect(bad.body.message).toContain('电子邮箱');
    const ok = await t.put(
      '/api/notifications/settings',
      { email: 'zhang.wei@example.gov.cn' },
      u.submitter.token,
    );
    expect(ok.body).toEqual({ email: 'zhang.wei@example.gov.cn', emailEnabled: false });
    expect((await t.get('/api/notifications/settings', u.submitter.token)).body.email).toBe(
      'zhang.wei@example.gov.cn',
    );
    const cleared = await t.put('/api/notifications/settings', { email: null }, u.submitter.token);
    expect(cleared.body.email).toBeNull();
  });

  it('an admin sets one in user management', async () => {
    const res = await t.patch(
      `/api/users/${u.deptReviewer.id}`,
      { email: 'reviewer@example.gov.cn' },
      w.admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('reviewer@example.gov.cn');
    const bad = await t.patch(`/api/users/${u.deptReviewer.id}`, { email: 'a@b' }, w.admin);
    expect(bad.body).toMatchObject({ code: 'EMAIL_FORMAT', field: 'email' });
    const created = await t.post(
      '/api/users',
      {
        username: 'with.mail',
        displayName: '有邮箱',
        password: 'Test-Passw0rd!',
        roles: ['submitter'],
        departmentId: w.deptA,
        email: 'with.mail@example.gov.cn',
      },
      w.admin,
    );
    expect(created.body.email).toBe('with.mail@example.gov.cn');
    const list = await t.get('/api/users', w.admin);
    expect(list.body.items.find((x: { id: number }) => x.id === u.deptReviewer.id).email).toBe(
      'reviewer@example.gov.cn',
    );
  });
});

describe('admins', () => {
  it('see the delivery state of emails, never what they say; others may not', async () => {
    const res = await t.get('/api/notifications/deliveries', w.admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
    expect((await t.get('/api/notifications/deliveries', u.bureauReviewer.token)).status).toBe(403);
    expect((await t.get('/api/notifications/deliveries?status=lost', w.admin)).body.field).toBe('status');
  });
});

describe('the live stream', () => {
  it(`brings the count at once and each new message as it is written${onPostgres ? ' (written on another instance)' : ''}`, async () => {
    // On PostgreSQL the stream is read from a second instance on the same database.
    const other = onPostgres ? await startTestApp({}, t.db) : null;
    const reader = await t.login('deptreviewer');
    const stream = new EventStream((other ?? t).baseUrl, reader);
    try {
      expect(await stream.status).toBe(200);
      await stream.waitFor((e) => e.event === 'unread');
      const d = await createValidDeclaration(t, u.submitter.token, { projectName: '实时推送项目' });
      await fire(t, d.id, 'SUBMIT', u.submitter.token);
      const news = await stream.waitFor((e) => e.event === 'notification' && e.data.declarationId === d.id);
      expect(news.data).toMatchObject({
        kind: 'review.awaiting',
        title: '待审核：实时推送项目',
        link: `/declarations/${d.id}`,
      });
      const count = (await inbox(t, reader)).unreadCount;
      await stream.waitFor((e) => e.event === 'unread' && e.data.unreadCount === count);
      // Marking read is pushed too (another tab's bell follows).
      await t.post('/api/notifications/read-all', {}, reader);
      await stream.waitFor((e) => e.event === 'unread' && e.data.unreadCount === 0);
    } finally {
      stream.close();
      await other?.stop();
    }
  });

  it('ends its streams when the service shuts down, so the shutdown does not wait for them', async () => {
    const other = await startTestApp({});
    const admin = await other.login('admin', 'Root-Passw0rd!');
    const stream = new EventStream(other.baseUrl, admin);
    expect(await stream.status).toBe(200);
    await stream.waitFor((e) => e.event === 'unread');
    await other.close();
    await stream.ended;
  });

  it('needs a token', async () => {
    expect((await t.get('/api/notifications/stream')).status).toBe(401);
  });
});
