// Indexes for pages that slowed down as the organization grew (bench/org.ts at 10,000 people):
// - the leads of a node: memberships by node and role, without reading every member's row
//   (a top-level office or department has thousands of members);
// - the top-level nodes of an entity, in order, without reading every node of it;
// - the workspace's Values on every person page: sections by workspace and kind in creation order,
//   instead of sorting every public section.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_memberships', (t) => {
    t.index(['node_id', 'role'], 'org_memberships_node_id_role_index');
  });
  await knex.schema.alterTable('org_nodes', (t) => {
    t.index(['workspace_id', 'entity_id', 'parent_id', 'position'], 'org_nodes_entity_parent_position_index');
  });
  await knex.schema.alterTable('sections', (t) => {
    t.index(['workspace_id', 'kind', 'created_at'], 'sections_workspace_id_kind_created_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sections', (t) => {
    t.dropIndex(['workspace_id', 'kind', 'created_at'], 'sections_workspace_id_kind_created_at_index');
  });
  await knex.schema.alterTable('org_nodes', (t) => {
    t.dropIndex(['workspace_id', 'entity_id', 'parent_id', 'position'], 'org_nodes_entity_parent_position_index');
  });
  await knex.schema.alterTable('org_memberships', (t) => {
    t.dropIndex(['node_id', 'role'], 'org_memberships_node_id_role_index');
  });
}
