// The bugs found when the interface was tried as an admin and two new employees (issue 22), each
// stated as the situation that broke it. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedInClient, strongPassword } from '../support/http.js';
import { makeAdmin, node, person, section, type Person } from '../support/people.js';
import { seedDemo } from '../../server/components/demo/demo.seed.js';
import * as words from '../../server/components/demo/demo.content.js';

forEachDialect('interface bugs', (dialect) => {
  let server: TestServer;
  let admin: Person, lead: Person, colleague: Person;
  before(async () => {
    server = await startTestServer(dialect, { 'capture.analytics.enabled': true, 'capture.buffer.flushInterval': '20ms' });
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    lead = await person(server, 'Lena', 'Lead');
    colleague = await person(server, 'Carl', 'Colleague');
  });
  after(async () => server?.close());

  it('when a person deletes their own account with analytics on and no consent chosen yet, then the answer is the goodbye page, not a 500', async () => {
    const doomed = await person(server, 'Dora', 'Deleted');
    const reply = await doomed.client.postForm('/profile/delete', { password: strongPassword });
    assert.equal(reply.status, 200, reply.text.slice(0, 300));
    assert.doesNotMatch(reply.text, /TypeError|at .*\.ts:\d+/);
    assert.doesNotMatch(reply.text, /class="cookie-banner"/, 'no banner whose form would need the ended session');
    assert.equal((await server.container.repositories.users.findById(doomed.id))!.status, 'deleted');
    // An anonymous visitor still gets the banner, with a working form.
    const anonymous = await new TestClient(server.url).get('/signin');
    assert.match(anonymous.text, /class="cookie-banner"[\s\S]*name="_csrf"/);
  });

  it('when a Values section is written in a browser (CRLF line ends), then every value becomes a feedback tag', async () => {
    const company = await node(server, { name: 'Company', leads: [lead] });
    const form = await lead.client.postForm(`/org/nodes/${company}/sections`, { kind: 'values', title: 'Our values', visibility: 'public', body: '- Candor: we say it\r\n- Ownership\r\n- Craft — we care\r\n' });
    assert.equal(form.status, 303, form.text.slice(0, 300));
    const stored = await server.container.knex('sections').where({ node_id: company, kind: 'values' }).first();
    assert.doesNotMatch(stored.body, /\r/, 'line ends are stored as LF');
    // A body saved before line ends were normalised still gives every value.
    await section(server, { nodeId: company, kind: 'values', title: 'Older values', visibility: 'public', body: '- Curiosity\r\n- Care\r\n' });
    const values = (await colleague.client.get('/api/v1/feedback/values')).json().values;
    assert.deepEqual(values, ['Candor', 'Ownership', 'Craft', 'Curiosity', 'Care']);
  });

  it('when a colleague reads a person through the API, then lastSignInAt is not there; the person and an admin see it', async () => {
    lead.client = await signedInClient(server.url, lead.email, strongPassword);
    const byColleague = (await colleague.client.get(`/api/v1/people/${lead.id}`)).json();
    assert.equal(byColleague.firstName, 'Lena');
    assert.ok(!('lastSignInAt' in byColleague), 'hidden from colleagues');
    const viaUsers = (await colleague.client.get(`/api/v1/users/${lead.id}`)).json();
    assert.ok(!('lastSignInAt' in viaUsers), 'hidden on /api/v1/users/:id too');
    const bySelf = (await lead.client.get(`/api/v1/people/${lead.id}`)).json();
    assert.match(bySelf.lastSignInAt, /^\d{4}-\d\d-\d\dT/);
    assert.match((await lead.client.get('/api/v1/me')).json().lastSignInAt, /^\d{4}-\d\d-\d\dT/);
    const byAdmin = (await admin.client.get(`/api/v1/people/${lead.id}`)).json();
    assert.equal(byAdmin.lastSignInAt, bySelf.lastSignInAt);
  });

  it('when an admin reads a restricted person section they were not granted, then they see it, the read is audited, and the help text names admins', async () => {
    const secret = await section(server, { personId: colleague.id, title: 'Health notes', body: 'Private', visibility: 'restricted' });
    const open = await section(server, { personId: colleague.id, title: 'Hobbies', body: 'Chess', visibility: 'public' });
    const audited = () => server.container.knex('audit_entries').where({ action: 'sections.read.admin' }).select('target_id');
    assert.equal((await audited()).length, 0);
    const page = await admin.client.get(`/people/${colleague.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Health notes/);
    const entries = await audited();
    assert.deepEqual(entries.map((e) => e.target_id), [secret]);
    assert.ok(!entries.some((e) => e.target_id === open), 'a public section is not an admin read');
    // The person reading their own restricted section is not audited; a colleague never sees it.
    await colleague.client.get(`/people/${colleague.id}`);
    assert.doesNotMatch((await lead.client.get(`/people/${colleague.id}`)).text, /Health notes/);
    assert.equal((await audited()).length, 1);
    const own = await colleague.client.get(`/people/${colleague.id}`);
    assert.match(own.text, /this person, the people and nodes it is granted to, and the workspace&#39;s admins \(each admin read is recorded in the audit log\)/);
    const fr = await colleague.client.get(`/people/${colleague.id}`, { 'accept-language': 'fr' });
    assert.match(fr.text, /administrateurs/);
  });

  it('when a section is edited, then the revision diff is word by word: unchanged lines are never removed or added and line breaks stay', async () => {
    const teamNode = await node(server, { name: 'Diff team', leads: [lead] });
    const id = (await lead.client.sendJson('POST', `/api/v1/nodes/${teamNode}/sections`, { kind: 'custom', title: 'Rituals', body: '- Standup\n- Retro\n- Demo' })).json().id;
    const edit = await lead.client.postForm(`/sections/${id}/edit`, { title: 'Rituals', body: '- Standup at 9:30\r\n- Retro\r\n- Demo\r\n- Lunch', visibility: 'public', baseRevision: '1' });
    assert.equal(edit.status, 303, edit.text.slice(0, 300));
    const diff = (await lead.client.get(`/api/v1/sections/${id}/diff?from=1&to=2`)).json();
    const parts: Array<{ value: string; added: boolean; removed: boolean }> = diff.body;
    assert.ok(!parts.some((p) => p.removed), `nothing was removed: ${JSON.stringify(parts)}`);
    assert.deepEqual(parts.filter((p) => p.added).map((p) => p.value), [' at 9:30', '\n- Lunch']);
    assert.equal(parts.filter((p) => !p.added).map((p) => p.value).join(''), '- Standup\n- Retro\n- Demo');
    assert.equal(parts.filter((p) => !p.removed).map((p) => p.value).join(''), '- Standup at 9:30\n- Retro\n- Demo\n- Lunch');
  });

  it('when the demo organization is seeded, then no two people share a name, no owner has the same section twice, and leads have titles that fit', async () => {
    const workspace = await server.container.services.workspaces.createSandbox('Demo', Date.now() + 86_400_000);
    await seedDemo(server.container.knex, server.container.services.org, { workspaceId: workspace.id, people: 600, seed: 3, now: Date.UTC(2026, 10, 1) });
    const knex = server.container.knex;
    const people = await knex('users').where({ workspace_id: workspace.id }).select('id', 'first_name', 'last_name', 'title');
    const names = people.map((p) => `${p.first_name} ${p.last_name}`);
    assert.equal(new Set(names).size, names.length, 'full names are unique');
    const sections = await knex('sections').where({ workspace_id: workspace.id }).select('node_id', 'person_id', 'kind', 'title');
    const keys = sections.map((s) => `${s.node_id ?? s.person_id}|${s.kind}|${s.title ?? ''}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicated section on one page');
    const leads = await knex('org_memberships as m').join('org_nodes as n', 'n.id', 'm.node_id').join('users as u', 'u.id', 'm.user_id').where({ 'm.workspace_id': workspace.id, 'm.role': 'lead' }).whereNotIn('n.entity_id', knex('org_entities').where({ system_key: 'offices' }).select('id')).select('n.name', 'n.parent_id', 'u.title');
    const company = leads.find((l) => l.name === 'Company' && l.parent_id === null);
    assert.equal(company?.title, 'Chief Executive Officer');
    const memberTitles = new Set(words.titles.member);
    const misfits = leads.filter((l) => memberTitles.has(l.title));
    assert.deepEqual(misfits, [], 'every lead of a department, team, product or project has a lead title');
  });
});
