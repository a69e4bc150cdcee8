// SCIM 2.0 provisioning (issue 8): bearer tokens (hashed), and what SCIM knows about the accounts and
// org nodes it manages (userName, externalId, a version for ETags). Groups are org nodes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scim_tokens', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('token_prefix', 24).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at').nullable();
    t.bigInteger('revoked_at').nullable();
  });

  await knex.schema.createTable('scim_users', (t) => {
    t.string('user_id', 36).primary().references('id').inTable('users').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('user_name', 320).notNullable();
    t.string('user_name_lower', 320).notNullable();
    t.string('external_id', 255).nullable();
    t.integer('version').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['workspace_id', 'user_name_lower']);
    t.index(['workspace_id', 'external_id']);
  });

  await knex.schema.createTable('scim_groups', (t) => {
    t.string('node_id', 36).primary().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('external_id', 255).nullable();
    t.integer('version').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['workspace_id', 'external_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['scim_groups', 'scim_users', 'scim_tokens']) await knex.schema.dropTableIfExists(table);
}
