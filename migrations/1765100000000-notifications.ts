// Notifications (issue 16 item 4): the inbox (one row per recipient, written in the transaction
// of the transition it is about), the email outbox with its retries and dead letters, the keys
// that let the deadline sweep remind once per item and threshold however many instances sweep,
// and a user's optional email address.
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, str, int, ts } from './columns';

export class Notifications1765100000000 implements MigrationInterface {
  name = 'Notifications1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // A plain ADD COLUMN: SQLite keeps the table (and any trigger) as it is.
    await q.query('ALTER TABLE users ADD COLUMN email varchar(254) NULL');
    await q.createTable(
      new Table({
        name: 'notifications',
        columns: [
          id(),
          int('user_id'),
          str('kind', 40),
          int('declaration_id', true),
          // The message's parameters (project name, state, reason …): the words are the catalogue's,
          // in the reader's language when read.
          { name: 'params', type: 'text', isNullable: false },
          str('link', 300),
          ts('created_at'),
          ts('read_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_notifications_inbox', columnNames: ['user_id', 'id'] })],
      }),
    );
    // The unread count reads only the unread rows.
    await q.query('CREATE INDEX ix_notifications_unread ON notifications (user_id) WHERE read_at IS NULL');
    await q.createTable(
      new Table({
        name: 'notification_deliveries',
        columns: [
          id(),
          int('notification_id'),
          int('user_id'),
          str('channel', 10),
          str('address', 254),
          // pending → sent, or dead after the last attempt; next_attempt_at is also the lease of
          // the instance that claimed it (claiming moves it forward).
          str('status', 10),
          int('attempts', false, 0),
          ts('next_attempt_at'),
          str('last_error', 500, true),
          ts('created_at'),
          ts('sent_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ix_deliveries_due', columnNames: ['status', 'next_attempt_at', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification_reminders',
        columns: [
          id(),
          int('declaration_id'),
          str('state', 60),
          ts('entered_at'),
          str('threshold', 20),
          ts('created_at'),
        ],
        indices: [
          // One reminder per item (a declaration's stay in a review state) and threshold.
          new TableIndex({
            name: 'uq_notification_reminders',
            columnNames: ['declaration_id', 'state', 'entered_at', 'threshold'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_reminders');
    await q.dropTable('notification_deliveries');
    await q.query('DROP INDEX ix_notifications_unread');
    await q.dropTable('notifications');
    await q.query('ALTER TABLE users DROP COLUMN email');
  }
}
