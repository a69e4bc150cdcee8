// A section of a standard kind (purpose, goals, values...) often has no title of its own. Wherever
// people read about it (a notification, Home's inbox, a mention email, a discussion, search, and the
// JSON API of each), it is named by its kind in the reader's language, never by the kind's key that
// the database holds ("purpose"). Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { node, person, type Person } from '../support/people.js';

forEachDialect('untitled sections named by their kind', (dialect) => {
  let server: TestServer;
  let lea: Person, mia: Person;
  let nodeId: string, sectionId: string;
  const french = { 'accept-language': 'fr' };

  before(async () => {
    server = await startTestServer(dialect, { 'retention.schedule.enabled': false });
    lea = await person(server, 'Lea', 'Lead');
    mia = await person(server, 'Mia', 'Member');
    nodeId = await node(server, { name: 'Platform', leads: [lea], members: [mia] });
    const created = await lea.client.sendJson('POST', `/api/v1/nodes/${nodeId}/sections`, { kind: 'purpose', body: `We keep the lighthouse running. Ask @${mia.email}.`, visibility: 'public' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json().title, null, 'the section has no title of its own');
    sectionId = created.json().id;
  });
  after(async () => server?.close());

  it('when an untitled section mentions someone, then their notifications, Home and the API name it “Purpose” (« Raison d’être » in French), not “purpose”', async () => {
    const list = await mia.client.get('/notifications');
    assert.match(list.text, /Lea Lead mentioned you in the section “Purpose”/);
    assert.doesNotMatch(list.text, /“purpose”/);
    assert.match((await mia.client.get('/notifications', french)).text, /Lea Lead vous a mentionné dans la section « Raison d&#39;être »/);
    assert.match((await mia.client.get('/')).text, /Lea Lead mentioned you in the section “Purpose”/);
    const api = (await mia.client.get('/api/v1/notifications')).json();
    const mention = api.notifications.find((n: { kind: string }) => n.kind === 'mention');
    assert.deepEqual(mention.target, { type: 'section', id: sectionId, title: 'Purpose' });
    const apiFr = (await mia.client.get('/api/v1/notifications', french)).json();
    assert.equal(apiFr.notifications.find((n: { kind: string }) => n.kind === 'mention').target.title, "Raison d'être");
  });

  it('when the mention is emailed, then the subject names the section by its kind', async () => {
    const mail = await server.mailer.waitFor(mia.email);
    assert.equal(mail.subject, 'Lea Lead mentioned you in Purpose');
  });

  it('when someone comments on the untitled section, then the discussion page and its API are titled by the kind, and the reply notification too', async () => {
    const asked = await lea.client.sendJson('POST', `/api/v1/discussions/section/${sectionId}`, { body: 'Comments welcome.' });
    assert.equal(asked.status, 201, asked.text);
    const posted = await mia.client.sendJson('POST', `/api/v1/discussions/section/${sectionId}`, { body: 'Which lighthouse?' });
    assert.equal(posted.status, 201, posted.text);
    assert.match((await lea.client.get('/notifications')).text, /Mia Member replied in the discussion on “Purpose”/);
    const thread = await lea.client.get(`/discussions/section/${sectionId}`);
    assert.match(thread.text, /<h1>Discussion: Purpose<\/h1>/);
    assert.match((await lea.client.get(`/discussions/section/${sectionId}`, french)).text, /<h1>[^<]*Raison d&#39;être<\/h1>/);
    assert.equal((await lea.client.get(`/api/v1/discussions/section/${sectionId}`)).json().target.title, 'Purpose');
  });

  it('when search finds the section and the comment on it, then both hits are titled by the kind, on the page and in the API', async () => {
    const hits = (await mia.client.get('/api/v1/search?q=lighthouse')).json().results;
    const sectionHit = hits.sections.find((h: { id: string }) => h.id === sectionId);
    assert.ok(sectionHit, JSON.stringify(hits));
    assert.equal(sectionHit.title, 'Purpose');
    assert.equal(sectionHit.titleHtml, 'Purpose');
    const commentHit = hits.discussions[0];
    assert.ok(commentHit, JSON.stringify(hits));
    assert.equal(commentHit.title, 'Purpose');
    const pageHtml = (await mia.client.get('/search?q=lighthouse')).text;
    assert.match(pageHtml, new RegExp(`<a href="/org/nodes/${nodeId}#section-${sectionId}">Purpose</a>`));
    assert.doesNotMatch(pageHtml, />purpose</);
    const frHits = (await mia.client.get('/api/v1/search?q=lighthouse', french)).json().results;
    assert.equal(frHits.sections[0].title, "Raison d'être");
  });
});
