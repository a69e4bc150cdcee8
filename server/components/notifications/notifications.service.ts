// Notifications: recorded by the discussions and feedback services (inside their transaction),
// read by their recipient only. Each row is also an event a mailer can pick up later
// (email_state = pending).
import type { Knex } from 'knex';
import { NotFoundError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import type { Actor } from '../policy/policy.js';
import type { NewNotification, NotificationKind, NotificationsRepository } from './notifications.repository.js';

export class NotificationsService {
  /** People whose processing is restricted (a data subject request, issue 6) get no notifications while it lasts. */
  private restricted: (userIds: string[], trx: Knex.Transaction) => Promise<Set<string>> = async () => new Set();

  /** Told of each recorded notification inside its transaction (the outbox queues its email there, issue 24). */
  private readonly listeners: Array<(rows: NewNotification[], trx: Knex.Transaction) => Promise<void>> = [];

  constructor(private readonly repo: NotificationsRepository) {}

  onRecorded(listener: (rows: NewNotification[], trx: Knex.Transaction) => Promise<void>): void {
    this.listeners.push(listener);
  }

  private async recorded(rows: NewNotification[], trx: Knex.Transaction): Promise<void> {
    if (rows.length) for (const listener of this.listeners) await listener(rows, trx);
  }

  /** Wired by the composition root: the dsar component's restriction check. */
  excludeRestricted(check: (userIds: string[], trx: Knex.Transaction) => Promise<Set<string>>): void {
    this.restricted = check;
  }

  /** Records one notification per recipient (never to the actor themselves). */
  async record(trx: Knex.Transaction, event: { workspaceId: string; kind: NotificationKind; actorId: string; recipients: string[]; commentId?: string; feedbackId?: string; oneOnOneItemId?: string; sectionId?: string; meetingId?: string }): Promise<void> {
    const at = now();
    const recipients = [...new Set(event.recipients)].filter((userId) => userId !== event.actorId);
    const restricted = await this.restricted(recipients, trx);
    const rows: NewNotification[] = recipients
      .filter((userId) => !restricted.has(userId))
      .map((userId) => ({ id: newId(), workspaceId: event.workspaceId, userId, kind: event.kind, actorId: event.actorId, commentId: event.commentId ?? null, feedbackId: event.feedbackId ?? null, oneOnOneItemId: event.oneOnOneItemId ?? null, sectionId: event.sectionId ?? null, meetingId: event.meetingId ?? null, createdAt: at }));
    await this.repo.insertMany(rows, trx);
    await this.recorded(rows, trx);
  }

  /** A data subject request is due soon: one reminder per privacy contact (issue 6). */
  async recordDsarReminder(trx: Knex.Transaction, event: { workspaceId: string; recipients: string[]; requestId: string }): Promise<number> {
    const at = now();
    const recipients = [...new Set(event.recipients)];
    const restricted = await this.restricted(recipients, trx);
    const rows: NewNotification[] = recipients.filter((userId) => !restricted.has(userId)).map((userId) => ({ id: newId(), workspaceId: event.workspaceId, userId, kind: 'dsar_due', actorId: null, dsarRequestId: event.requestId, createdAt: at }));
    await this.repo.insertMany(rows, trx);
    await this.recorded(rows, trx);
    return rows.length;
  }

  /**
   * One of a person's own data requests changed status: they are told in the app. The row is written
   * with email_state 'pending' like every notification, so the mail outbox (when it lands) emails it
   * too; nothing else is needed here for the email.
   */
  async recordDsarUpdate(trx: Knex.Transaction, event: { workspaceId: string; userId: string; requestId: string }): Promise<number> {
    if ((await this.restricted([event.userId], trx)).has(event.userId)) return 0;
    await this.repo.insertMany([{ id: newId(), workspaceId: event.workspaceId, userId: event.userId, kind: 'dsar_update', actorId: null, dsarRequestId: event.requestId, createdAt: now() }], trx);
    return 1;
  }

  list(actor: Actor, limit = 100) {
    return this.repo.list(actor, limit);
  }

  /** Home's inbox: the newest mentions and replies the actor may still read. */
  inbox(actor: Actor, limit = 5) {
    return this.repo.list(actor, limit, { inbox: true });
  }

  unreadCount(actor: Actor, ownUnread?: boolean): Promise<number> {
    return this.repo.unreadCount(actor, ownUnread);
  }

  async markAllRead(actor: Actor): Promise<number> {
    return this.repo.markRead(actor, now());
  }

  /** Marks one of the actor's notifications read and returns it (a 404 for anyone else's). */
  async open(actor: Actor, id: string) {
    const found = await this.repo.findOwn(actor, id);
    if (!found) throw new NotFoundError();
    await this.repo.markRead(actor, now(), [found.id]);
    return found;
  }
}
