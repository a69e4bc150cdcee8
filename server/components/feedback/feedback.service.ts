// Feedback: anyone gives feedback to a colleague, optionally tagged with the workspace's Values, and
// chooses who may read it: the recipient only, the recipient and their leads, or everyone (shown
// on the recipient's page). The giver and the recipient always see it. Reading is filtered in SQL.
import type { Knex } from 'knex';
import type { MentionNotifier } from '../notifications/mentions.js';
import { ValidationError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import { authorize, type Actor } from '../policy/policy.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { FeedbackInput } from './feedback.schema.js';
import type { Feedback, FeedbackRepository, FeedbackView } from './feedback.repository.js';

export class FeedbackService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: FeedbackRepository,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsService,
    private readonly mentions?: MentionNotifier,
  ) {}

  values(actor: Actor): Promise<string[]> {
    return this.repo.workspaceValues(actor.workspaceId);
  }

  /** Feedback to the colleague of this work email (the people picker's value); errors name the `recipient` field. */
  async giveTo(actor: Actor, email: string, input: FeedbackInput): Promise<FeedbackView> {
    const recipient = await this.users.findByEmail(email);
    if (!recipient || recipient.workspaceId !== actor.workspaceId) throw new ValidationError({ recipient: 'feedback.errors.recipient' });
    try {
      return await this.give(actor, recipient.id, input);
    } catch (error) {
      if (error instanceof ValidationError && error.fields?.recipientId) {
        const { recipientId, ...others } = error.fields;
        throw new ValidationError({ ...others, recipient: recipientId });
      }
      throw error;
    }
  }

  async give(actor: Actor, recipientId: string, input: FeedbackInput): Promise<FeedbackView> {
    const recipient = await this.users.findInWorkspace(actor.workspaceId, recipientId);
    if (!recipient || recipient.status !== 'active') throw new ValidationError({ recipientId: 'feedback.errors.recipient' });
    if (recipient.id === actor.id) throw new ValidationError({ recipientId: 'feedback.errors.self' });
    authorize(actor, 'give', { kind: 'feedback', workspaceId: recipient.workspaceId, recipientId: recipient.id });
    const known = new Map((await this.repo.workspaceValues(actor.workspaceId)).map((v) => [v.toLowerCase(), v]));
    const values: string[] = [];
    for (const value of input.values) {
      const canonical = known.get(value.toLowerCase());
      if (!canonical) throw new ValidationError({ values: 'feedback.errors.unknownValue' });
      if (!values.includes(canonical)) values.push(canonical);
    }
    const feedback: Feedback = { id: newId(), workspaceId: actor.workspaceId, giverId: actor.id, recipientId: recipient.id, body: input.body, visibility: input.visibility, createdAt: now(), values };
    await this.knex.transaction(async (trx) => {
      await this.repo.insert(feedback, trx);
      await this.notifications.record(trx, { workspaceId: feedback.workspaceId, kind: 'feedback', actorId: actor.id, recipients: [recipient.id], feedbackId: feedback.id });
      // Others named in it are told when they may read it (public feedback, or a lead of the recipient's for `leads`).
      await this.mentions?.notify(trx, { workspaceId: feedback.workspaceId, actorId: actor.id, before: null, after: feedback.body, subject: { feedback: feedback.id }, exclude: [recipient.id] });
    });
    return (await this.repo.findReadable(actor, feedback.id))!;
  }

  /** Feedback about one person that the actor may read (all of it when the actor is that person). */
  async about(actor: Actor, personId: string): Promise<FeedbackView[]> {
    return this.repo.listReadable(actor, { recipientId: personId });
  }

  /** `limit`: Home shows the latest three; the person page lists up to 200. */
  received(actor: Actor, limit?: number): Promise<FeedbackView[]> {
    return this.repo.listReadable(actor, { recipientId: actor.id, limit });
  }

  given(actor: Actor): Promise<FeedbackView[]> {
    return this.repo.listReadable(actor, { giverId: actor.id });
  }
}
