// Profile photos (issue 22): one row per person, the uploaded image already re-encoded by the server
// (256x256 and 64x64 JPEG, no metadata), stored as base64 text so both dialects keep it in a plain
// text column and the access export carries it as is. `etag` names the version (a hash of the bytes):
// pages link to /people/:id/photo?v=<etag>, so a new photo is a new URL and an old one can be cached.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('user_photos', (t) => {
    t.string('user_id', 36).primary().references('id').inTable('users').onDelete('CASCADE');
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('etag', 64).notNullable();
    t.string('content_type', 40).notNullable();
    t.text('large').notNullable();
    t.text('small').notNullable();
    t.bigInteger('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('user_photos');
}
