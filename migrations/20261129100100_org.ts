// The org model: entities (the dimensions: Departments, Teams, Products...), nodes inside an entity
// with a parent in the same entity, memberships (lead or member), cross-entity links, and the
// editors a node's leads name for its sections.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('org_entities', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    // A built-in entity keeps its key so its default name follows the reader's language until renamed.
    t.string('system_key', 32).nullable();
    t.string('name', 100).nullable();
    t.integer('position').notNullable();
    t.bigInteger('archived_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['workspace_id', 'position']);
  });

  await knex.schema.createTable('org_nodes', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('entity_id', 36).notNullable().references('id').inTable('org_entities').onDelete('CASCADE');
    t.string('parent_id', 36).nullable().references('id').inTable('org_nodes').onDelete('SET NULL');
    t.string('name', 150).notNullable();
    t.text('description').nullable();
    t.integer('position').notNullable();
    t.bigInteger('archived_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['workspace_id', 'entity_id']);
    t.index(['parent_id']);
  });

  await knex.schema.createTable('org_memberships', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('node_id', 36).notNullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('role', 16).notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['node_id', 'user_id']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('org_links', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('from_node_id', 36).notNullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.string('to_node_id', 36).notNullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.unique(['from_node_id', 'to_node_id']);
    t.index(['to_node_id']);
  });

  await knex.schema.createTable('org_node_editors', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('node_id', 36).notNullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('added_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.unique(['node_id', 'user_id']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['org_node_editors', 'org_links', 'org_memberships', 'org_nodes', 'org_entities']) {
    await knex.schema.dropTableIfExists(table);
  }
}
