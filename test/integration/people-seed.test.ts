import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, node, person, section, type Person } from '../support/people.js';
import { seedPeopleHalf } from '../../server/components/people/people.seed.js';

/** mulberry32: a tiny seeded generator, so two runs draw the same sequence. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

forEachDialect('demo seed of the people half', (dialect) => {
  let server: TestServer;
  let people: Person[];
  let nodeId: string;
  let sectionId: string;
  before(async () => {
    server = await startTestServer(dialect);
    people = [];
    for (const name of ['Ada', 'Bob', 'Cy', 'Di', 'Ed', 'Flo']) people.push(await person(server, name, 'Demo'));
    nodeId = await node(server, { name: 'Demo team', leads: [people[0]!], members: people.slice(1) });
    sectionId = await section(server, { nodeId, title: 'Goals', body: 'Ship it', visibility: 'public' });
  });
  after(async () => server?.close());

  it('when the seed runs, then 1:1s, feedback, discussions and notifications exist, and private notes stay their author’s', async () => {
    const workspaceId = (await server.container.services.workspaces.getPrimary()).id;
    const report = await seedPeopleHalf(server.container.knex, {
      workspaceId,
      random: seeded(42),
      now: Date.UTC(2026, 10, 30),
      people: people.map((p) => ({ id: p.id, email: p.email })),
      reports: people.slice(1).map((p) => ({ leadId: people[0]!.id, memberId: p.id })),
      nodeIds: [nodeId],
      sectionIds: [sectionId],
      values: ['Candor', 'Ownership'],
    });
    assert.equal(report.oneOnOnes, 3);
    assert.equal(await count(server, 'one_on_one_meetings'), report.meetings);
    assert.equal(await count(server, 'feedback'), 12);
    assert.equal(await count(server, 'comments'), 6);
    const member = people[1]!;
    const pairs = (await member.client.get('/api/v1/one-on-ones')).json().oneOnOnes;
    for (const pair of pairs) {
      const detail = (await member.client.get(`/api/v1/one-on-ones/${pair.id}`)).json();
      for (const m of detail.meetings) assert.equal((await member.client.get(`/api/v1/one-on-ones/${pair.id}/meetings/${m.id}`)).json().privateNote, '', 'the lead’s seeded private notes are not the member’s');
    }
    assert.equal((await member.client.get('/api/v1/search?q=ship')).status, 200);
  });

  it('when a person receives several feedback items, then no two of them have the same text', async () => {
    const workspaceId = (await server.container.services.workspaces.createSandbox('Seed praise', Date.now() + 86_400_000)).id;
    // Eight items a person over six people: about eight each from the pool of 16 texts.
    await seedPeopleHalf(server.container.knex, { workspaceId, random: seeded(3), now: Date.UTC(2026, 10, 30), people: people.map((p) => ({ id: p.id, email: p.email })), reports: [], nodeIds: [nodeId], sectionIds: [], values: [], feedbackPerPerson: 8 });
    const received = await server.container.knex('feedback').where({ workspace_id: workspaceId }).select('recipient_id', 'body');
    const byRecipient = new Map<string, string[]>();
    for (const row of received) byRecipient.set(row.recipient_id, [...(byRecipient.get(row.recipient_id) ?? []), row.body]);
    assert.ok([...byRecipient.values()].some((bodies) => bodies.length >= 4), 'someone receives several feedback items');
    for (const [recipient, bodies] of byRecipient) assert.equal(new Set(bodies).size, bodies.length, `${recipient} received the same text twice`);
  });

  it('when the seed runs twice with the same seed value, then it draws the same content', async () => {
    const run = async (workspaceId: string) => {
      await seedPeopleHalf(server.container.knex, { workspaceId, random: seeded(7), now: Date.UTC(2026, 10, 30), people: people.map((p) => ({ id: p.id, email: p.email })), reports: [], nodeIds: [nodeId], sectionIds: [], values: ['Candor'] });
      const feedback = await server.container.knex('feedback').where({ workspace_id: workspaceId }).orderBy(['created_at', 'body']).select('giver_id', 'recipient_id', 'body', 'visibility', 'created_at');
      const comments = await server.container.knex('comments').where({ workspace_id: workspaceId }).orderBy(['created_at', 'body']).select('author_id', 'body', 'created_at');
      return { feedback, comments };
    };
    const first = await run((await server.container.services.workspaces.createSandbox('Seed A', Date.now() + 86_400_000)).id);
    const second = await run((await server.container.services.workspaces.createSandbox('Seed B', Date.now() + 86_400_000)).id);
    assert.ok(first.feedback.length > 0);
    assert.deepEqual(second, first);
  });
});
