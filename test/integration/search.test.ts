import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeAdmin, node, outsider, person, section, type Person } from '../support/people.js';

type Hit = { kind: string; id: string; title: string; titleHtml: string; snippetHtml: string; url: string };

forEachDialect('search', (dialect) => {
  let server: TestServer;
  let member: Person, stranger: Person, admin: Person, otto: Person;
  let nodeId: string, publicId: string, restrictedId: string;

  before(async () => {
    server = await startTestServer(dialect);
    member = await person(server, 'Mira', 'Member');
    stranger = await person(server, 'Stan', 'Stranger');
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    otto = await outsider(server);
    nodeId = await node(server, { name: 'Quasar Platform', description: 'Builds the heliotrope engine', members: [member] });
    publicId = await section(server, { nodeId, title: 'Heliotrope roadmap', body: 'The heliotrope strategy for next year.', visibility: 'public' });
    restrictedId = await section(server, { nodeId, title: 'Heliotrope layoffs', body: 'Heliotrope confidential reorganisation, codename vermilionfox.', visibility: 'restricted' });
    await member.client.sendJson('POST', `/api/v1/discussions/section/${restrictedId}`, { body: 'About vermilionfox and heliotrope: keep it quiet' });
    await member.client.sendJson('POST', `/api/v1/discussions/section/${publicId}`, { body: 'Heliotrope is exciting' });
    // Private things that search must never index.
    await member.client.sendJson('POST', `/api/v1/people/${stranger.id}/feedback`, { body: 'heliotrope feedback vermilionfox', visibility: 'recipient' });
    await otto.client.sendJson('PATCH', '/api/v1/me', { bio: 'I love heliotrope too' });
  });
  after(async () => server?.close());

  const search = async (who: Person, q: string, kind?: string) => {
    const reply = await who.client.get(`/api/v1/search?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ''}`);
    assert.equal(reply.status, 200, reply.text);
    return reply.json().results as Record<string, Hit[]>;
  };
  const ids = (results: Record<string, Hit[]>) => Object.values(results).flat().map((h) => h.id);

  it('when a member of the node searches, then nodes, sections (restricted ones they may read too), people and discussions match, by word prefix', async () => {
    const results = await search(member, 'helio');
    assert.deepEqual(results.nodes!.map((h) => h.id), [nodeId]);
    assert.deepEqual(results.sections!.map((h) => h.id).sort(), [publicId, restrictedId].sort());
    assert.equal(results.discussions!.length, 2);
    const people = await search(member, 'mira memb');
    assert.ok(people.people!.some((h) => h.title === 'Mira Member'));
  });

  it('when someone outside the node searches, then restricted sections and their discussions are neither returned, counted nor hinted at, on the API or the page', async () => {
    for (const who of [stranger]) {
      const results = await search(who, 'heliotrope');
      const found = ids(results);
      assert.ok(found.includes(publicId));
      assert.ok(!found.includes(restrictedId));
      assert.equal(results.discussions!.length, 1, 'only the discussion of the public section');
      const codename = await search(who, 'vermilionfox');
      assert.deepEqual(ids(codename), []);
      const page = await who.client.get('/search?q=vermilionfox');
      assert.equal(page.status, 200);
      assert.ok(!/layoffs|reorganisation|keep it quiet/i.test(page.text));
      assert.match(page.text, /Nothing you may read matches/);
      const listing = await who.client.get('/search?q=heliotrope');
      assert.ok(!/layoffs|reorganisation|keep it quiet/i.test(listing.text));
    }
  });

  it('when anyone searches, then feedback, 1:1 notes and other workspaces are never found', async () => {
    assert.deepEqual((await search(stranger, 'vermilionfox')).discussions, []);
    assert.ok(!JSON.stringify(await search(member, 'heliotrope feedback')).includes('feedback vermilionfox'));
    const fromOutside = await search(otto, 'heliotrope');
    assert.deepEqual(ids(fromOutside).filter((id) => [nodeId, publicId, restrictedId].includes(id)), []);
    assert.ok(!ids(await search(member, 'heliotrope')).includes(otto.id), 'a person of another workspace is not found');
  });

  it('when a match is highlighted, then the text is escaped and only the match is marked', async () => {
    await section(server, { nodeId, title: '<script>alert(1)</script> tangerine', body: 'tangerine <img src=x onerror=alert(1)> tangerine', visibility: 'public' });
    const hit = (await search(stranger, 'tangerine')).sections![0]!;
    assert.match(hit.titleHtml, /&lt;script&gt;alert\(1\)&lt;\/script&gt; <mark>tangerine<\/mark>/);
    assert.ok(!hit.snippetHtml.includes('<img'));
    assert.match(hit.snippetHtml, /<mark>tangerine<\/mark>/);
    const page = await stranger.client.get('/search?q=tangerine');
    assert.ok(!page.text.includes('<script>alert(1)'));
    assert.match(page.text, /<mark>tangerine<\/mark>/);
  });

  it('when the page lists people and list-like sections, then a person is shown under their face without a snippet that repeats their title, and list items stay apart', async () => {
    const titled = await person(server, 'Tilda', 'Titled');
    await server.container.knex('users').where({ id: titled.id }).update({ title: 'Zirconium Lead' });
    await section(server, { nodeId, title: 'Zirconium duties', body: '- Keeps the zirconium wiki\n- Runs the zirconium demo', visibility: 'public' });
    const page = (await member.client.get('/search?q=zirconium')).text;
    const personHit = page.split('<li class="hit hit-people">')[1]?.split('</li>')[0] ?? '';
    assert.match(personHit, /<span class="avatar avatar-\d+ small" aria-hidden="true">TT<\/span>/, 'the person\'s initials (no photo)');
    assert.match(personHit, /<span class="muted">· <mark>Zirconium<\/mark> Lead<\/span>/, 'the match in their title is marked');
    assert.doesNotMatch(personHit, /class="snippet"/, 'the snippet would only repeat the title');
    assert.match(page, /Keeps the <mark>zirconium<\/mark> wiki · Runs the <mark>zirconium<\/mark> demo/);
  });

  it('when hits are listed, then each says what it belongs to in words: a node its dimension, a section its place, a comment its writer; the API carries the same text', async () => {
    const hitOf = (page: string, kind: string) => (page.split(`<li class="hit hit-${kind}">`)[1] ?? '').split('</li>')[0]!;
    const page = (await member.client.get('/search?q=heliotrope')).text;
    assert.match(hitOf(page, 'nodes'), /<span class="muted">· Entity Quasar Platform<\/span>/, 'a node is named by its dimension');
    const teams = ((await admin.client.get('/api/v1/entities')).json().entities as Array<{ id: string; key: string }>).find((e) => e.key === 'teams')!.id;
    assert.equal((await admin.client.sendJson('POST', '/api/v1/nodes', { entityId: teams, name: 'Obsidian Guild' })).status, 201);
    assert.match(hitOf((await member.client.get('/search?q=obsidian')).text, 'nodes'), /<span class="muted">· Teams<\/span>/, 'a built-in dimension (stored without a name) by its name in the reader\'s language');
    assert.match(hitOf((await member.client.get('/search?q=obsidian', { 'accept-language': 'fr' })).text, 'nodes'), /<span class="muted">· Équipes<\/span>/);
    assert.match(hitOf(page, 'sections'), /<span class="muted">· in Quasar Platform<\/span>/);
    assert.match(hitOf(page, 'discussions'), /<span class="muted">· comment by Mira Member<\/span>/);
    const fr = (await member.client.get('/search?q=heliotrope', { 'accept-language': 'fr' })).text;
    assert.match(hitOf(fr, 'sections'), /<span class="muted">· dans Quasar Platform<\/span>/);
    assert.match(hitOf(fr, 'discussions'), /<span class="muted">· commentaire de Mira Member<\/span>/);
    const api = await search(member, 'heliotrope');
    assert.deepEqual([...new Set(api.sections!.map((h) => (h as Hit & { contextText: string }).contextText))], ['in Quasar Platform']);
    await section(server, { personId: member.id, title: 'Heliotrope hobby', body: 'Gardening', visibility: 'public' });
    assert.match((await member.client.get('/search?q=hobby')).text, /<span class="muted">· on Mira Member’s page<\/span>/);
  });

  it('when content changes or goes, then search follows at once', async () => {
    const id = await section(server, { nodeId, title: 'Ephemeral', body: 'saffronwave', visibility: 'public' });
    assert.deepEqual((await search(stranger, 'saffronwave')).sections!.map((h) => h.id), [id]);
    await server.container.knex('sections').where({ id }).update({ body: 'cobaltstream', updated_at: Date.now() });
    assert.deepEqual((await search(stranger, 'saffronwave')).sections, []);
    assert.deepEqual((await search(stranger, 'cobaltstream')).sections!.map((h) => h.id), [id]);
    await server.container.knex('sections').where({ id, visibility: 'public' }).update({ visibility: 'restricted' });
    assert.deepEqual((await search(stranger, 'cobaltstream')).sections, [], 'made restricted: gone for outsiders at once');
    await server.container.knex('sections').where({ id }).delete();
    assert.deepEqual((await search(member, 'cobaltstream')).sections, []);
  });

  it('when a word matches more rows than are ranked, then readable ones still come (newest first on SQLite, a bounded ranked set on PostgreSQL) and restricted ones still never show', async () => {
    const at = Date.now();
    const { newId } = await import('../../server/platform/ids.js');
    const workspaceId = (await server.container.knex('org_nodes').where({ id: nodeId }).first()).workspace_id;
    const rows = Array.from({ length: 1100 }, (_, i) => ({ id: newId(), workspace_id: workspaceId, node_id: nodeId, person_id: null, kind: 'custom', title: `Ultramarine ${i}`, body: 'ultramarine restricted notes', visibility: 'restricted', position: i + 10, revision: 1, created_by: null, updated_by: null, created_at: at, updated_at: at }));
    for (let i = 0; i < rows.length; i += 200) await server.container.knex('sections').insert(rows.slice(i, i + 200));
    const visible = await section(server, { nodeId, title: 'Ultramarine overview', body: 'ultramarine for everyone', visibility: 'public' });
    assert.deepEqual((await search(stranger, 'ultramarine')).sections!.map((h) => h.id), [visible]);
    const forMember = await search(member, 'ultramarine', 'sections');
    assert.equal(forMember.sections!.length, 50);
    // SQLite walks the FTS index newest first past its rank cap; PostgreSQL ranks the first visible matches its scan finds.
    if (dialect === 'sqlite') assert.equal(forMember.sections![0]!.id, visible, 'newest first');
  });

  it('when the query holds search syntax or is bad, then it is treated as words or refused with 400, never a 500', async () => {
    for (const q of ['"unbalanced', 'NEAR(a b)', 'a OR b*', '*', ':*&|!()', "'; drop table users; --", 'col:value', '\u0001\u0002']) {
      const reply = await stranger.client.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(reply.status, 200, `${q}: ${reply.text}`);
    }
    assert.equal((await stranger.client.get(`/api/v1/search?q=${'a'.repeat(201)}`)).status, 400);
    assert.equal((await stranger.client.get('/api/v1/search?q=x&kind=secrets')).status, 400);
    assert.equal((await stranger.client.get('/api/v1/search?q=x&limit=1000')).status, 400);
    assert.equal((await stranger.client.get(`/search?q=${'a'.repeat(201)}`)).status, 400);
  });
});
