// Sessions live in the database so they work across replicas. The cookie's session id is never
// stored: rows are keyed by its SHA-256, and carry a separate public id used to list and revoke them.
import type { Knex } from 'knex';
import { ReadTemplate } from '../../db/read-template.js';

export interface SessionRow {
  id: string;
  userId: string | null;
  workspaceId: string | null;
  persistent: boolean;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface SessionWrite {
  id: string;
  sidHash: string;
  userId: string | null;
  workspaceId: string | null;
  data: string;
  persistent: boolean;
  ip: string | null;
  userAgent: string | null;
  now: number;
  expiresAt: number;
}

const fromRow = (row: Record<string, unknown>): SessionRow => ({
  id: row.id as string,
  userId: (row.user_id as string) ?? null,
  workspaceId: (row.workspace_id as string) ?? null,
  persistent: Boolean(row.persistent),
  ip: (row.ip as string) ?? null,
  userAgent: (row.user_agent as string) ?? null,
  createdAt: Number(row.created_at),
  lastSeenAt: Number(row.last_seen_at),
  expiresAt: Number(row.expires_at),
});

/**
 * A live session's data with what every signed-in page needs next, in one query instead of three:
 * the user's row (null columns for a session without one) and whether any notification of the
 * user's own is unread (the cheap first look of the header's unread count).
 */
const signedIn = new ReadTemplate<{ sidHash: string; at: number }>('sessions.signedIn', (knex, v) =>
  knex('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .select('u.*', { opsenic_session_data: 's.data' }, knex.raw('EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.workspace_id = u.workspace_id AND n.read_at IS NULL) AS opsenic_own_unread'), knex.raw('(SELECT ph.etag FROM user_photos ph WHERE ph.user_id = u.id) AS photo_etag'))
    .where('s.sid_hash', v.sidHash)
    .where('s.expires_at', '>', v.at)
    .first(),
);

export class SessionsRepository {
  constructor(private readonly knex: Knex) {}

  /** The session query (above) is a read template: built once, run on SQLite's reader connection. */
  async findSignedIn(sidHash: string, at: number): Promise<{ data: string; user: Record<string, unknown> | undefined; ownUnread: boolean } | undefined> {
    const [row] = await signedIn.rows(this.knex, { sidHash, at });
    if (!row) return undefined;
    const { opsenic_session_data: data, opsenic_own_unread: ownUnread, ...user } = row;
    return { data: data as string, user: user.id ? user : undefined, ownUnread: Boolean(ownUnread) };
  }

  async upsert(write: SessionWrite): Promise<void> {
    await this.knex('sessions')
      .insert({
        id: write.id,
        sid_hash: write.sidHash,
        user_id: write.userId,
        workspace_id: write.workspaceId,
        data: write.data,
        persistent: write.persistent,
        ip: write.ip,
        user_agent: write.userAgent,
        created_at: write.now,
        last_seen_at: write.now,
        expires_at: write.expiresAt,
      })
      .onConflict('sid_hash')
      .merge(['user_id', 'workspace_id', 'data', 'persistent', 'ip', 'user_agent', 'last_seen_at', 'expires_at']);
  }

  async idOf(sidHash: string): Promise<string | undefined> {
    const row = await this.knex('sessions').select('id').where({ sid_hash: sidHash }).first();
    return row?.id;
  }

  async touch(sidHash: string, at: number, expiresAt: number): Promise<void> {
    await this.knex('sessions').where({ sid_hash: sidHash }).update({ last_seen_at: at, expires_at: expiresAt });
  }

  async deleteBySidHash(sidHash: string): Promise<void> {
    await this.knex('sessions').where({ sid_hash: sidHash }).delete();
  }

  async listForUser(userId: string, at: number): Promise<SessionRow[]> {
    const rows = await this.knex('sessions').where({ user_id: userId }).where('expires_at', '>', at).orderBy('last_seen_at', 'desc');
    return rows.map(fromRow);
  }

  /** Deletes one session of this user; 0 when the id is unknown or someone else's. */
  async deleteForUser(userId: string, id: string): Promise<number> {
    return this.knex('sessions').where({ user_id: userId, id }).delete();
  }

  async deleteAllForUser(userId: string, exceptSidHash?: string): Promise<number> {
    const query = this.knex('sessions').where({ user_id: userId });
    if (exceptSidHash) query.whereNot({ sid_hash: exceptSidHash });
    return query.delete();
  }

  async deleteExpired(at: number): Promise<number> {
    return this.knex('sessions').where('expires_at', '<=', at).delete();
  }
}
