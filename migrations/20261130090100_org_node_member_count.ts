// Each node keeps its number of memberships (org_nodes.member_count), maintained by triggers on
// org_memberships, so the org explorer reads a number instead of counting thousands of memberships
// per top-level office or department on every view. Triggers, not application code: memberships
// are written by the org service, SCIM, the demo seed, and removed by erasure, retention and
// cascades, and every one of those paths must keep the count right.
import type { Knex } from 'knex';
import { dialectOfKnex } from '../server/db/knex.js';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('org_nodes', (t) => {
    t.integer('member_count').notNullable().defaultTo(0);
  });
  await knex.raw('UPDATE org_nodes SET member_count = (SELECT count(*) FROM org_memberships m WHERE m.node_id = org_nodes.id)');
  if (dialectOfKnex(knex) === 'postgres') {
    await knex.raw(`CREATE FUNCTION org_memberships_member_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN UPDATE org_nodes SET member_count = member_count + 1 WHERE id = NEW.node_id; END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN UPDATE org_nodes SET member_count = member_count - 1 WHERE id = OLD.node_id; END IF;
        RETURN NULL;
      END $$`);
    await knex.raw('CREATE TRIGGER org_memberships_member_count AFTER INSERT OR DELETE OR UPDATE OF node_id ON org_memberships FOR EACH ROW EXECUTE FUNCTION org_memberships_member_count()');
    return;
  }
  await knex.raw('CREATE TRIGGER org_memberships_member_count_ai AFTER INSERT ON org_memberships BEGIN UPDATE org_nodes SET member_count = member_count + 1 WHERE id = new.node_id; END');
  await knex.raw('CREATE TRIGGER org_memberships_member_count_ad AFTER DELETE ON org_memberships BEGIN UPDATE org_nodes SET member_count = member_count - 1 WHERE id = old.node_id; END');
  await knex.raw(
    'CREATE TRIGGER org_memberships_member_count_au AFTER UPDATE OF node_id ON org_memberships BEGIN UPDATE org_nodes SET member_count = member_count - 1 WHERE id = old.node_id; UPDATE org_nodes SET member_count = member_count + 1 WHERE id = new.node_id; END',
  );
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOfKnex(knex) === 'postgres') {
    await knex.raw('DROP TRIGGER IF EXISTS org_memberships_member_count ON org_memberships');
    await knex.raw('DROP FUNCTION IF EXISTS org_memberships_member_count()');
  } else {
    for (const suffix of ['ai', 'ad', 'au']) await knex.raw(`DROP TRIGGER IF EXISTS org_memberships_member_count_${suffix}`);
  }
  await knex.schema.alterTable('org_nodes', (t) => {
    t.dropColumn('member_count');
  });
}
