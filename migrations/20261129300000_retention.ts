// Retention and account deletion (issue 5): users.deleted_at / purged_at (status 'deleted'), legal
// holds, retention run reports, job locks (a scheduled tick runs once across replicas), and the
// indexes the batched purges of the foundation tables need.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.bigInteger('deleted_at').nullable();
    t.bigInteger('purged_at').nullable();
  });

  await knex.schema.createTable('legal_holds', (t) => {
    t.string('id', 36).primary();
    // The held workspace, or the workspace of the held person.
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    // NULL: the whole workspace is held.
    t.string('user_id', 36).nullable().references('id').inTable('users');
    t.text('reason').notNullable();
    t.string('created_by', 200).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('until_at').nullable();
    t.bigInteger('released_at').nullable();
    t.string('released_by', 200).nullable();
    t.index(['workspace_id']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('retention_runs', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('trigger', 16).notNullable();
    t.string('actor_user_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('actor_label', 200).notNullable();
    t.string('category', 32).nullable();
    t.string('status', 16).notNullable();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('heartbeat_at').notNullable();
    t.bigInteger('finished_at').nullable();
    t.bigInteger('duration_ms').nullable();
    t.text('counts').notNullable();
    t.text('held').notNullable();
    t.text('errors').notNullable();
    t.index(['started_at']);
  });

  await knex.schema.createTable('job_locks', (t) => {
    t.string('name', 64).primary();
    t.string('holder', 100).nullable();
    t.string('host', 255).nullable();
    t.integer('pid').nullable();
    t.bigInteger('acquired_at').nullable();
    t.bigInteger('lease_until').nullable();
    t.bigInteger('last_tick').nullable();
  });

  await knex.schema.alterTable('password_resets', (t) => t.index(['expires_at']));
  await knex.schema.alterTable('invitations', (t) => t.index(['expires_at']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('invitations', (t) => t.dropIndex(['expires_at']));
  await knex.schema.alterTable('password_resets', (t) => t.dropIndex(['expires_at']));
  for (const table of ['job_locks', 'retention_runs', 'legal_holds']) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('purged_at');
    t.dropColumn('deleted_at');
  });
}
