import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One message in one user's inbox. */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ name: 'declaration_id', type: 'integer', nullable: true })
  declarationId: number | null;

  /** JSON: the message's parameters. */
  @Column({ type: 'text' })
  params: string;

  /** The console page it is about (`/declarations/12`). */
  @Column({ type: 'varchar', length: 300 })
  link: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'read_at', type: 'varchar', length: 24, nullable: true })
  readAt: string | null;
}

export type DeliveryStatus = 'pending' | 'sent' | 'dead';

/** One email to send (the outbox), with its attempts. */
@Entity('notification_deliveries')
export class NotificationDelivery {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'notification_id', type: 'integer' })
  notificationId: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 10 })
  channel: string;

  @Column({ type: 'varchar', length: 254 })
  address: string;

  @Column({ type: 'varchar', length: 10 })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 24 })
  nextAttemptAt: string;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 24, nullable: true })
  sentAt: string | null;
}

/** A reminder the deadline sweep sent: unique per item and threshold. */
@Entity('notification_reminders')
export class NotificationReminder {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'declaration_id', type: 'integer' })
  declarationId: number;

  @Column({ type: 'varchar', length: 60 })
  state: string;

  @Column({ name: 'entered_at', type: 'varchar', length: 24 })
  enteredAt: string;

  @Column({ type: 'varchar', length: 20 })
  threshold: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
