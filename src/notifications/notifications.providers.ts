import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { APP_CONFIG } from '../config/app-config';
import { DeadlineSweep } from './deadline-sweep.service';
import { NotificationDispatcher } from './dispatcher.service';
import { MAILER, smtpMailer } from './mailer';
import { NotificationStream } from './notification-stream';
import { NotificationsService } from './notifications.service';
import { NotificationOutbox } from './outbox';

/**
 * Notifications, registered with the features (src/features.ts): the outbox (a transition hook,
 * workflow/transition-hooks.ts), the inbox, the live stream, the email dispatcher and the
 * deadline sweep. MAILER is a seam: tests may put in a mailer of their own.
 */
export const NOTIFICATION_PROVIDERS: Provider[] = [
  NotificationOutbox,
  {
    provide: MAILER,
    useFactory: (c: AppConfig) => smtpMailer(c.notifications.smtpUrl, c.notifications.smtpFrom),
    inject: [APP_CONFIG],
  },
  NotificationStream,
  NotificationsService,
  NotificationDispatcher,
  DeadlineSweep,
];
