// 1:1 notes between two people: the pair, its meetings, the shared agenda (talking points and
// action items, both editable by both participants), and each participant's private notes, which
// only their author can ever read.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('one_on_ones', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    // The pair, stored in id order so one pair has one row.
    t.string('person_a_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('person_b_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('created_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.unique(['person_a_id', 'person_b_id']);
    t.index(['person_b_id']);
  });

  await knex.schema.createTable('one_on_one_meetings', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('one_on_one_id', 36).notNullable().references('id').inTable('one_on_ones').onDelete('CASCADE');
    // The day the meeting is held (epoch ms of its UTC midnight).
    t.bigInteger('held_on').notNullable();
    t.text('shared_notes').notNullable();
    t.string('created_by', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['one_on_one_id', 'held_on']);
  });

  await knex.schema.createTable('one_on_one_items', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('meeting_id', 36).notNullable().references('id').inTable('one_on_one_meetings').onDelete('CASCADE');
    t.string('kind', 16).notNullable(); // talking_point | action_item
    t.text('body').notNullable();
    t.string('owner_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.boolean('done').notNullable().defaultTo(false);
    // The talking point of an earlier meeting this one carries over.
    t.string('carried_from_id', 36).nullable().references('id').inTable('one_on_one_items').onDelete('SET NULL');
    t.string('author_id', 36).nullable().references('id').inTable('users').onDelete('SET NULL');
    t.integer('position').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('done_at').nullable();
    t.index(['meeting_id', 'position']);
  });

  await knex.schema.createTable('one_on_one_private_notes', (t) => {
    t.string('id', 36).primary();
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('meeting_id', 36).notNullable().references('id').inTable('one_on_one_meetings').onDelete('CASCADE');
    t.string('author_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('body').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['meeting_id', 'author_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['one_on_one_private_notes', 'one_on_one_items', 'one_on_one_meetings', 'one_on_ones']) {
    await knex.schema.dropTableIfExists(table);
  }
}
