// The chart APIs on both dialects: one call per view, trimmed by depth, with headcounts, the
// breadcrumb and the reporting lines derived from leads (solid, dotted for a second lead, cross
// through a link to an earlier entity); bad input is a 400 naming the field; another workspace sees
// nothing; the chart pages and the bundled script are served CSP-clean.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeAdmin, outsider, person, type Person } from '../support/people.js';

forEachDialect('org chart APIs', (dialect) => {
  let server: TestServer;
  let admin: Person;
  let boss: Person;
  let deputy: Person;
  let lead: Person;
  let worker: Person;
  let deep: Person;
  let groupLead: Person;
  let stranger: Person;
  let teams: string;
  let departments: string;
  const ids: Record<string, string> = {};

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    boss = await person(server, 'Bea', 'Boss');
    deputy = await person(server, 'Dan', 'Deputy');
    lead = await person(server, 'Lea', 'Lead');
    worker = await person(server, 'Wes', 'Worker');
    deep = await person(server, 'Dee', 'Deep');
    groupLead = await person(server, 'Gus', 'Group');
    stranger = await outsider(server);
    const entities = (await admin.client.get('/api/v1/entities')).json().entities as Array<{ id: string; key: string }>;
    teams = entities.find((e) => e.key === 'teams')!.id;
    departments = entities.find((e) => e.key === 'departments')!.id;
    const create = async (name: string, entityId: string, parentId: string | null = null) => {
      const reply = await admin.client.sendJson('POST', '/api/v1/nodes', { entityId, name, parentId });
      assert.equal(reply.status, 201, reply.text);
      ids[name] = reply.json().id;
    };
    const put = async (node: string, who: Person, role: 'lead' | 'member') => assert.equal((await admin.client.sendJson('PUT', `/api/v1/nodes/${ids[node]}/members/${who.id}`, { role })).status, 200);
    await create('Company', departments);
    await create('Platform', teams);
    await create('Core', teams, ids.Platform);
    await create('Kernel', teams, ids.Core);
    await create('Tools', teams, ids.Platform);
    await create('Archived', teams, ids.Platform);
    await create('Other group', teams);
    await put('Company', boss, 'lead');
    await put('Platform', boss, 'lead');
    await put('Core', lead, 'lead');
    await put('Core', deputy, 'lead');
    await put('Core', worker, 'member');
    await put('Kernel', deep, 'member');
    await put('Archived', worker, 'member');
    await put('Other group', groupLead, 'lead');
    await admin.client.sendJson('PATCH', `/api/v1/nodes/${ids.Archived}`, { archived: true });
    // The second group belongs to the company: its lead reports to the company's lead through the link.
    assert.equal((await admin.client.sendJson('POST', `/api/v1/nodes/${ids['Other group']}/links`, { nodeId: ids.Company })).status, 201);
  });
  after(async () => server?.close());

  const names = (list: Array<{ name?: string; firstName?: string }>) => list.map((n) => n.name ?? n.firstName).sort();

  it('when the node chart of an entity is asked for, then one call gives its live nodes with leads, direct and total headcounts and sub-node counts', async () => {
    const reply = await admin.client.get(`/api/v1/entities/${teams}/chart`);
    assert.equal(reply.status, 200, reply.text);
    const chart = reply.json();
    assert.equal(chart.entity.id, teams);
    assert.deepEqual(names(chart.nodes), ['Core', 'Kernel', 'Other group', 'Platform', 'Tools']);
    const core = chart.nodes.find((n: { name: string }) => n.name === 'Core');
    assert.deepEqual(names(core.leads), ['Dan', 'Lea']);
    assert.equal(core.memberCount, 3);
    assert.equal(core.totalCount, 4);
    assert.equal(core.childCount, 1);
    // Archived nodes and their memberships stay out of the view, though the stored total counts all.
    const platform = chart.nodes.find((n: { name: string }) => n.name === 'Platform');
    assert.equal(platform.childCount, 2);
    assert.equal(platform.level, 0);
    assert.equal(chart.entity.headcount, 6);
  });

  it('when a depth and a root are given, then the view is trimmed there, says how many nodes it hides and gives the breadcrumb', async () => {
    const top = (await admin.client.get(`/api/v1/entities/${teams}/chart?depth=1`)).json();
    assert.deepEqual(names(top.nodes), ['Other group', 'Platform']);
    assert.equal(top.hidden, 3);
    const below = (await admin.client.get(`/api/v1/entities/${teams}/chart?root=${ids.Core}&depth=2&links=true`)).json();
    assert.deepEqual(names(below.nodes), ['Core', 'Kernel']);
    assert.deepEqual(below.ancestors, [{ id: ids.Platform, name: 'Platform' }]);
    assert.equal(below.nodes.find((n: { name: string }) => n.name === 'Core').parentId, null);
    const linked = (await admin.client.get(`/api/v1/entities/${teams}/chart?links=true`)).json();
    assert.deepEqual(linked.nodes.find((n: { name: string }) => n.name === 'Other group').links.map((l: { id: string }) => l.id), [ids.Company]);
  });

  it('when the chart query is bad, then a 400 names the field; an unknown entity is a 404', async () => {
    for (const [query, field] of [['depth=0', 'depth'], ['depth=13', 'depth'], ['depth=two', 'depth'], ['links=maybe', 'links'], [`root=${ids.Company}`, 'root'], [`root=${'x'.repeat(40)}`, 'root']]) {
      const reply = await admin.client.get(`/api/v1/entities/${teams}/chart?${query}`);
      assert.equal(reply.status, 400, `${query}: ${reply.text}`);
      assert.ok(reply.json().error.fields[field!], `${query} names ${field}: ${reply.text}`);
    }
    assert.equal((await admin.client.get('/api/v1/entities/00000000-0000-0000-0000-000000000000/chart')).status, 404);
    const people = await admin.client.get('/api/v1/people/chart?root=00000000-0000-0000-0000-000000000000');
    assert.equal(people.status, 400);
    assert.ok(people.json().error.fields.root);
    assert.equal((await admin.client.get('/api/v1/people/chart?depth=-1')).status, 400);
  });

  it('when someone of another workspace asks, then the entity is not found and our people are unknown; anonymous is refused', async () => {
    assert.equal((await stranger.client.get(`/api/v1/entities/${teams}/chart`)).status, 404);
    assert.equal((await stranger.client.get(`/api/v1/people/chart?root=${boss.id}`)).status, 400);
    const theirs = (await stranger.client.get('/api/v1/people/chart')).json();
    assert.ok(!theirs.people.some((p: { id: string }) => p.id === boss.id));
    const anonymous = await fetch(`${server.url}/api/v1/people/chart`, { headers: { accept: 'application/json' } });
    assert.equal(anonymous.status, 401);
  });

  it('when the people chart is asked for, then reporting lines come from leads: solid to the first lead, dotted to a second, cross through a link to an earlier entity', async () => {
    const reply = await worker.client.get('/api/v1/people/chart');
    assert.equal(reply.status, 200, reply.text);
    const chart = reply.json();
    assert.equal(chart.root, boss.id, 'the top of the largest reporting tree');
    const byName = new Map(chart.people.map((p: { firstName: string }) => [p.firstName, p]));
    const get = (name: string) => byName.get(name) as { id: string; managerId: string | null; line: string | null; level: number; directReports: number; totalReports: number };
    // Core's leads: Dan and Lea, in name order; Kernel has no lead, so Dee looks up to Core's.
    assert.equal(get('Wes').managerId, deputy.id);
    assert.equal(get('Wes').line, 'solid');
    assert.ok(chart.lines.some((l: { from: string; to: string; kind: string }) => l.from === lead.id && l.to === worker.id && l.kind === 'dotted'));
    assert.equal(get('Dee').managerId, deputy.id);
    assert.equal(get('Gus').managerId, boss.id);
    assert.equal(get('Gus').line, 'cross');
    assert.equal(get('Bea').totalReports, 5);
    assert.equal(get('Lea').managerId, boss.id);
    const dan = (await worker.client.get(`/api/v1/people/chart?root=${deputy.id}&depth=1`)).json();
    assert.deepEqual(dan.people.map((p: { id: string }) => p.id), [deputy.id]);
    assert.equal(dan.hidden, 2);
    assert.equal(dan.people[0].directReports, 2);
  });

  it('when the chart pages and the script are read, then they are served with the data call, the labels as data and no inline script', async () => {
    const page = await admin.client.get(`/org/entities/${teams}/chart?focus=${ids.Core}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`data-api="/api/v1/entities/${teams}/chart\\?depth=8"`));
    assert.match(page.text, new RegExp(`data-focus="${ids.Core}"`));
    assert.match(page.text, /<script type="application\/json" class="oc-labels">/);
    assert.doesNotMatch(page.text.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, ''), /<script(?![^>]*\bsrc=)[^>]*>/);
    assert.doesNotMatch(page.text, /style=/);
    const fr = await admin.client.get('/org/people/chart', { 'accept-language': 'fr' });
    assert.equal(fr.status, 200);
    const script = await fetch(`${server.url}/org/assets/chart.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type')!, /javascript/);
    assert.ok((await script.text()).length > 10_000);
    assert.equal((await fetch(`${server.url}/org/assets/nothing.js`)).status, 404);
    const node = await admin.client.get(`/org/nodes/${ids.Core}`);
    assert.match(node.text, new RegExp(`href="/org/entities/${teams}/chart\\?focus=${ids.Core}"`));
    const personPage = await admin.client.get(`/people/${worker.id}`);
    assert.match(personPage.text, new RegExp(`href="/org/people/chart\\?root=${worker.id}"`));
  });
});
