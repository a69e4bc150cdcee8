// One built-in entity per key and workspace, so creating the defaults twice (two replicas starting,
// or a lazy check racing the bootstrap) cannot duplicate them. NULL keys (custom entities) are many.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_entities', (t) => {
    t.unique(['workspace_id', 'system_key'], { indexName: 'org_entities_workspace_key_unique' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_entities', (t) => {
    t.dropUnique(['workspace_id', 'system_key'], 'org_entities_workspace_key_unique');
  });
}
