// @mentions outside comments (issue 22): in a section, feedback, a bio, a 1:1 meeting's shared notes
// or items. Written the same way as in comments (`@email`, which the editor's autocomplete inserts)
// and notified the same way: one in-app notification of kind `mention`, whose email the outbox
// queues under the `mentions` category (mail/categories.ts). Only people who may read the text are
// told (a restricted section's mention reaches no one outside it), and only when the mention is new:
// an edit that keeps the same mention does not notify again.
import type { Knex } from 'knex';
import { filters, type Actor } from '../policy/policy.js';
import { MAX_MENTIONS, mentionedEmails } from '../discussions/discussions.schema.js';
import type { NotificationsService } from './notifications.service.js';

/** What the text belongs to (a bio points at no row: it is the actor's own profile). */
export type MentionSubject = { section: string } | { feedback: string } | { meeting: string } | { profile: true };

export interface MentionChange {
  workspaceId: string;
  /** Who wrote the text (never notified of their own mention). */
  actorId: string;
  /** The text before the change (null for new text) and after it. */
  before: string | null | undefined;
  after: string | null | undefined;
  subject: MentionSubject;
  /** People told otherwise already (the recipient of feedback gets the feedback notification). */
  exclude?: string[];
}

/** The emails mentioned in `after` and not in `before`. */
export function newMentions(before: string | null | undefined, after: string | null | undefined): string[] {
  const old = new Set(mentionedEmails(before ?? ''));
  return mentionedEmails(after ?? '').filter((email) => !old.has(email)).slice(0, MAX_MENTIONS);
}

export class MentionNotifier {
  constructor(
    private readonly knex: Knex,
    private readonly notifications: NotificationsService,
  ) {}

  /** The same, in a transaction of its own (after a write that had none, e.g. a profile update). */
  notifyAlone(change: MentionChange): Promise<string[]> {
    return this.knex.transaction((trx) => this.notify(trx, change));
  }

  /** Records the notifications of the new mentions inside the writing transaction; returns who was told. */
  async notify(trx: Knex.Transaction, change: MentionChange): Promise<string[]> {
    const emails = newMentions(change.before, change.after);
    if (!emails.length) return [];
    const people: Array<{ id: string; role: string }> = await trx('users').where({ workspace_id: change.workspaceId, status: 'active' }).whereIn('email_lower', emails).select('id', 'role');
    const excluded = new Set([change.actorId, ...(change.exclude ?? [])]);
    const readers: string[] = [];
    for (const person of people) {
      if (excluded.has(person.id)) continue;
      const reader: Actor = { id: person.id, workspaceId: change.workspaceId, role: person.role === 'admin' ? 'admin' : 'member' };
      if (await this.mayRead(trx, reader, change.subject)) readers.push(person.id);
    }
    const s = change.subject;
    await this.notifications.record(trx, {
      workspaceId: change.workspaceId,
      kind: 'mention',
      actorId: change.actorId,
      recipients: readers,
      ...('section' in s ? { sectionId: s.section } : 'feedback' in s ? { feedbackId: s.feedback } : 'meeting' in s ? { meetingId: s.meeting } : {}),
    });
    return readers;
  }

  /** The same rules as reading the text: the policy's SQL filters, the 1:1's two participants, the bio's workspace. */
  private async mayRead(trx: Knex.Transaction, reader: Actor, subject: MentionSubject): Promise<boolean> {
    if ('section' in subject) return Boolean(await trx('sections as s').where('s.id', subject.section).modify(filters.readableSections(reader, 's')).first('s.id'));
    if ('feedback' in subject) return Boolean(await trx('feedback as f').where('f.id', subject.feedback).modify(filters.readableFeedback(reader, 'f')).first('f.id'));
    if ('meeting' in subject) {
      const row = await trx('one_on_one_meetings as m').join('one_on_ones as p', 'p.id', 'm.one_on_one_id').where('m.id', subject.meeting).andWhere((q) => q.where('p.person_a_id', reader.id).orWhere('p.person_b_id', reader.id)).first('m.id');
      return Boolean(row);
    }
    return true;
  }
}
