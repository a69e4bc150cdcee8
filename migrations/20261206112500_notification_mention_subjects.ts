// Mentions outside comments (issue 22): a notification may point at a section or a 1:1 meeting
// (a mention in a section's text, in a meeting's shared notes or items). Deleting the section or
// the meeting deletes its notifications, like a deleted comment's. A mention in feedback uses
// feedback_id; a mention in a bio points at no row (the bio is the actor's profile).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.string('section_id', 36).nullable().references('id').inTable('sections').onDelete('CASCADE');
    t.string('meeting_id', 36).nullable().references('id').inTable('one_on_one_meetings').onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.dropForeign(['section_id']);
    t.dropForeign(['meeting_id']);
    t.dropColumn('section_id');
    t.dropColumn('meeting_id');
  });
}
