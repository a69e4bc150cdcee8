import { declareTable, personal } from '../../db/declare.js';

const membership = (purpose: string) => personal('profile', 'deleted_accounts', purpose);

export const orgEntitiesTable = declareTable('org_entities', 'org', 'none', {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  system_key: ['string', 'null', 'none'],
  name: ['string', 'null', 'none'],
  position: ['integer', 'not null', 'none'],
  archived_at: ['bigint', 'null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
});

export const orgNodesTable = declareTable('org_nodes', 'org', 'none', {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  entity_id: ['string', 'not null', 'none'],
  parent_id: ['string', 'null', 'none'],
  name: ['string', 'not null', 'none'],
  description: ['text', 'null', 'none'],
  position: ['integer', 'not null', 'none'],
  archived_at: ['bigint', 'null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
  member_count: ['integer', 'not null', 'none'],
  total_count: ['integer', 'not null', 'none'],
});

/** Every ancestor/descendant pair of nodes (a node is its own at depth 0), kept by triggers: subtrees and total headcounts. */
export const orgNodePathsTable = declareTable('org_node_paths', 'org', 'none', {
  workspace_id: ['string', 'not null', 'none'],
  ancestor_id: ['string', 'not null', 'none'],
  descendant_id: ['string', 'not null', 'none'],
  depth: ['integer', 'not null', 'none'],
});

export const orgMembershipsTable = declareTable('org_memberships', 'org', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  node_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', membership('who belongs to which team, department, product...')],
  role: ['string', 'not null', membership('who leads a node (reporting lines)')],
  created_at: ['bigint', 'not null', 'none'],
});

export const orgLinksTable = declareTable('org_links', 'org', 'none', {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  from_node_id: ['string', 'not null', 'none'],
  to_node_id: ['string', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
});

export const orgNodeEditorsTable = declareTable('org_node_editors', 'org', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  node_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', membership('who may edit a node\'s sections')],
  added_by: ['string', 'null', membership('who named the editor')],
  created_at: ['bigint', 'not null', 'none'],
});
