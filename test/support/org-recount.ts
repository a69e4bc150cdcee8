// Recounts every node's direct and total headcount from the memberships and the parent links, and
// asserts that the stored numbers (org_nodes.member_count, total_count, kept by triggers) equal it:
// a person with several memberships in one subtree counts once there.
import assert from 'node:assert/strict';
import type { Knex } from 'knex';

export async function assertHeadcountsEqualRecount(knex: Knex): Promise<void> {
  const nodes = await knex('org_nodes').select('id', 'parent_id', 'member_count', 'total_count');
  const memberships = await knex('org_memberships').select('node_id', 'user_id');
  const parentOf = new Map(nodes.map((n) => [n.id as string, n.parent_id as string | null]));
  const people = new Map<string, Set<string>>();
  const direct = new Map<string, number>();
  for (const m of memberships) {
    direct.set(m.node_id, (direct.get(m.node_id) ?? 0) + 1);
    for (let at: string | null = m.node_id; at; at = parentOf.get(at) ?? null) {
      if (!people.has(at)) people.set(at, new Set());
      people.get(at)!.add(m.user_id);
    }
  }
  for (const n of nodes) {
    assert.equal(Number(n.member_count), direct.get(n.id) ?? 0, `direct headcount of ${n.id}`);
    assert.equal(Number(n.total_count), people.get(n.id)?.size ?? 0, `total headcount of ${n.id}`);
  }
}
