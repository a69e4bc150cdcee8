import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient } from '../support/http.js';
import { count, makeAdmin, outsider, person, type Person } from '../support/people.js';
import { explorerNodesPerEntity } from '../../server/components/org/org.service.js';

forEachDialect('org entities, nodes, memberships and links', (dialect) => {
  let server: TestServer;
  let admin: Person;
  let lead: Person;
  let member: Person;
  let other: Person;
  let teams: string;
  let products: string;

  before(async () => {
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    lead = await person(server, 'Lea', 'Lead');
    member = await person(server, 'Max', 'Member');
    other = await person(server, 'Olga', 'Other');
    const entities = (await admin.client.get('/api/v1/entities')).json().entities as Array<{ id: string; key: string }>;
    teams = entities.find((e) => e.key === 'teams')!.id;
    products = entities.find((e) => e.key === 'products')!.id;
  });
  after(async () => server?.close());

  const createNode = async (body: Record<string, unknown>, who = admin) => who.client.sendJson('POST', '/api/v1/nodes', body);

  it('when a workspace starts, then it has Departments, Teams, Products, Projects and Offices in that order, named in the reader\'s language', async () => {
    const en = (await member.client.get('/api/v1/entities')).json().entities;
    assert.deepEqual(en.map((e: { key: string }) => e.key), ['departments', 'teams', 'products', 'projects', 'offices']);
    assert.equal(en[0].name, 'Departments');
    const fr = (await member.client.get('/api/v1/entities', { 'accept-language': 'fr' })).json().entities;
    await member.client.sendJson('PATCH', '/api/v1/me', { language: 'fr' });
    const frPage = await member.client.get('/org');
    assert.match(frPage.text, /Départements/);
    assert.match(frPage.text, /Explorateur d&#39;organisation|Explorateur d'organisation/);
    await member.client.sendJson('PATCH', '/api/v1/me', { language: 'en' });
    assert.ok(fr.length === 5);
  });

  it('when an admin adds, renames, reorders and archives entities, then the explorer follows; a member is refused with 403 and nothing changes', async () => {
    const created = await admin.client.sendJson('POST', '/api/v1/entities', { name: 'Guilds' });
    assert.equal(created.status, 201, created.text);
    const guilds = created.json().id;
    assert.equal((await admin.client.sendJson('PATCH', `/api/v1/entities/${guilds}`, { name: 'Chapters' })).json().name, 'Chapters');
    const all = (await admin.client.get('/api/v1/entities?archived=true')).json().entities.map((e: { id: string }) => e.id);
    const reordered = [guilds, ...all.filter((id: string) => id !== guilds)];
    const order = await admin.client.sendJson('PUT', '/api/v1/entities/order', { ids: reordered });
    assert.equal(order.status, 200, order.text);
    assert.equal(order.json().entities[0].name, 'Chapters');
    assert.equal((await admin.client.sendJson('PUT', '/api/v1/entities/order', { ids: [guilds] })).status, 400);

    const before = await count(server, 'org_entities');
    assert.equal((await member.client.sendJson('POST', '/api/v1/entities', { name: 'Mine' })).status, 403);
    assert.equal((await member.client.sendJson('PATCH', `/api/v1/entities/${guilds}`, { name: 'Hacked' })).status, 403);
    assert.equal(await count(server, 'org_entities'), before);

    await admin.client.sendJson('PATCH', `/api/v1/entities/${guilds}`, { archived: true });
    const visible = (await member.client.get('/api/v1/entities')).json().entities.map((e: { id: string }) => e.id);
    assert.ok(!visible.includes(guilds));
    const page = await admin.client.get('/org/manage');
    assert.match(page.text, /Chapters/);
    assert.equal((await member.client.get('/org/manage')).status, 403);
  });

  it('when nodes form a hierarchy, then a parent must be in the same entity and a cycle is refused with 400 naming parentId', async () => {
    const eng = (await createNode({ entityId: teams, name: 'Engineering' })).json();
    const platform = (await createNode({ entityId: teams, name: 'Platform', parentId: eng.id })).json();
    const infra = (await createNode({ entityId: teams, name: 'Infrastructure', parentId: platform.id })).json();
    const cycle = await admin.client.sendJson('PATCH', `/api/v1/nodes/${eng.id}`, { parentId: infra.id });
    assert.equal(cycle.status, 400);
    assert.ok(cycle.json().error.fields.parentId);
    assert.equal((await admin.client.sendJson('PATCH', `/api/v1/nodes/${eng.id}`, { parentId: eng.id })).status, 400);
    assert.equal((await admin.client.get(`/api/v1/nodes/${eng.id}`)).json().parentId, null);
    const product = (await createNode({ entityId: products, name: 'Atlas' })).json();
    const crossParent = await createNode({ entityId: teams, name: 'Wrong', parentId: product.id });
    assert.equal(crossParent.status, 400);
    assert.ok(crossParent.json().error.fields.parentId);
    const unknownEntity = await createNode({ entityId: '00000000-0000-0000-0000-000000000000', name: 'X' });
    assert.equal(unknownEntity.status, 400);
    assert.ok(unknownEntity.json().error.fields.entityId);
    assert.equal((await createNode({ entityId: teams, name: 'Nope' }, member)).status, 403);
    const page = await admin.client.get(`/org/nodes/${infra.id}`);
    assert.match(page.text, /Engineering<\/a> › <a href="\/org\/nodes\/[^"]+">Platform/);
    // The form shows the same refusal as a page with the field message.
    const form = await admin.client.postForm(`/org/nodes/${eng.id}`, { name: 'Engineering', description: '', parentId: infra.id });
    assert.equal(form.status, 400);
    assert.match(form.text, /inside itself/);
  });

  it('when people join a node as leads and members, then the tree shows every lead and the member count', async () => {
    const node = (await createNode({ entityId: teams, name: 'Payments' })).json();
    for (const [p, role] of [[lead, 'lead'], [other, 'lead'], [member, 'member']] as const) {
      const reply = await admin.client.sendJson('PUT', `/api/v1/nodes/${node.id}/members/${p.id}`, { role });
      assert.equal(reply.status, 200, reply.text);
    }
    const tree = (await member.client.get(`/api/v1/entities/${teams}`)).json().nodes.find((n: { id: string }) => n.id === node.id);
    assert.equal(tree.memberCount, 3);
    assert.deepEqual(tree.leads.map((l: { firstName: string }) => l.firstName).sort(), ['Lea', 'Olga']);
    const explorer = await member.client.get('/org');
    assert.match(explorer.text, /Payments<\/a>\s*<span class="meta">Lea Lead, Olga Other · 3 members/);
    // A lead manages members; a plain member cannot.
    assert.equal((await member.client.sendJson('DELETE', `/api/v1/nodes/${node.id}/members/${other.id}`, {})).status, 403);
    assert.equal((await lead.client.sendJson('PUT', `/api/v1/nodes/${node.id}/members/${other.id}`, { role: 'member' })).status, 200);
    assert.equal((await lead.client.sendJson('PUT', `/api/v1/nodes/${node.id}/members/${other.id}`, { role: 'boss' })).status, 400);
    const memberships = (await member.client.get(`/api/v1/people/${member.id}/memberships`)).json().memberships;
    assert.ok(memberships.some((m: { node: { name: string } }) => m.node.name === 'Payments'));
  });

  it('when memberships are added, re-roled, removed, written in bulk, moved and erased, then every node keeps its member count right', async () => {
    const knex = server.container.knex;
    const drift = async () =>
      (await knex('org_nodes as n').select('n.id', 'n.member_count').whereRaw('n.member_count <> (select count(*) from org_memberships m where m.node_id = n.id)')) as unknown[];
    const node = (await createNode({ entityId: teams, name: 'Counted' })).json();
    const target = (await createNode({ entityId: teams, name: 'Counted too' })).json();
    for (const p of [lead, member, other]) await admin.client.sendJson('PUT', `/api/v1/nodes/${node.id}/members/${p.id}`, { role: 'member' });
    await admin.client.sendJson('PUT', `/api/v1/nodes/${node.id}/members/${lead.id}`, { role: 'lead' });
    const countOf = async (id: string) => Number((await knex('org_nodes').where({ id }).first()).member_count);
    assert.equal(await countOf(node.id), 3, 'a role change is not a new member');
    assert.equal((await admin.client.sendJson('DELETE', `/api/v1/nodes/${node.id}/members/${other.id}`, {})).status, 204);
    assert.equal(await countOf(node.id), 2);
    const workspaceId = (await knex('org_nodes').where({ id: node.id }).first()).workspace_id;
    await knex('org_memberships').insert([other, admin].map((p, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, workspace_id: workspaceId, node_id: target.id, user_id: p.id, role: 'member', created_at: Date.now() })));
    assert.equal(await countOf(target.id), 2);
    await knex('org_memberships').where({ node_id: target.id, user_id: admin.id }).update({ node_id: node.id });
    assert.deepEqual([await countOf(node.id), await countOf(target.id)], [3, 1]);
    // Erasure and the account purge remove a person's rows through the data map: a plain delete by user.
    await knex('org_memberships').where({ user_id: admin.id }).delete();
    assert.deepEqual([await countOf(node.id), await countOf(target.id)], [2, 1]);
    assert.deepEqual(await drift(), []);
    const tree = (await member.client.get(`/api/v1/entities/${teams}`)).json().nodes.find((n: { id: string }) => n.id === node.id);
    assert.equal(tree.memberCount, 2);
  });

  it('when an entity has more top-level nodes than the explorer shows, then it shows the first ones in order and a link to all of them', async () => {
    const created = await admin.client.sendJson('POST', '/api/v1/entities', { name: 'Chapters of many' });
    const entityId = created.json().id;
    for (let i = 0; i < explorerNodesPerEntity + 2; i += 1) await createNode({ entityId, name: `Chapter ${String(i).padStart(2, '0')}` });
    const explorer = (await member.client.get('/org')).text;
    const section = explorer.slice(explorer.indexOf(`id="entity-${entityId}"`), explorer.indexOf('</section>', explorer.indexOf(`id="entity-${entityId}"`)));
    assert.equal(section.match(/>Chapter \d+<\/a>/g)?.length, explorerNodesPerEntity);
    assert.match(section, />Chapter 00<\/a>/);
    assert.doesNotMatch(section, new RegExp(`>Chapter ${explorerNodesPerEntity + 1}</a>`));
    assert.match(section, new RegExp(`<a href="/org/entities/${entityId}">Show all ${explorerNodesPerEntity + 2}`));
    const all = (await member.client.get(`/org/entities/${entityId}`)).text;
    assert.equal(all.match(/>Chapter \d+<\/a>/g)?.length, explorerNodesPerEntity + 2);
  });

  it('when a team is linked to a product, then both pages show the link; same-entity and duplicate links are refused', async () => {
    const team = (await createNode({ entityId: teams, name: 'Checkout' })).json();
    const product = (await createNode({ entityId: products, name: 'Storefront' })).json();
    const sibling = (await createNode({ entityId: teams, name: 'Search' })).json();
    const created = await admin.client.sendJson('POST', `/api/v1/nodes/${team.id}/links`, { nodeId: product.id });
    assert.equal(created.status, 201, created.text);
    assert.match((await member.client.get(`/org/nodes/${team.id}`)).text, /Storefront/);
    assert.match((await member.client.get(`/org/nodes/${product.id}`)).text, /Checkout/);
    assert.equal((await member.client.get(`/api/v1/nodes/${product.id}/links`)).json().links[0].node.name, 'Checkout');
    assert.equal((await admin.client.sendJson('POST', `/api/v1/nodes/${product.id}/links`, { nodeId: team.id })).status, 409);
    assert.equal((await admin.client.sendJson('POST', `/api/v1/nodes/${team.id}/links`, { nodeId: sibling.id })).status, 400);
    assert.equal((await member.client.sendJson('DELETE', `/api/v1/links/${created.json().id}`, {})).status, 403);
    assert.equal((await admin.client.sendJson('DELETE', `/api/v1/links/${created.json().id}`, {})).status, 204);
    assert.equal((await member.client.get(`/api/v1/nodes/${product.id}/links`)).json().links.length, 0);
  });

  it('when the org chart is asked for, then it is an SVG with one focusable box per node, its leads and reporting lines', async () => {
    const root = (await createNode({ entityId: teams, name: 'Chart Root' })).json();
    await createNode({ entityId: teams, name: 'Chart Child', parentId: root.id });
    await admin.client.sendJson('PUT', `/api/v1/nodes/${root.id}/members/${lead.id}`, { role: 'lead' });
    const svg = await member.client.get(`/org/entities/${teams}/chart.svg?download=1`);
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type')!, /image\/svg\+xml/);
    assert.match(svg.headers.get('content-disposition')!, /attachment/);
    assert.match(svg.text, /^<\?xml/);
    assert.match(svg.text, /<a href="\/org\/nodes\/[^"]+" class="chart-node"[^>]*aria-label="Chart Root. Lead: Lea Lead. 1 member · 1 in total"/);
    assert.match(svg.text, /<path d="M/);
    assert.doesNotMatch(svg.text, /style=|<script/);
    const page = await member.client.get(`/org/entities/${teams}`);
    assert.match(page.text, /data-org-chart><svg/);
  });

  it('when someone from another workspace uses ids of this one, then every answer is 404 and nothing changes', async () => {
    const stranger = await outsider(server);
    const node = (await createNode({ entityId: teams, name: 'Secret Team' })).json();
    assert.equal((await stranger.client.get(`/api/v1/nodes/${node.id}`)).status, 404);
    assert.equal((await stranger.client.get(`/api/v1/entities/${teams}`)).status, 404);
    assert.equal((await stranger.client.get(`/org/nodes/${node.id}`)).status, 404);
    assert.equal((await stranger.client.get(`/org/entities/${teams}/chart.svg`)).status, 404);
    // Their own workspace starts with its own default entities.
    const theirs = (await stranger.client.get('/api/v1/entities')).json().entities;
    assert.equal(theirs.length, 5);
    assert.ok(!theirs.some((e: { id: string }) => e.id === teams));
    const adminOfSandbox = stranger;
    await makeAdmin(server, adminOfSandbox);
    const before = await count(server, 'org_memberships');
    assert.equal((await adminOfSandbox.client.sendJson('PUT', `/api/v1/nodes/${node.id}/members/${adminOfSandbox.id}`, { role: 'lead' })).status, 404);
    assert.equal(await count(server, 'org_memberships'), before);
  });

  it('when input is malformed (oversized names, bad JSON, unknown fields), then 4xx with the field named', async () => {
    const long = await admin.client.sendJson('POST', '/api/v1/nodes', { entityId: teams, name: 'x'.repeat(151) });
    assert.equal(long.status, 400);
    assert.ok(long.json().error.fields.name);
    const extra = await admin.client.sendJson('POST', '/api/v1/nodes', { entityId: teams, name: 'Ok', evil: true });
    assert.equal(extra.status, 400);
    const malformed = await admin.client.sendJson('POST', '/api/v1/nodes', '{"name": ');
    assert.equal(malformed.status, 400);
    assert.equal((await new TestClient(server.url).get('/api/v1/entities')).status, 401);
  });

  it('when a dimension has no node yet, then the explorer says so and tells a member who adds them, and offers an admin to add the first', async () => {
    const { id } = (await admin.client.sendJson('POST', '/api/v1/entities', { name: 'Guilds' })).json();
    assert.ok(id);
    const card = (text: string) => text.split(`aria-labelledby="entity-${id}"`)[1]?.split('</section>')[0] ?? '';
    const seenByMember = card((await member.client.get('/org')).text);
    assert.match(seenByMember, /<strong>No nodes yet.<\/strong><p>An admin adds them/);
    assert.doesNotMatch(seenByMember, /#add-node/);
    const seenByAdmin = card((await admin.client.get('/org')).text);
    assert.match(seenByAdmin, new RegExp(`<a class="button primary" href="/org/entities/${id}#add-node">Add the first one</a>`));
    const entityForAdmin = (await admin.client.get(`/org/entities/${id}`)).text;
    assert.match(entityForAdmin, /<h2 class="card-title" id="add-node">/, 'the link lands on the form');
    assert.match(entityForAdmin, /<strong>No nodes yet.<\/strong>[\s\S]*<a class="button primary" href="#add-node">Add the first one<\/a>/, 'the dimension\'s own page says the same');
    assert.doesNotMatch(entityForAdmin, /data-org-chart/, 'no empty chart under it');
    const entityForMember = (await member.client.get(`/org/entities/${id}`)).text;
    assert.match(entityForMember, /<strong>No nodes yet.<\/strong><p>An admin adds them/);
    assert.doesNotMatch(entityForMember, /add-node/);
  });
});
