// Personal access tokens: knex only, plain objects. Only the SHA-256 of a token is stored.
import type { Knex } from 'knex';
import type { TokenScope } from '../policy/policy.js';

export interface ApiToken {
  id: string;
  workspaceId: string;
  userId: string;
  name: string;
  tokenPrefix: string;
  scope: TokenScope;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const fromRow = (row: Record<string, unknown>): ApiToken => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  userId: row.user_id as string,
  name: row.name as string,
  tokenPrefix: row.token_prefix as string,
  scope: row.scope as TokenScope,
  createdAt: Number(row.created_at),
  expiresAt: num(row.expires_at),
  lastUsedAt: num(row.last_used_at),
  revokedAt: num(row.revoked_at),
});

export class ApiTokensRepository {
  constructor(private readonly knex: Knex) {}

  async insert(token: ApiToken & { tokenHash: string }, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('api_tokens').insert({
      id: token.id,
      workspace_id: token.workspaceId,
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      token_prefix: token.tokenPrefix,
      scope: token.scope,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      last_used_at: null,
      revoked_at: null,
    });
  }

  async findByHash(tokenHash: string): Promise<ApiToken | undefined> {
    const row = await this.knex('api_tokens').where({ token_hash: tokenHash }).first();
    return row ? fromRow(row) : undefined;
  }

  async listForUser(userId: string): Promise<ApiToken[]> {
    const rows = await this.knex('api_tokens').where({ user_id: userId }).orderBy('created_at', 'desc');
    return rows.map(fromRow);
  }

  async findForUser(userId: string, id: string): Promise<ApiToken | undefined> {
    const row = await this.knex('api_tokens').where({ id, user_id: userId }).first();
    return row ? fromRow(row) : undefined;
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.knex('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: at });
  }

  async touch(id: string, at: number): Promise<void> {
    await this.knex('api_tokens').where({ id }).update({ last_used_at: at });
  }
}
