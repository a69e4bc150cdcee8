// Deleting a section keeps it for a while (sections.deleted_at), so that undoing the delete brings
// it back with its revision history, grants, discussion and search entry: a hard delete cascaded
// all of them away. Readers never see a deleted section (the policy's read filter skips it); the
// `deleted_sections` retention policy removes it for good once it is old enough.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sections', (t) => {
    t.bigInteger('deleted_at').nullable();
    t.index(['deleted_at'], 'sections_deleted_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('sections').whereNotNull('deleted_at').delete();
  await knex.schema.alterTable('sections', (t) => {
    t.dropIndex(['deleted_at'], 'sections_deleted_at_index');
    t.dropColumn('deleted_at');
  });
}
