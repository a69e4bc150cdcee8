// Notifications: recorded by the discussions and feedback services (inside their transaction),
// read by their recipient only. Each row is also an event a mailer can pick up later
// (email_state = pending).
import type { Knex } from 'knex';
import { NotFoundError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import type { Actor } from '../policy/policy.js';
import type { NewNotification, NotificationKind, NotificationsRepository } from './notifications.repository.js';

export class NotificationsService {
  constructor(private readonly repo: NotificationsRepository) {}

  /** Records one notification per recipient (never to the actor themselves). */
  async record(trx: Knex.Transaction, event: { workspaceId: string; kind: NotificationKind; actorId: string; recipients: string[]; commentId?: string; feedbackId?: string }): Promise<void> {
    const at = now();
    const rows: NewNotification[] = [...new Set(event.recipients)]
      .filter((userId) => userId !== event.actorId)
      .map((userId) => ({ id: newId(), workspaceId: event.workspaceId, userId, kind: event.kind, actorId: event.actorId, commentId: event.commentId ?? null, feedbackId: event.feedbackId ?? null, createdAt: at }));
    await this.repo.insertMany(rows, trx);
  }

  list(actor: Actor, limit = 100) {
    return this.repo.list(actor, limit);
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.repo.unreadCount(actor);
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
