import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, node, outsider, person, section, type Person } from '../support/people.js';

forEachDialect('discussions and notifications', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect);
  });
  after(async () => server?.close());

  const comment = (who: Person, type: string, id: string, body: string) => who.client.sendJson('POST', `/api/v1/discussions/${type}/${id}`, { body });
  const notifications = async (who: Person) => (await who.client.get('/api/v1/notifications')).json() as { unread: number; notifications: Array<{ id: string; kind: string; commentId: string | null; target: { id: string } | null }> };

  it('when someone is @mentioned, then they get an unread notification, shown in the header count, that a later mailer can pick up', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const nodeId = await node(server, { name: 'Platform', leads: [ada] });
    const reply = await comment(ada, 'node', nodeId, `Hello @${bob.email}, can you review?`);
    assert.equal(reply.status, 201, reply.text);
    assert.deepEqual(reply.json().mentions.map((m: { id: string }) => m.id), [bob.id]);
    const seen = await notifications(bob);
    assert.equal(seen.unread, 1);
    assert.equal(seen.notifications[0]!.kind, 'mention');
    assert.equal(seen.notifications[0]!.commentId, reply.json().id);
    const home = await bob.client.get('/');
    assert.match(home.text, /class="badge unread-count"[^>]*>1</);
    const row = await server.container.knex('notifications').where({ user_id: bob.id }).first();
    assert.equal(row.email_state, 'pending');
    assert.equal(row.delivered_at, null);
    // The thread renders the mention as a link to Bob's page, and opening the notification marks it read.
    const thread = await bob.client.get(`/discussions/node/${nodeId}`);
    assert.match(thread.text, new RegExp(`<a class="mention" href="/people/${bob.id}">@Bob Hopper</a>`));
    const open = await bob.client.get(`/notifications/${seen.notifications[0]!.id}/open`);
    assert.equal(open.status, 303);
    assert.match(open.location!, new RegExp(`/discussions/node/${nodeId}#comment-`));
    assert.equal((await notifications(bob)).unread, 0);
    assert.doesNotMatch((await bob.client.get('/')).text, /unread-count/, 'the header count goes once it is read');
  });

  it('when someone replies in a thread, then earlier participants are notified, and people who never took part are not', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const carol = await person(server, 'Carol');
    const nodeId = await node(server, { name: 'Billing', members: [ada, bob, carol] });
    await comment(ada, 'node', nodeId, 'First thought');
    await comment(bob, 'node', nodeId, 'A reply');
    const adaSees = await notifications(ada);
    assert.equal(adaSees.notifications.filter((n) => n.kind === 'reply').length, 1);
    assert.equal((await notifications(carol)).notifications.length, 0);
    assert.equal((await notifications(bob)).notifications.length, 0, 'no notification about one’s own comment');
  });

  it('when a comment on a restricted section mentions someone outside it, then they get no notification and cannot read the thread; when access goes, so does the notification', async () => {
    const ada = await person(server, 'Ada');
    const eve = await person(server, 'Eve');
    const dan = await person(server, 'Dan');
    const nodeId = await node(server, { name: 'Secret project', leads: [ada], members: [eve] });
    const sectionId = await section(server, { nodeId, title: 'Acquisition plan', body: 'Confidential', visibility: 'restricted' });
    const reply = await comment(ada, 'section', sectionId, `@${dan.email} and @${eve.email}: thoughts on the target?`);
    assert.equal(reply.status, 201);
    const danSees = await notifications(dan);
    assert.equal(danSees.unread, 0);
    assert.equal(danSees.notifications.length, 0);
    assert.ok(!(await dan.client.get('/notifications')).text.includes('Acquisition plan'));
    assert.equal((await dan.client.get(`/api/v1/discussions/section/${sectionId}`)).status, 404);
    assert.equal((await dan.client.get(`/discussions/section/${sectionId}`)).status, 404);
    assert.equal((await notifications(eve)).unread, 1);
    // Eve leaves the node: the notification about the restricted section is neither listed nor counted.
    await server.container.knex('org_memberships').where({ node_id: nodeId, user_id: eve.id }).delete();
    const after = await notifications(eve);
    assert.equal(after.unread, 0);
    assert.equal(after.notifications.length, 0);
    assert.ok(!(await eve.client.get('/notifications')).text.includes('Acquisition plan'));
  });

  it('when an author edits or deletes their comment, then it changes; newly mentioned people are notified; others may not edit or delete it', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const carol = await person(server, 'Carol');
    const otto = await outsider(server);
    const nodeId = await node(server, { name: 'Docs', members: [ada, bob, carol] });
    const created = (await comment(ada, 'node', nodeId, 'Draft')).json();
    assert.equal((await bob.client.sendJson('PATCH', `/api/v1/comments/${created.id}`, { body: 'Hijacked' })).status, 403);
    assert.equal((await bob.client.sendJson('DELETE', `/api/v1/comments/${created.id}`, {})).status, 403);
    assert.equal((await otto.client.sendJson('PATCH', `/api/v1/comments/${created.id}`, { body: 'Hijacked' })).status, 404);
    const edited = await ada.client.sendJson('PATCH', `/api/v1/comments/${created.id}`, { body: `Final, cc @${carol.email}` });
    assert.equal(edited.status, 200);
    assert.ok(edited.json().editedAt);
    assert.equal((await notifications(carol)).notifications.filter((n) => n.kind === 'mention').length, 1);
    assert.equal((await server.container.knex('comments').where({ id: created.id }).first()).body, `Final, cc @${carol.email}`);
    const formEdit = await ada.client.postForm(`/discussions/comments/${created.id}`, { body: `Final, cc @${carol.email}` });
    assert.equal(formEdit.status, 303);
    assert.equal((await bob.client.postForm(`/discussions/comments/${created.id}`, { body: 'Hijacked' })).status, 403);
    const form = await ada.client.postForm(`/discussions/comments/${created.id}/delete`, {});
    assert.equal(form.status, 303);
    assert.equal(await count(server, 'comments', { id: created.id }), 0);
    assert.equal((await notifications(carol)).notifications.length, 0, 'notifications go with their comment');
  });

  it('when the input is bad (empty, oversized, unknown or foreign targets, unknown kinds), then 4xx and nothing is stored', async () => {
    const ada = await person(server, 'Ada');
    const otto = await outsider(server);
    const nodeId = await node(server, { name: 'Ops', members: [ada] });
    const foreignNode = await node(server, { name: 'Elsewhere', members: [otto] });
    const before = await count(server, 'comments');
    const empty = await comment(ada, 'node', nodeId, '   ');
    assert.equal(empty.status, 400);
    assert.ok(empty.json().error.fields.body);
    assert.equal((await comment(ada, 'node', nodeId, 'x'.repeat(10_001))).status, 400);
    assert.equal((await comment(ada, 'node', '00000000-0000-0000-0000-000000000000', 'x')).status, 404);
    assert.equal((await comment(ada, 'node', foreignNode, 'x')).status, 404);
    assert.equal((await comment(otto, 'node', nodeId, 'x')).status, 404);
    assert.equal((await comment(ada, 'gossip', nodeId, 'x')).status, 404);
    assert.equal((await ada.client.sendJson('POST', `/api/v1/discussions/node/${nodeId}`, { body: 'x', authorId: otto.id })).status, 400);
    const formEmpty = await ada.client.postForm(`/discussions/node/${nodeId}`, { body: '' });
    assert.equal(formEmpty.status, 400);
    assert.match(formEmpty.text, /This field is required/);
    assert.equal(await count(server, 'comments'), before);
    assert.equal((await ada.client.get('/notifications/00000000-0000-0000-0000-000000000000/open')).status, 404);
  });
});
