// Email, in two parts. `Mailer` is the one entry point for code that sends mail: it queues the email
// in the outbox, in the caller's transaction when given one, so a request never waits on SMTP and
// an email exists exactly when its event does (components/mail implements it). `MailTransport`
// delivers a rendered email: nodemailer when SMTP is configured, otherwise the server log (so a
// development install without SMTP still shows its links; production never logs the content).
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { Logger } from './logger.js';

/** A rendered email, as a transport delivers it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  messageId?: string;
  date?: Date;
}

export interface SentInfo {
  messageId?: string;
  /** The SMTP server's reply. */
  response?: string;
}

export interface MailTransport {
  send(mail: Mail): Promise<SentInfo | void>;
  close?(): void;
}

/** An email rendered at send time from a template of components/mail, in the recipient's language. */
export interface TemplatedMail {
  to: string;
  template: string;
  /** A category of components/mail/categories.ts (its legal basis and whether it can be turned off). */
  category: string;
  data?: Record<string, unknown>;
  userId?: string | null;
  workspaceId?: string;
  language?: string | null;
  timeZone?: string | null;
}

/** A plain email (`{ to, subject, text }`) is queued as account mail and sent as written. */
export type MailRequest = TemplatedMail | { to: string; subject: string; text: string; userId?: string | null; workspaceId?: string };

export interface Mailer {
  /** Queues the email; with `trx`, it is queued only if that transaction commits. */
  send(mail: MailRequest, trx?: Knex.Transaction): Promise<void>;
}

/** A delivery failure the sender should retry (a 4xx reply, a connection problem) or not (5xx). */
export function isTemporaryFailure(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EAUTH', 'ETLS', 'EPROXY'].includes(String(e?.code));
}

export function failureReply(error: unknown): string {
  const e = error as { response?: string; message?: string };
  return String(e?.response ?? e?.message ?? error).slice(0, 1000);
}

export class SmtpNotConfigured extends Error {
  constructor() {
    super('SMTP is not configured (mail.smtpUrl): the email was not delivered');
  }
}

export function createMailTransport(options: { smtpUrl?: string; from: string; env: 'development' | 'production' | 'test'; concurrency?: number }, logger: Logger): MailTransport {
  if (!options.smtpUrl) {
    if (options.env === 'production') {
      // A reset or invitation link is a live credential: in production it never reaches a log file.
      return {
        async send(mail) {
          logger.warn({ mail: { subject: mail.subject, messageId: mail.messageId } }, 'SMTP is not configured: the email was not sent and its content is not logged. Configure mail.smtpUrl; meanwhile an admin prints a reset link with `opsenic users reset-link EMAIL`');
          throw new SmtpNotConfigured();
        },
      };
    }
    return {
      async send(mail) {
        logger.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'SMTP is not configured: email written to the log instead');
        return { messageId: mail.messageId, response: 'written to the log' };
      },
    };
  }
  const smtpUrl = options.smtpUrl;
  // A pool: the outbox sends many emails in parallel over a few kept-open connections. nodemailer is
  // loaded with the first email, not at start-up: it holds 10-20 MB of a replica's memory, and a
  // server may run for hours before anyone is sent anything.
  let transport: Promise<Transporter> | undefined;
  let closed = false;
  const transportOf = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: options.concurrency ?? 5, maxMessages: Infinity } as never)));
  return {
    async send(mail) {
      // Closed at shutdown, after the sender stopped: a late email stays queued (a temporary failure) for the next start.
      if (closed) throw Object.assign(new Error('the mail transport is closed (shutting down)'), { code: 'ECONNECTION' });
      const info = await (await transportOf()).sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId: mail.messageId, date: mail.date });
      return { messageId: info.messageId, response: info.response };
    },
    close() {
      closed = true;
      void transport?.then((t) => t.close());
    },
  };
}
