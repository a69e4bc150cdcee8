// Email preferences, one-click unsubscribe, the admin's outbox (search, retry, preview), the
// workspace's opt-in/opt-out setting and announcements. No req/res: routes and CLI call these.
import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import { isLanguage } from '../../platform/i18n.js';
import type { User } from '../accounts/users.repository.js';
import type { NotificationView } from '../notifications/notifications.repository.js';
import { categories, categoryOf, effectiveMode, modesOf, type Category, type Mode } from './categories.js';
import type { OutboxMailer } from './outbox.js';
import { outboxStatuses, type OutboxRepository, type OutboxRow, type OutboxSearch, type OutboxStatus } from './outbox.repository.js';
import type { Consent, PreferencesRepository } from './preferences.repository.js';
import { render, sampleData, templateNames, type RenderContext, type Rendered } from './templates.js';
import type { UnsubscribeTokens } from './unsubscribe-token.js';

export interface CategoryChoice {
  category: Category;
  mode: Mode;
  modes: readonly Mode[];
}

export interface AnnouncementInput {
  subject?: unknown;
  body?: unknown;
  nodeId?: unknown;
  category?: unknown;
}

export class MailService {
  constructor(
    private readonly knex: Knex,
    private readonly outbox: OutboxRepository,
    private readonly preferences: PreferencesRepository,
    private readonly mailer: OutboxMailer,
    private readonly tokens: UnsubscribeTokens,
    private readonly renderContext: RenderContext,
    private readonly publicUrl: () => string,
  ) {}

  /** Every category with what the person gets now; the service ones say they cannot be turned off. */
  async choicesOf(user: Pick<User, 'id' | 'workspaceId'>): Promise<CategoryChoice[]> {
    const chosen = (await this.preferences.modesOf([user.id])).get(user.id);
    const consents = await this.preferences.consents(user.workspaceId);
    return categories.filter((c) => c.group !== 'digest').map((category) => ({ category, mode: effectiveMode(category, chosen?.get(category.id), consents.get(category.id)), modes: modesOf(category) }));
  }

  /** Sets the person's choices; a wrong category or mode is a 400 naming it, and nothing changes. */
  async setChoices(user: Pick<User, 'id' | 'workspaceId'>, input: Record<string, unknown>): Promise<void> {
    const errors: Record<string, string> = {};
    const changes: Array<[string, string]> = [];
    for (const [key, value] of Object.entries(input)) {
      if (key === '_csrf') continue;
      const category = categoryOf(key);
      if (!category || category.group === 'digest') errors[key] = 'mail.errors.unknownCategory';
      else if (!category.optOut) errors[key] = 'mail.errors.cannotTurnOff';
      else if (typeof value !== 'string' || !modesOf(category).includes(value as Mode)) errors[key] = 'mail.errors.invalidMode';
      else changes.push([key, value]);
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const at = now();
    await this.knex.transaction(async (trx) => {
      for (const [category, mode] of changes) await this.preferences.setMode(user.id, user.workspaceId, category, mode, at, trx);
    });
  }

  unsubscribeUrl(userId: string | null, category: string): string | null {
    if (!userId || !categoryOf(category)?.optOut) return null;
    return `${this.publicUrl()}/mail/unsubscribe/${this.tokens.issue(userId, category)}`;
  }

  /** Who and what a one-click link is for; a 404 for a forged, expired or foreign token. */
  async describeUnsubscribe(token: string): Promise<{ user: { id: string; email: string; language: string | null }; category: Category }> {
    const claim = this.tokens.verify(token);
    const category = claim ? categoryOf(claim.category) : undefined;
    const user = claim ? await this.knex('users').where({ id: claim.userId }).first('id', 'email', 'language') : undefined;
    if (!claim || !category?.optOut || !user) throw new NotFoundError('mail.unsubscribe.invalid');
    return { user, category };
  }

  /** RFC 8058 one-click: turns the link's category off for its person (a digest: every activity sent in a digest). */
  async unsubscribe(token: string): Promise<{ user: { id: string; email: string; language: string | null }; category: Category }> {
    const found = await this.describeUnsubscribe(token);
    const user = (await this.knex('users').where({ id: found.user.id }).first('id', 'workspace_id'))!;
    const at = now();
    await this.knex.transaction(async (trx) => {
      if (found.category.group === 'digest') {
        const chosen = (await this.preferences.modesOf([user.id], trx)).get(user.id);
        for (const c of categories.filter((c) => c.group === 'activity')) {
          const mode = effectiveMode(c, chosen?.get(c.id));
          if (mode === 'daily' || mode === 'weekly') await this.preferences.setMode(user.id, user.workspace_id, c.id, 'off', at, trx);
        }
      } else {
        await this.preferences.setMode(user.id, user.workspace_id, found.category.id, 'off', at, trx);
      }
    });
    return found;
  }

  consents(workspaceId: string): Promise<Map<string, Consent>> {
    return this.preferences.consents(workspaceId);
  }

  async setConsent(workspaceId: string, category: unknown, consent: unknown): Promise<void> {
    const found = typeof category === 'string' ? categoryOf(category) : undefined;
    if (!found || found.group !== 'optional') throw new ValidationError({ category: 'mail.errors.unknownCategory' });
    if (consent !== 'opt_in' && consent !== 'opt_out') throw new ValidationError({ consent: 'mail.errors.invalidConsent' });
    await this.preferences.setConsent(workspaceId, found.id, consent, now());
  }

  parseSearch(input: { recipient?: unknown; category?: unknown; status?: unknown; limit?: unknown }): OutboxSearch {
    const search: OutboxSearch = {};
    if (typeof input.recipient === 'string' && input.recipient.trim()) search.recipient = input.recipient.trim().slice(0, 320);
    if (typeof input.category === 'string' && input.category) {
      if (!categoryOf(input.category)) throw new ValidationError({ category: 'mail.errors.unknownCategory' });
      search.category = input.category;
    }
    if (typeof input.status === 'string' && input.status) {
      if (!outboxStatuses.includes(input.status as OutboxStatus)) throw new ValidationError({ status: 'mail.errors.invalidStatus' });
      search.status = input.status as OutboxStatus;
    }
    if (input.limit !== undefined) {
      const limit = Number(input.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError({ limit: 'mail.errors.invalidLimit' });
      search.limit = limit;
    }
    return search;
  }

  search(workspaceId: string | null, query: OutboxSearch): Promise<OutboxRow[]> {
    return this.outbox.search(workspaceId, query);
  }

  async find(id: string): Promise<OutboxRow> {
    const row = await this.outbox.find(id);
    if (!row) throw new NotFoundError('mail.errors.notFound');
    return row;
  }

  /** Queues a failed email again (now due); a 404 for an unknown id, a 409-like 400 for one not failed. */
  async retry(id: string, workspaceId?: string): Promise<OutboxRow> {
    const row = await this.outbox.find(id);
    if (!row || (workspaceId && row.workspaceId !== workspaceId)) throw new NotFoundError('mail.errors.notFound');
    if (row.status !== 'failed' || !(await this.outbox.requeue(id, now()))) throw new ValidationError({ id: 'mail.errors.notRetryable' }, 'mail.errors.notRetryable');
    this.mailer.wakeSender();
    return (await this.outbox.find(id))!;
  }

  /** A template rendered with sample data (no real person, no live token), in the given language. */
  async preview(template: unknown, language: unknown): Promise<Rendered> {
    if (typeof template !== 'string' || !(templateNames as readonly string[]).includes(template)) throw new ValidationError({ template: 'mail.errors.unknownTemplate' });
    if (!isLanguage(language)) throw new ValidationError({ language: 'mail.errors.unknownLanguage' });
    const at = Date.UTC(2026, 0, 15, 9, 30);
    const sample: NotificationView = { id: 'example', kind: 'mention', createdAt: at, readAt: null, actor: { id: 'example', firstName: 'Ada', lastName: 'Lovelace' }, commentId: 'example', feedbackId: null, target: { type: 'node', id: 'example', title: 'Platform team', sectionKind: null } };
    const category = template === 'digest' ? 'digests' : template === 'notification' ? 'mentions' : template === 'announcement' ? 'announcements' : 'account';
    const context: RenderContext = { ...this.renderContext, notification: async () => sample, unreadNotifications: async () => [sample, { ...sample, id: 'example-2', kind: 'reply' }], unsubscribeUrl: (_u, c) => (categoryOf(c)?.optOut ? `${this.publicUrl()}/mail/unsubscribe/EXAMPLE` : null) };
    const result = await render({ template, category, language, timeZone: 'Europe/Paris', userId: 'example', data: sampleData(template, this.publicUrl()) }, context);
    return result as Rendered;
  }

  /** Queues a test email to any address (the admin checks the SMTP settings); returns its outbox id. */
  async sendTest(to: unknown, workspaceId?: string): Promise<string> {
    if (typeof to !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to) || to.length > 320) throw new ValidationError({ to: 'mail.errors.invalidAddress' });
    const [id] = await this.mailer.queue([{ to, template: 'test', category: 'account', data: { at: now() }, workspaceId }]);
    return id!;
  }

  /** An admin's announcement to everyone in the workspace or to the members of a node and its sub-nodes. */
  async announce(author: Pick<User, 'id' | 'workspaceId' | 'firstName' | 'lastName'>, input: AnnouncementInput): Promise<{ id: string; recipients: number }> {
    const errors: Record<string, string> = {};
    const subject = typeof input.subject === 'string' ? input.subject.trim() : '';
    const body = typeof input.body === 'string' ? input.body.trim() : '';
    const category = input.category === undefined || input.category === '' ? 'announcements' : input.category;
    const nodeId = typeof input.nodeId === 'string' && input.nodeId ? input.nodeId : null;
    if (!subject || subject.length > 200) errors.subject = 'mail.errors.subject';
    if (!body || body.length > 20_000) errors.body = 'mail.errors.body';
    if (category !== 'announcements' && category !== 'product_updates') errors.category = 'mail.errors.unknownCategory';
    if (nodeId && !(await this.knex('org_nodes').where({ id: nodeId, workspace_id: author.workspaceId }).whereNull('archived_at').first('id'))) errors.nodeId = 'mail.errors.unknownNode';
    if (input.nodeId !== undefined && input.nodeId !== null && typeof input.nodeId !== 'string') errors.nodeId = 'mail.errors.unknownNode';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const workspace = await this.knex('workspaces').where({ id: author.workspaceId }).first('name');
    const id = newId();
    const recipients = await this.knex.transaction(async (trx) => {
      const people = trx('users').where({ workspace_id: author.workspaceId, status: 'active' }).select('id', 'email');
      if (nodeId) people.whereIn('id', trx('org_memberships').whereIn('node_id', await this.nodeAndDescendants(nodeId, trx)).select('user_id'));
      const rows: Array<{ id: string; email: string }> = await people;
      const count = (await this.mailer.queue(rows.map((p) => ({ to: p.email, template: 'announcement', category: category as string, userId: p.id, workspaceId: author.workspaceId, data: { subject, body, author: `${author.firstName} ${author.lastName}`, workspace: workspace?.name ?? '' } })), trx)).length;
      await trx('email_announcements').insert({ id, workspace_id: author.workspaceId, author_id: author.id, category, node_id: nodeId, subject, body, recipients: count, created_at: now() });
      return count;
    });
    return { id, recipients };
  }

  private async nodeAndDescendants(nodeId: string, trx: Knex.Transaction): Promise<string[]> {
    const all = [nodeId];
    let frontier = [nodeId];
    while (frontier.length) {
      const children: Array<{ id: string }> = await trx('org_nodes').whereIn('parent_id', frontier).whereNull('archived_at').select('id');
      frontier = children.map((c) => c.id).filter((c) => !all.includes(c));
      all.push(...frontier);
    }
    return all;
  }
}
