// The one place that decides who may do what. Services ask `can(actor, action, resource)` (or
// `authorize`, which throws) before they change anything; repositories apply the SQL filters below
// so that rows a reader may not see never leave the database (no filtering after the query, so
// lists, counts and search cannot leak them).
//
// Extending: add a resource kind to `Resource`, its actions to `Actions`, and one rule to `rules`.
// Rules are pure functions of the actor and the facts the caller loaded (relations to a node, ...);
// they never query. Anything that must be filtered in bulk gets an SQL filter in `filters`.
import type { Knex } from 'knex';
import { ForbiddenError } from '../../platform/errors.js';

export type TokenScope = 'read' | 'write';

/** Whoever acts: a signed-in person, or a script holding one of their personal access tokens. */
export interface Actor {
  id: string;
  workspaceId: string;
  role: 'member' | 'admin';
  /** Set when the request authenticated with a personal access token. */
  tokenScope?: TokenScope;
}

/** What the actor is to one node; loaded by the org repository (`relationTo`). */
export interface NodeRelation {
  nodeId: string;
  workspaceId: string;
  isLead: boolean;
  isMember: boolean;
  /** Named as an editor of the node's sections by a lead or an admin. */
  isEditor: boolean;
}

/** The resources the policy knows, each with the facts its rules need. */
export type Resource =
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'entity'; workspaceId: string }
  | { kind: 'node'; workspaceId: string; relation: NodeRelation }
  | { kind: 'link'; workspaceId: string; from: NodeRelation; to: NodeRelation }
  | { kind: 'nodeSection'; workspaceId: string; relation: NodeRelation }
  | { kind: 'personSection'; workspaceId: string; personId: string }
  | { kind: 'token'; workspaceId: string; userId: string }
  // People half (1:1s, private notes, feedback, comments):
  | { kind: 'oneOnOne'; workspaceId: string; participantIds: [string, string] }
  | { kind: 'privateNote'; workspaceId: string; authorId: string }
  | { kind: 'feedback'; workspaceId: string; recipientId: string }
  | { kind: 'comment'; workspaceId: string; authorId: string | null };

export interface Actions {
  /** read: see the org (entities, nodes, people, memberships, chart); invite/admin actions are elsewhere. */
  workspace: 'read';
  /** create, rename, reorder, archive entities. */
  entity: 'read' | 'manage';
  /** create/move/archive are structural (admins); update = rename and describe; members, editors: who belongs and who edits. */
  node: 'read' | 'create' | 'move' | 'archive' | 'update' | 'manageMembers' | 'manageEditors';
  link: 'create' | 'delete';
  /** read is decided in SQL (filters.readableSections); edit = write, reorder, restore, delete; govern = visibility and grants. */
  nodeSection: 'edit' | 'govern';
  personSection: 'edit' | 'govern';
  token: 'manage';
  /** Only the two participants, for everything (admins included: no one else). */
  oneOnOne: 'read' | 'write';
  /** Only the author, ever. */
  privateNote: 'read' | 'write';
  /** Reading is decided in SQL (filters.readableFeedback). */
  feedback: 'give';
  /** Reading follows the target (filters.readableComments); create needs a readable target. */
  comment: 'create' | 'edit' | 'delete';
}

type ResourceOf<K extends Resource['kind']> = Extract<Resource, { kind: K }>;
type Rule<K extends Resource['kind']> = (actor: Actor, action: Actions[K], resource: ResourceOf<K>) => boolean;

const isAdmin = (actor: Actor) => actor.role === 'admin';
const leads = (r: NodeRelation) => r.isLead;

const rules: { [K in Resource['kind']]: Rule<K> } = {
  workspace: () => true,
  entity: (actor, action) => action === 'read' || isAdmin(actor),
  node: (actor, action, { relation }) => {
    switch (action) {
      case 'read':
        return true;
      case 'create':
      case 'move':
      case 'archive':
        return isAdmin(actor);
      case 'update':
      case 'manageMembers':
      case 'manageEditors':
        return isAdmin(actor) || leads(relation);
    }
  },
  link: (actor, _action, { from, to }) => isAdmin(actor) || leads(from) || leads(to),
  nodeSection: (actor, action, { relation }) => {
    if (isAdmin(actor) || relation.isLead) return true;
    return action === 'edit' && relation.isEditor;
  },
  personSection: (actor, _action, { personId }) => isAdmin(actor) || actor.id === personId,
  token: (actor, _action, { userId }) => actor.id === userId,
  oneOnOne: (actor, _action, { participantIds }) => participantIds.includes(actor.id),
  privateNote: (actor, _action, { authorId }) => actor.id === authorId,
  feedback: (actor, _action, { recipientId }) => actor.id !== recipientId,
  comment: (actor, action, { authorId }) => action === 'create' || actor.id === authorId,
};

/** Actions that only read; a read-scoped token may do nothing else. */
const readOnlyActions = new Set<string>(['read']);

export function can<K extends Resource['kind']>(actor: Actor, action: Actions[K], resource: ResourceOf<K>): boolean {
  if (actor.workspaceId !== resource.workspaceId) return false;
  if (actor.tokenScope === 'read' && !readOnlyActions.has(action)) return false;
  const rule = rules[resource.kind] as Rule<K>;
  return rule(actor, action, resource);
}

/** Throws a 403 when the actor may not; callers have already turned unknown or foreign ids into 404s. */
export function authorize<K extends Resource['kind']>(actor: Actor, action: Actions[K], resource: ResourceOf<K>): void {
  if (!can(actor, action, resource)) throw new ForbiddenError();
}

/** The relation of someone who is nothing to the node (for rules that need one). */
export function noRelation(nodeId: string, workspaceId: string): NodeRelation {
  return { nodeId, workspaceId, isLead: false, isMember: false, isEditor: false };
}

// ---- SQL filters: applied inside repository queries ----

type Builder = Knex.QueryBuilder;

export const filters = {
  /**
   * Keeps only the sections (table alias `alias`) the actor may read: their workspace's public
   * sections; restricted ones when the actor is a member or named editor of the owning node, holds
   * a grant (to themselves or to a node they belong to), owns the person page, or is an admin.
   */
  readableSections(actor: Actor, alias = 'sections') {
    const readable = filters.readableSectionsEvenDeleted(actor, alias);
    return (qb: Builder): void => {
      // A deleted section waits for its undo (or its retention): nobody reads it meanwhile.
      qb.whereNull(`${alias}.deleted_at`);
      readable(qb);
    };
  },

  /** readableSections, deleted ones included: only for undoing a delete. */
  readableSectionsEvenDeleted(actor: Actor, alias = 'sections') {
    const col = (name: string) => `${alias}.${name}`;
    return (qb: Builder): void => {
      qb.where(col('workspace_id'), actor.workspaceId);
      if (isAdmin(actor)) return;
      qb.where((w) => {
        w.where(col('visibility'), 'public')
          .orWhere(col('person_id'), actor.id)
          .orWhereExists((s) => s.select(s.client.raw('1')).from('org_memberships as pm').whereRaw(`pm.node_id = ${alias}.node_id`).andWhere('pm.user_id', actor.id))
          .orWhereExists((s) => s.select(s.client.raw('1')).from('org_node_editors as pe').whereRaw(`pe.node_id = ${alias}.node_id`).andWhere('pe.user_id', actor.id))
          .orWhereExists((s) =>
            s
              .select(s.client.raw('1'))
              .from('section_grants as pg')
              .whereRaw(`pg.section_id = ${alias}.id`)
              .andWhere((g) => g.where('pg.user_id', actor.id).orWhereIn('pg.node_id', (m) => m.select('gm.node_id').from('org_memberships as gm').where('gm.user_id', actor.id))),
          );
      });
    };
  },

  /**
   * Keeps only the feedback (alias `alias`) the actor may read: what they gave or received, public
   * feedback of their workspace, and feedback shared with leads when the actor leads a node the
   * recipient is a member of. Admins get nothing more.
   */
  readableFeedback(actor: Actor, alias = 'feedback') {
    return (qb: Builder): void => {
      qb.where(`${alias}.workspace_id`, actor.workspaceId).andWhere((w) => {
        w.where(`${alias}.visibility`, 'public')
          .orWhere(`${alias}.recipient_id`, actor.id)
          .orWhere(`${alias}.giver_id`, actor.id)
          .orWhere((l) =>
            l.where(`${alias}.visibility`, 'leads').whereExists((s) =>
              s
                .select(s.client.raw('1'))
                .from('org_memberships as rm')
                .join('org_memberships as lm', 'lm.node_id', 'rm.node_id')
                .whereRaw(`rm.user_id = ${alias}.recipient_id`)
                .andWhere({ 'rm.role': 'member', 'lm.role': 'lead', 'lm.user_id': actor.id }),
            ),
          );
      });
    };
  },

  /** Keeps only the comments (alias `alias`) whose node or section the actor may read. */
  readableComments(actor: Actor, alias = 'comments') {
    return (qb: Builder): void => {
      qb.where(`${alias}.workspace_id`, actor.workspaceId).andWhere((w) => {
        w.whereExists((s) => s.select(s.client.raw('1')).from('org_nodes as cn').whereRaw(`cn.id = ${alias}.node_id`).andWhere('cn.workspace_id', actor.workspaceId)).orWhereExists((s) =>
          s.select(s.client.raw('1')).from('sections as cs').whereRaw(`cs.id = ${alias}.section_id`).modify(filters.readableSections(actor, 'cs')),
        );
      });
    };
  },

  /** Keeps only the rows of a workspace-scoped table that belong to the actor's workspace. */
  sameWorkspace(actor: Actor, column = 'workspace_id') {
    return (qb: Builder): void => {
      qb.where(column, actor.workspaceId);
    };
  },
};
