// Sign-up by emailed link (issue 19): a sign-up waits here until its address is proven by the link
// sent to it; only then is the account created. Only hashes of the token and of the password are kept.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signup_links', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('email', 320).notNullable();
    t.string('email_lower', 320).notNullable();
    t.string('first_name', 100).notNullable();
    t.string('last_name', 100).notNullable();
    t.string('password_hash', 255).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('language', 8).nullable();
    // The account the link created, once used.
    t.string('user_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at').nullable();
    t.index(['email_lower']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('signup_links');
}
