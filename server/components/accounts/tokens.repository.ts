// Single-use links: password resets and invitations. Only a hash of each token is stored.
import type { Knex } from 'knex';
import type { Role } from './users.repository.js';

export interface PasswordReset {
  id: string;
  userId: string;
  expiresAt: number;
  usedAt: number | null;
}

export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
}

const invitationFromRow = (row: Record<string, unknown>): Invitation => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  email: row.email as string,
  role: row.role as Role,
  invitedBy: (row.invited_by as string) ?? null,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  acceptedAt: row.accepted_at === null ? null : Number(row.accepted_at),
});

export class TokensRepository {
  constructor(private readonly knex: Knex) {}

  async insertReset(reset: { id: string; userId: string; tokenHash: string; requestedIp: string | null; createdAt: number; expiresAt: number }, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('password_resets').insert({
      id: reset.id,
      user_id: reset.userId,
      token_hash: reset.tokenHash,
      requested_ip: reset.requestedIp,
      created_at: reset.createdAt,
      expires_at: reset.expiresAt,
    });
  }

  async findReset(tokenHash: string, trx?: Knex.Transaction): Promise<PasswordReset | undefined> {
    const row = await (trx ?? this.knex)('password_resets').where({ token_hash: tokenHash }).first();
    if (!row) return undefined;
    return { id: row.id, userId: row.user_id, expiresAt: Number(row.expires_at), usedAt: row.used_at === null ? null : Number(row.used_at) };
  }

  /** Marks the reset used; false when another request used it first (single use under concurrency). */
  async consumeReset(id: string, at: number, trx: Knex.Transaction): Promise<boolean> {
    const changed = await trx('password_resets').where({ id }).whereNull('used_at').update({ used_at: at });
    return changed === 1;
  }

  /** A new reset link makes the older unused ones useless. */
  async expireResetsOf(userId: string, at: number, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('password_resets').where({ user_id: userId }).whereNull('used_at').update({ used_at: at });
  }

  async insertInvitation(inv: Invitation & { tokenHash: string }, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('invitations').insert({
      id: inv.id,
      workspace_id: inv.workspaceId,
      email: inv.email,
      email_lower: inv.email.toLowerCase(),
      role: inv.role,
      token_hash: inv.tokenHash,
      invited_by: inv.invitedBy,
      created_at: inv.createdAt,
      expires_at: inv.expiresAt,
    });
  }

  async findInvitation(tokenHash: string, trx?: Knex.Transaction): Promise<Invitation | undefined> {
    const row = await (trx ?? this.knex)('invitations').where({ token_hash: tokenHash }).first();
    return row ? invitationFromRow(row) : undefined;
  }

  async acceptInvitation(id: string, userId: string, at: number, trx: Knex.Transaction): Promise<boolean> {
    const changed = await trx('invitations').where({ id }).whereNull('accepted_at').update({ accepted_at: at, accepted_user_id: userId });
    return changed === 1;
  }

  /** The newest unused, unexpired invitation for an email (single sign-on in invite-only mode admits its holder). */
  async findPendingInvitationByEmail(email: string, at: number, trx?: Knex.Transaction): Promise<Invitation | undefined> {
    const row = await (trx ?? this.knex)('invitations').where({ email_lower: email.toLowerCase() }).whereNull('accepted_at').where('expires_at', '>', at).orderBy('created_at', 'desc').first();
    return row ? invitationFromRow(row) : undefined;
  }

  async listPendingInvitations(workspaceId: string, at: number): Promise<Invitation[]> {
    const rows = await this.knex('invitations').where({ workspace_id: workspaceId }).whereNull('accepted_at').where('expires_at', '>', at).orderBy('created_at', 'desc');
    return rows.map(invitationFromRow);
  }
}
