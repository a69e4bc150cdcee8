// Sections: the content of a node page (and, for the people component, of a person page). Each
// edit writes a numbered revision; restricted sections are readable by the node's members and by
// explicit grants to people or nodes; every reader may hide a section from their own view.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sections', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    // Exactly one owner: a node, or a person (person pages).
    t.string('node_id', 36).nullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.string('person_id', 36).nullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('kind', 32).notNullable();
    t.string('title', 150).nullable();
    t.text('body').notNullable();
    t.string('visibility', 16).notNullable();
    t.integer('position').notNullable();
    t.integer('revision').notNullable();
    t.string('created_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('updated_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['node_id', 'position']);
    t.index(['person_id', 'position']);
    t.index(['workspace_id', 'visibility']);
  });

  await knex.schema.createTable('section_revisions', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('section_id', 36).notNullable().references('id').inTable('sections').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.string('title', 150).nullable();
    t.text('body').notNullable();
    t.string('visibility', 16).notNullable();
    t.string('author_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.unique(['section_id', 'number']);
  });

  await knex.schema.createTable('section_grants', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('section_id', 36).notNullable().references('id').inTable('sections').onDelete('CASCADE');
    // Exactly one grantee: a person or a node (whose members may then read).
    t.string('user_id', 36).nullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('node_id', 36).nullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.index(['section_id']);
    t.index(['user_id']);
    t.index(['node_id']);
  });

  await knex.schema.createTable('section_hidden', (t) => {
    t.string('section_id', 36).notNullable().references('id').inTable('sections').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.primary(['section_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['section_hidden', 'section_grants', 'section_revisions', 'sections']) {
    await knex.schema.dropTableIfExists(table);
  }
}
