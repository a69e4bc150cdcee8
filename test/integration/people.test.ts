import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, node, outsider, person } from '../support/people.js';
import { timeOfDayIn } from '../../server/web/time.js';

forEachDialect('people pages', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect);
  });
  after(async () => server?.close());

  it('when a colleague opens a person page, then it shows the profile, node memberships with roles, and the person’s own sections', async () => {
    const pia = await person(server, 'Pia', 'Person');
    const viewer = await person(server, 'Vic', 'Viewer');
    await pia.client.sendJson('PATCH', '/api/v1/me', { title: 'Data engineer', bio: 'Likes rivers' });
    const teamId = await node(server, { name: 'Data Platform', leads: [pia] });
    await node(server, { name: 'Lyon office', members: [pia] });
    const added = await pia.client.postForm(`/people/${pia.id}/sections`, { kind: 'custom', title: 'Bookshelf', body: '**Dune**, <script>alert(1)</script>', visibility: 'public' });
    assert.equal(added.status, 303, added.text.slice(0, 300));
    const page = await viewer.client.get(`/people/${pia.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Data engineer/);
    assert.match(page.text, /Likes rivers/);
    assert.match(page.text, new RegExp(`<a href="/org/nodes/${teamId}">Data Platform</a>`));
    assert.match(page.text, /Lyon office/);
    assert.match(page.text, /Bookshelf/);
    assert.match(page.text, /<strong>Dune<\/strong>/);
    assert.ok(!page.text.includes('<script>alert(1)'));
    const api = (await viewer.client.get(`/api/v1/people/${pia.id}`)).json();
    assert.equal(api.title, 'Data engineer');
    assert.deepEqual(api.memberships.map((m: { nodeName: string; role: string }) => `${m.nodeName}:${m.role}`).sort(), ['Data Platform:lead', 'Lyon office:member']);
    const sections = (await viewer.client.get(`/api/v1/people/${pia.id}/sections`)).json().sections;
    assert.deepEqual(sections.map((s: { title: string }) => s.title), ['Bookshelf']);
  });

  it('when a person has a phone and a time zone, then their page links the email and phone and says the time where they are', async () => {
    const kai = await person(server, 'Kai', 'Abroad');
    const viewer = await person(server, 'Vic', 'Viewer');
    const patched = await kai.client.sendJson('PATCH', '/api/v1/me', { phone: '+81 (0)3 1234-5678', timeZone: 'Asia/Tokyo', company: 'Opsenic KK' });
    assert.equal(patched.status, 200, patched.text);
    const before = timeOfDayIn('en', 'Asia/Tokyo')!;
    const page = (await viewer.client.get(`/people/${kai.id}`)).text;
    const after = timeOfDayIn('en', 'Asia/Tokyo')!;
    // The address wraps after its @ and dots on a narrow card, never inside a word.
    const [local, domain] = kai.email.split('@') as [string, string];
    assert.ok(page.includes(`<a href="mailto:${kai.email}">${local.replaceAll('.', '.<wbr>')}@<wbr>${domain.replaceAll('.', '.<wbr>')}</a>`), 'the email links and may wrap only after @ and dots');
    assert.ok(page.includes('<a href="tel:+810312345678">+81 (0)3 1234-5678</a>'), 'the phone dials its digits');
    assert.match(page, /Opsenic KK/);
    const shown = /<dt>Local time<\/dt><dd>([^<]+) <span class="muted">\(Asia\/Tokyo\)<\/span>/.exec(page)?.[1];
    assert.ok(shown === before || shown === after, `local time ${shown}, expected ${before}`);

    await kai.client.sendJson('PATCH', '/api/v1/me', { timeZone: null, phone: null });
    const plain = (await viewer.client.get(`/people/${kai.id}`)).text;
    assert.doesNotMatch(plain, /Local time|tel:/, 'no zone, no phone: neither row');
  });

  it('when someone else tries to add a section to a person page, then it is refused and nothing is added', async () => {
    const pia = await person(server, 'Pia');
    const viewer = await person(server, 'Vic');
    const before = await count(server, 'sections', { person_id: pia.id });
    assert.equal((await viewer.client.postForm(`/people/${pia.id}/sections`, { kind: 'goals', body: 'Mine now', visibility: 'public' })).status, 403);
    assert.equal((await viewer.client.sendJson('POST', `/api/v1/people/${pia.id}/sections`, { kind: 'goals', body: 'Mine now' })).status, 403);
    const bad = await pia.client.sendJson('POST', `/api/v1/people/${pia.id}/sections`, { kind: 'diary', body: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(await count(server, 'sections', { person_id: pia.id }), before);
    const goals = await pia.client.sendJson('POST', `/api/v1/people/${pia.id}/sections`, { kind: 'goals', body: 'Ship the lake' });
    assert.equal(goals.status, 201);
  });

  it('when someone of another workspace or an unknown id is asked for, then it is a 404', async () => {
    const pia = await person(server, 'Pia');
    const otto = await outsider(server);
    assert.equal((await otto.client.get(`/people/${pia.id}`)).status, 404);
    assert.equal((await otto.client.get(`/api/v1/people/${pia.id}`)).status, 404);
    assert.equal((await pia.client.get(`/people/${otto.id}`)).status, 404);
    assert.equal((await pia.client.get('/api/v1/people/00000000-0000-0000-0000-000000000000')).status, 404);
    assert.equal((await otto.client.sendJson('POST', `/api/v1/people/${pia.id}/sections`, { kind: 'goals', body: 'x' })).status, 404);
  });

  it('when the directory is searched by name, then it lists the workspace’s people page by page, and bad pages are refused', async () => {
    await person(server, 'Zelda', 'Zebrafish');
    const viewer = await person(server, 'Vic');
    const otto = await outsider(server, 'Zed');
    const found = (await viewer.client.get('/api/v1/people?q=zebra')).json();
    assert.equal(found.total, 1);
    assert.equal(found.people[0].lastName, 'Zebrafish');
    assert.ok(!(await viewer.client.get('/api/v1/people?q=outside')).json().people.some((p: { id: string }) => p.id === otto.id));
    const page = await viewer.client.get('/people?q=zel');
    assert.match(page.text, /Zelda Zebrafish/);
    assert.equal((await viewer.client.get('/api/v1/people?page=0')).status, 400);
    assert.equal((await viewer.client.get('/people?page=abc')).status, 400);
    assert.equal((await viewer.client.get('/api/v1/people?q=%25')).json().total, 0, 'LIKE wildcards are taken literally');
  });
});
