// Single sign-on identities linked to accounts: knex only, plain objects, an optional transaction.
import type { Knex } from 'knex';

/** How the identity came to be linked: a new account, the account's password, a verified email, or an email proven by a mailed link. */
export type LinkedBy = 'signup' | 'auto' | 'password' | 'verified_email' | 'email_link' | 'scim';

export interface IdentityLink {
  id: string;
  workspaceId: string;
  userId: string;
  provider: string;
  subject: string;
  email: string | null;
  linkedBy: LinkedBy;
  createdAt: number;
  lastUsedAt: number | null;
  /** The groups the provider sent at the last sign-in (the groups claim). */
  groups: string[];
}

function parseGroups(value: unknown): string[] {
  if (typeof value !== 'string' || !value) return [];
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

const fromRow = (row: Record<string, unknown>): IdentityLink => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  userId: row.user_id as string,
  provider: row.provider as string,
  subject: row.subject as string,
  email: (row.email as string) ?? null,
  linkedBy: row.linked_by as LinkedBy,
  createdAt: Number(row.created_at),
  lastUsedAt: row.last_used_at === null || row.last_used_at === undefined ? null : Number(row.last_used_at),
  groups: parseGroups(row.groups),
});

export class IdentityRepository {
  constructor(private readonly knex: Knex) {}

  async find(provider: string, subject: string, trx?: Knex.Transaction): Promise<IdentityLink | undefined> {
    const row = await (trx ?? this.knex)('identity_links').where({ provider, subject }).first();
    return row ? fromRow(row) : undefined;
  }

  async listForUser(userId: string): Promise<IdentityLink[]> {
    return (await this.knex('identity_links').where({ user_id: userId }).orderBy('created_at')).map(fromRow);
  }

  async insert(link: IdentityLink, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('identity_links').insert({
      id: link.id,
      workspace_id: link.workspaceId,
      user_id: link.userId,
      provider: link.provider,
      subject: link.subject,
      email: link.email,
      linked_by: link.linkedBy,
      created_at: link.createdAt,
      last_used_at: link.lastUsedAt,
      groups: JSON.stringify(link.groups),
    });
  }

  async touch(id: string, at: number, email: string | null, groups: string[]): Promise<void> {
    await this.knex('identity_links').where({ id }).update({ last_used_at: at, groups: JSON.stringify(groups), ...(email ? { email } : {}) });
  }

  /** Every account's links with their groups, for the admin page. */
  async listAll(workspaceId: string): Promise<IdentityLink[]> {
    return (await this.knex('identity_links').where({ workspace_id: workspaceId }).orderBy('created_at')).map(fromRow);
  }
}
