// Home (issue 22) on both databases: "recent changes" reads one list over all the reader's teams, as
// their member (restricted sections of their teams in, other nodes' out, hidden, deleted and archived
// ones out, no admin read audited); its times follow the reader's language and zone like every page;
// a feedback preview is plain text, not raw Markdown.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { calendarDay, exactTime, unescapeHtml } from '../support/page-text.js';
import { makeAdmin, node, person, section, type Person } from '../support/people.js';

const HOUR = 3_600_000;
/** The titles of Home's "recent changes" card, in the order shown. */
/** The text of Home's card `id` (up to the end of its section). */
const cardOf = (home: string, id: string) => (home.split(`id="${id}"`)[1] ?? '').split('</section>')[0]!;
const recentTitles = (home: string) => [...(home.split('id="home-changes"')[1] ?? '').split('</section>')[0]!.matchAll(/#section-[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

forEachDialect('home', (dialect) => {
  let server: TestServer;
  let lead: Person, colleague: Person;
  before(async () => {
    server = await startTestServer(dialect);
    lead = await person(server, 'Lena', 'Lead');
    colleague = await person(server, 'Carl', 'Colleague');
  });
  after(async () => server?.close());

  /** A section of the node edited `hoursAgo` hours ago by the colleague. */
  async function editedSection(nodeId: string, title: string, hoursAgo: number, visibility: 'public' | 'restricted' = 'public'): Promise<string> {
    const id = await section(server, { nodeId, title, body: `Body of ${title}`, visibility });
    await server.container.knex('sections').where({ id }).update({ updated_at: Date.now() - hoursAgo * HOUR, updated_by: colleague.id });
    return id;
  }

  it('when a person is in several teams, then recent changes are the six newest edits across all of them, restricted ones of their teams included, and nothing of other nodes, hidden, deleted or archived', async () => {
    const teams = [];
    for (let i = 0; i < 8; i += 1) teams.push(await node(server, { name: `Team ${i}`, leads: [lead], members: [colleague] }));
    // One edit in each team, Team 7's the newest; more teams than Home's team card lists.
    for (let i = 0; i < 8; i += 1) await editedSection(teams[i]!, `Edit in team ${i}`, 20 - i);
    await editedSection(teams[0]!, 'Restricted but mine', 1, 'restricted');
    const elsewhere = await node(server, { name: 'Elsewhere', leads: [colleague] });
    await editedSection(elsewhere, 'Public elsewhere', 0.5);
    await editedSection(elsewhere, 'Restricted elsewhere', 0.5, 'restricted');
    const hidden = await editedSection(teams[1]!, 'Hidden by Lena', 0.2);
    assert.equal((await lead.client.sendJson('PUT', `/api/v1/sections/${hidden}/hidden`, {})).status, 204);
    const deleted = await editedSection(teams[2]!, 'Deleted since', 0.3);
    assert.equal((await lead.client.sendJson('DELETE', `/api/v1/sections/${deleted}`, {})).status, 204);
    const archivedTeam = await node(server, { name: 'Old team', leads: [lead] });
    await editedSection(archivedTeam, 'In an archived team', 0.1);
    await server.container.knex('org_nodes').where({ id: archivedTeam }).update({ archived_at: Date.now() });

    const home = (await lead.client.get('/')).text;
    assert.deepEqual(recentTitles(home), ['Restricted but mine', 'Edit in team 7', 'Edit in team 6', 'Edit in team 5', 'Edit in team 4', 'Edit in team 3']);
    assert.match(home, new RegExp(`href="/org/nodes/${teams[0]}#section-[^"]+">Restricted but mine</a>\\s*<span class="meta">Team 0 · Carl Colleague · <time`));
    // A lead's role reads as on a node's member list and a person's page: one word, one capital.
    assert.match(cardOf(home, 'home-teams'), /<span class="badge badge-accent">Lead<\/span>/);
    assert.match(cardOf((await lead.client.get('/', { 'accept-language': 'fr' })).text, 'home-teams'), /<span class="badge badge-accent">Responsable<\/span>/);
    // Lena's hiding is hers alone, and Carl leads Elsewhere: its sections are among his recent changes.
    assert.deepEqual(recentTitles((await colleague.client.get('/')).text).slice(0, 3).sort(), ['Hidden by Lena', 'Public elsewhere', 'Restricted elsewhere']);
  });

  it('when a mention is older than many notifications of other kinds, then Home\'s inbox still shows it, and shows no other kind', async () => {
    const reader = await person(server, 'Iris', 'Inbox');
    const team = await node(server, { name: 'Inbox team', leads: [colleague], members: [reader] });
    const mentioned = await colleague.client.sendJson('POST', `/api/v1/nodes/${team}/sections`, { kind: 'custom', title: 'Hiring plan', body: `@${reader.email} please review`, visibility: 'public' });
    assert.equal(mentioned.status, 201, mentioned.text);
    // 25 newer notifications of another kind (feedback received): more than a page of any list.
    for (let i = 0; i < 25; i += 1) {
      const given = await colleague.client.sendJson('POST', `/api/v1/people/${reader.id}/feedback`, { body: `Thanks, number ${i}`, visibility: 'recipient', values: [] });
      assert.equal(given.status, 201, given.text);
    }
    await server.container.knex('notifications').where({ user_id: reader.id, kind: 'mention' }).update({ created_at: Date.now() - HOUR });
    assert.equal(Number((await server.container.knex('notifications').where({ user_id: reader.id }).count<{ n: number }[]>({ n: '*' }).first())?.n), 26);

    const inbox = unescapeHtml(cardOf((await reader.client.get('/')).text, 'home-inbox'));
    assert.match(inbox, /Carl Colleague mentioned you in the section “Hiring plan”/);
    assert.doesNotMatch(inbox, /feedback/i, 'feedback has its own card');
  });

  it('when an admin opens Home, then it shows what a member of their teams reads: no restricted section of another node, and no admin read in the audit log', async () => {
    const admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    const team = await node(server, { name: 'Admin team', members: [admin, colleague] });
    await editedSection(team, 'Team secret', 0.1, 'restricted');
    const other = await node(server, { name: 'Not the admin team', leads: [colleague] });
    await editedSection(other, 'Other secret', 0.05, 'restricted');
    const adminReads = async () => (await server.container.knex('audit_entries').where({ action: 'sections.read.admin' }).count<{ n: number }[]>({ n: '*' }).first())?.n;
    const before = Number(await adminReads());

    const home = (await admin.client.get('/')).text;
    assert.deepEqual(recentTitles(home), ['Team secret']);
    assert.equal(Number(await adminReads()), before, 'reading one’s own team is no admin read');
    // The node page still shows the admin the other node's restricted section, and audits that read.
    assert.match((await admin.client.get(`/org/nodes/${other}`)).text, /Other secret/);
    assert.equal(Number(await adminReads()), before + 1);
  });

  it('when a French reader in Tokyo opens Home, then times are relative in French with the exact time in their zone on hover, and 1:1 days are dates in French', async () => {
    const reader = await person(server, 'Remi', 'Lecteur');
    await server.container.knex('users').where({ id: reader.id }).update({ time_zone: 'Asia/Tokyo', language: 'fr' });
    const team = await node(server, { name: 'Équipe', members: [reader] });
    await editedSection(team, 'Rituels', 3);
    const changedAt = Number((await server.container.knex('sections').where({ node_id: team }).first()).updated_at);
    const given = await colleague.client.sendJson('POST', `/api/v1/people/${reader.id}/feedback`, { body: 'Merci pour la **revue** de [code](https://example.com)', visibility: 'recipient', values: [] });
    assert.equal(given.status, 201, given.text);
    const pair = await colleague.client.sendJson('POST', '/api/v1/one-on-ones', { personId: reader.id });
    assert.equal(pair.status, 201, pair.text);
    const heldOn = '2031-05-14';
    const meeting = await colleague.client.sendJson('POST', `/api/v1/one-on-ones/${pair.json().id}/meetings`, { heldOn });
    assert.equal(meeting.status, 201, meeting.text);
    const item = await colleague.client.sendJson('POST', `/api/v1/one-on-ones/${pair.json().id}/meetings/${meeting.json().id}/items`, { kind: 'action_item', body: 'Relire le plan', ownerId: reader.id });
    assert.equal(item.status, 201, item.text);

    const home = unescapeHtml((await reader.client.get('/')).text);
    assert.ok(home.includes(`<time datetime="${new Date(changedAt).toISOString()}" title="${exactTime('fr', 'Asia/Tokyo', changedAt)}">il y a 3 heures</time>`), 'a recent change: relative, exact time in Tokyo on hover');
    const day = Date.parse(`${heldOn}T00:00:00Z`);
    assert.ok(home.includes(`prochain <time datetime="${heldOn}">${calendarDay('fr', day)}</time>`), 'the next 1:1 is a day in French');
    assert.ok(home.includes(`Relire le plan</a><span class="meta">de l'entretien avec Carl Colleague · <time datetime="${heldOn}">${calendarDay('fr', day)}</time>`), 'an action item names its meeting day');
    assert.match(home, /<p class="feedback-body">Merci pour la revue de code<\/p><span class="meta"><time datetime="[^"]+" title="[^"]+">/, 'a feedback preview is plain text with its time');
    assert.doesNotMatch(home, /\d{4}-\d{2}-\d{2}<\/span>/, 'no bare ISO day is shown');
  });
});
