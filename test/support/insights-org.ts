// A small organization with a hand-countable history for the insights suites (k = 3):
//
//   entity Company:  Company (lead L0)
//                      ├─ Alpha (lead La; members a1 a2 a3 a4 a5 — a5's processing is restricted)
//                      ├─ Beta  (lead Lb; members b1 b2 b3)
//                      └─ Gamma (lead Lc; member c1)
//   entity Projects: Project X (no lead; member a1),  Guild (lead Lb; member b1)
//   X belongs to no node.
//
// L0 (admin), La, Lc and a1 sign up through HTTP (they open boards); everyone else is written
// straight into the database. Feedback, 1:1s, action items, sections and comments are written with
// times relative to now, so every figure of the suites can be counted by hand from this comment
// and the code below.
import type { TestServer } from './server.js';
import { person, type Person } from './people.js';
import { newId } from '../../server/platform/ids.js';

const DAY = 86_400_000;

export interface InsightsOrg {
  workspaceId: string;
  people: Record<string, string>;
  nodes: Record<'company' | 'alpha' | 'beta' | 'gamma' | 'project' | 'guild', string>;
  clients: { admin: Person; leadAlpha: Person; leadGamma: Person; member: Person };
}

export async function seedInsightsOrg(server: TestServer): Promise<InsightsOrg> {
  const knex = server.container.knex;
  const at = Date.now();
  const admin = await person(server, 'Lena', 'Zero');
  const leadAlpha = await person(server, 'Ada', 'Alpha');
  const leadGamma = await person(server, 'Carl', 'Gamma');
  const member = await person(server, 'Abel', 'One');
  await knex('users').where({ id: admin.id }).update({ role: 'admin' });
  for (const p of [leadAlpha, leadGamma, member]) await knex('users').where({ id: p.id }).update({ role: 'member' });
  const workspaceId = (await knex('users').where({ id: admin.id }).first()).workspace_id as string;
  // Anyone else who signed up in this workspace before (none in a fresh database) would count too.
  const people: Record<string, string> = { L0: admin.id, La: leadAlpha.id, Lc: leadGamma.id, a1: member.id };
  for (const key of ['Lb', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3', 'c1', 'X']) {
    const id = newId();
    const email = `${key.toLowerCase()}-${id.slice(0, 8)}@example.com`;
    await knex('users').insert({ id, workspace_id: workspaceId, email, email_lower: email, first_name: key, last_name: 'Person', role: 'member', status: 'active', created_at: at - 2 * DAY, updated_at: at - 2 * DAY });
    people[key] = id;
  }
  const entity = async (name: string, position: number) => {
    const id = newId();
    await knex('org_entities').insert({ id, workspace_id: workspaceId, system_key: null, name, position, archived_at: null, created_at: at, updated_at: at });
    return id;
  };
  const company = await entity('Company', 90);
  const projects = await entity('Projects', 91);
  const node = async (entityId: string, name: string, parentId: string | null, position: number, leads: string[], members: string[]) => {
    const id = newId();
    await knex('org_nodes').insert({ id, workspace_id: workspaceId, entity_id: entityId, parent_id: parentId, name, description: null, position, archived_at: null, created_at: at, updated_at: at });
    for (const [role, list] of [['lead', leads], ['member', members]] as const) {
      for (const key of list) await knex('org_memberships').insert({ id: newId(), workspace_id: workspaceId, node_id: id, user_id: people[key], role, created_at: at - DAY });
    }
    return id;
  };
  const nodes = {
    company: await node(company, 'Company', null, 0, ['L0'], []),
    alpha: '',
    beta: '',
    gamma: '',
    project: await node(projects, 'Project X', null, 0, [], ['a1']),
    guild: await node(projects, 'Guild', null, 1, ['Lb'], ['b1']),
  };
  nodes.alpha = await node(company, 'Alpha', nodes.company, 0, ['La'], ['a1', 'a2', 'a3', 'a4', 'a5']);
  nodes.beta = await node(company, 'Beta', nodes.company, 1, ['Lb'], ['b1', 'b2', 'b3']);
  nodes.gamma = await node(company, 'Gamma', nodes.company, 2, ['Lc'], ['c1']);
  await knex('processing_restrictions').insert({ id: newId(), workspace_id: workspaceId, user_id: people.a5, request_id: null, created_at: at - DAY, lifted_at: null });

  // Feedback (an hour ago): giver -> recipient [Values].
  const feedback: Array<[string, string, string[]]> = [
    ['a1', 'b1', ['Courage']],
    ['a1', 'b2', []],
    ['a3', 'c1', []],
    ['b1', 'a1', []],
    ['c1', 'a1', ['Courage']],
    ['c1', 'b1', []],
    ['L0', 'La', ['Care']],
    ['a5', 'b3', ['Care']], // given by a restricted person: left out
    ['b2', 'a5', []], // about a restricted person: left out
  ];
  for (const [giver, recipient, values] of feedback) {
    const id = newId();
    await knex('feedback').insert({ id, workspace_id: workspaceId, giver_id: people[giver], recipient_id: people[recipient], body: 'secret words', visibility: 'private', created_at: at - 3_600_000 });
    for (const value of values) await knex('feedback_values').insert({ feedback_id: id, workspace_id: workspaceId, value });
  }

  // 1:1 pairs and the days they met (UTC midnights, days ago); open action items (age in days).
  const midnight = Math.floor(at / DAY) * DAY;
  const pairs: Array<[string, string, number[], Array<{ ageDays: number; done?: boolean }>]> = [
    ['La', 'a1', [3, 10, 40], [{ ageDays: 10 }]],
    ['La', 'a3', [20], []],
    ['La', 'a4', [60], [{ ageDays: 60 }, { ageDays: 59, done: true }]],
    ['Lb', 'b1', [5, 12], []],
    ['L0', 'La', [1], []],
    ['La', 'a5', [1], [{ ageDays: 1 }]], // a restricted participant: left out
  ];
  for (const [a, b, days, items] of pairs) {
    const pairId = newId();
    await knex('one_on_ones').insert({ id: pairId, workspace_id: workspaceId, person_a_id: people[a], person_b_id: people[b], created_by: null, created_at: at - 90 * DAY });
    let first: string | undefined;
    for (const d of days) {
      const meetingId = newId();
      first ??= meetingId;
      await knex('one_on_one_meetings').insert({ id: meetingId, workspace_id: workspaceId, one_on_one_id: pairId, held_on: midnight - d * DAY, shared_notes: 'agenda text', created_by: null, created_at: at, updated_at: at });
    }
    for (const [i, item] of items.entries()) {
      await knex('one_on_one_items').insert({ id: newId(), workspace_id: workspaceId, meeting_id: first!, kind: 'action_item', body: 'item text', owner_id: null, done: Boolean(item.done), carried_from_id: null, author_id: null, position: i, created_at: at - item.ageDays * DAY, updated_at: at, done_at: item.done ? at : null });
    }
  }

  // Sections: Alpha has its Purpose and Goals; Beta has a Processes section untouched for 100 days.
  const section = async (nodeId: string, kind: string, updatedDaysAgo: number) => {
    const id = newId();
    await knex('sections').insert({ id, workspace_id: workspaceId, node_id: nodeId, person_id: null, kind, title: kind, body: 'text', visibility: 'public', position: 0, revision: 1, created_by: null, updated_by: null, created_at: at - updatedDaysAgo * DAY, updated_at: at - updatedDaysAgo * DAY });
    return id;
  };
  await section(nodes.alpha, 'purpose', 1);
  await section(nodes.alpha, 'goals', 1);
  const betaProcesses = await section(nodes.beta, 'processes', 100);

  // Comments: two on Alpha's page (a1, La), one by a5 (restricted, left out), one on Beta's section (b1).
  const comment = async (o: { nodeId?: string; sectionId?: string; author: string }) =>
    knex('comments').insert({ id: newId(), workspace_id: workspaceId, node_id: o.nodeId ?? null, section_id: o.sectionId ?? null, author_id: people[o.author], body: 'comment text', created_at: at - 3_600_000, updated_at: at - 3_600_000, edited_at: null });
  await comment({ nodeId: nodes.alpha, author: 'a1' });
  await comment({ nodeId: nodes.alpha, author: 'La' });
  await comment({ nodeId: nodes.alpha, author: 'a5' });
  await comment({ sectionId: betaProcesses, author: 'b1' });

  return { workspaceId, people, nodes, clients: { admin, leadAlpha, leadGamma, member } };
}
