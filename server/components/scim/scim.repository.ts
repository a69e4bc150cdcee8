// What SCIM reads and writes: its tokens (hashed), its view of accounts (users + scim_users) and of
// groups (org nodes of one entity + scim_groups, with their memberships). Knex only, plain objects,
// every query scoped to the workspace; deleted accounts and archived nodes are not found.
import type { Knex } from 'knex';
import type { Sql } from './scim.sql.js';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export interface ScimToken {
  id: string;
  workspaceId: string;
  name: string;
  tokenPrefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** The single sign-on provider (oidc.providers id) whose users this token provisions; null: none. */
  provider: string | null;
}

export interface ScimUserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'disabled';
  role: string;
  title: string | null;
  phone: string | null;
  language: string | null;
  timeZone: string | null;
  createdAt: number;
  updatedAt: number;
  /** Null when SCIM never managed the account (userName falls back to the email). */
  userName: string | null;
  externalId: string | null;
}

export interface ScimGroupRow {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  externalId: string | null;
}

const tokenFromRow = (r: Row): ScimToken => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  name: r.name as string,
  tokenPrefix: r.token_prefix as string,
  createdAt: Number(r.created_at),
  lastUsedAt: num(r.last_used_at),
  revokedAt: num(r.revoked_at),
  provider: (r.provider as string) ?? null,
});

const userFromRow = (r: Row): ScimUserRow => ({
  id: r.id as string,
  email: r.email as string,
  firstName: r.first_name as string,
  lastName: r.last_name as string,
  status: r.status as 'active' | 'disabled',
  role: r.role as string,
  title: (r.title as string) ?? null,
  phone: (r.phone as string) ?? null,
  language: (r.language as string) ?? null,
  timeZone: (r.time_zone as string) ?? null,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  userName: (r.scim_user_name as string) ?? null,
  externalId: (r.scim_external_id as string) ?? null,
});

const groupFromRow = (r: Row): ScimGroupRow => ({
  id: r.id as string,
  name: r.name as string,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  externalId: (r.scim_external_id as string) ?? null,
});

/** Column expressions the filter translation (scim.sql.ts) may use, by table alias. */
export const userColumns = {
  id: 'u.id',
  userName: 'coalesce(su.user_name, u.email)',
  externalId: 'su.external_id',
  email: 'u.email',
  givenName: 'u.first_name',
  familyName: 'u.last_name',
  displayName: "(u.first_name || ' ' || u.last_name)",
  active: "u.status = 'active'",
  title: 'u.title',
  created: 'u.created_at',
  lastModified: 'u.updated_at',
};

export const groupColumns = {
  id: 'n.id',
  displayName: 'n.name',
  externalId: 'sg.external_id',
  member: '(exists (select 1 from org_memberships m where m.node_id = n.id and m.user_id = ?))',
  anyMember: '(exists (select 1 from org_memberships m where m.node_id = n.id))',
  created: 'n.created_at',
  lastModified: 'n.updated_at',
};

export class ScimRepository {
  constructor(private readonly knex: Knex) {}

  private db(trx?: Db): Db {
    return trx ?? this.knex;
  }

  // ---- tokens ----

  async insertToken(token: ScimToken & { tokenHash: string }): Promise<void> {
    await this.knex('scim_tokens').insert({ id: token.id, workspace_id: token.workspaceId, name: token.name, token_hash: token.tokenHash, token_prefix: token.tokenPrefix, created_at: token.createdAt, last_used_at: null, revoked_at: null, provider: token.provider });
  }

  async findTokenByHash(hash: string): Promise<ScimToken | undefined> {
    const row = await this.knex('scim_tokens').where({ token_hash: hash }).first();
    return row ? tokenFromRow(row) : undefined;
  }

  async listTokens(workspaceId: string): Promise<ScimToken[]> {
    return (await this.knex('scim_tokens').where({ workspace_id: workspaceId }).orderBy('created_at', 'desc')).map(tokenFromRow);
  }

  async findToken(workspaceId: string, id: string): Promise<ScimToken | undefined> {
    const row = await this.knex('scim_tokens').where({ workspace_id: workspaceId, id }).first();
    return row ? tokenFromRow(row) : undefined;
  }

  async revokeToken(id: string, at: number): Promise<void> {
    await this.knex('scim_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: at });
  }

  async touchToken(id: string, at: number): Promise<void> {
    await this.knex('scim_tokens').where({ id }).update({ last_used_at: at });
  }

  // ---- users ----

  private users(workspaceId: string, trx?: Db) {
    return this.db(trx)('users as u')
      .leftJoin('scim_users as su', 'su.user_id', 'u.id')
      .where('u.workspace_id', workspaceId)
      .whereIn('u.status', ['active', 'disabled']);
  }

  async listUsers(workspaceId: string, where: Sql | undefined, offset: number, limit: number): Promise<{ total: number; rows: ScimUserRow[] }> {
    const base = this.users(workspaceId);
    if (where) base.whereRaw(where.sql, where.bindings);
    const counted = await base.clone().count<{ n: number }[]>({ n: '*' }).first();
    const rows = limit > 0 ? await base.select('u.*', 'su.user_name as scim_user_name', 'su.external_id as scim_external_id').orderBy([{ column: 'u.created_at' }, { column: 'u.id' }]).offset(offset).limit(limit) : [];
    return { total: Number(counted?.n ?? 0), rows: rows.map(userFromRow) };
  }

  async findUser(workspaceId: string, id: string, trx?: Db): Promise<ScimUserRow | undefined> {
    const row = await this.users(workspaceId, trx).where('u.id', id).select('u.*', 'su.user_name as scim_user_name', 'su.external_id as scim_external_id').first();
    return row ? userFromRow(row) : undefined;
  }

  /** Whether another live account already has this userName (or this email as its userName). */
  async userNameTaken(workspaceId: string, userName: string, exceptUserId: string | null, trx?: Db): Promise<boolean> {
    const query = this.users(workspaceId, trx).whereRaw('lower(coalesce(su.user_name, u.email)) = ?', [userName.toLowerCase()]);
    if (exceptUserId) query.whereNot('u.id', exceptUserId);
    return Boolean(await query.first('u.id'));
  }

  async emailTaken(email: string, exceptUserId: string | null, trx?: Db): Promise<boolean> {
    const query = this.db(trx)('users').where({ email_lower: email.toLowerCase() });
    if (exceptUserId) query.whereNot('id', exceptUserId);
    return Boolean(await query.first('id'));
  }

  async upsertScimUser(row: { userId: string; workspaceId: string; userName: string; externalId: string | null; provider: string | null; at: number }, trx?: Db): Promise<void> {
    await this.db(trx)('scim_users')
      .insert({ user_id: row.userId, workspace_id: row.workspaceId, user_name: row.userName, user_name_lower: row.userName.toLowerCase(), external_id: row.externalId, provider: row.provider, version: 1, created_at: row.at, updated_at: row.at })
      .onConflict('user_id')
      .merge({ user_name: row.userName, user_name_lower: row.userName.toLowerCase(), external_id: row.externalId, ...(row.provider ? { provider: row.provider } : {}), updated_at: row.at, version: this.knex.raw('scim_users.version + 1') });
  }

  /**
   * The account a provider provisioned through its SCIM token for a person signing in through it for
   * the first time: by the SCIM externalId or userName equal to the OIDC subject, else by the email
   * (the provider vouched for it when it provisioned the account, verified claim or not).
   */
  async findProvisioned(provider: string, subject: string, email: string | null): Promise<string | undefined> {
    const base = () => this.knex('scim_users as su').join('users as u', 'u.id', 'su.user_id').where('su.provider', provider).whereNot('u.status', 'deleted');
    const bySubject = await base()
      .where((q) => q.where('su.external_id', subject).orWhere('su.user_name_lower', subject.toLowerCase()))
      .first('su.user_id');
    if (bySubject) return bySubject.user_id as string;
    if (!email) return undefined;
    const byEmail = await base().where('u.email_lower', email.toLowerCase()).first('su.user_id');
    return byEmail ? (byEmail.user_id as string) : undefined;
  }

  /** The groups (nodes of the SCIM entity) a person belongs to. */
  async groupsOf(workspaceId: string, entityId: string, userId: string): Promise<Array<{ id: string; name: string }>> {
    return this.knex('org_memberships as m')
      .join('org_nodes as n', 'n.id', 'm.node_id')
      .where({ 'm.workspace_id': workspaceId, 'm.user_id': userId, 'n.entity_id': entityId })
      .whereNull('n.archived_at')
      .orderBy('n.name')
      .select('n.id', 'n.name');
  }

  /** Of these ids, the live accounts of the workspace. */
  async liveUserIds(workspaceId: string, ids: string[], trx?: Db): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db(trx)('users').where({ workspace_id: workspaceId }).whereIn('id', ids).whereIn('status', ['active', 'disabled']).select('id');
    return new Set(rows.map((r) => r.id as string));
  }

  // ---- groups ----

  async findEntityId(workspaceId: string, keyOrName: string): Promise<string | undefined> {
    const row = await this.knex('org_entities')
      .where({ workspace_id: workspaceId })
      .whereNull('archived_at')
      .where((q) => q.where({ system_key: keyOrName }).orWhereRaw('lower(name) = ?', [keyOrName.toLowerCase()]))
      .orderByRaw('case when system_key = ? then 0 else 1 end', [keyOrName])
      .first('id');
    return row?.id as string | undefined;
  }

  private groups(workspaceId: string, entityId: string, trx?: Db) {
    return this.db(trx)('org_nodes as n').leftJoin('scim_groups as sg', 'sg.node_id', 'n.id').where({ 'n.workspace_id': workspaceId, 'n.entity_id': entityId }).whereNull('n.archived_at');
  }

  async listGroups(workspaceId: string, entityId: string, where: Sql | undefined, offset: number, limit: number): Promise<{ total: number; rows: ScimGroupRow[] }> {
    const base = this.groups(workspaceId, entityId);
    if (where) base.whereRaw(where.sql, where.bindings);
    const counted = await base.clone().count<{ n: number }[]>({ n: '*' }).first();
    const rows = limit > 0 ? await base.select('n.*', 'sg.external_id as scim_external_id').orderBy([{ column: 'n.created_at' }, { column: 'n.id' }]).offset(offset).limit(limit) : [];
    return { total: Number(counted?.n ?? 0), rows: rows.map(groupFromRow) };
  }

  async findGroup(workspaceId: string, entityId: string, id: string, trx?: Db): Promise<ScimGroupRow | undefined> {
    const row = await this.groups(workspaceId, entityId, trx).where('n.id', id).select('n.*', 'sg.external_id as scim_external_id').first();
    return row ? groupFromRow(row) : undefined;
  }

  async groupNameTaken(workspaceId: string, entityId: string, name: string, exceptId: string | null, trx?: Db): Promise<boolean> {
    const query = this.groups(workspaceId, entityId, trx).whereRaw('lower(n.name) = ?', [name.toLowerCase()]);
    if (exceptId) query.whereNot('n.id', exceptId);
    return Boolean(await query.first('n.id'));
  }

  async upsertScimGroup(row: { nodeId: string; workspaceId: string; externalId: string | null; at: number }, trx?: Db): Promise<void> {
    await this.db(trx)('scim_groups')
      .insert({ node_id: row.nodeId, workspace_id: row.workspaceId, external_id: row.externalId, version: 1, created_at: row.at, updated_at: row.at })
      .onConflict('node_id')
      .merge({ external_id: row.externalId, updated_at: row.at, version: this.knex.raw('scim_groups.version + 1') });
  }

  async members(workspaceId: string, nodeId: string, trx?: Db): Promise<Array<{ id: string; firstName: string; lastName: string }>> {
    const rows = await this.db(trx)('org_memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'm.workspace_id': workspaceId, 'm.node_id': nodeId })
      .whereIn('u.status', ['active', 'disabled'])
      .orderBy([{ column: 'm.created_at' }, { column: 'u.id' }])
      .select('u.id', 'u.first_name', 'u.last_name');
    return rows.map((r) => ({ id: r.id as string, firstName: r.first_name as string, lastName: r.last_name as string }));
  }

  /** Adds members row by row (existing ones stay as they are, leads included): concurrent additions never lose each other. */
  async addMembers(workspaceId: string, nodeId: string, userIds: string[], newId: () => string, at: number, trx?: Db): Promise<void> {
    for (const userId of userIds) {
      await this.db(trx)('org_memberships').insert({ id: newId(), workspace_id: workspaceId, node_id: nodeId, user_id: userId, role: 'member', created_at: at }).onConflict(['node_id', 'user_id']).ignore();
    }
  }

  async removeMembers(workspaceId: string, nodeId: string, userIds: string[] | 'all', trx?: Db): Promise<number> {
    const query = this.db(trx)('org_memberships').where({ workspace_id: workspaceId, node_id: nodeId });
    if (userIds !== 'all') {
      if (!userIds.length) return 0;
      query.whereIn('user_id', userIds);
    }
    return query.delete();
  }

  async touchNode(workspaceId: string, nodeId: string, at: number, trx?: Db): Promise<void> {
    await this.db(trx)('org_nodes').where({ workspace_id: workspaceId, id: nodeId }).update({ updated_at: at });
  }
}
