// Email for three more events (issue 24): a notification can point at a 1:1 agenda item (added to
// the shared agenda, or an action item given to the other participant), and a sandbox remembers
// the expiry its admins were warned about, so the warning goes once (and again if the expiry moves).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.string('one_on_one_item_id', 36).nullable();
  });
  await knex.schema.alterTable('workspaces', (t) => {
    t.bigInteger('expiry_notice_for').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workspaces', (t) => {
    t.dropColumn('expiry_notice_for');
  });
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('one_on_one_item_id');
  });
}
