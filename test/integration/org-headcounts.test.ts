// Direct and total headcounts (org_nodes.member_count, total_count) on both dialects: after every
// write path (the JSON API, node moves, SCIM, erasure, multi-row statements as the demo seed
// writes them) each node's numbers equal a recount from scratch, and a person with several
// memberships in one subtree counts once there.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeAdmin, person, type Person } from '../support/people.js';
import { cliActor } from '../../server/components/audit/audit.service.js';
import { newId } from '../../server/platform/ids.js';
import { seedDemo } from '../../server/components/demo/demo.seed.js';
import { assertHeadcountsEqualRecount } from '../support/org-recount.js';

forEachDialect('org headcounts (direct and total) kept by triggers', (dialect) => {
  let server: TestServer;
  let admin: Person;
  let people: Person[];
  let teams: string;
  const ids: Record<string, string> = {};

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    people = [];
    for (const name of ['Paul', 'Pia', 'Pete', 'Prue']) people.push(await person(server, name, 'Count'));
    const entities = (await admin.client.get('/api/v1/entities')).json().entities as Array<{ id: string; key: string }>;
    teams = entities.find((e) => e.key === 'teams')!.id;
    const create = async (name: string, parentId: string | null) => {
      const reply = await admin.client.sendJson('POST', '/api/v1/nodes', { entityId: teams, name, parentId });
      assert.equal(reply.status, 201, reply.text);
      ids[name] = reply.json().id;
    };
    await create('Root', null);
    await create('A', ids.Root!);
    await create('B', ids.A!);
    await create('C', ids.Root!);
  });
  after(async () => server?.close());

  /** What the API says, by node name. */
  async function counts(entityId = teams): Promise<Record<string, [number, number]>> {
    const reply = await admin.client.get(`/api/v1/entities/${entityId}`);
    assert.equal(reply.status, 200, reply.text);
    return Object.fromEntries(reply.json().nodes.map((n: { name: string; memberCount: number; totalCount: number }) => [n.name, [n.memberCount, n.totalCount]]));
  }

  /** Every node's stored numbers equal a recount from the memberships and the parent links. */
  const assertStoredEqualsRecount = () => assertHeadcountsEqualRecount(server.container.knex);

  const put = async (node: string, who: Person, role: 'lead' | 'member') => {
    const reply = await admin.client.sendJson('PUT', `/api/v1/nodes/${ids[node]}/members/${who.id}`, { role });
    assert.equal(reply.status, 200, reply.text);
  };

  it('when people join nodes, one of them in two sub-teams, then direct counts the node and total counts each person once in the subtree', async () => {
    const [paul, pia] = people as [Person, Person];
    await put('B', paul, 'member');
    await put('A', pia, 'lead');
    await put('C', paul, 'member');
    assert.deepEqual(await counts(), { Root: [0, 2], A: [1, 2], B: [1, 1], C: [1, 1] });
    await assertStoredEqualsRecount();
    // The explorer, the entity page and the chart show both numbers.
    const explorer = await admin.client.get('/org');
    assert.match(explorer.text, /Root<\/a>\s*<span class="meta">[^<]*0 members · 2 in total/);
  });

  it('when a membership is re-roled, then no headcount changes', async () => {
    await put('B', people[0]!, 'lead');
    assert.deepEqual(await counts(), { Root: [0, 2], A: [1, 2], B: [1, 1], C: [1, 1] });
    await assertStoredEqualsRecount();
  });

  it('when a node moves under another parent, then both the old and the new ancestors are recounted', async () => {
    const moved = await admin.client.sendJson('PATCH', `/api/v1/nodes/${ids.B}`, { parentId: ids.C });
    assert.equal(moved.status, 200, moved.text);
    // Paul is in B and C: once in C's subtree; A keeps only Pia.
    assert.deepEqual(await counts(), { Root: [0, 2], A: [1, 1], B: [1, 1], C: [1, 1] });
    await assertStoredEqualsRecount();
    await admin.client.sendJson('PATCH', `/api/v1/nodes/${ids.B}`, { parentId: ids.A });
    assert.deepEqual(await counts(), { Root: [0, 2], A: [1, 2], B: [1, 1], C: [1, 1] });
  });

  it('when memberships are removed, then a person leaves a total only with their last membership in that subtree', async () => {
    const paul = people[0]!;
    assert.equal((await admin.client.sendJson('DELETE', `/api/v1/nodes/${ids.C}/members/${paul.id}`, {})).status, 204);
    assert.deepEqual(await counts(), { Root: [0, 2], A: [1, 2], B: [1, 1], C: [0, 0] });
    assert.equal((await admin.client.sendJson('DELETE', `/api/v1/nodes/${ids.B}/members/${paul.id}`, {})).status, 204);
    assert.deepEqual(await counts(), { Root: [0, 1], A: [1, 1], B: [0, 0], C: [0, 0] });
    await assertStoredEqualsRecount();
  });

  it('when a membership row is moved to another node, or several rows of one person are written in one statement, then the totals stay right', async () => {
    const knex = server.container.knex;
    const pete = people[2]!;
    const workspaceId = (await knex('users').where({ id: pete.id }).first()).workspace_id;
    const at = Date.now();
    // One multi-row statement, as the demo seed writes: Pete in B and in C, both under Root.
    await knex('org_memberships').insert([
      { id: newId(), workspace_id: workspaceId, node_id: ids.B, user_id: pete.id, role: 'member', created_at: at },
      { id: newId(), workspace_id: workspaceId, node_id: ids.C, user_id: pete.id, role: 'member', created_at: at },
    ]);
    assert.deepEqual(await counts(), { Root: [0, 2], A: [1, 2], B: [1, 1], C: [1, 1] });
    await knex('org_memberships').where({ user_id: pete.id, node_id: ids.C }).update({ node_id: ids.A });
    assert.deepEqual(await counts(), { Root: [0, 2], A: [2, 2], B: [1, 1], C: [0, 0] });
    await knex('org_memberships').where({ user_id: pete.id }).delete();
    assert.deepEqual(await counts(), { Root: [0, 1], A: [1, 1], B: [0, 0], C: [0, 0] });
    await assertStoredEqualsRecount();
  });

  it('when SCIM provisions a group with members and the group is placed under a node, then the headcounts include them', async () => {
    const token = (await server.container.services.scimTokens.create('test IdP', cliActor)).token;
    const scim = async (method: string, path: string, body: unknown) => {
      const reply = await fetch(`${server.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
      return { status: reply.status, body: await reply.json() };
    };
    const [, pia, pete, prue] = people as [Person, Person, Person, Person];
    const group = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Provisioned', members: [{ value: pete.id }, { value: prue.id }, { value: pia.id }] });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    ids.Provisioned = group.body.id;
    assert.deepEqual((await counts()).Provisioned, [3, 3]);
    assert.equal((await admin.client.sendJson('PATCH', `/api/v1/nodes/${ids.Provisioned}`, { parentId: ids.C })).status, 200);
    // Pia is already counted under Root (lead of A).
    assert.deepEqual(await counts(), { Root: [0, 3], A: [1, 1], B: [0, 0], C: [0, 3], Provisioned: [3, 3] });
    const removed = await scim('PATCH', `/Groups/${ids.Provisioned}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: `members[value eq "${prue.id}"]` }] });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.deepEqual(await counts(), { Root: [0, 2], A: [1, 1], B: [0, 0], C: [0, 2], Provisioned: [2, 2] });
    await assertStoredEqualsRecount();
  });

  it('when the demo organization is seeded (multi-row inserts of nodes and memberships), then every stored headcount equals a recount', async function () {
    this.timeout(120_000);
    const sandbox = await server.container.services.workspaces.createSandbox('Headcount demo', Date.now() + 86_400_000);
    await seedDemo(server.container.knex, server.container.services.org, { workspaceId: sandbox.id, people: 120, seed: 3 });
    await assertStoredEqualsRecount();
    const company = await server.container.knex('org_nodes').where({ workspace_id: sandbox.id, name: 'Company' }).first();
    // The company holds only leads directly, and every department lead below it in total.
    assert.ok(Number(company.total_count) > Number(company.member_count), `total ${company.total_count} > direct ${company.member_count}`);
  });

  it('when a person is erased, then they leave every headcount', async () => {
    const pia = people[1]!;
    await server.container.services.erasure.erase(pia.id, cliActor);
    assert.deepEqual(await counts(), { Root: [0, 1], A: [0, 0], B: [0, 0], C: [0, 1], Provisioned: [1, 1] });
    await assertStoredEqualsRecount();
  });
});
