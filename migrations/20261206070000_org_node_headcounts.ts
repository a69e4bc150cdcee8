// Total headcount of a node's subtree (org_nodes.total_count: unique people in the node and every
// node below it, a person counted once however many memberships they hold there), kept by triggers
// like member_count (20261130090100), so every write path keeps it right: the org service, SCIM,
// the demo seed, erasure and cascades. The direct headcount is member_count (one membership per
// person and node).
//
// The subtree is read from a closure table (org_node_paths: every ancestor/descendant pair with its
// distance, a node being its own ancestor at distance 0), itself kept by triggers on org_nodes:
// SQLite allows no recursive query inside a trigger, and the chart reads subtrees through it too.
//
// SQLite runs row triggers as each row is written, so a membership adds or removes one person from
// the ancestors where they hold no other membership. PostgreSQL runs row triggers after the whole
// statement, when a multi-row insert or delete already shows every row, so there the triggers are
// per statement and recount the touched ancestors, under a per-workspace lock so two transactions
// never count without seeing each other.
import type { Knex } from 'knex';
import { dialectOfKnex } from '../server/db/knex.js';

const recount = (target: string) => `(SELECT count(DISTINCT m.user_id) FROM org_memberships m JOIN org_node_paths p ON p.descendant_id = m.node_id WHERE p.ancestor_id = ${target})`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('org_node_paths', (t) => {
    t.string('workspace_id', 36).notNullable().references('id').inTable('workspaces').onDelete('CASCADE');
    t.string('ancestor_id', 36).notNullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.string('descendant_id', 36).notNullable().references('id').inTable('org_nodes').onDelete('CASCADE');
    t.integer('depth').notNullable();
    t.primary(['ancestor_id', 'descendant_id']);
    t.index(['descendant_id', 'depth']);
  });
  await knex.schema.alterTable('org_nodes', (t) => {
    t.integer('total_count').notNullable().defaultTo(0);
  });
  // Backfill: every node with each of its ancestors (bounded, and the shortest distance, in case of a cycle in old data).
  await knex.raw(`INSERT INTO org_node_paths (workspace_id, ancestor_id, descendant_id, depth)
    WITH RECURSIVE up_chain(workspace_id, ancestor_id, descendant_id, depth) AS (
      SELECT workspace_id, id, id, 0 FROM org_nodes
      UNION ALL
      SELECT c.workspace_id, n.parent_id, c.descendant_id, c.depth + 1 FROM up_chain c JOIN org_nodes n ON n.id = c.ancestor_id WHERE n.parent_id IS NOT NULL AND c.depth < 100
    )
    SELECT workspace_id, ancestor_id, descendant_id, min(depth) FROM up_chain GROUP BY workspace_id, ancestor_id, descendant_id`);
  await knex.raw(`UPDATE org_nodes SET total_count = ${recount('org_nodes.id')}`);

  if (dialectOfKnex(knex) === 'postgres') return postgresTriggers(knex);
  // Paths of a new node: itself, then its parent's ancestors one step further.
  await knex.raw(`CREATE TRIGGER org_nodes_paths_ai AFTER INSERT ON org_nodes BEGIN
    INSERT INTO org_node_paths (workspace_id, ancestor_id, descendant_id, depth) VALUES (new.workspace_id, new.id, new.id, 0);
    INSERT INTO org_node_paths (workspace_id, ancestor_id, descendant_id, depth) SELECT new.workspace_id, ancestor_id, new.id, depth + 1 FROM org_node_paths WHERE descendant_id = new.parent_id;
  END`);
  // A move: the subtree leaves its old ancestors, joins the new ones, and both chains are recounted.
  await knex.raw(`CREATE TRIGGER org_nodes_paths_au AFTER UPDATE OF parent_id ON org_nodes WHEN old.parent_id IS NOT new.parent_id BEGIN
    DELETE FROM org_node_paths WHERE descendant_id IN (SELECT descendant_id FROM org_node_paths WHERE ancestor_id = new.id)
      AND ancestor_id NOT IN (SELECT descendant_id FROM org_node_paths WHERE ancestor_id = new.id);
    INSERT INTO org_node_paths (workspace_id, ancestor_id, descendant_id, depth)
      SELECT new.workspace_id, super.ancestor_id, sub.descendant_id, super.depth + sub.depth + 1 FROM org_node_paths super JOIN org_node_paths sub ON sub.ancestor_id = new.id WHERE super.descendant_id = new.parent_id;
    UPDATE org_nodes SET total_count = ${recount('org_nodes.id')}
      WHERE id IN (SELECT ancestor_id FROM org_node_paths WHERE descendant_id = old.parent_id) OR id IN (SELECT ancestor_id FROM org_node_paths WHERE descendant_id = new.parent_id);
  END`);
  // One person more (or fewer) in each ancestor where they hold no other membership.
  const otherMembership = (row: 'new' | 'old') =>
    `NOT EXISTS (SELECT 1 FROM org_memberships m JOIN org_node_paths p ON p.descendant_id = m.node_id AND p.ancestor_id = org_nodes.id WHERE m.user_id = ${row}.user_id AND m.id <> ${row}.id)`;
  const add = `UPDATE org_nodes SET total_count = total_count + 1 WHERE id IN (SELECT ancestor_id FROM org_node_paths WHERE descendant_id = new.node_id) AND ${otherMembership('new')};`;
  const remove = `UPDATE org_nodes SET total_count = total_count - 1 WHERE id IN (SELECT ancestor_id FROM org_node_paths WHERE descendant_id = old.node_id) AND ${otherMembership('old')};`;
  await knex.raw(`CREATE TRIGGER org_memberships_total_count_ai AFTER INSERT ON org_memberships BEGIN ${add} END`);
  await knex.raw(`CREATE TRIGGER org_memberships_total_count_ad AFTER DELETE ON org_memberships BEGIN ${remove} END`);
  // A membership moved to another node or person: out of the old place, then into the new one.
  await knex.raw(`CREATE TRIGGER org_memberships_total_count_au AFTER UPDATE OF node_id, user_id ON org_memberships BEGIN
    UPDATE org_nodes SET total_count = ${recount('org_nodes.id')}
      WHERE id IN (SELECT ancestor_id FROM org_node_paths WHERE descendant_id = old.node_id) OR id IN (SELECT ancestor_id FROM org_node_paths WHERE descendant_id = new.node_id);
  END`);
}

async function postgresTriggers(knex: Knex): Promise<void> {
  await knex.raw(`CREATE FUNCTION org_nodes_paths() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO org_node_paths (workspace_id, ancestor_id, descendant_id, depth) VALUES (NEW.workspace_id, NEW.id, NEW.id, 0);
        INSERT INTO org_node_paths (workspace_id, ancestor_id, descendant_id, depth) SELECT NEW.workspace_id, ancestor_id, NEW.id, depth + 1 FROM org_node_paths WHERE descendant_id = NEW.parent_id;
        RETURN NULL;
      END IF;
      PERFORM pg_advisory_xact_lock(hashtext('org_headcount:' || NEW.workspace_id));
      DELETE FROM org_node_paths WHERE descendant_id IN (SELECT descendant_id FROM org_node_paths WHERE ancestor_id = NEW.id)
        AND ancestor_id NOT IN (SELECT descendant_id FROM org_node_paths WHERE ancestor_id = NEW.id);
      INSERT INTO org_node_paths (workspace_id, ancestor_id, descendant_id, depth)
        SELECT NEW.workspace_id, super.ancestor_id, sub.descendant_id, super.depth + sub.depth + 1 FROM org_node_paths super JOIN org_node_paths sub ON sub.ancestor_id = NEW.id WHERE super.descendant_id = NEW.parent_id;
      UPDATE org_nodes SET total_count = ${recount('org_nodes.id')}
        WHERE id IN (SELECT ancestor_id FROM org_node_paths WHERE descendant_id = OLD.parent_id OR descendant_id = NEW.parent_id);
      RETURN NULL;
    END $$`);
  await knex.raw('CREATE TRIGGER org_nodes_paths_ai AFTER INSERT ON org_nodes FOR EACH ROW EXECUTE FUNCTION org_nodes_paths()');
  await knex.raw('CREATE TRIGGER org_nodes_paths_au AFTER UPDATE OF parent_id ON org_nodes FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION org_nodes_paths()');
  // One function per transition table shape: the touched nodes' ancestors are recounted once per statement.
  const body = (rows: string) => `
    DECLARE ws text;
    BEGIN
      FOR ws IN SELECT DISTINCT workspace_id FROM (${rows}) touched ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock(hashtext('org_headcount:' || ws));
      END LOOP;
      UPDATE org_nodes SET total_count = ${recount('org_nodes.id')}
        WHERE id IN (SELECT p.ancestor_id FROM org_node_paths p WHERE p.descendant_id IN (SELECT node_id FROM (${rows}) touched));
      RETURN NULL;
    END`;
  await knex.raw(`CREATE FUNCTION org_memberships_total_count_new() RETURNS trigger LANGUAGE plpgsql AS $$${body('SELECT workspace_id, node_id FROM new_rows')}$$`);
  await knex.raw(`CREATE FUNCTION org_memberships_total_count_old() RETURNS trigger LANGUAGE plpgsql AS $$${body('SELECT workspace_id, node_id FROM old_rows')}$$`);
  await knex.raw(`CREATE FUNCTION org_memberships_total_count_both() RETURNS trigger LANGUAGE plpgsql AS $$${body('SELECT workspace_id, node_id FROM new_rows UNION SELECT workspace_id, node_id FROM old_rows')}$$`);
  await knex.raw('CREATE TRIGGER org_memberships_total_count_ai AFTER INSERT ON org_memberships REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION org_memberships_total_count_new()');
  await knex.raw('CREATE TRIGGER org_memberships_total_count_ad AFTER DELETE ON org_memberships REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_memberships_total_count_old()');
  await knex.raw('CREATE TRIGGER org_memberships_total_count_au AFTER UPDATE ON org_memberships REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION org_memberships_total_count_both()');
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOfKnex(knex) === 'postgres') {
    for (const [trigger, table] of [['org_nodes_paths_ai', 'org_nodes'], ['org_nodes_paths_au', 'org_nodes'], ['org_memberships_total_count_ai', 'org_memberships'], ['org_memberships_total_count_ad', 'org_memberships'], ['org_memberships_total_count_au', 'org_memberships']]) {
      await knex.raw(`DROP TRIGGER IF EXISTS ${trigger} ON ${table}`);
    }
    for (const fn of ['org_nodes_paths', 'org_memberships_total_count_new', 'org_memberships_total_count_old', 'org_memberships_total_count_both']) await knex.raw(`DROP FUNCTION IF EXISTS ${fn}()`);
  } else {
    for (const trigger of ['org_nodes_paths_ai', 'org_nodes_paths_au', 'org_memberships_total_count_ai', 'org_memberships_total_count_ad', 'org_memberships_total_count_au']) await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
  await knex.schema.dropTableIfExists('org_node_paths');
  await knex.schema.alterTable('org_nodes', (t) => {
    t.dropColumn('total_count');
  });
}
