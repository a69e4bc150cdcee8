import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, makeAdmin, outsider, person, type Person } from '../support/people.js';

forEachDialect('node sections', (dialect) => {
  let server: TestServer;
  let admin: Person;
  let lead: Person;
  let nodeMember: Person;
  let reader: Person;
  let editor: Person;
  let nodeId: string;
  let otherNodeId: string;

  before(async () => {
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    lead = await person(server, 'Lea', 'Lead');
    nodeMember = await person(server, 'Nina', 'Member');
    reader = await person(server, 'Rita', 'Reader');
    editor = await person(server, 'Ed', 'Editor');
    const teams = (await admin.client.get('/api/v1/entities')).json().entities.find((e: { key: string }) => e.key === 'teams').id;
    nodeId = (await admin.client.sendJson('POST', '/api/v1/nodes', { entityId: teams, name: 'People Ops' })).json().id;
    otherNodeId = (await admin.client.sendJson('POST', '/api/v1/nodes', { entityId: teams, name: 'Finance' })).json().id;
    await admin.client.sendJson('PUT', `/api/v1/nodes/${nodeId}/members/${lead.id}`, { role: 'lead' });
    await admin.client.sendJson('PUT', `/api/v1/nodes/${nodeId}/members/${nodeMember.id}`, { role: 'member' });
  });
  after(async () => server?.close());

  const create = (who: Person, body: Record<string, unknown>, node = nodeId) => who.client.sendJson('POST', `/api/v1/nodes/${node}/sections`, body);
  const titles = async (who: Person, node = nodeId) => ((await who.client.get(`/api/v1/nodes/${node}/sections`)).json().sections as Array<{ displayTitle: string }>).map((s) => s.displayTitle);

  it('when a lead writes a restricted section, then node members and admins read it; others see neither it nor its count, on pages or the API', async () => {
    const created = await create(lead, { kind: 'custom', title: 'Salary bands', body: 'Band **C**: 50-60k', visibility: 'restricted' });
    assert.equal(created.status, 201, created.text);
    const id = created.json().id;
    assert.match(created.json().html, /<strong>C<\/strong>/);
    assert.ok((await titles(nodeMember)).includes('Salary bands'));
    assert.ok((await titles(admin)).includes('Salary bands'));
    assert.ok(!(await titles(reader)).includes('Salary bands'));
    assert.equal((await reader.client.get(`/api/v1/sections/${id}`)).status, 404);
    assert.equal((await reader.client.get(`/api/v1/sections/${id}/revisions`)).status, 404);
    assert.equal((await reader.client.get(`/sections/${id}/history`)).status, 404);
    const page = await reader.client.get(`/org/nodes/${nodeId}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Salary bands|50-60k/);
    const asMember = (await nodeMember.client.get(`/api/v1/nodes/${nodeId}`)).json().sectionCount;
    const asReader = (await reader.client.get(`/api/v1/nodes/${nodeId}`)).json().sectionCount;
    assert.equal(asMember - asReader, 1);
    const stranger = await outsider(server);
    assert.equal((await stranger.client.get(`/api/v1/sections/${id}`)).status, 404);
    assert.equal((await stranger.client.get(`/api/v1/nodes/${nodeId}/sections`)).status, 404);
  });

  it('when a restricted section is granted to a person or to a node, then exactly they can read it, and the grant can be withdrawn', async () => {
    const id = (await create(lead, { kind: 'goals', body: 'Hire two recruiters', visibility: 'restricted' })).json().id;
    const financePerson = await person(server, 'Fiona', 'Finance');
    await admin.client.sendJson('PUT', `/api/v1/nodes/${otherNodeId}/members/${financePerson.id}`, { role: 'member' });
    assert.equal((await financePerson.client.get(`/api/v1/sections/${id}`)).status, 404);
    const toNode = await lead.client.sendJson('POST', `/api/v1/sections/${id}/grants`, { nodeId: otherNodeId });
    assert.equal(toNode.status, 201, toNode.text);
    assert.equal((await financePerson.client.get(`/api/v1/sections/${id}`)).status, 200);
    const toPerson = await lead.client.sendJson('POST', `/api/v1/sections/${id}/grants`, { userId: reader.id });
    assert.equal((await reader.client.get(`/api/v1/sections/${id}`)).status, 200);
    const grantId = toPerson.json().grants.find((g: { userId: string }) => g.userId === reader.id).id;
    for (const g of toPerson.json().grants) assert.match(g.createdAt, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/, 'times in ISO 8601, as everywhere in the API');
    assert.equal((await nodeMember.client.sendJson('DELETE', `/api/v1/sections/${id}/grants/${grantId}`, {})).status, 403);
    assert.equal((await lead.client.sendJson('DELETE', `/api/v1/sections/${id}/grants/${grantId}`, {})).status, 204);
    assert.equal((await reader.client.get(`/api/v1/sections/${id}`)).status, 404);
    const both = await lead.client.sendJson('POST', `/api/v1/sections/${id}/grants`, { userId: reader.id, nodeId: otherNodeId });
    assert.equal(both.status, 400);
  });

  it('when a lead names an editor, then the editor edits but cannot change visibility; a member who is not an editor cannot edit', async () => {
    const id = (await create(lead, { kind: 'processes', body: 'Weekly sync on Mondays', visibility: 'public' })).json().id;
    assert.equal((await editor.client.sendJson('PATCH', `/api/v1/sections/${id}`, { body: 'x' })).status, 403);
    assert.equal((await nodeMember.client.sendJson('PATCH', `/api/v1/sections/${id}`, { body: 'x' })).status, 403);
    assert.equal((await lead.client.sendJson('PUT', `/api/v1/nodes/${nodeId}/editors/${editor.id}`, {})).status, 200);
    const edited = await editor.client.sendJson('PATCH', `/api/v1/sections/${id}`, { body: 'Weekly sync on Tuesdays' });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.json().revision, 2);
    assert.equal((await editor.client.sendJson('PATCH', `/api/v1/sections/${id}`, { visibility: 'restricted' })).status, 403);
    assert.equal((await lead.client.sendJson('PATCH', `/api/v1/sections/${id}`, { visibility: 'restricted' })).json().visibility, 'restricted');
    // The editor may still read it: editors of a node read its restricted sections.
    assert.equal((await editor.client.get(`/api/v1/sections/${id}`)).status, 200);
    const stale = await lead.client.sendJson('PATCH', `/api/v1/sections/${id}`, { body: 'old view', baseRevision: 1 });
    assert.equal(stale.status, 409);
  });

  it('when a section is edited, then each revision records who and when; the diff shows the change and restore brings an old one back as a new revision', async () => {
    const id = (await create(lead, { kind: 'purpose', body: 'We help people grow.\nWe hire well.', visibility: 'public' })).json().id;
    const first = (await reader.client.get(`/sections/${id}/history`)).text;
    assert.match(first, /Only one version so far/, 'one version: nothing to compare yet');
    assert.doesNotMatch(first, /id="f-from"/);
    await lead.client.sendJson('PATCH', `/api/v1/sections/${id}`, { body: 'We help people grow.\nWe hire fast.' });
    const second = (await reader.client.get(`/sections/${id}/history`)).text;
    assert.match(second, /id="f-from"/, 'two versions: the compare form');
    assert.match(second, /<td>2 <span class="badge badge-accent">Current<\/span><\/td>/, 'the current version is marked');
    const revisions = (await reader.client.get(`/api/v1/sections/${id}/revisions`)).json().revisions;
    assert.deepEqual(revisions.map((r: { number: number }) => r.number), [2, 1]);
    assert.equal(revisions[0].author.name, 'Lea Lead');
    const diff = (await reader.client.get(`/api/v1/sections/${id}/diff?from=1&to=2`)).json();
    // Word by word: only the changed word is removed and added; the unchanged first line is neither.
    assert.deepEqual(diff.body.filter((p: { removed: boolean }) => p.removed).map((p: { value: string }) => p.value), ['well']);
    assert.deepEqual(diff.body.filter((p: { added: boolean }) => p.added).map((p: { value: string }) => p.value), ['fast']);
    const page = await reader.client.get(`/sections/${id}/history?from=1&to=2`);
    assert.match(page.text, /<del>well<\/del><ins>fast<\/ins>/);
    assert.equal((await reader.client.get(`/api/v1/sections/${id}/diff?from=1&to=9`)).status, 400);
    assert.equal((await reader.client.get(`/api/v1/sections/${id}/diff?from=abc&to=2`)).status, 400);
    assert.equal((await reader.client.sendJson('POST', `/api/v1/sections/${id}/restore`, { revision: 1 })).status, 403);
    const restored = await lead.client.sendJson('POST', `/api/v1/sections/${id}/restore`, { revision: 1 });
    assert.equal(restored.json().revision, 3);
    assert.equal(restored.json().body, 'We help people grow.\nWe hire well.');
  });

  it('when a body holds scripts, handlers or javascript: links, then the rendered section has none of them', async () => {
    const body = '<script>alert(1)</script>\n<img src=x onerror="alert(2)">\n[click](javascript:alert(3)) [ok](https://example.com)';
    const created = await create(lead, { kind: 'values', body, visibility: 'public' });
    const html = created.json().html as string;
    assert.doesNotMatch(html, /<script|<img|<[^>]+\son\w+=|href="javascript:/i);
    assert.match(html, /&lt;script&gt;/, 'typed HTML is shown as text');
    assert.match(html, /<a href="https:\/\/example.com" rel="noopener noreferrer nofollow">ok<\/a>/);
    const page = await reader.client.get(`/org/nodes/${nodeId}`);
    assert.doesNotMatch(page.text, /<script>alert|<img src=x/);
    const control = await create(lead, { kind: 'values', body: 'bad \u0001 byte', visibility: 'public' });
    assert.equal(control.status, 400);
    assert.ok(control.json().error.fields.body);
    const huge = await create(lead, { kind: 'values', body: 'x'.repeat(50_001), visibility: 'public' });
    assert.ok(huge.status === 400 || huge.status === 413);
    const custom = await create(lead, { kind: 'custom', body: 'no title', visibility: 'public' });
    assert.equal(custom.status, 400);
    assert.ok(custom.json().error.fields.title);
  });

  it('when a reader hides a section, then only their own view changes and they can show it again', async () => {
    const id = (await create(lead, { kind: 'responsibilities', body: 'Payroll', visibility: 'public' })).json().id;
    assert.equal((await reader.client.sendJson('PUT', `/api/v1/sections/${id}/hidden`, {})).status, 204);
    const mine = (await reader.client.get(`/api/v1/nodes/${nodeId}/sections`)).json().sections.find((s: { id: string }) => s.id === id);
    assert.equal(mine.hidden, true);
    const page = await reader.client.get(`/org/nodes/${nodeId}`);
    assert.match(page.text, /hidden from your view/);
    const theirs = (await nodeMember.client.get(`/api/v1/nodes/${nodeId}/sections`)).json().sections.find((s: { id: string }) => s.id === id);
    assert.equal(theirs.hidden, false);
    assert.equal((await reader.client.postForm(`/sections/${id}/show`, {})).status, 303);
    assert.equal((await reader.client.get(`/api/v1/sections/${id}`)).json().hidden, false);
  });

  it('when sections are reordered by buttons or by the full list, then the order sticks; a wrong list is refused and nothing moves', async () => {
    const list = async () => ((await lead.client.get(`/api/v1/nodes/${nodeId}/sections`)).json().sections as Array<{ id: string }>).map((s) => s.id);
    const ids = await list();
    const reversed = [...ids].reverse();
    const reply = await lead.client.sendJson('PUT', `/api/v1/nodes/${nodeId}/sections/order`, { ids: reversed });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(await list(), reversed);
    assert.equal((await lead.client.sendJson('PUT', `/api/v1/nodes/${nodeId}/sections/order`, { ids: reversed.slice(1) })).status, 400);
    assert.equal((await reader.client.sendJson('PUT', `/api/v1/nodes/${nodeId}/sections/order`, { ids })).status, 403);
    assert.deepEqual(await list(), reversed);
    const moved = await lead.client.postForm(`/sections/${reversed[1]}/move`, { direction: 'up' });
    assert.equal(moved.status, 303);
    assert.equal((await list())[0], reversed[1]);
  });

  it('when an edit form is posted, then a new revision is saved and the page shows it; a non-editor gets 403 and nothing changes', async () => {
    const id = (await create(lead, { kind: 'goals', body: 'Q1: hire', visibility: 'public' })).json().id;
    const form = await lead.client.get(`/sections/${id}/edit`);
    assert.equal(form.status, 200);
    // Saving and deleting are apart: the delete is in a card of its own that says what it does and how to undo it.
    const [editForm, rest] = form.text.split(`action="/sections/${id}/delete"`);
    assert.match(editForm!, /<button type="submit" class="primary">Save<\/button><a href="\/org\/nodes\/[^"]+">Cancel<\/a>/);
    assert.match(editForm!, /<section class="card danger-zone" aria-labelledby="delete-heading">[\s\S]*offers to undo it/);
    assert.match(rest!, /^ class="inline" data-confirm="Delete the section Goals\?"/);
    const saved = await lead.client.postForm(`/sections/${id}/edit`, { title: '', body: 'Q1: hire 3 people', visibility: 'public', baseRevision: '1' });
    assert.equal(saved.status, 303);
    assert.match((await reader.client.get(`/org/nodes/${nodeId}`)).text, /Q1: hire 3 people/);
    const before = await count(server, 'section_revisions', { section_id: id });
    assert.equal((await reader.client.postForm(`/sections/${id}/edit`, { body: 'vandalism', visibility: 'public' })).status, 403);
    assert.equal((await reader.client.get(`/sections/${id}/edit`)).status, 403);
    assert.equal(await count(server, 'section_revisions', { section_id: id }), before);
  });
});
