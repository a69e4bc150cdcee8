// Email (issue 24), built in one place so the composition root needs a few lines: the outbox that
// is the one Mailer, its sender (started by the server, drained by the CLI), digests, preferences.
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { MailTransport } from '../../platform/mailer.js';
import { JobLocks } from '../retention/job-locks.js';
import { NotificationsRepository, type NewNotification } from '../notifications/notifications.repository.js';
import { categoryOfNotification } from './categories.js';
import { actorOfUser } from '../policy/actor.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import { DigestPlanner } from './digests.js';
import { SandboxExpiryNotices } from './sandbox-expiry.js';
import { createMailMetrics } from './mail.metrics.js';
import { MailService } from './mail.service.js';
import { OutboxMailer } from './outbox.js';
import { OutboxRepository, type OutboxRow } from './outbox.repository.js';
import { OutboxSender } from './outbox.sender.js';
import { PreferencesRepository } from './preferences.repository.js';
import { render, type RenderContext } from './templates.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

export interface MailParts {
  mailer: OutboxMailer;
  mail: MailService;
  mailSender: OutboxSender;
  digests: DigestPlanner;
  sandboxNotices: SandboxExpiryNotices;
}

export interface MailDeps {
  knex: Knex;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  transport: MailTransport;
  users: UsersRepository;
  publicUrl: () => string;
  primaryWorkspaceId: () => Promise<string>;
}

/**
 * The emails of recorded notifications, queued in their transaction. The outbox keeps only those
 * the recipient wants at once; the email is rendered at send time, and skipped if by then the
 * notification was read in the app or its subject is no longer visible to the recipient.
 */
export async function queueNotificationEmails(mailer: OutboxMailer, rows: NewNotification[], trx: Knex.Transaction): Promise<void> {
  const ids = [...new Set(rows.map((r) => r.userId))];
  const emails = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const users: Array<{ id: string; email: string }> = await trx('users').whereIn('id', ids.slice(i, i + 500)).select('id', 'email');
    for (const u of users) emails.set(u.id, u.email);
  }
  await mailer.queue(
    rows.filter((r) => emails.has(r.userId)).map((r) => ({ to: emails.get(r.userId)!, template: 'notification', category: categoryOfNotification(r.kind), userId: r.userId, workspaceId: r.workspaceId, data: { notificationId: r.id } })),
    trx,
  );
}

export function createMailParts(d: MailDeps): MailParts {
  const outbox = new OutboxRepository(d.knex);
  const preferences = new PreferencesRepository(d.knex);
  const tokens = new UnsubscribeTokens(d.config.secretKey, d.config.mail.unsubscribeTtl);
  const notifications = new NotificationsRepository(d.knex);
  let sender: OutboxSender | undefined;
  const mailer = new OutboxMailer({ knex: d.knex, outbox, preferences, defaultLanguage: d.config.i18n.defaultLanguage, primaryWorkspaceId: d.primaryWorkspaceId, wake: () => sender?.wake() });

  // The recipients of a batch repeat (a digest run, a busy thread): each is read once a second at most.
  const recent = new Map<string, { at: number; user: Awaited<ReturnType<UsersRepository['findById']>> }>();
  const recipient = async (userId: string) => {
    const hit = recent.get(userId);
    if (hit && Date.now() - hit.at < 1000) return hit.user;
    const user = await d.users.findById(userId);
    if (recent.size > 5000) recent.clear();
    recent.set(userId, { at: Date.now(), user });
    return user;
  };
  const context: RenderContext = {
    get publicUrl() {
      return d.publicUrl();
    },
    // Read as the recipient, through the notifications' own visibility rules: what they may no
    // longer read (a section made restricted since) is not found, so it is never emailed.
    async notification(userId, id) {
      const user = await recipient(userId);
      return user && user.status === 'active' ? notifications.findOwn(actorOfUser(user), id) : undefined;
    },
    async unreadNotifications(userId, since, until, kinds) {
      const user = await recipient(userId);
      if (!user || user.status !== 'active') return [];
      const seen = await notifications.list(actorOfUser(user), 500);
      return seen.filter((n) => n.readAt === null && n.createdAt >= since && n.createdAt < until && kinds.includes(n.kind)).reverse();
    },
    unsubscribeUrl: (userId, category) => mail.unsubscribeUrl(userId, category),
  };
  const mail = new MailService(d.knex, outbox, preferences, mailer, tokens, context, d.publicUrl);
  const digests = new DigestPlanner(d.knex, preferences, mailer, d.config.mail.digestHour);
  const sandboxNotices = new SandboxExpiryNotices(d.knex, mailer, d.config.mail.sandboxNotice);
  const events = createMailMetrics(d.metrics.registry, outbox);
  const renderRow = (row: OutboxRow) => render({ template: row.template, category: row.category, language: row.language, timeZone: row.timeZone, userId: row.userId, data: row.data ?? {} }, context);
  const domain = () => {
    try {
      return new URL(d.publicUrl()).hostname || 'opsenic.localhost';
    } catch {
      return 'opsenic.localhost';
    }
  };
  // Digests and sandbox notices are looked for at most once a minute, under the sender's lease
  // (once across replicas).
  let scheduledCheckedAt = 0;
  const dueScheduled = async () => {
    if (Date.now() - scheduledCheckedAt < 60_000) return;
    scheduledCheckedAt = Date.now();
    await digests.queueDue();
    await sandboxNotices.queueDue();
  };
  sender = new OutboxSender(outbox, new JobLocks(d.knex), d.transport, renderRow, d.config.mail, domain, d.logger, events, dueScheduled);
  return { mailer, mail, mailSender: sender, digests, sandboxNotices };
}
