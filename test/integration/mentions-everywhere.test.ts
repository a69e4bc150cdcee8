// @mentions outside comments (issue 22): in sections, feedback, bios and 1:1 notes a mention
// notifies the person in the app and queues an email of the `mentions` category, like a comment's;
// only people who may read the text are told, and only once per new mention. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { node, person, type Person } from '../support/people.js';

forEachDialect('mentions everywhere', (dialect) => {
  let server: TestServer;
  let lea: Person, mia: Person, ned: Person, sam: Person;
  let nodeId: string;
  const knex = () => server.container.knex;
  const mentionsOf = (p: Person) => knex()('notifications').where({ user_id: p.id, kind: 'mention' }).orderBy('created_at').select('*');
  const mentionEmailsTo = async (p: Person) => Number((await knex()('email_outbox').where({ user_id: p.id, category: 'mentions' }).count<{ n: number }[]>({ n: '*' }).first())?.n);

  before(async () => {
    server = await startTestServer(dialect, { 'retention.schedule.enabled': false });
    lea = await person(server, 'Lea', 'Lead');
    mia = await person(server, 'Mia', 'Member');
    ned = await person(server, 'Ned', 'Nodemember');
    sam = await person(server, 'Sam', 'Someone');
    nodeId = await node(server, { name: 'Platform', leads: [lea], members: [ned] });
  });
  after(async () => server?.close());

  it('when a section mentions a colleague, then they are notified in the app and by a mentions email, and the notification opens the section', async () => {
    const created = await lea.client.sendJson('POST', `/api/v1/nodes/${nodeId}/sections`, { kind: 'custom', title: 'Roadmap', body: `Ask @${mia.email} about it`, visibility: 'public' });
    assert.equal(created.status, 201, created.text);
    const sectionId = created.json().id;
    const [n] = await mentionsOf(mia);
    assert.ok(n, 'notified');
    assert.equal(n.section_id, sectionId);
    assert.equal(await mentionEmailsTo(mia), 1, 'the outbox queued one mentions email');
    const list = await mia.client.get('/notifications');
    assert.match(list.text, /Lea Lead mentioned you in the section “Roadmap”/);
    const open = await mia.client.get(`/notifications/${n.id}/open`);
    assert.equal(open.location, `/org/nodes/${nodeId}#section-${sectionId}`);
    const fr = await mia.client.get('/notifications', { 'accept-language': 'fr' });
    assert.match(fr.text, /Lea Lead vous a mentionné dans la section « Roadmap »/);
  });

  it('when the section is edited and keeps the mention, then no one is notified again; a new mention notifies only the new person', async () => {
    const section = await knex()('sections').where({ title: 'Roadmap' }).first();
    const kept = await lea.client.sendJson('PATCH', `/api/v1/sections/${section.id}`, { body: `Ask @${mia.email} about it, today` });
    assert.equal(kept.status, 200, kept.text);
    assert.equal((await mentionsOf(mia)).length, 1, 'the same mention does not notify again');
    await lea.client.sendJson('PATCH', `/api/v1/sections/${section.id}`, { body: `Ask @${mia.email} and @${sam.email.toUpperCase()} about it` });
    assert.equal((await mentionsOf(mia)).length, 1);
    assert.equal((await mentionsOf(sam)).length, 1, 'the new mention notifies');
    assert.equal(await mentionEmailsTo(mia), 1);
  });

  it('when a restricted section mentions people, then only those who may read it are notified', async () => {
    const created = await lea.client.sendJson('POST', `/api/v1/nodes/${nodeId}/sections`, { kind: 'custom', title: 'Budget', body: `@${mia.email} and @${ned.email}: numbers`, visibility: 'restricted' });
    assert.equal(created.status, 201, created.text);
    const sectionId = created.json().id;
    assert.equal((await mentionsOf(ned)).filter((n) => n.section_id === sectionId).length, 1, 'a member of the node reads it');
    assert.equal((await mentionsOf(mia)).filter((n) => n.section_id === sectionId).length, 0, 'someone outside the node is not told');
    assert.doesNotMatch((await mia.client.get('/notifications')).text, /Budget/);
    // Made public later: editing without a new mention tells no one, the mention is not new.
    await lea.client.sendJson('PATCH', `/api/v1/sections/${sectionId}`, { visibility: 'public' });
    assert.equal((await mentionsOf(mia)).filter((n) => n.section_id === sectionId).length, 0);
  });

  it('when feedback mentions a colleague, then they are told only if they may read the feedback', async () => {
    const shared = await mia.client.sendJson('POST', `/api/v1/people/${ned.id}/feedback`, { body: `Great pairing with @${sam.email}`, visibility: 'public' });
    assert.equal(shared.status, 201, shared.text);
    const toSam = (await mentionsOf(sam)).filter((n) => n.feedback_id === shared.json().id);
    assert.equal(toSam.length, 1);
    assert.equal((await mentionsOf(ned)).filter((n) => n.feedback_id).length, 0, 'the recipient gets the feedback notification, not a second one');
    const open = await sam.client.get(`/notifications/${toSam[0].id}/open`);
    assert.equal(open.location, `/people/${ned.id}#feedback-${shared.json().id}`);
    const before = (await mentionsOf(sam)).length;
    const privateOne = await mia.client.sendJson('POST', `/api/v1/people/${ned.id}/feedback`, { body: `Thanks to @${sam.email} too`, visibility: 'recipient' });
    assert.equal(privateOne.status, 201, privateOne.text);
    assert.equal((await mentionsOf(sam)).length, before, 'feedback only the recipient reads tells no one else');
  });

  it('when a bio mentions a colleague, then they are told once', async () => {
    const saved = await sam.client.postForm('/profile', { firstName: 'Sam', lastName: 'Someone', bio: `Pairing with @${mia.email}` });
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    const bio = (await mentionsOf(mia)).filter((n) => n.actor_id === sam.id && !n.section_id && !n.feedback_id && !n.meeting_id && !n.comment_id);
    assert.equal(bio.length, 1);
    assert.match((await mia.client.get('/notifications')).text, /Sam Someone mentioned you in their bio/);
    assert.equal((await mia.client.get(`/notifications/${bio[0].id}/open`)).location, `/people/${sam.id}`);
    await sam.client.sendJson('PATCH', '/api/v1/me', { bio: `Pairing with @${mia.email} every week` });
    assert.equal((await mentionsOf(mia)).filter((n) => n.actor_id === sam.id && !n.section_id && !n.feedback_id && !n.meeting_id && !n.comment_id).length, 1, 'not again');
  });

  it('when 1:1 notes or items mention someone, then the other participant is told and no one outside the 1:1', async () => {
    const pair = (await mia.client.sendJson('POST', '/api/v1/one-on-ones', { personId: ned.id })).json().id;
    const meeting = (await mia.client.sendJson('POST', `/api/v1/one-on-ones/${pair}/meetings`, { heldOn: '2026-12-07' })).json().id;
    const notes = await mia.client.sendJson('PATCH', `/api/v1/one-on-ones/${pair}/meetings/${meeting}`, { sharedNotes: `@${ned.email} bring the plan; ask @${lea.email}` });
    assert.equal(notes.status, 200, notes.text);
    const toNed = (await mentionsOf(ned)).filter((n) => n.meeting_id === meeting);
    assert.equal(toNed.length, 1);
    assert.equal((await mentionsOf(lea)).filter((n) => n.meeting_id === meeting).length, 0, 'outside the 1:1: not told');
    assert.equal((await ned.client.get(`/notifications/${toNed[0].id}/open`)).location, `/one-on-ones/${pair}/meetings/${meeting}`);
    await mia.client.sendJson('PATCH', `/api/v1/one-on-ones/${pair}/meetings/${meeting}`, { sharedNotes: `@${ned.email} bring the plan (updated); ask @${lea.email}` });
    assert.equal((await mentionsOf(ned)).filter((n) => n.meeting_id === meeting).length, 1, 'kept mention: not again');
    const item = await ned.client.sendJson('POST', `/api/v1/one-on-ones/${pair}/meetings/${meeting}/items`, { kind: 'talking_point', body: `@${mia.email} your promotion` });
    assert.equal(item.status, 201, item.text);
    assert.equal((await mentionsOf(mia)).filter((n) => n.meeting_id === meeting).length, 1);
    assert.ok((await mentionEmailsTo(ned)) >= 1, 'a mentions email for the 1:1 mention');
    assert.match((await ned.client.get('/notifications')).text, /Mia Member mentioned you in your 1:1 notes/);
  });
});
