// The app shell's server side on both databases: the layout's navigation per role, Home's cards, the
// node page's Manage tab, removals with a toast and undo, the people API behind the picker, the
// client bundles and the style guide (never in production).
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, makeAdmin, node, person, section } from '../support/people.js';

forEachDialect('app shell', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect);
  });
  after(async () => server?.close());

  it('when a member opens a page, then the sidebar has the sections with the current one marked, the top bar has search, notifications and the user menu, and there is no admin entry', async () => {
    const mia = await person(server, 'Mia', 'Member');
    const page = (await mia.client.get('/people')).text;
    for (const href of ['/', '/org', '/people', '/one-on-ones', '/feedback']) assert.match(page, new RegExp(`<a href="${href}"`), href);
    assert.match(page, /<a href="\/people" aria-current="page">/);
    assert.doesNotMatch(page, /<a href="\/" aria-current="page">/);
    assert.match(page, /role="search"/);
    assert.match(page, /href="\/notifications"/);
    for (const href of ['/profile', '/security', '/tokens', '/privacy/me', `/people/${mia.id}`]) assert.match(page, new RegExp(`class="menu-panel"[\\s\\S]*href="${href}"`), href);
    assert.match(page, /action="\/signout"/);
    assert.doesNotMatch(page, /href="\/admin"/);
    assert.match(page, /<a href="\/insights"><svg/, 'Insights has its entry: its component serves /insights');
    assert.doesNotMatch(page, /style=|<script>/, 'no inline styles or scripts (CSP)');
  });

  it('when an admin opens an admin page, then the admin area has its own sub-navigation with the page marked', async () => {
    const ada = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, ada);
    const page = (await ada.client.get('/admin/audit')).text;
    assert.match(page, /<nav class="tabs subnav" aria-label="Admin area">/);
    assert.match(page, /<a href="\/admin\/audit" aria-current="page">Audit log<\/a>/);
    for (const href of ['/admin', '/org/manage', '/privacy/requests', '/admin/retention', '/admin/mail']) assert.match(page, new RegExp(`subnav[\\s\\S]*href="${href}"`), href);
    assert.match((await ada.client.get('/admin/mail')).text, /<a href="\/admin\/mail" aria-current="page">Email<\/a>/, 'the outbox is in the admin area');
    // Usage, logs, crashes and devices are one Activity tab with its own tabs: the area's tabs fit one row.
    assert.equal([...page.matchAll(/<nav class="tabs subnav"[\s\S]*?<\/nav>/g)][0]![0].match(/<li>/g)!.length, 7);
    for (const activity of ['usage', 'logs', 'crashes', 'devices']) {
      const activityPage = (await ada.client.get(`/admin/${activity}`)).text;
      assert.match(activityPage, /<a href="\/admin\/usage" aria-current="page">Activity<\/a>/, activity);
      assert.match(activityPage, new RegExp(`<nav class="tabs" aria-label="Activity">[\\s\\S]*<a href="/admin/${activity}" aria-current="page">`), activity);
    }
    assert.doesNotMatch((await ada.client.get('/people')).text, /class="tabs subnav"/, 'no admin sub-navigation outside the admin area');
  });

  it('when a new person opens Home, then every card says what is missing and what to do next; with teams, 1:1s and feedback, then it shows them', async () => {
    const nia = await person(server, 'Nia', 'New');
    let home = (await nia.client.get('/')).text;
    assert.match(home, /Welcome, Nia/);
    assert.match(home, /You are not in a team yet[\s\S]*href="\/org"[^>]*>Browse the organization/);
    assert.match(home, /No 1:1 planned[\s\S]*href="\/people"/);
    assert.match(home, /No feedback yet/);

    const lead = await person(server, 'Leo', 'Lead');
    const teamId = await node(server, { name: 'Pelican Team', leads: [lead], members: [nia] });
    await section(server, { nodeId: teamId, title: 'Team rituals', body: 'Daily at ten', visibility: 'public' });
    await section(server, { nodeId: (await node(server, { name: 'Secret Lab', leads: [lead] })), title: 'Not for Nia', body: 'x', visibility: 'restricted' });
    const started = await lead.client.postForm('/one-on-ones', { personId: nia.id });
    assert.equal(started.status, 303);
    const given = await lead.client.postForm(`/people/${nia.id}/feedback`, { body: 'Great first pull request', visibility: 'recipient' });
    assert.equal(given.status, 303, given.text.slice(0, 300));
    home = (await nia.client.get('/')).text;
    assert.match(home, new RegExp(`href="/org/nodes/${teamId}">Pelican Team`));
    assert.match(home, /with Leo Lead/);
    assert.match(home, /Great first pull request/);
    assert.match(home, /Team rituals/);
    assert.doesNotMatch(home, /Not for Nia/, 'recent changes come only from the reader’s teams and what they may read');
  });

  it('when a member without rights asks for a node’s Manage tab, then it is refused; a lead gets membership, links, editors and settings there and the node page keeps to reading', async () => {
    const lead = await person(server, 'Lia', 'Lead');
    const member = await person(server, 'Max', 'Member');
    const teamId = await node(server, { name: 'Osprey', leads: [lead], members: [member] });
    assert.equal((await member.client.get(`/org/nodes/${teamId}/manage`)).status, 403);
    const reading = (await member.client.get(`/org/nodes/${teamId}`)).text;
    assert.doesNotMatch(reading, /action="\/org\/nodes\/[^"]+\/members"/, 'no membership form on the reading page');
    assert.doesNotMatch(reading, /aria-label="Page sections"/, 'no Manage tab for someone who cannot manage');
    const leadReading = (await lead.client.get(`/org/nodes/${teamId}`)).text;
    assert.match(leadReading, new RegExp(`href="/org/nodes/${teamId}/manage">Manage`));
    assert.doesNotMatch(leadReading, /action="\/org\/nodes\/[^"]+\/members"/);
    const manage = (await lead.client.get(`/org/nodes/${teamId}/manage`)).text;
    assert.match(manage, new RegExp(`action="/org/nodes/${teamId}/members"`));
    assert.match(manage, /data-person-picker/);
    assert.match(manage, /data-confirm="Remove Max Member from Osprey\?"/);
    assert.match(manage, new RegExp(`action="/org/nodes/${teamId}/editors"`));
  });

  it('when a lead removes a member, then the next page shows a toast with Undo, and Undo puts the member back with the same role', async () => {
    const lead = await person(server, 'Uma', 'Lead');
    const member = await person(server, 'Ugo', 'Member');
    const teamId = await node(server, { name: 'Heron', leads: [lead, member] });
    const removed = await lead.client.postForm(`/org/nodes/${teamId}/members/${member.id}/remove`, {});
    assert.equal(removed.status, 303);
    assert.equal(await count(server, 'org_memberships', { node_id: teamId, user_id: member.id }), 0);
    const next = (await lead.client.get(removed.location!)).text;
    assert.match(next, /class="toast"[\s\S]*Ugo Member was removed\.[\s\S]*action="\/org\/nodes\/[^"]+\/members\/[^"]+\/restore"[\s\S]*name="role" value="lead"[\s\S]*>Undo</);
    assert.doesNotMatch((await lead.client.get(`/org/nodes/${teamId}`)).text, /class="toast"/, 'a toast is shown once');
    const undone = await lead.client.postForm(`/org/nodes/${teamId}/members/${member.id}/restore`, { role: 'lead' });
    assert.equal(undone.status, 303);
    assert.equal((await server.container.knex('org_memberships').where({ node_id: teamId, user_id: member.id }).first()).role, 'lead');
  });

  it('when the undo of a removal names no valid role, then it answers 400 naming the field and changes nothing', async () => {
    const lead = await person(server, 'Ida', 'Lead');
    const member = await person(server, 'Ivo', 'Member');
    const teamId = await node(server, { name: 'Ibis', leads: [lead] });
    const reply = await lead.client.postForm(`/org/nodes/${teamId}/members/${member.id}/restore`, { role: 'owner' });
    assert.equal(reply.status, 400);
    assert.match(reply.text, /Choose lead or member|role/i);
    assert.equal(await count(server, 'org_memberships', { node_id: teamId, user_id: member.id }), 0);
    const stranger = await person(server, 'Sam', 'Stranger');
    assert.equal((await stranger.client.postForm(`/org/nodes/${teamId}/members/${member.id}/restore`, { role: 'member' })).status, 403);
    assert.equal(await count(server, 'org_memberships', { node_id: teamId, user_id: member.id }), 0);
  });

  it('when the picker searches the people API by the start of a name or an email, then each person comes with email and a team', async () => {
    const me = await person(server, 'Pat', 'Picker');
    const zed = await person(server, 'Zephyrine', 'Quill');
    await node(server, { name: 'Kestrel', members: [zed] });
    const byName = (await me.client.get('/api/v1/people?q=zephyr')).json().people;
    assert.equal(byName.length, 1);
    assert.equal(byName[0].email, zed.email);
    assert.equal(byName[0].team, 'Kestrel');
    const byEmail = (await me.client.get(`/api/v1/people?q=${encodeURIComponent(zed.email)}`)).json().people;
    assert.deepEqual(byEmail.map((p: { id: string }) => p.id), [zed.id]);
    assert.equal((await me.client.get('/api/v1/people?q=%25')).json().people.length, 0, 'a LIKE wildcard is matched literally');
  });

  it('when the shell asks for its bundles, then app.js and app.css come minified with a content hash and a year of caching', async () => {
    const me = await person(server, 'Bea', 'Bundle');
    const page = (await me.client.get('/')).text;
    const js = /<script src="(\/static\/app\.js\?v=[0-9a-f]{12})" defer><\/script>/.exec(page)?.[1];
    const css = /<link rel="stylesheet" href="(\/static\/app\.css\?v=[0-9a-f]{12})">/.exec(page)?.[1];
    assert.ok(js && css, 'the layout links the hashed bundles');
    const script = await me.client.get(js);
    assert.equal(script.status, 200);
    assert.match(String(script.headers.get('content-type')), /javascript/);
    assert.match(String(script.headers.get('cache-control')), /immutable/);
    assert.match(script.text, /people-listbox/);
    const style = await me.client.get(css);
    assert.match(style.text, /--c-accent/);
    assert.doesNotMatch(style.text, /@import/, 'the design system is bundled into one file');
  });

  it('when the style guide is asked for outside production, then it shows every component', async () => {
    const me = await person(server, 'Sia', 'Style');
    const guide = await me.client.get('/_styleguide');
    assert.equal(guide.status, 200);
    for (const part of ['Colour tokens', 'Buttons', 'Cards', 'Tables', 'Badges', 'Tabs', 'Empty states', 'Toasts', 'Confirmation dialogs', 'Skeletons', 'Avatars', 'People lists', 'Manage lists']) assert.match(guide.text, new RegExp(`>${part}</h2>`), part);
  });
});

describe('the style guide in production [sqlite]', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', { env: 'production' });
  });
  after(async () => server?.close());

  it('when a production server is asked for /_styleguide, then it answers 404', async () => {
    const me = await person(server, 'Pia', 'Prod');
    assert.equal((await me.client.get('/_styleguide')).status, 404);
  });
});
