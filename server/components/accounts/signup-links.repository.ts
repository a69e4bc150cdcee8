// Sign-ups waiting for their emailed link (the signup_links table). Only hashes of the token and of
// the password are stored.
import type { Knex } from 'knex';

export interface SignupLink {
  id: string;
  workspaceId: string;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  language: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

const fromRow = (row: Record<string, unknown>): SignupLink => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  email: row.email as string,
  firstName: row.first_name as string,
  lastName: row.last_name as string,
  passwordHash: row.password_hash as string,
  language: (row.language as string | null) ?? null,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  usedAt: row.used_at === null ? null : Number(row.used_at),
});

export class SignupLinksRepository {
  constructor(private readonly knex: Knex) {}

  async insert(link: SignupLink & { tokenHash: string }, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('signup_links').insert({
      id: link.id,
      workspace_id: link.workspaceId,
      email: link.email,
      email_lower: link.email.toLowerCase(),
      first_name: link.firstName,
      last_name: link.lastName,
      password_hash: link.passwordHash,
      token_hash: link.tokenHash,
      language: link.language,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
    });
  }

  async find(tokenHash: string, trx?: Knex.Transaction): Promise<SignupLink | undefined> {
    const row = await (trx ?? this.knex)('signup_links').where({ token_hash: tokenHash }).first();
    return row ? fromRow(row) : undefined;
  }

  /** Marks the link used by the account it created; false when another request used it first (single use). */
  async consume(id: string, userId: string, at: number, trx: Knex.Transaction): Promise<boolean> {
    const changed = await trx('signup_links').where({ id }).whereNull('used_at').update({ used_at: at, user_id: userId });
    return changed === 1;
  }
}
