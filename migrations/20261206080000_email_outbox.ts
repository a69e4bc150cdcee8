// Email people can control (issue 24): the outbox every email goes through, each person's choices
// per category, the workspace's opt-in/opt-out setting for optional categories, the digests already
// queued (so a period is queued once across replicas), and announcements written by admins.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('email_outbox', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    // The person it is addressed to when they have an account; an invitation has only an address.
    t.string('user_id', 36).nullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('to_address', 320).notNullable();
    t.string('to_lower', 320).notNullable();
    t.string('category', 32).notNullable();
    t.string('template', 32).notNullable();
    t.string('language', 8).notNullable();
    t.string('time_zone', 64).nullable();
    // What the template is rendered from at send time; emptied once sent (a reset link is a live token).
    t.text('data').nullable();
    t.string('subject', 300).nullable();
    t.string('status', 16).notNullable(); // queued | sending | sent | failed | skipped
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.bigInteger('claimed_until').nullable();
    t.text('last_error').nullable();
    t.string('message_id', 255).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('finished_at').nullable();
    t.index(['status', 'next_attempt_at']);
    t.index(['user_id']);
    t.index(['to_lower']);
    t.index(['finished_at']);
  });

  await knex.schema.createTable('email_preferences', (t) => {
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('category', 32).notNullable();
    t.string('mode', 16).notNullable(); // immediate | daily | weekly | off | on
    t.bigInteger('updated_at').notNullable();
    t.primary(['user_id', 'category']);
  });

  await knex.schema.createTable('email_category_settings', (t) => {
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('category', 32).notNullable();
    t.string('consent', 16).notNullable(); // opt_in | opt_out
    t.bigInteger('updated_at').notNullable();
    t.primary(['workspace_id', 'category']);
  });

  await knex.schema.createTable('email_digests', (t) => {
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('frequency', 8).notNullable(); // daily | weekly
    t.string('period', 16).notNullable(); // the local date or ISO week last queued
    t.bigInteger('until_at').notNullable(); // the end of the window last queued
    t.primary(['user_id', 'frequency']);
  });

  await knex.schema.createTable('email_announcements', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('author_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('category', 32).notNullable();
    t.string('node_id', 36).nullable().references('id').inTable('org_nodes').onDelete('SET NULL');
    t.string('subject', 200).notNullable();
    t.text('body').notNullable();
    t.integer('recipients').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['author_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['email_announcements', 'email_digests', 'email_category_settings', 'email_preferences', 'email_outbox']) {
    await knex.schema.dropTableIfExists(table);
  }
}
