// Data subject requests (issue 6): the register, its notes and attached results, restrictions of
// processing, and a link from in-app notifications to a request (due-date reminders).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dsar_requests', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('type', 16).notNullable();
    // The subject: an account, or only an email address (someone without an account). Both are
    // blanked when the subject is erased; the ledger entry then says whose request it was.
    t.string('subject_user_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('subject_email', 320).nullable();
    t.string('subject_email_lower', 320).nullable();
    t.string('subject_name', 200).nullable();
    t.string('erasure_ledger_id', 36).nullable();
    t.string('channel', 16).notNullable();
    t.string('filed_by_user_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('filed_by_label', 200).notNullable();
    t.text('details').nullable();
    t.bigInteger('received_at').notNullable();
    t.string('received_on', 10).notNullable();
    t.string('due_on', 10).notNullable();
    t.string('original_due_on', 10).notNullable();
    t.string('status', 24).notNullable();
    t.text('status_reason').nullable();
    t.string('assignee_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.string('reminders_sent', 64).notNullable().defaultTo('');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('closed_at').nullable();
    t.index(['workspace_id', 'status', 'due_on']);
    t.index(['subject_user_id']);
    t.index(['subject_email_lower']);
    t.index(['closed_at']);
  });

  await knex.schema.createTable('dsar_notes', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('request_id', 36).notNullable().references('id').inTable('dsar_requests').onDelete('CASCADE');
    t.string('author_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.text('body').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['request_id']);
  });

  await knex.schema.createTable('dsar_results', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('request_id', 36).notNullable().references('id').inTable('dsar_requests').onDelete('CASCADE');
    t.string('kind', 32).notNullable();
    // Counts, hashes, table and column names: never the subject's data itself.
    t.text('summary').notNullable();
    t.string('created_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.index(['request_id']);
  });

  await knex.schema.createTable('processing_restrictions', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('request_id', 36).nullable().references('id').inTable('dsar_requests').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('lifted_at').nullable();
    t.index(['user_id', 'lifted_at']);
  });

  await knex.schema.alterTable('notifications', (t) => {
    t.string('dsar_request_id', 36).nullable().references('id').inTable('dsar_requests').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.dropForeign(['dsar_request_id']);
    t.dropColumn('dsar_request_id');
  });
  await knex.schema.dropTableIfExists('processing_restrictions');
  await knex.schema.dropTableIfExists('dsar_results');
  await knex.schema.dropTableIfExists('dsar_notes');
  await knex.schema.dropTableIfExists('dsar_requests');
}
