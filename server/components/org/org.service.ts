// The org model's rules: entities (admins shape them), nodes with a parent in the same entity and
// no cycles, memberships (several leads allowed), cross-entity links, and section editors named by
// leads. Every permission comes from the policy module; ids of another workspace are not found.
import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/errors.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import type { Translate } from '../../platform/i18n.js';
import { authorize, can, noRelation, type Actor, type NodeRelation } from '../policy/policy.js';
import type { MemberRole, NodeSummary, OrgEntity, OrgNode, OrgRepository, PersonRef } from './org.repository.js';
import type { CreateNodeInput, UpdateNodeInput } from './org.schema.js';

/** The entities every new workspace starts with, in this order. */
export const defaultEntityKeys = ['departments', 'teams', 'products', 'projects', 'offices'] as const;

/** A built-in entity shows its default name in the reader's language until an admin renames it. */
export function entityName(entity: Pick<OrgEntity, 'name' | 'systemKey'>, t: Translate): string {
  return entity.name ?? t(`org.defaults.${entity.systemKey}`);
}

export interface NodeDetails {
  node: OrgNode;
  entity: OrgEntity;
  ancestors: OrgNode[];
  children: NodeSummary[];
  members: Awaited<ReturnType<OrgRepository['members']>>;
  links: Awaited<ReturnType<OrgRepository['links']>>;
  editors: PersonRef[];
  relation: NodeRelation;
}

/** Top-level nodes per entity on the explorer; more are behind "Show all N" (the entity page). */
export const explorerNodesPerEntity = 25;

export class OrgService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: OrgRepository,
  ) {}

  /** Idempotent: creates the default entities of a workspace that has none (bootstrap, new sandboxes). */
  async ensureDefaults(workspaceId: string): Promise<void> {
    if ((await this.repo.countEntities(workspaceId)) > 0) return;
    const at = now();
    try {
      await this.knex.transaction(async (trx) => {
        for (const [position, key] of defaultEntityKeys.entries()) {
          await this.repo.insertEntity({ id: newId(), workspaceId, systemKey: key, name: null, position, archivedAt: null, createdAt: at, updatedAt: at }, trx);
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another process created them first
    }
  }

  // ---- entities ----

  async listEntities(actor: Actor, options: { includeArchived?: boolean } = {}): Promise<OrgEntity[]> {
    authorize(actor, 'read', { kind: 'entity', workspaceId: actor.workspaceId });
    await this.ensureDefaults(actor.workspaceId);
    const includeArchived = options.includeArchived && can(actor, 'manage', { kind: 'entity', workspaceId: actor.workspaceId });
    return this.repo.listEntities(actor.workspaceId, { includeArchived });
  }

  /** Every entity, archived ones too, with how many nodes each holds: the admin's manage page. */
  async entitiesToManage(actor: Actor): Promise<Array<OrgEntity & { nodeCount: number }>> {
    authorize(actor, 'manage', { kind: 'entity', workspaceId: actor.workspaceId });
    const [entities, counts] = await Promise.all([this.listEntities(actor, { includeArchived: true }), this.repo.nodeCountsByEntity(actor.workspaceId)]);
    return entities.map((e) => ({ ...e, nodeCount: counts.get(e.id) ?? 0 }));
  }

  async getEntity(actor: Actor, id: string): Promise<OrgEntity> {
    const entity = await this.repo.findEntity(actor.workspaceId, id);
    if (!entity) throw new NotFoundError('org.entityNotFound');
    return entity;
  }

  async createEntity(actor: Actor, input: { name: string }): Promise<OrgEntity> {
    authorize(actor, 'manage', { kind: 'entity', workspaceId: actor.workspaceId });
    const existing = await this.repo.listEntities(actor.workspaceId, { includeArchived: true });
    const at = now();
    const entity: OrgEntity = { id: newId(), workspaceId: actor.workspaceId, systemKey: null, name: input.name, position: existing.length, archivedAt: null, createdAt: at, updatedAt: at };
    await this.repo.insertEntity(entity);
    return entity;
  }

  async updateEntity(actor: Actor, id: string, input: { name?: string; archived?: boolean }): Promise<OrgEntity> {
    authorize(actor, 'manage', { kind: 'entity', workspaceId: actor.workspaceId });
    const entity = await this.getEntity(actor, id);
    const changes: Partial<OrgEntity> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.archived !== undefined) changes.archivedAt = input.archived ? (entity.archivedAt ?? now()) : null;
    await this.repo.updateEntity(actor.workspaceId, id, changes, now());
    return (await this.repo.findEntity(actor.workspaceId, id))!;
  }

  /** Sets the order of all entities; the list must name each of them exactly once. */
  async reorderEntities(actor: Actor, ids: string[]): Promise<OrgEntity[]> {
    authorize(actor, 'manage', { kind: 'entity', workspaceId: actor.workspaceId });
    const all = await this.repo.listEntities(actor.workspaceId, { includeArchived: true });
    const known = new Set(all.map((e) => e.id));
    if (ids.length !== all.length || new Set(ids).size !== ids.length || ids.some((i) => !known.has(i))) throw new ValidationError({ ids: 'org.reorderIds' });
    const at = now();
    await this.knex.transaction(async (trx) => {
      for (const [position, id] of ids.entries()) await this.repo.updateEntity(actor.workspaceId, id, { position }, at, trx);
    });
    return this.repo.listEntities(actor.workspaceId, { includeArchived: true });
  }

  async moveEntity(actor: Actor, id: string, direction: 'up' | 'down'): Promise<void> {
    authorize(actor, 'manage', { kind: 'entity', workspaceId: actor.workspaceId });
    const all = await this.repo.listEntities(actor.workspaceId, { includeArchived: true });
    const index = all.findIndex((e) => e.id === id);
    if (index < 0) throw new NotFoundError('org.entityNotFound');
    const target = direction === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= all.length) return;
    const ids = all.map((e) => e.id);
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    await this.reorderEntities(actor, ids);
  }

  // ---- nodes ----

  async tree(actor: Actor, entityId: string): Promise<{ entity: OrgEntity; nodes: NodeSummary[] }> {
    const entity = await this.getEntity(actor, entityId);
    return { entity, nodes: await this.repo.summaries(actor.workspaceId, entity.id) };
  }

  /**
   * The explorer's overview: each entity's top-level nodes (at most `limit`, a screenful to scan;
   * the entity page lists them all) and how many there are.
   */
  async overview(actor: Actor, limit = explorerNodesPerEntity): Promise<Array<{ entity: OrgEntity; nodes: Array<NodeSummary & { childCount: number }>; total: number }>> {
    const entities = await this.listEntities(actor);
    const out = [];
    for (const entity of entities) out.push({ entity, ...(await this.repo.topLevel(actor.workspaceId, entity.id, limit)) });
    return out;
  }

  async requireNode(actor: Actor, id: string): Promise<OrgNode> {
    const node = await this.repo.findNode(actor.workspaceId, id);
    if (!node) throw new NotFoundError('org.nodeNotFound');
    return node;
  }

  relation(actor: Actor, nodeId: string): Promise<NodeRelation> {
    return this.repo.relationTo(actor.workspaceId, actor.id, nodeId);
  }

  async details(actor: Actor, id: string): Promise<NodeDetails> {
    const node = await this.requireNode(actor, id);
    const [entity, ancestors, members, links, editors, relation, siblings] = await Promise.all([
      this.repo.findEntity(actor.workspaceId, node.entityId),
      this.repo.ancestors(actor.workspaceId, node.id),
      this.repo.members(actor.workspaceId, node.id),
      this.repo.links(actor.workspaceId, node.id),
      this.repo.editors(actor.workspaceId, node.id),
      this.relation(actor, node.id),
      this.repo.listNodes(actor.workspaceId, { parentId: node.id }),
    ]);
    const children: NodeSummary[] = siblings.map((n) => ({ ...n, leads: [], memberCount: 0, totalCount: 0 }));
    return { node, entity: entity!, ancestors, children, members, links, editors, relation };
  }

  /** A parent must be a live node of the same entity and workspace. */
  private async checkParent(actor: Actor, entityId: string, parentId: string): Promise<OrgNode> {
    const parent = await this.repo.findNode(actor.workspaceId, parentId);
    if (!parent) throw new ValidationError({ parentId: 'org.unknownNode' });
    if (parent.entityId !== entityId) throw new ValidationError({ parentId: 'org.parentOtherEntity' });
    return parent;
  }

  async createNode(actor: Actor, input: CreateNodeInput): Promise<OrgNode> {
    authorize(actor, 'create', { kind: 'node', workspaceId: actor.workspaceId, relation: noRelation('', actor.workspaceId) });
    const entity = await this.repo.findEntity(actor.workspaceId, input.entityId);
    if (!entity) throw new ValidationError({ entityId: 'org.unknownEntity' });
    if (input.parentId) await this.checkParent(actor, entity.id, input.parentId);
    const at = now();
    const node: OrgNode = {
      id: newId(),
      workspaceId: actor.workspaceId,
      entityId: entity.id,
      parentId: input.parentId ?? null,
      name: input.name,
      description: input.description ?? null,
      position: await this.repo.nextNodePosition(actor.workspaceId, entity.id),
      archivedAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.repo.insertNode(node);
    return node;
  }

  async updateNode(actor: Actor, id: string, input: UpdateNodeInput): Promise<OrgNode> {
    const node = await this.requireNode(actor, id);
    const relation = await this.relation(actor, node.id);
    const resource = { kind: 'node' as const, workspaceId: actor.workspaceId, relation };
    const changes: Partial<OrgNode> = {};
    if (input.name !== undefined || input.description !== undefined) {
      authorize(actor, 'update', resource);
      if (input.name !== undefined) changes.name = input.name;
      if (input.description !== undefined) changes.description = input.description;
    }
    if (input.parentId !== undefined && input.parentId !== node.parentId) {
      authorize(actor, 'move', resource);
      if (input.parentId !== null) {
        await this.checkParent(actor, node.entityId, input.parentId);
        // The new parent may not be the node itself or one of its descendants.
        if (input.parentId === node.id) throw new ValidationError({ parentId: 'org.cycle' });
        const chain = await this.repo.ancestors(actor.workspaceId, input.parentId);
        if (chain.some((n) => n.id === node.id)) throw new ValidationError({ parentId: 'org.cycle' });
      }
      changes.parentId = input.parentId;
    }
    if (input.archived !== undefined) {
      authorize(actor, 'archive', resource);
      changes.archivedAt = input.archived ? (node.archivedAt ?? now()) : null;
    }
    if (Object.keys(changes).length) await this.repo.updateNode(actor.workspaceId, node.id, changes, now());
    return (await this.repo.findNode(actor.workspaceId, node.id))!;
  }

  // ---- memberships ----

  private async requirePerson(actor: Actor, who: { id?: string; email?: string }, field: string): Promise<PersonRef> {
    const person = await this.repo.findPerson(actor.workspaceId, who);
    if (!person) throw who.id ? new NotFoundError('org.personNotFound') : new ValidationError({ [field]: 'org.personNotFound' });
    return person;
  }

  /** Adds a person to a node or changes their role there. */
  async setMember(actor: Actor, nodeId: string, who: { id?: string; email?: string }, role: MemberRole): Promise<void> {
    const node = await this.requireNode(actor, nodeId);
    authorize(actor, 'manageMembers', { kind: 'node', workspaceId: actor.workspaceId, relation: await this.relation(actor, node.id) });
    const person = await this.requirePerson(actor, who, 'email');
    await this.repo.upsertMembership({ id: newId(), workspaceId: actor.workspaceId, nodeId: node.id, userId: person.id, role, createdAt: now() });
  }

  async removeMember(actor: Actor, nodeId: string, userId: string): Promise<void> {
    const node = await this.requireNode(actor, nodeId);
    authorize(actor, 'manageMembers', { kind: 'node', workspaceId: actor.workspaceId, relation: await this.relation(actor, node.id) });
    if (!(await this.repo.removeMembership(actor.workspaceId, node.id, userId))) throw new NotFoundError('org.notAMember');
  }

  members(actor: Actor, nodeId: string) {
    return this.requireNode(actor, nodeId).then((node) => this.repo.members(actor.workspaceId, node.id));
  }

  membershipsOf(actor: Actor, userId: string) {
    return this.repo.membershipsOf(actor.workspaceId, userId);
  }

  // ---- links ----

  async addLink(actor: Actor, nodeId: string, otherId: string): Promise<{ id: string }> {
    const node = await this.requireNode(actor, nodeId);
    const other = await this.repo.findNode(actor.workspaceId, otherId);
    if (!other) throw new ValidationError({ nodeId: 'org.unknownNode' });
    authorize(actor, 'create', { kind: 'link', workspaceId: actor.workspaceId, from: await this.relation(actor, node.id), to: await this.relation(actor, other.id) });
    if (other.entityId === node.entityId) throw new ValidationError({ nodeId: 'org.linkSameEntity' });
    if (await this.repo.linkExists(actor.workspaceId, node.id, other.id)) throw new ConflictError('org.linkExists', { nodeId: 'org.linkExists' });
    const link = { id: newId(), workspaceId: actor.workspaceId, fromNodeId: node.id, toNodeId: other.id, createdAt: now() };
    try {
      await this.repo.insertLink(link);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('org.linkExists', { nodeId: 'org.linkExists' });
      throw error;
    }
    return { id: link.id };
  }

  async removeLink(actor: Actor, linkId: string): Promise<void> {
    const link = await this.repo.findLink(actor.workspaceId, linkId);
    if (!link) throw new NotFoundError('org.linkNotFound');
    authorize(actor, 'delete', { kind: 'link', workspaceId: actor.workspaceId, from: await this.relation(actor, link.fromNodeId), to: await this.relation(actor, link.toNodeId) });
    await this.repo.deleteLink(actor.workspaceId, link.id);
  }

  links(actor: Actor, nodeId: string) {
    return this.requireNode(actor, nodeId).then((node) => this.repo.links(actor.workspaceId, node.id));
  }

  // ---- editors ----

  async addEditor(actor: Actor, nodeId: string, who: { id?: string; email?: string }): Promise<void> {
    const node = await this.requireNode(actor, nodeId);
    authorize(actor, 'manageEditors', { kind: 'node', workspaceId: actor.workspaceId, relation: await this.relation(actor, node.id) });
    const person = await this.requirePerson(actor, who, 'email');
    await this.repo.addEditor({ id: newId(), workspaceId: actor.workspaceId, nodeId: node.id, userId: person.id, addedBy: actor.id, createdAt: now() });
  }

  async removeEditor(actor: Actor, nodeId: string, userId: string): Promise<void> {
    const node = await this.requireNode(actor, nodeId);
    authorize(actor, 'manageEditors', { kind: 'node', workspaceId: actor.workspaceId, relation: await this.relation(actor, node.id) });
    if (!(await this.repo.removeEditor(actor.workspaceId, node.id, userId))) throw new NotFoundError('org.notAnEditor');
  }

  editors(actor: Actor, nodeId: string) {
    return this.requireNode(actor, nodeId).then((node) => this.repo.editors(actor.workspaceId, node.id));
  }
}
