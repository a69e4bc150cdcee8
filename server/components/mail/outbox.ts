// The outbox as the one way to send mail (the platform's Mailer): an email becomes a row in the
// caller's transaction, addressed in the recipient's language and time zone, and only if the
// recipient's choices for its category let it go now (activity in a digest waits for the digest).
import type { Knex } from 'knex';
import type { MailRequest, Mailer, TemplatedMail } from '../../platform/mailer.js';
import { newId, now } from '../../platform/ids.js';
import { categoryOf, effectiveMode } from './categories.js';
import type { NewOutboxRow, OutboxRepository } from './outbox.repository.js';
import type { PreferencesRepository } from './preferences.repository.js';

interface Recipient {
  id: string;
  workspace_id: string;
  email: string;
  language: string | null;
  time_zone: string | null;
  status: string;
}

export interface OutboxDeps {
  knex: Knex;
  outbox: OutboxRepository;
  preferences: PreferencesRepository;
  defaultLanguage: string;
  primaryWorkspaceId: () => Promise<string>;
  /** Called once the email is committed: the sender looks at once instead of at its next poll. */
  wake: () => void;
}

export class OutboxMailer implements Mailer {
  constructor(private readonly deps: OutboxDeps) {}

  /** An admin's retry or a CLI test: the sender looks now. */
  wakeSender(): void {
    this.deps.wake();
  }

  async send(mail: MailRequest, trx?: Knex.Transaction): Promise<void> {
    const templated: TemplatedMail = 'template' in mail ? mail : { to: mail.to, template: 'plain', category: 'account', data: { subject: mail.subject, text: mail.text }, userId: mail.userId, workspaceId: mail.workspaceId };
    await this.queue([templated], trx);
  }

  /** Queues several emails at once (an announcement); returns the ids of those the recipients' choices let through. */
  async queue(mails: TemplatedMail[], trx?: Knex.Transaction): Promise<string[]> {
    const db = trx ?? this.deps.knex;
    for (const mail of mails) if (!categoryOf(mail.category)) throw new Error(`email category ${mail.category} is not in the registry`);
    const userIds = [...new Set(mails.map((m) => m.userId).filter((id): id is string => Boolean(id)))];
    const users = new Map<string, Recipient>();
    for (let i = 0; i < userIds.length; i += 500) {
      const rows: Recipient[] = await db('users').whereIn('id', userIds.slice(i, i + 500)).select('id', 'workspace_id', 'email', 'language', 'time_zone', 'status');
      for (const r of rows) users.set(r.id, r);
    }
    const modes = await this.deps.preferences.modesOf(userIds, db);
    const consents = new Map<string, Awaited<ReturnType<PreferencesRepository['consents']>>>();
    const at = now();
    const rows: NewOutboxRow[] = [];
    for (const mail of mails) {
      const category = categoryOf(mail.category)!;
      const user = mail.userId ? users.get(mail.userId) : undefined;
      if (mail.userId && (!user || user.status !== 'active') && category.optOut) continue; // a disabled account gets only service mail
      const workspaceId = mail.workspaceId ?? user?.workspace_id ?? (await this.deps.primaryWorkspaceId());
      if (category.optOut) {
        if (!consents.has(workspaceId)) consents.set(workspaceId, await this.deps.preferences.consents(workspaceId, db));
        const mode = effectiveMode(category, user ? modes.get(user.id)?.get(category.id) : undefined, consents.get(workspaceId)!.get(category.id));
        if (mode !== 'immediate' && mode !== 'on') continue;
      }
      rows.push({
        id: newId(),
        workspaceId,
        userId: user?.id ?? null,
        to: mail.to,
        category: category.id,
        template: mail.template,
        language: mail.language ?? user?.language ?? this.deps.defaultLanguage,
        timeZone: mail.timeZone ?? user?.time_zone ?? null,
        data: mail.data ?? {},
        createdAt: at,
      });
    }
    await this.deps.outbox.insertMany(rows, db);
    if (rows.length) {
      if (trx) trx.executionPromise.then(() => this.deps.wake(), () => {});
      else this.deps.wake();
    }
    return rows.map((r) => r.id);
  }
}
