import type { AppConfig } from '../../config/defaults';

type Env = Record<string, string | undefined>;

/** The notification settings (config/defaults.ts `notifications`), checked at start. */
export function loadNotificationConfig(
  env: Env,
  cfg: AppConfig,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): void {
  const n = cfg.notifications;
  n.smtpUrl = env.SMTP_URL ?? '';
  if (n.smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(n.smtpUrl))
    problems.push('SMTP_URL must start with smtp:// or smtps:// (leave it unset to send no email)');
  n.smtpFrom = env.SMTP_FROM || n.smtpFrom;
  n.publicUrl = (env.PUBLIC_URL ?? '').replace(/\/+$/, '');
  if (n.publicUrl && !/^https?:\/\/[^\s]+$/.test(n.publicUrl))
    problems.push('PUBLIC_URL must start with http:// or https:// (the console as users reach it)');
  n.dispatchMs = int('NOTIFY_DISPATCH_MS', n.dispatchMs, 0, 3_600_000);
  n.batchSize = int('NOTIFY_BATCH_SIZE', n.batchSize, 1, 500);
  n.maxAttempts = int('NOTIFY_MAX_ATTEMPTS', n.maxAttempts, 1, 50);
  n.retryBaseSeconds = int('NOTIFY_RETRY_BASE_SECONDS', n.retryBaseSeconds, 1, 86_400);
  n.leaseSeconds = int('NOTIFY_LEASE_SECONDS', n.leaseSeconds, 10, 86_400);
  n.sweepSeconds = int('NOTIFY_SWEEP_SECONDS', n.sweepSeconds, 0, 86_400);
  n.dueSoonDays = int('NOTIFY_DUE_SOON_DAYS', n.dueSoonDays, 1, 30);
  n.escalateAfterDays = int('NOTIFY_ESCALATE_AFTER_DAYS', n.escalateAfterDays, 0, 365);
  n.streamPollMs = int('NOTIFY_STREAM_POLL_MS', n.streamPollMs, 50, 60_000);
  n.streamHeartbeatSeconds = int('NOTIFY_STREAM_HEARTBEAT_SECONDS', n.streamHeartbeatSeconds, 1, 3600);
}
