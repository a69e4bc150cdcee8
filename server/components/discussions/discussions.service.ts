// Discussions: a comment thread on any node or section. Whoever may read the target may read and
// join its thread; only the author edits or deletes a comment. Mentions (`@email`) and replies
// notify people — but only those who may read the target, so a notification never reveals a
// restricted section to someone outside it.
import type { Knex } from 'knex';
import { NotFoundError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import { authorize, type Actor } from '../policy/policy.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { MAX_MENTIONS, mentionedEmails, type TargetType } from './discussions.schema.js';
import type { Comment, CommentView, DiscussionsRepository, Target } from './discussions.repository.js';

export class DiscussionsService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: DiscussionsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async target(actor: Actor, type: TargetType, id: string): Promise<Target> {
    const target = await this.repo.readableTarget(actor, type, id);
    if (!target) throw new NotFoundError();
    return target;
  }

  async thread(actor: Actor, type: TargetType, id: string): Promise<{ target: Target; comments: CommentView[] }> {
    const target = await this.target(actor, type, id);
    return { target, comments: await this.repo.thread(target) };
  }

  /** Comment counts per target, for targets the caller has already established the actor may read. */
  counts(actor: Actor, type: TargetType, readableIds: string[]): Promise<Map<string, number>> {
    return this.repo.countFor(actor, type, readableIds);
  }

  /** Of these people, those who may read the target (only they may be notified about it). */
  private async readers(target: Target, people: Array<{ id: string; workspaceId: string; role: 'member' | 'admin' }>): Promise<string[]> {
    const readers: string[] = [];
    for (const person of people) {
      if (await this.repo.readableTarget({ id: person.id, workspaceId: person.workspaceId, role: person.role }, target.type, target.id)) readers.push(person.id);
    }
    return readers;
  }

  private async mentioned(target: Target, body: string) {
    return this.repo.usersByEmail(target.workspaceId, mentionedEmails(body).slice(0, MAX_MENTIONS));
  }

  async add(actor: Actor, type: TargetType, id: string, body: string): Promise<CommentView> {
    const target = await this.target(actor, type, id);
    authorize(actor, 'create', { kind: 'comment', workspaceId: target.workspaceId, authorId: actor.id });
    const mentioned = await this.mentioned(target, body);
    const mentionReaders = await this.readers(target, mentioned);
    const previous = (await this.repo.participants(target)).filter((p) => p !== actor.id && !mentionReaders.includes(p));
    const replyReaders = await this.readers(target, await this.repo.usersByIds(target.workspaceId, previous));
    const at = now();
    const comment: Comment = { id: newId(), workspaceId: target.workspaceId, nodeId: type === 'node' ? target.id : null, sectionId: type === 'section' ? target.id : null, authorId: actor.id, body, createdAt: at, updatedAt: at, editedAt: null };
    await this.knex.transaction(async (trx) => {
      await this.repo.insert(comment, mentioned.map((m) => m.id), trx);
      await this.notifications.record(trx, { workspaceId: target.workspaceId, kind: 'mention', actorId: actor.id, recipients: mentionReaders, commentId: comment.id });
      await this.notifications.record(trx, { workspaceId: target.workspaceId, kind: 'reply', actorId: actor.id, recipients: replyReaders, commentId: comment.id });
    });
    return (await this.repo.findReadable(actor, comment.id))!;
  }

  private async ownComment(actor: Actor, commentId: string, action: 'edit' | 'delete'): Promise<CommentView> {
    const comment = await this.repo.findReadable(actor, commentId);
    if (!comment) throw new NotFoundError();
    authorize(actor, action, { kind: 'comment', workspaceId: comment.workspaceId, authorId: comment.authorId });
    return comment;
  }

  /** Edits one's own comment; people newly mentioned are notified. */
  async edit(actor: Actor, commentId: string, body: string): Promise<CommentView> {
    const comment = await this.ownComment(actor, commentId, 'edit');
    const target = await this.target(actor, comment.nodeId ? 'node' : 'section', (comment.nodeId ?? comment.sectionId)!);
    const mentioned = await this.mentioned(target, body);
    const already = new Set(comment.mentions.map((m) => m.id));
    const newlyMentioned = await this.readers(target, mentioned.filter((m) => !already.has(m.id)));
    await this.knex.transaction(async (trx) => {
      await this.repo.update(comment.id, body, now(), trx);
      await this.repo.setMentions(comment.id, comment.workspaceId, mentioned.map((m) => m.id), trx);
      await this.notifications.record(trx, { workspaceId: comment.workspaceId, kind: 'mention', actorId: actor.id, recipients: newlyMentioned, commentId: comment.id });
    });
    return (await this.repo.findReadable(actor, comment.id))!;
  }

  async delete(actor: Actor, commentId: string): Promise<CommentView> {
    const comment = await this.ownComment(actor, commentId, 'delete');
    await this.repo.delete(comment.id);
    return comment;
  }
}
