import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, makeAdmin, outsider, person, type Person } from '../support/people.js';

forEachDialect('1:1 notes', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect);
  });
  after(async () => server?.close());

  async function pairOf(a: Person, b: Person): Promise<string> {
    const reply = await a.client.sendJson('POST', '/api/v1/one-on-ones', { personId: b.id });
    assert.equal(reply.status, 201, reply.text);
    return reply.json().id;
  }

  async function meeting(a: Person, pairId: string, heldOn: string): Promise<string> {
    const reply = await a.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings`, { heldOn });
    assert.equal(reply.status, 201, reply.text);
    return reply.json().id;
  }

  it('when two people hold a 1:1, then both see and edit the shared agenda, action items and shared notes', async () => {
    const ada = await person(server, 'Ada', 'Lovelace');
    const bob = await person(server, 'Bob', 'Builder');
    const pairId = await pairOf(ada, bob);
    assert.equal(await pairOf(bob, ada), pairId, 'the same pair is found from either side');
    const m = await meeting(ada, pairId, '2026-11-02');
    const point = await bob.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items`, { kind: 'talking_point', body: 'Career growth' });
    assert.equal(point.status, 201);
    const action = await ada.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items`, { kind: 'action_item', body: 'Book the training', ownerId: bob.id });
    assert.equal(action.json().ownerId, bob.id);
    const done = await bob.client.sendJson('PATCH', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items/${action.json().id}`, { done: true });
    assert.equal(done.json().done, true);
    assert.ok(done.json().doneAt);
    await bob.client.sendJson('PATCH', `/api/v1/one-on-ones/${pairId}/meetings/${m}`, { sharedNotes: 'We agreed on a plan' });
    const seenByAda = (await ada.client.get(`/api/v1/one-on-ones/${pairId}/meetings/${m}`)).json();
    assert.equal(seenByAda.sharedNotes, 'We agreed on a plan');
    assert.deepEqual(seenByAda.items.map((i: { body: string }) => i.body).sort(), ['Book the training', 'Career growth']);
    const page = await ada.client.get(`/one-on-ones/${pairId}/meetings/${m}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Career growth/);
    assert.match(page.text, /We agreed on a plan/);
  });

  it('when a meeting is planned ahead, then the list and the API tell the next meeting from the last one held, and the pair page shows the planned one first', async () => {
    const ada = await person(server, 'Ada', 'Planner');
    const bob = await person(server, 'Bob', 'Planned');
    const pairId = await pairOf(ada, bob);
    // Ten days either side of today: the reader's time zone cannot move them across it.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const held = await meeting(ada, pairId, day(-10));
    const planned = await meeting(ada, pairId, day(10));
    const [listed] = (await ada.client.get('/api/v1/one-on-ones')).json().oneOnOnes.filter((p: { id: string }) => p.id === pairId);
    assert.equal(listed.lastHeldOn, day(-10), 'the last meeting is the latest before today, not the planned one');
    assert.equal(listed.nextOn, day(10));
    const list = await ada.client.get('/one-on-ones');
    assert.match(list.text, new RegExp(`<a href="/one-on-ones/${pairId}">Bob Planned</a>[\\s\\S]*?Next: <time datetime="${day(10)}`));
    const pairPage = (await ada.client.get(`/one-on-ones/${pairId}`)).text;
    const plannedAt = pairPage.indexOf(`/meetings/${planned}"`);
    assert.ok(plannedAt > 0 && plannedAt < pairPage.indexOf(`/meetings/${held}"`), 'the planned meeting comes first');
    assert.match(pairPage, new RegExp(`Planned</span> <a href="/one-on-ones/${pairId}/meetings/${planned}"`));
    assert.doesNotMatch(pairPage, new RegExp(`Planned</span> <a href="/one-on-ones/${pairId}/meetings/${held}"`));
    assert.match((await ada.client.get(`/one-on-ones/${pairId}`, { 'accept-language': 'fr' })).text, /Prévu<\/span>/);
    assert.match((await ada.client.get(`/one-on-ones/${pairId}/meetings/${planned}`)).text, /<span class="badge badge-accent">Planned<\/span>/, 'the planned meeting\'s own page says so');
    assert.doesNotMatch((await ada.client.get(`/one-on-ones/${pairId}/meetings/${held}`)).text, /badge-accent">Planned/);
  });

  it('when someone has several 1:1s, then the list starts with the soonest planned meeting and ends with the pairs that have none planned, the most recently met first', async () => {
    const reader = await person(server, 'Rae', 'Reader');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    // Named so that alphabetical order would be the opposite of the expected one.
    const [zoe, yan, xia, wes] = [await person(server, 'Zoe', 'Zed'), await person(server, 'Yan', 'York'), await person(server, 'Xia', 'Xu'), await person(server, 'Wes', 'West')];
    await meeting(reader, await pairOf(reader, zoe), day(3));
    await meeting(reader, await pairOf(reader, yan), day(8));
    await meeting(reader, await pairOf(reader, xia), day(-2));
    await meeting(reader, await pairOf(reader, wes), day(-20));
    const order = ((await reader.client.get('/api/v1/one-on-ones')).json().oneOnOnes as Array<{ partner: { firstName: string } }>).map((p) => p.partner.firstName);
    assert.deepEqual(order, ['Zoe', 'Yan', 'Xia', 'Wes']);
    const page = (await reader.client.get('/one-on-ones')).text;
    const at = (name: string) => page.indexOf(`>${name} `);
    assert.ok(at('Zoe') < at('Yan') && at('Yan') < at('Xia') && at('Xia') < at('Wes'), 'the page lists them in the same order');
  });

  it('when a talking point is not done, then it carries over to the next meeting; done ones do not', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const pairId = await pairOf(ada, bob);
    const first = await meeting(ada, pairId, '2026-11-02');
    const open = (await ada.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${first}/items`, { kind: 'talking_point', body: 'Still open' })).json();
    const closed = (await ada.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${first}/items`, { kind: 'talking_point', body: 'Settled' })).json();
    await bob.client.sendJson('PATCH', `/api/v1/one-on-ones/${pairId}/meetings/${first}/items/${closed.id}`, { done: true });
    const second = await meeting(bob, pairId, '2026-11-09');
    const items = (await ada.client.get(`/api/v1/one-on-ones/${pairId}/meetings/${second}`)).json().items;
    assert.deepEqual(items.map((i: { body: string }) => i.body), ['Still open']);
    assert.equal(items[0].carriedFromId, open.id);
  });

  it('when a participant writes private notes, then only they can ever read them: not the other participant, an admin, search, notifications or counts', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const admin = await person(server, 'Root', 'Admin');
    await makeAdmin(server, admin);
    const pairId = await pairOf(ada, bob);
    const m = await meeting(ada, pairId, '2026-11-02');
    const secret = 'Zanzibarquux worries about burnout';
    const saved = await ada.client.sendJson('PUT', `/api/v1/one-on-ones/${pairId}/meetings/${m}/private-note`, { body: secret });
    assert.equal(saved.status, 200);
    await bob.client.sendJson('PUT', `/api/v1/one-on-ones/${pairId}/meetings/${m}/private-note`, { body: 'Bob thinks alone' });

    assert.equal((await ada.client.get(`/api/v1/one-on-ones/${pairId}/meetings/${m}`)).json().privateNote, secret);
    assert.match((await ada.client.get(`/one-on-ones/${pairId}/meetings/${m}`)).text, /Zanzibarquux/);

    // The other participant: every page and endpoint of the 1:1, none shows it.
    for (const path of [`/api/v1/one-on-ones/${pairId}/meetings/${m}`, `/one-on-ones/${pairId}/meetings/${m}`, `/api/v1/one-on-ones/${pairId}`, `/one-on-ones/${pairId}`, '/api/v1/one-on-ones', '/one-on-ones', '/api/v1/notifications', '/notifications']) {
      const reply = await bob.client.get(path);
      assert.equal(reply.status, 200, path);
      assert.ok(!reply.text.includes('Zanzibarquux'), `${path} must not show Ada's private notes`);
    }
    assert.equal((await bob.client.get(`/api/v1/one-on-ones/${pairId}/meetings/${m}`)).json().privateNote, 'Bob thinks alone');

    // An admin is not a participant: the 1:1 does not exist for them.
    assert.equal((await admin.client.get(`/api/v1/one-on-ones/${pairId}/meetings/${m}`)).status, 404);
    assert.equal((await admin.client.get(`/one-on-ones/${pairId}/meetings/${m}`)).status, 404);

    // Search, by anyone including the author, never finds private notes.
    for (const who of [ada, bob, admin]) {
      const found = (await who.client.get('/api/v1/search?q=Zanzibarquux')).json();
      assert.equal(Object.values(found.results as Record<string, unknown[]>).flat().length, 0);
      assert.ok(!(await who.client.get('/search?q=Zanzibarquux')).text.includes('Zanzibarquux worries'));
    }
    // No notification and no count reveals it.
    assert.equal((await bob.client.get('/api/v1/notifications')).json().unread, 0);
  });

  it('when someone who is not a participant asks for a 1:1, then it is a 404 and writing changes nothing', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const carol = await person(server, 'Carol');
    const otto = await outsider(server);
    const pairId = await pairOf(ada, bob);
    const m = await meeting(ada, pairId, '2026-11-02');
    const items = await count(server, 'one_on_one_items');
    for (const who of [carol, otto]) {
      assert.equal((await who.client.get(`/api/v1/one-on-ones/${pairId}`)).status, 404);
      assert.equal((await who.client.get(`/one-on-ones/${pairId}`)).status, 404);
      assert.equal((await who.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items`, { kind: 'talking_point', body: 'Sneaky' })).status, 404);
      assert.equal((await who.client.sendJson('PUT', `/api/v1/one-on-ones/${pairId}/meetings/${m}/private-note`, { body: 'Sneaky' })).status, 404);
      assert.equal((await who.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings`, { heldOn: '2026-12-01' })).status, 404);
      assert.deepEqual((await who.client.get('/api/v1/one-on-ones')).json().oneOnOnes, []);
    }
    assert.equal(await count(server, 'one_on_one_items'), items);
    assert.equal(await count(server, 'one_on_one_meetings', { one_on_one_id: pairId }), 1);
    assert.equal(await count(server, 'one_on_one_private_notes', { meeting_id: m }), 0);
  });

  it('when the input is bad (unknown or foreign ids, self, bad dates, foreign owners, oversized bodies), then 4xx names the problem and nothing changes', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const otto = await outsider(server);
    const before = await count(server, 'one_on_ones');
    const self = await ada.client.sendJson('POST', '/api/v1/one-on-ones', { personId: ada.id });
    assert.equal(self.status, 400);
    assert.ok(self.json().error.fields.personId);
    const foreign = await ada.client.sendJson('POST', '/api/v1/one-on-ones', { personId: otto.id });
    assert.equal(foreign.status, 400);
    const unknown = await ada.client.sendJson('POST', '/api/v1/one-on-ones', { personId: '00000000-0000-0000-0000-000000000000' });
    assert.equal(unknown.status, 400);
    const extra = await ada.client.sendJson('POST', '/api/v1/one-on-ones', { personId: bob.id, admin: true });
    assert.equal(extra.status, 400);
    assert.equal(await count(server, 'one_on_ones'), before);

    const pairId = await pairOf(ada, bob);
    const badDate = await ada.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings`, { heldOn: '2026-02-31' });
    assert.equal(badDate.status, 400);
    assert.ok(badDate.json().error.fields.heldOn);
    const m = await meeting(ada, pairId, '2026-11-02');
    const itemsBefore = await count(server, 'one_on_one_items', { meeting_id: m });
    const foreignOwner = await ada.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items`, { kind: 'action_item', body: 'x', ownerId: otto.id });
    assert.equal(foreignOwner.status, 400);
    assert.ok(foreignOwner.json().error.fields.ownerId);
    const tooLong = await ada.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items`, { kind: 'talking_point', body: 'x'.repeat(2001) });
    assert.equal(tooLong.status, 400);
    const badKind = await ada.client.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items`, { kind: 'gossip', body: 'x' });
    assert.equal(badKind.status, 400);
    const huge = await ada.client.sendJson('PUT', `/api/v1/one-on-ones/${pairId}/meetings/${m}/private-note`, { body: 'x'.repeat(2_000_000) });
    assert.ok(huge.status === 413 || huge.status === 400, `oversized body: ${huge.status}`);
    assert.equal(await count(server, 'one_on_one_items', { meeting_id: m }), itemsBefore);
    assert.equal(await count(server, 'one_on_one_private_notes', { meeting_id: m }), 0);
    assert.equal((await ada.client.get(`/api/v1/one-on-ones/${pairId}/meetings/no-such-meeting`)).status, 404);
    assert.equal((await ada.client.sendJson('PATCH', `/api/v1/one-on-ones/${pairId}/meetings/${m}/items/no-such-item`, { done: true })).status, 404);
    const form = await ada.client.postForm(`/one-on-ones/${pairId}/meetings/${m}/items`, { kind: 'talking_point', body: '' });
    assert.equal(form.status, 400);
    assert.match(form.text, /This field is required|Some fields need your attention/);
  });

  it('when signed out, then 1:1 pages redirect to sign-in and the API answers 401', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const pairId = await pairOf(ada, bob);
    const { TestClient } = await import('../support/http.js');
    const anonymous = new TestClient(server.url);
    assert.equal((await anonymous.get(`/one-on-ones/${pairId}`)).status, 302);
    assert.equal((await anonymous.get(`/api/v1/one-on-ones/${pairId}`)).status, 401);
  });
});
