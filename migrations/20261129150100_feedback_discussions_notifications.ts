// Feedback to a person (with the giver's choice of visibility and optional Values tags),
// comment threads on nodes and sections with @mentions, and in-app notifications that a later
// mailer picks up (email_state / delivered_at).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('feedback', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('giver_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('recipient_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('body').notNullable();
    t.string('visibility', 16).notNullable(); // recipient | leads | public
    t.bigInteger('created_at').notNullable();
    t.index(['recipient_id', 'created_at']);
    t.index(['giver_id']);
  });

  await knex.schema.createTable('feedback_values', (t) => {
    t.string('feedback_id', 36).notNullable().references('id').inTable('feedback').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('value', 100).notNullable();
    t.primary(['feedback_id', 'value']);
  });

  await knex.schema.createTable('comments', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    // Exactly one target: a node or a section (node sections and person sections alike).
    t.string('node_id', 36).nullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.string('section_id', 36).nullable().references('id').inTable('sections').onDelete('CASCADE');
    t.string('author_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.text('body').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('edited_at').nullable();
    t.index(['node_id', 'created_at']);
    t.index(['section_id', 'created_at']);
    t.index(['author_id']);
  });

  await knex.schema.createTable('comment_mentions', (t) => {
    t.string('comment_id', 36).notNullable().references('id').inTable('comments').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.primary(['comment_id', 'user_id']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('notifications', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('kind', 16).notNullable(); // mention | reply | feedback
    t.string('actor_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    // What it is about; the row goes when its subject goes.
    t.string('comment_id', 36).nullable().references('id').inTable('comments').onDelete('CASCADE');
    t.string('feedback_id', 36).nullable().references('id').inTable('feedback').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('read_at').nullable();
    // For the mailer of a later issue: pending -> sent | skipped | failed.
    t.string('email_state', 16).notNullable();
    t.integer('email_attempts').notNullable().defaultTo(0);
    t.bigInteger('delivered_at').nullable();
    t.index(['user_id', 'created_at']);
    t.index(['email_state', 'created_at']);
    t.index(['comment_id']);
    t.index(['feedback_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['notifications', 'comment_mentions', 'comments', 'feedback_values', 'feedback']) {
    await knex.schema.dropTableIfExists(table);
  }
}
