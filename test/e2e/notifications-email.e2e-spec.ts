import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotificationDispatcher } from '../../src/notifications/dispatcher.service';
import { createValidDeclaration, fire } from '../support/factories';
import { MailServer } from '../support/mail-server';
import { onPostgres } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 16 item 4, email: with SMTP_URL set, each message to a user with an address is also
 * emailed, through a real SMTP server the test starts. A refused email is tried again with
 * growing waits, then becomes a dead letter that an admin sees (without what it says) and
 * requeues.
 */

let mail: MailServer;
let t: TestApp;
let w: World;
let dispatcher: NotificationDispatcher;
const HOUR = 3_600_000;

beforeAll(async () => {
  mail = await new MailServer().start();
  t = await startTestApp({
    LOGIN_RATE_LIMIT_MAX: '1000',
    SMTP_URL: mail.url,
    SMTP_FROM: '绩效目标管理系统 <perf@example.gov.cn>',
    PUBLIC_URL: 'https://perf.example.gov.cn',
    NOTIFY_MAX_ATTEMPTS: '3',
    NOTIFY_RETRY_BASE_SECONDS: '60',
  });
  w = await buildWorld(t);
  dispatcher = t.app.get(NotificationDispatcher);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await mail?.stop();
});

describe('email through SMTP', () => {
  it('emails the reviewer the message with the link to its page; users without an address get none', async () => {
    const set = await t.put(
      '/api/notifications/settings',
      { email: 'reviewer@example.gov.cn' },
      w.users.deptReviewer.token,
    );
    expect(set.body).toEqual({ email: 'reviewer@example.gov.cn', emailEnabled: true });
    const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: '邮件通知项目' });
    await fire(t, d.id, 'SUBMIT', w.users.submitter.token);

    expect(await dispatcher.dispatch()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(mail.mails).toHaveLength(1);
    const [m] = mail.mails;
    expect(m.to).toEqual(['reviewer@example.gov.cn']);
    expect(m.subject).toBe('【绩效目标管理系统】待审核：邮件通知项目');
    expect(m.text).toContain('submitter提交了「邮件通知项目」');
    expect(m.text).toContain(`https://perf.example.gov.cn/declarations/${d.id}`);
    expect(m.raw).toMatch(/^From: .*perf@example\.gov\.cn/m);
    // Sent once: the next round has nothing to do.
    expect(await dispatcher.dispatch()).toEqual({ sent: 0, retried: 0, dead: 0 });
    // The inbox has it as well.
    expect((await t.get('/api/notifications', w.users.deptReviewer.token)).body.items[0].title).toBe(
      '待审核：邮件通知项目',
    );
  });

  it('retries a refused email with growing waits, then keeps it as a dead letter an admin sees and requeues', async () => {
    await t.put(
      '/api/notifications/settings',
      { email: 'gone@example.gov.cn' },
      w.users.bureauReviewer.token,
    );
    mail.refuse.add('gone@example.gov.cn');
    const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: '退信项目' });
    await fire(t, d.id, 'SUBMIT', w.users.submitter.token);
    // The unit reviewer's email of the submission goes out.
    expect(await dispatcher.dispatch()).toEqual({ sent: 1, retried: 0, dead: 0 });
    await fire(t, d.id, 'APPROVE', w.users.deptReviewer.token);
    const sentBefore = mail.mails.length;
    const t0 = Date.now();

    expect(await dispatcher.dispatch(t0)).toEqual({ sent: 0, retried: 1, dead: 0 });
    // Not due again before its wait (60 s after the first failure) …
    expect(await dispatcher.dispatch(t0 + 30_000)).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(await dispatcher.dispatch(t0 + 61_000)).toEqual({ sent: 0, retried: 1, dead: 0 });
    // … then 120 s after the second.
    expect(await dispatcher.dispatch(t0 + 61_000 + 100_000)).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(await dispatcher.dispatch(t0 + 61_000 + 121_000)).toEqual({ sent: 0, retried: 0, dead: 1 });
    expect(await dispatcher.dispatch(t0 + 24 * HOUR)).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(mail.mails.length).toBe(sentBefore);

    const dead = await t.get('/api/notifications/deliveries', w.admin);
    expect(dead.status).toBe(200);
    expect(dead.body.items).toHaveLength(1);
    const [letter] = dead.body.items;
    expect(letter).toMatchObject({
      kind: 'review.awaiting',
      kindLabel: '待审核',
      recipient: { id: w.users.bureauReviewer.id, username: 'bureaureviewer' },
      address: 'gone@example.gov.cn',
      status: 'dead',
      statusLabel: '发送失败',
      attempts: 3,
      nextAttemptAt: null,
    });
    expect(letter.lastError).toMatch(/550/);
    // Nothing of the declaration: no project, no title, no body, no link.
    expect(JSON.stringify(letter)).not.toContain('退信项目');
    expect(Object.keys(letter).sort()).toEqual(
      [
        'address',
        'attempts',
        'createdAt',
        'id',
        'kind',
        'kindLabel',
        'lastError',
        'nextAttemptAt',
        'recipient',
        'sentAt',
        'status',
        'statusLabel',
      ].sort(),
    );
    const sent = await t.get('/api/notifications/deliveries?status=sent', w.admin);
    expect(sent.body.items.map((i: { address: string }) => i.address)).toEqual([
      'reviewer@example.gov.cn',
      'reviewer@example.gov.cn',
    ]);

    // The mailbox is fixed; the admin requeues the letter and it goes out.
    mail.refuse.delete('gone@example.gov.cn');
    const requeued = await t.post(`/api/notifications/deliveries/${letter.id}/requeue`, {}, w.admin);
    expect(requeued.body).toEqual({ id: letter.id, status: 'pending' });
    expect((await t.post(`/api/notifications/deliveries/${letter.id}/requeue`, {}, w.admin)).status).toBe(
      404,
    );
    expect(await dispatcher.dispatch()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(mail.mails.at(-1)!.subject).toBe('【绩效目标管理系统】待审核：退信项目');
    expect((await t.get('/api/notifications/deliveries', w.admin)).body.items).toEqual([]);
    // The requeue is in the audit log.
    const audit = await t.get('/api/audit/events?action=notification.requeued', w.users.auditor.token);
    expect(audit.body.items).toHaveLength(1);
  });

  it(`sends each email once with two dispatchers at work (${onPostgres ? 'two instances: FOR UPDATE SKIP LOCKED' : 'SQLite: one writer'})`, async () => {
    const other = onPostgres
      ? await startTestApp({ SMTP_URL: mail.url, NOTIFY_BATCH_SIZE: '2' }, t.db)
      : null;
    try {
      const before = mail.mails.length;
      for (let i = 0; i < 6; i++) {
        const d = await createValidDeclaration(t, w.users.submitter.token, { projectName: `并发发送${i}` });
        await fire(t, d.id, 'SUBMIT', w.users.submitter.token);
      }
      const dispatchers = [dispatcher, (other ?? t).app.get(NotificationDispatcher)];
      let sent = 0;
      for (let round = 0; round < 6; round++)
        sent += (await Promise.all(dispatchers.map((x) => x.dispatch()))).reduce((n, r) => n + r.sent, 0);
      expect(sent).toBe(6);
      const subjects = mail.mails
        .slice(before)
        .map((m) => m.subject)
        .sort();
      expect(subjects).toEqual([0, 1, 2, 3, 4, 5].map((i) => `【绩效目标管理系统】待审核：并发发送${i}`));
    } finally {
      await other?.stop();
    }
  });
});
