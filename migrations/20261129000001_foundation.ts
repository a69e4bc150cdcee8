// Foundation: workspaces, accounts, sessions, sign-in rate limits.
// Rules for every migration: one file per change, the same code for both dialects, timestamps as
// epoch milliseconds (bigint), ids as 36-character strings, and never edit a migration once merged.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspaces', (t) => {
    t.string('id', 36).primary();
    t.string('kind', 16).notNullable();
    t.string('name', 200).notNullable();
    t.string('signup_mode', 16).nullable();
    t.bigInteger('expires_at').nullable();
    t.bigInteger('created_at').notNullable();
  });
  // Exactly one primary workspace (the organization); sandboxes are many.
  await knex.raw(`CREATE UNIQUE INDEX workspaces_one_primary ON workspaces (kind) WHERE kind = 'primary'`);

  await knex.schema.createTable('users', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('email', 320).notNullable();
    t.string('email_lower', 320).notNullable().unique();
    t.string('first_name', 100).notNullable();
    t.string('last_name', 100).notNullable();
    t.string('password_hash', 255).nullable();
    t.string('role', 16).notNullable().defaultTo('member');
    t.string('status', 16).notNullable().defaultTo('active');
    t.string('company', 200).nullable();
    t.string('title', 200).nullable();
    t.string('phone', 50).nullable();
    t.text('bio').nullable();
    t.string('time_zone', 64).nullable();
    t.string('language', 8).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('last_sign_in_at').nullable();
    t.index(['workspace_id']);
  });

  await knex.schema.createTable('password_resets', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.string('requested_ip', 45).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at').nullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('invitations', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('email', 320).notNullable();
    t.string('email_lower', 320).notNullable();
    t.string('role', 16).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('invited_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('accepted_user_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('accepted_at').nullable();
    t.index(['email_lower']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 36).primary();
    t.string('sid_hash', 64).notNullable().unique();
    t.string('user_id', 36).nullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('workspace_id', 36).nullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.text('data').notNullable();
    t.boolean('persistent').notNullable().defaultTo(false);
    t.string('ip', 45).nullable();
    t.string('user_agent', 512).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.index(['user_id']);
    t.index(['expires_at']);
  });

  // Layout expected by rate-limiter-flexible (created here so the schema guard sees it).
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['rate_limits', 'sessions', 'invitations', 'password_resets', 'users', 'workspaces']) {
    await knex.schema.dropTableIfExists(table);
  }
}
