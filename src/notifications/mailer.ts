import nodemailer from 'nodemailer';

/** What the dispatcher needs of an SMTP client: send one message, close. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

export const MAILER = Symbol('MAILER');

/**
 * nodemailer over SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`); null without one.
 * Short timeouts: a dead server must not hold a claimed batch past its lease.
 */
export function smtpMailer(url: string, from: string): Mailer | null {
  if (!url) return null;
  const options = new URL(url);
  const transport = nodemailer.createTransport(
    {
      host: options.hostname,
      port: options.port ? Number(options.port) : options.protocol === 'smtps:' ? 465 : 587,
      secure: options.protocol === 'smtps:',
      auth: options.username
        ? { user: decodeURIComponent(options.username), pass: decodeURIComponent(options.password) }
        : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    },
    { from },
  );
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    close: () => transport.close(),
  };
}
