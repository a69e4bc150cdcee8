// Mentions of an erased person in others' content, for review (redact or keep): where they are and the
// character spans of each match, never the matched text (server/components/dsar/dsar.datamap.ts).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dsar_mentions', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('request_id', 36).notNullable().references('id').inTable('dsar_requests').onDelete('CASCADE');
    t.string('table_name', 64).notNullable();
    t.string('column_name', 64).notNullable();
    t.string('row_key', 64).notNullable();
    t.string('kinds', 200).notNullable();
    t.text('spans').notNullable();
    t.string('value_hash', 64).notNullable();
    t.string('status', 16).notNullable();
    t.text('reason').nullable();
    t.string('decided_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('decided_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.index(['request_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('dsar_mentions');
}
