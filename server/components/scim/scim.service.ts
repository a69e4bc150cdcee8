// SCIM 2.0 provisioning rules: Users are accounts (active:false disables and ends every session;
// DELETE starts the account deletion lifecycle), Groups are nodes of the configured org entity with
// their memberships. Every change is audited with the token that made it. No req/res here.
import type { AuditAction } from '../audit/audit-actions.js';
import type { Knex } from 'knex';
import { ConflictError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AccountDeletionService } from '../accounts/deletion.service.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import { systemActor, type AuditService } from '../audit/audit.service.js';
import type { OrgRepository } from '../org/org.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { ScimConfig } from './scim.config.js';
import type { GroupMapper } from '../identity/identity.groups.js';
import { invalidValue, notFound, ScimError } from './scim.errors.js';
import { parseFilter } from './scim.filter.js';
import { groupDelta, groupDraftFromBody, groupResource, type GroupDelta } from './scim.groups.js';
import { groupColumns, userColumns, type ScimRepository, type ScimToken } from './scim.repository.js';
import { GROUP_SCHEMA, LIST_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from './scim.resources.js';
import { filterToSql, type Column, type Sql } from './scim.sql.js';
import { changedAttributes, PLACEHOLDER_DOMAIN, draftFromBody, draftOf, parseOperations, patchUser, userResource, type UserDraft } from './scim.users.js';

export interface ScimCall {
  token: ScimToken;
  /** Absolute base URL of the SCIM endpoints (for meta.location and $ref). */
  base: string;
}

export interface ListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
  attributes?: string;
  excludedAttributes?: string;
}

const userFilterColumns: Record<string, Column> = {
  id: { type: 'exact', sql: userColumns.id },
  username: { type: 'string', sql: userColumns.userName },
  externalid: { type: 'exact', sql: userColumns.externalId },
  emails: { type: 'string', sql: userColumns.email },
  'emails.value': { type: 'string', sql: userColumns.email },
  'emails.type': { type: 'const', value: 'work' },
  'emails.primary': { type: 'const', value: true },
  'name.givenname': { type: 'string', sql: userColumns.givenName },
  'name.familyname': { type: 'string', sql: userColumns.familyName },
  displayname: { type: 'string', sql: userColumns.displayName },
  active: { type: 'boolean', sql: userColumns.active },
  title: { type: 'string', sql: userColumns.title },
  'meta.created': { type: 'datetime', sql: userColumns.created },
  'meta.lastmodified': { type: 'datetime', sql: userColumns.lastModified },
};

const groupFilterColumns: Record<string, Column> = {
  id: { type: 'exact', sql: groupColumns.id },
  displayname: { type: 'string', sql: groupColumns.displayName },
  externalid: { type: 'exact', sql: groupColumns.externalId },
  members: { type: 'exists', sql: groupColumns.member, presentSql: groupColumns.anyMember },
  'members.value': { type: 'exists', sql: groupColumns.member, presentSql: groupColumns.anyMember },
  'meta.created': { type: 'datetime', sql: groupColumns.created },
  'meta.lastmodified': { type: 'datetime', sql: groupColumns.lastModified },
};

/** attributes / excludedAttributes (RFC 7644 §3.9) on top-level attributes; id and schemas always stay. */
function project<T extends Record<string, unknown>>(resource: T, query: ListQuery, core: string): Record<string, unknown> {
  const names = (list?: string) => (list ? list.split(',').map((a) => a.trim().toLowerCase().replace(`${core.toLowerCase()}:`, '').split('.')[0]!).filter(Boolean) : []);
  const wanted = names(query.attributes);
  const excluded = names(query.excludedAttributes);
  if (!wanted.length && !excluded.length) return resource;
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) => {
      const k = key.toLowerCase();
      if (k === 'id' || k === 'schemas') return true;
      if (wanted.length) return wanted.includes(k);
      return !excluded.includes(k);
    }),
  );
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d{1,9}$/.test(value)) throw invalidValue(`${name} must be an integer`);
  return Number(value);
}

export class ScimService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: ScimRepository,
    private readonly org: OrgRepository,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsService,
    private readonly deletion: AccountDeletionService,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspacesService,
    private readonly config: ScimConfig,
    private readonly groupMapper?: GroupMapper,
  ) {}

  /**
   * SCIM group membership follows the same group mapping as single sign-on: each person added to or
   * removed from a group gets the roles and nodes of their groups now, against their groups before.
   */
  private async applyMapping(workspaceId: string, entityId: string, groupName: string, added: string[], removed: string[]): Promise<void> {
    if (!this.groupMapper?.enabled) return;
    for (const [userId, joined] of [...added.map((id) => [id, true] as const), ...removed.map((id) => [id, false] as const)]) {
      const user = await this.users.findById(userId);
      if (!user) continue;
      const after = (await this.repo.groupsOf(workspaceId, entityId, userId)).map((g) => g.name);
      const before = joined ? after.filter((g) => g !== groupName) : [...after, groupName];
      await this.groupMapper.apply(user, before, after);
    }
  }

  private async record(call: ScimCall, action: AuditAction, target: { type: string; id: string }, details: Record<string, unknown> = {}, trx?: Knex.Transaction): Promise<void> {
    await this.audit.record(systemActor, action, { workspaceId: call.token.workspaceId, target, details: { via: 'scim', token: call.token.id, ...details } }, trx);
  }

  private page(query: ListQuery): { startIndex: number; count: number } {
    const startIndex = Math.max(1, integer('startIndex', query.startIndex, 1));
    const count = Math.min(Math.max(0, integer('count', query.count, this.config.defaultPageSize)), this.config.maxPageSize);
    return { startIndex, count };
  }

  private where(filter: string | undefined, columns: Record<string, Column>, core: string): Sql | undefined {
    if (filter === undefined || filter.trim() === '') return undefined;
    return filterToSql(parseFilter(filter), columns, core);
  }

  private list(startIndex: number, total: number, resources: unknown[]) {
    return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
  }

  // ---- Users ----

  private async groupEntity(workspaceId: string): Promise<string> {
    const id = await this.repo.findEntityId(workspaceId, this.config.groupEntity);
    if (!id) throw new ScimError(500, undefined, `scim.groupEntity "${this.config.groupEntity}" names no org entity: fix the configuration`);
    return id;
  }

  private async userOut(call: ScimCall, id: string) {
    const row = await this.repo.findUser(call.token.workspaceId, id);
    if (!row) throw notFound('User', id);
    const groups = await this.repo.groupsOf(call.token.workspaceId, await this.groupEntity(call.token.workspaceId), id);
    return userResource(row, groups, call.base);
  }

  async listUsers(call: ScimCall, query: ListQuery) {
    const where = this.where(query.filter, userFilterColumns, USER_SCHEMA);
    const { startIndex, count } = this.page(query);
    const { total, rows } = await this.repo.listUsers(call.token.workspaceId, where, startIndex - 1, count);
    const withGroups = !this.excludes(query, 'groups');
    const entityId = withGroups ? await this.groupEntity(call.token.workspaceId) : '';
    const resources = [];
    for (const row of rows) resources.push(project(userResource(row, withGroups ? await this.repo.groupsOf(call.token.workspaceId, entityId, row.id) : [], call.base), query, USER_SCHEMA));
    return this.list(startIndex, total, resources);
  }

  private excludes(query: ListQuery, attr: string): boolean {
    const has = (list?: string) => (list ?? '').toLowerCase().split(',').map((a) => a.trim()).includes(attr);
    return has(query.excludedAttributes) || (Boolean(query.attributes) && !has(query.attributes));
  }

  async getUser(call: ScimCall, id: string, query: ListQuery = {}) {
    return project(await this.userOut(call, id), query, USER_SCHEMA);
  }

  /** userName and email must stay unique; checked before anything is written. */
  private async checkUnique(call: ScimCall, draft: UserDraft, userId: string | null): Promise<void> {
    if (await this.repo.userNameTaken(call.token.workspaceId, draft.userName, userId)) throw new ScimError(409, 'uniqueness', `userName "${draft.userName}" is already in use`);
    if (draft.email && (await this.repo.emailTaken(draft.email, userId))) throw new ScimError(409, 'uniqueness', `email "${draft.email}" belongs to another account`);
  }

  async createUser(call: ScimCall, body: unknown) {
    const draft = draftFromBody(body);
    await this.checkUnique(call, draft, null);
    const at = now();
    const id = newId();
    try {
      await this.knex.transaction(async (trx) => {
        await this.users.insert({ id, workspaceId: call.token.workspaceId, email: draft.email || id + PLACEHOLDER_DOMAIN, firstName: draft.givenName, lastName: draft.familyName, passwordHash: null, role: 'member', createdAt: at }, trx);
        await this.users.update(id, { title: draft.title, phone: draft.phone, language: draft.preferredLanguage, timeZone: draft.timezone, ...(draft.active ? {} : { status: 'disabled' }) }, trx);
        await this.repo.upsertScimUser({ userId: id, workspaceId: call.token.workspaceId, userName: draft.userName, externalId: draft.externalId, provider: call.token.provider, at }, trx);
        await this.record(call, 'scim.user.create', { type: 'user', id }, { active: draft.active }, trx);
      });
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') || (error as { code?: string }).code === '23505') throw new ScimError(409, 'uniqueness', 'userName or email is already in use');
      throw error;
    }
    return this.userOut(call, id);
  }

  async replaceUser(call: ScimCall, id: string, body: unknown) {
    const row = await this.repo.findUser(call.token.workspaceId, id);
    if (!row) throw notFound('User', id);
    const before = draftOf(row);
    return this.store(call, id, before, draftFromBody(body, before), 'scim.user.replace');
  }

  async patchUser(call: ScimCall, id: string, body: unknown) {
    const ops = parseOperations(body, PATCH_SCHEMA);
    const row = await this.repo.findUser(call.token.workspaceId, id);
    if (!row) throw notFound('User', id);
    const before = draftOf(row);
    return this.store(call, id, before, patchUser(before, ops), 'scim.user.patch');
  }

  private async store(call: ScimCall, id: string, before: UserDraft, after: UserDraft, action: AuditAction) {
    const changed = changedAttributes(before, after);
    if (!changed.length) return this.userOut(call, id);
    await this.checkUnique(call, after, id);
    // Disabling goes through the accounts service: every session of the account ends at once.
    if (before.active !== after.active) {
      try {
        await this.accounts.setStatus((await this.users.findById(id))!.email, after.active ? 'active' : 'disabled', systemActor);
      } catch (error) {
        if (error instanceof ConflictError) throw new ScimError(409, 'mutability', 'this is the last active admin: it cannot be disabled');
        throw error;
      }
    }
    const at = now();
    await this.knex.transaction(async (trx) => {
      await this.users.update(id, { email: after.email || id + PLACEHOLDER_DOMAIN, firstName: after.givenName, lastName: after.familyName, title: after.title, phone: after.phone, language: after.preferredLanguage, timeZone: after.timezone }, trx);
      await this.repo.upsertScimUser({ userId: id, workspaceId: call.token.workspaceId, userName: after.userName, externalId: after.externalId, provider: call.token.provider, at }, trx);
      await this.record(call, action, { type: 'user', id }, { attributes: changed }, trx);
    });
    return this.userOut(call, id);
  }

  /** Starts the account deletion lifecycle: sign-in stops now, the purge follows after the grace period. */
  async deleteUser(call: ScimCall, id: string): Promise<void> {
    const row = await this.repo.findUser(call.token.workspaceId, id);
    const user = row ? await this.users.findById(id) : undefined;
    if (!row || !user) throw notFound('User', id);
    try {
      await this.deletion.deleteByAdmin(user, { trigger: 'admin', userId: null, label: `scim token ${call.token.name}` });
    } catch (error) {
      if (error instanceof ConflictError) throw new ScimError(409, 'mutability', 'this is the last active admin: it cannot be deleted');
      throw error;
    }
    await this.record(call, 'scim.user.delete', { type: 'user', id });
  }

  // ---- Groups ----

  async listGroups(call: ScimCall, query: ListQuery) {
    const entityId = await this.groupEntity(call.token.workspaceId);
    const where = this.where(query.filter, groupFilterColumns, GROUP_SCHEMA);
    const { startIndex, count } = this.page(query);
    const { total, rows } = await this.repo.listGroups(call.token.workspaceId, entityId, where, startIndex - 1, count);
    const withMembers = !this.excludes(query, 'members');
    const resources = [];
    for (const row of rows) resources.push(project(groupResource(row, withMembers ? await this.repo.members(call.token.workspaceId, row.id) : undefined, call.base), query, GROUP_SCHEMA));
    return this.list(startIndex, total, resources);
  }

  private async groupOut(call: ScimCall, id: string, query: ListQuery = {}) {
    const entityId = await this.groupEntity(call.token.workspaceId);
    const row = await this.repo.findGroup(call.token.workspaceId, entityId, id);
    if (!row) throw notFound('Group', id);
    const members = this.excludes(query, 'members') ? undefined : await this.repo.members(call.token.workspaceId, id);
    return project(groupResource(row, members, call.base), query, GROUP_SCHEMA);
  }

  getGroup(call: ScimCall, id: string, query: ListQuery = {}) {
    return this.groupOut(call, id, query);
  }

  private async checkMembers(call: ScimCall, ids: string[], trx?: Knex.Transaction): Promise<void> {
    const live = await this.repo.liveUserIds(call.token.workspaceId, ids, trx);
    const unknown = ids.find((id) => !live.has(id));
    if (unknown) throw invalidValue(`member "${unknown}" is not a User of this server`);
  }

  async createGroup(call: ScimCall, body: unknown) {
    const draft = groupDraftFromBody(body);
    const ws = call.token.workspaceId;
    const entityId = await this.groupEntity(ws);
    if (await this.repo.groupNameTaken(ws, entityId, draft.displayName, null)) throw new ScimError(409, 'uniqueness', `a group named "${draft.displayName}" exists already`);
    await this.checkMembers(call, draft.members);
    const id = newId();
    const at = now();
    await this.knex.transaction(async (trx) => {
      const position = await this.org.nextNodePosition(ws, entityId, trx);
      await this.org.insertNode({ id, workspaceId: ws, entityId, parentId: null, name: draft.displayName, description: null, position, archivedAt: null, createdAt: at, updatedAt: at }, trx);
      await this.repo.upsertScimGroup({ nodeId: id, workspaceId: ws, externalId: draft.externalId, at }, trx);
      await this.repo.addMembers(ws, id, draft.members, newId, at, trx);
      await this.record(call, 'scim.group.create', { type: 'org_node', id }, { membersAdded: draft.members.length }, trx);
    });
    await this.applyMapping(ws, entityId, draft.displayName, draft.members, []);
    return this.groupOut(call, id);
  }

  async replaceGroup(call: ScimCall, id: string, body: unknown) {
    const draft = groupDraftFromBody(body);
    return this.changeGroup(call, id, 'scim.group.replace', (snapshot) => ({
      ...(draft.displayName !== snapshot.displayName ? { displayName: draft.displayName } : {}),
      ...(draft.externalId !== snapshot.externalId ? { externalId: draft.externalId } : {}),
      added: draft.members.filter((m) => !snapshot.members.includes(m)),
      removed: snapshot.members.filter((m) => !draft.members.includes(m)),
    }));
  }

  async patchGroup(call: ScimCall, id: string, body: unknown, query: ListQuery = {}) {
    const ops = parseOperations(body, PATCH_SCHEMA);
    return this.changeGroup(call, id, 'scim.group.patch', (snapshot) => groupDelta(snapshot, ops, id), query);
  }

  /**
   * Reads the group in a transaction that first locks its node row, computes the delta, and writes
   * only the delta: two PATCHes of the same group run one after the other and both apply.
   */
  private async changeGroup(call: ScimCall, id: string, action: AuditAction, plan: (snapshot: { displayName: string; externalId: string | null; members: string[] }) => GroupDelta, query: ListQuery = {}) {
    const ws = call.token.workspaceId;
    const entityId = await this.groupEntity(ws);
    let changed: { name: string; added: string[]; removed: string[] } | undefined;
    await this.knex.transaction(async (trx) => {
      const at = now();
      // The same first write in every group change takes the node's row lock (PostgreSQL) or the write lock (SQLite).
      await this.repo.touchNode(ws, id, at, trx);
      const row = await this.repo.findGroup(ws, entityId, id, trx);
      if (!row) throw notFound('Group', id);
      const members = (await this.repo.members(ws, id, trx)).map((m) => m.id);
      const delta = plan({ displayName: row.name, externalId: row.externalId, members });
      if (delta.displayName !== undefined && (await this.repo.groupNameTaken(ws, entityId, delta.displayName, id, trx))) throw new ScimError(409, 'uniqueness', `a group named "${delta.displayName}" exists already`);
      await this.checkMembers(call, delta.added, trx);
      if (delta.displayName !== undefined) await this.org.updateNode(ws, id, { name: delta.displayName }, at, trx);
      await this.repo.upsertScimGroup({ nodeId: id, workspaceId: ws, externalId: delta.externalId !== undefined ? delta.externalId : row.externalId, at }, trx);
      await this.repo.addMembers(ws, id, delta.added, newId, at, trx);
      await this.repo.removeMembers(ws, id, delta.removed, trx);
      changed = { name: delta.displayName ?? row.name, added: delta.added, removed: delta.removed };
      await this.record(call, action, { type: 'org_node', id }, { attributes: [...(delta.displayName !== undefined ? ['displayName'] : []), ...(delta.externalId !== undefined ? ['externalId'] : [])], membersAdded: delta.added.length, membersRemoved: delta.removed.length }, trx);
    });
    if (changed) await this.applyMapping(ws, entityId, changed.name, changed.added, changed.removed);
    return this.groupOut(call, id, query);
  }

  /** A group's node is archived (its history and sections stay); SCIM no longer sees it. */
  async deleteGroup(call: ScimCall, id: string): Promise<void> {
    const ws = call.token.workspaceId;
    const entityId = await this.groupEntity(ws);
    const row = await this.repo.findGroup(ws, entityId, id);
    if (!row) throw notFound('Group', id);
    await this.knex.transaction(async (trx) => {
      await this.org.updateNode(ws, id, { archivedAt: now() }, now(), trx);
      await this.record(call, 'scim.group.delete', { type: 'org_node', id }, {}, trx);
    });
  }
}
