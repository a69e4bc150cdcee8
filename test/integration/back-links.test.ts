// A section's edit, history and sharing pages and a discussion's page lead back by name (issue 22):
// "Back to People Ops", "Back to Lea Lead", "Back to your page", in the reader's language; a plain
// "Back" or "Back to the page" said neither where nor to whom. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { node, person, type Person } from '../support/people.js';

forEachDialect('a page leads back by name', (dialect) => {
  let server: TestServer;
  let lead: Person, reader: Person;
  let nodeId: string;
  before(async () => {
    server = await startTestServer(dialect);
    lead = await person(server, 'Lea', 'Lead');
    reader = await person(server, 'Rita', 'Reader');
    nodeId = await node(server, { name: 'People Ops', leads: [lead] });
  });
  after(async () => server?.close());

  const backLink = (page: string) => /<p><a href="([^"]+)">([^<]+)<\/a><\/p>\s*<h1>/.exec(page)?.slice(1, 3);

  it('when a node section is edited, its history read or its sharing managed, then each page leads back to the node by name', async () => {
    const id = (await lead.client.sendJson('POST', `/api/v1/nodes/${nodeId}/sections`, { kind: 'custom', title: 'Plan', body: 'First', visibility: 'restricted' })).json().id as string;
    for (const path of [`/sections/${id}/edit`, `/sections/${id}/history`, `/sections/${id}/grants`]) {
      const page = await lead.client.get(path);
      assert.equal(page.status, 200, path);
      assert.deepEqual(backLink(page.text), [`/org/nodes/${nodeId}#section-${id}`, 'Back to People Ops'], path);
    }
    assert.deepEqual(backLink((await lead.client.get(`/sections/${id}/edit`, { 'accept-language': 'fr' })).text)?.[1], 'Retour à People Ops');
  });

  it('when a person section is opened, then its owner reads "Back to your page" and a colleague reads the owner\'s name', async () => {
    const id = (await lead.client.sendJson('POST', `/api/v1/people/${lead.id}/sections`, { kind: 'custom', title: 'How I work', body: 'Mornings', visibility: 'public' })).json().id as string;
    assert.deepEqual(backLink((await lead.client.get(`/sections/${id}/edit`)).text), [`/people/${lead.id}#section-${id}`, 'Back to your page']);
    const history = await reader.client.get(`/sections/${id}/history`);
    assert.equal(history.status, 200);
    assert.deepEqual(backLink(history.text), [`/people/${lead.id}#section-${id}`, 'Back to Lea Lead']);
  });

  it('when a discussion is opened, then its page leads back to the node, the section\'s node or person, by name', async () => {
    assert.deepEqual(backLink((await reader.client.get(`/discussions/node/${nodeId}`)).text), [`/org/nodes/${nodeId}`, 'Back to People Ops']);
    const onNode = (await lead.client.sendJson('POST', `/api/v1/nodes/${nodeId}/sections`, { kind: 'custom', title: 'Rituals', body: 'Fridays', visibility: 'public' })).json().id as string;
    assert.deepEqual(backLink((await reader.client.get(`/discussions/section/${onNode}`)).text), [`/org/nodes/${nodeId}#section-${onNode}`, 'Back to People Ops']);
    const onPerson = (await reader.client.sendJson('POST', `/api/v1/people/${reader.id}/sections`, { kind: 'custom', title: 'Hobbies', body: 'Chess', visibility: 'public' })).json().id as string;
    assert.deepEqual(backLink((await reader.client.get(`/discussions/section/${onPerson}`)).text), [`/people/${reader.id}#section-${onPerson}`, 'Back to your page']);
    assert.deepEqual(backLink((await lead.client.get(`/discussions/section/${onPerson}`, { 'accept-language': 'fr' })).text)?.[1], 'Retour à Rita Reader');
  });
});
