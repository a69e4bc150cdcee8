// The organization's manage pages (issue 22). "Manage entities": each dimension is a row an admin can
// scan, with its name linked to its page and how many nodes it holds; archiving asks first (it hides
// the dimension from everyone); a rename that fails says why beside the field it came from and changes
// nothing. A node's Manage tab: members, links, editors and settings each in a card with its add form
// under its list, and archiving apart in a danger zone that says what archiving does. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeAdmin, node, person, type Person } from '../support/people.js';

/** What a person reads: the text of the page, without tags and attributes. */
const visibleText = (page: string) => page.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

forEachDialect('the manage entities page', (dialect) => {
  let server: TestServer;
  let admin: Person;
  let entities: Array<{ id: string; key: string; name: string }>;
  const entity = (key: string) => entities.find((e) => e.key === key)!;
  before(async () => {
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    entities = (await admin.client.get('/api/v1/entities')).json().entities;
    const eng = await node(server, { name: 'Engineering' });
    const teams = entity('teams').id;
    await server.container.knex('org_nodes').where({ id: eng }).update({ entity_id: teams });
    const platform = await node(server, { name: 'Platform' });
    await server.container.knex('org_nodes').where({ id: platform }).update({ entity_id: teams, parent_id: eng });
  });
  after(async () => server?.close());

  it('when an admin opens it, then each entity is a row with its name linked to its page and its node count, and archiving asks first', async () => {
    const page = await admin.client.get('/org/manage');
    assert.equal(page.status, 200);
    const teams = entity('teams');
    const row = page.text.slice(page.text.indexOf(`id="entity-${teams.id}"`), page.text.indexOf('</li>', page.text.indexOf(`id="entity-${teams.id}"`)));
    assert.match(row, new RegExp(`<a href="/org/entities/${teams.id}">Teams</a>`));
    assert.match(visibleText(row), /2 nodes/);
    assert.match(visibleText(page.text), /Offices No nodes/);
    assert.match(row, /data-confirm="Archive Teams\?[^"]*"/);
    const fr = await admin.client.get('/org/manage', { 'accept-language': 'fr' });
    assert.match(visibleText(fr.text), /Équipes 2 nœuds/);
  });

  it('when an entity is archived, then its row says so and offers to restore it without asking', async () => {
    const offices = entity('offices');
    await admin.client.sendJson('PATCH', `/api/v1/entities/${offices.id}`, { archived: true });
    const page = await admin.client.get('/org/manage');
    const row = page.text.slice(page.text.indexOf(`id="entity-${offices.id}"`), page.text.indexOf('</li>', page.text.indexOf(`id="entity-${offices.id}"`)));
    assert.match(visibleText(row), /Offices Archived/);
    assert.match(row, /<button type="submit"[^>]*>Restore from archive<\/button>/);
    assert.doesNotMatch(row, /data-confirm/);
    await admin.client.sendJson('PATCH', `/api/v1/entities/${offices.id}`, { archived: false });
  });

  it('when a rename is empty, then the page answers 400 with the reason beside that row\'s field, and the name is unchanged', async () => {
    const products = entity('products');
    const reply = await admin.client.postForm(`/org/entities/${products.id}`, { name: '  ' });
    assert.equal(reply.status, 400);
    const row = reply.text.slice(reply.text.indexOf(`id="entity-${products.id}"`), reply.text.indexOf('</li>', reply.text.indexOf(`id="entity-${products.id}"`)));
    assert.match(row, new RegExp(`id="rename-${products.id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="rename-${products.id}"`));
    assert.match(visibleText(row), /Enter a name|required/i);
    const other = entity('teams');
    const otherRow = reply.text.slice(reply.text.indexOf(`id="entity-${other.id}"`), reply.text.indexOf('</li>', reply.text.indexOf(`id="entity-${other.id}"`)));
    assert.doesNotMatch(otherRow, /aria-invalid/, 'only the row renamed shows the error');
    const after = (await admin.client.get('/api/v1/entities')).json().entities.find((e: { id: string }) => e.id === products.id);
    assert.equal(after.name, 'Products');
  });

  it('when a member posts a rename, then the answer is 403 without the manage page (archived entities stay unseen) and nothing changes', async () => {
    const member = await person(server, 'Max', 'Member');
    const products = entity('products');
    const reply = await member.client.postForm(`/org/entities/${products.id}`, { name: 'Mine' });
    assert.equal(reply.status, 403);
    assert.doesNotMatch(reply.text, /class="manage-list"/);
    assert.equal((await admin.client.get('/api/v1/entities')).json().entities.find((e: { id: string }) => e.id === products.id).name, 'Products');
  });

  it('when an admin opens a node\'s Manage tab, then each part is a card and archiving sits apart, says what it does and asks first; once archived, it offers to restore', async () => {
    const lead = await person(server, 'Lea', 'Lead');
    const nodeId = await node(server, { name: 'Payments', leads: [lead] });
    const page = (await admin.client.get(`/org/nodes/${nodeId}/manage`)).text;
    for (const part of ['members', 'links', 'editors', 'settings']) assert.match(page, new RegExp(`<section class="card" aria-labelledby="${part}">\\s*<h2 id="${part}">`), part);
    assert.match(page, /<form method="post" action="\/org\/nodes\/[^"]+\/members" class="row add-form"/);
    const archive = page.slice(page.indexOf('aria-labelledby="archive"'));
    assert.match(page, /<section class="card danger-zone" aria-labelledby="archive">/);
    assert.match(visibleText(archive), /Archive this node It leaves the tree, the chart and search for everyone/);
    assert.match(archive, /data-confirm="Archive Payments\?[^"]*"[^>]*>.*<button type="submit" class="danger">Archive this node<\/button>/);
    const forLead = (await lead.client.get(`/org/nodes/${nodeId}/manage`)).text;
    assert.doesNotMatch(forLead, /aria-labelledby="archive"/, 'a lead may not archive: no archive card');

    assert.equal((await admin.client.postForm(`/org/nodes/${nodeId}/archive`, { archived: 'true' })).status, 303);
    const archived = (await admin.client.get(`/org/nodes/${nodeId}/manage`)).text;
    const card = archived.slice(archived.indexOf('aria-labelledby="archive"'));
    assert.match(visibleText(card), /This node is archived/);
    assert.match(card, /<button type="submit">Restore from archive<\/button>/);
    assert.doesNotMatch(card.slice(0, card.indexOf('</section>')), /data-confirm/);
  });
});
