// Insights (issue 25): the Knowledge board counts node sections by node and kind, and how many were
// not updated for 90 days, on every request. Without this index SQLite read every section of the
// workspace (person sections included, four in five at 10,000 people) and grouped them in a temporary
// B-tree (100-160 ms); with it the count is a covering scan of the node sections in group order (20-50 ms).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sections', (t) => {
    t.index(['workspace_id', 'node_id', 'kind', 'updated_at'], 'sections_workspace_node_kind_updated_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sections', (t) => {
    t.dropIndex(['workspace_id', 'node_id', 'kind', 'updated_at'], 'sections_workspace_node_kind_updated_index');
  });
}
