import { ApiProperty } from '@nestjs/swagger';
import { EnumProperty, IntProperty, TextProperty, TimestampProperty } from '../common/openapi';
import { DELIVERY_STATUSES, NOTIFICATION_KINDS } from './notifications.messages';

/** The answers of the notification routes in the OpenAPI document. */

export class NotificationView {
  @IntProperty({ readOnly: true })
  id: number;
  @EnumProperty(NOTIFICATION_KINDS)
  kind: string;
  @TextProperty({ example: '待审核', description: 'the kind in words' })
  kindLabel: string;
  @TextProperty({ example: '待审核：一网通办平台运营' })
  title: string;
  @TextProperty({ example: '张三提交了「一网通办平台运营」（2026年度），已进入单位内部审核，请审核。' })
  body: string;
  @TextProperty({ example: '/declarations/12', description: 'the console page it is about' })
  link: string;
  @IntProperty({ nullable: true })
  declarationId: number | null;
  @TimestampProperty()
  createdAt: string;
  @ApiProperty()
  read: boolean;
  @TimestampProperty({ nullable: true })
  readAt: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: () => [NotificationView], description: 'newest first' })
  items: NotificationView[];
  @TextProperty({ nullable: true })
  nextCursor: string | null;
  @IntProperty({ description: 'your unread messages, all of them' })
  unreadCount: number;
}

export class UnreadCountView {
  @IntProperty()
  unreadCount: number;
}

export class MarkedReadView {
  @ApiProperty({ type: () => NotificationView })
  notification: NotificationView;
  @IntProperty()
  unreadCount: number;
}

export class MarkedAllReadView {
  @IntProperty({ description: 'messages marked read now' })
  marked: number;
  @IntProperty()
  unreadCount: number;
}

export class NotificationSettingsView {
  @TextProperty({ nullable: true })
  email: string | null;
  @ApiProperty({ description: 'whether the service sends email at all (SMTP_URL is set)' })
  emailEnabled: boolean;
}

class DeliveryRecipient {
  @IntProperty()
  id: number;
  @TextProperty()
  username: string;
  @TextProperty()
  displayName: string;
}

export class DeliveryView {
  @IntProperty({ readOnly: true })
  id: number;
  @EnumProperty(NOTIFICATION_KINDS)
  kind: string;
  @TextProperty()
  kindLabel: string;
  @ApiProperty({ type: () => DeliveryRecipient })
  recipient: DeliveryRecipient;
  @TextProperty()
  address: string;
  @EnumProperty(DELIVERY_STATUSES)
  status: string;
  @TextProperty()
  statusLabel: string;
  @IntProperty()
  attempts: number;
  @TimestampProperty({ nullable: true, description: 'pending: when it is tried next' })
  nextAttemptAt: string | null;
  @TextProperty({ nullable: true, description: "the mail server's answer to the last attempt" })
  lastError: string | null;
  @TimestampProperty()
  createdAt: string;
  @TimestampProperty({ nullable: true })
  sentAt: string | null;
}

export class DeliveryPage {
  @ApiProperty({ type: () => [DeliveryView], description: 'newest first; never what the messages say' })
  items: DeliveryView[];
  @TextProperty({ nullable: true })
  nextCursor: string | null;
}

export class RequeuedView {
  @IntProperty()
  id: number;
  @EnumProperty(DELIVERY_STATUSES)
  status: string;
}
