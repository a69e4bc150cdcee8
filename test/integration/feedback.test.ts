import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { count, makeAdmin, node, outsider, person, section, type Person } from '../support/people.js';

forEachDialect('feedback', (dialect) => {
  let server: TestServer;
  let recipient: Person, giver: Person, lead: Person, otherLead: Person, bystander: Person, admin: Person, otto: Person;
  const ids: Record<string, string> = {};

  before(async () => {
    server = await startTestServer(dialect);
    recipient = await person(server, 'Rita', 'Recipient');
    giver = await person(server, 'Gus', 'Giver');
    lead = await person(server, 'Lena', 'Lead');
    otherLead = await person(server, 'Olaf', 'Otherlead');
    bystander = await person(server, 'Bea', 'Bystander');
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    otto = await outsider(server);
    await node(server, { name: 'Payments', leads: [lead], members: [recipient] });
    await node(server, { name: 'Growth', leads: [otherLead], members: [bystander] });
    const valuesNode = await node(server, { name: 'Company', leads: [admin] });
    await section(server, { nodeId: valuesNode, kind: 'values', title: 'Our values', visibility: 'public', body: '- **Candor**: we say what we think\n- Ownership — we finish what we start\n\nSome prose.' });
    await section(server, { nodeId: valuesNode, kind: 'values', title: 'Secret values', visibility: 'restricted', body: '- Hidden value' });
    for (const visibility of ['recipient', 'leads', 'public'] as const) {
      const reply = await giver.client.sendJson('POST', `/api/v1/people/${recipient.id}/feedback`, { body: `Feedback for ${visibility} eyes`, visibility, values: visibility === 'public' ? ['candor'] : [] });
      assert.equal(reply.status, 201, reply.text);
      ids[visibility] = reply.json().id;
    }
  });
  after(async () => server?.close());

  const bodiesSeenBy = async (who: Person) => ((await who.client.get(`/api/v1/people/${recipient.id}/feedback`)).json().feedback as Array<{ body: string }>).map((f) => f.body).sort();

  it('when feedback is private to the recipient, then only the recipient and the giver read it', async () => {
    assert.ok((await bodiesSeenBy(recipient)).includes('Feedback for recipient eyes'));
    assert.ok((await bodiesSeenBy(giver)).includes('Feedback for recipient eyes'));
    for (const who of [lead, otherLead, bystander, admin]) {
      assert.ok(!(await bodiesSeenBy(who)).includes('Feedback for recipient eyes'));
      assert.ok(!(await who.client.get(`/people/${recipient.id}`)).text.includes('Feedback for recipient eyes'));
    }
  });

  it('when feedback is shared with leads, then the leads of the recipient’s nodes read it, and other leads, members and admins do not', async () => {
    assert.ok((await bodiesSeenBy(lead)).includes('Feedback for leads eyes'));
    assert.match((await lead.client.get(`/people/${recipient.id}`)).text, /Feedback for leads eyes/);
    for (const who of [otherLead, bystander, admin]) {
      assert.ok(!(await bodiesSeenBy(who)).includes('Feedback for leads eyes'));
      assert.ok(!(await who.client.get(`/people/${recipient.id}`)).text.includes('Feedback for leads eyes'));
    }
  });

  it('when feedback is public, then every member of the workspace reads it on the recipient’s page, and no one outside', async () => {
    for (const who of [recipient, giver, lead, otherLead, bystander, admin]) {
      assert.ok((await bodiesSeenBy(who)).includes('Feedback for public eyes'));
      assert.match((await who.client.get(`/people/${recipient.id}`)).text, /Feedback for public eyes/);
    }
    assert.equal((await otto.client.get(`/api/v1/people/${recipient.id}/feedback`)).status, 404);
    assert.equal((await otto.client.get(`/people/${recipient.id}`)).status, 404);
  });

  it('when the recipient opens their feedback, then they see everything addressed to them, and were notified of each', async () => {
    const received = (await recipient.client.get('/api/v1/feedback')).json().feedback;
    assert.deepEqual(received.map((f: { id: string }) => f.id).sort(), Object.values(ids).sort());
    const page = await recipient.client.get('/feedback');
    for (const v of ['recipient', 'leads', 'public']) assert.match(page.text, new RegExp(`Feedback for ${v} eyes`));
    const notifications = (await recipient.client.get('/api/v1/notifications')).json();
    assert.equal(notifications.notifications.filter((n: { kind: string }) => n.kind === 'feedback').length, 3);
    const given = (await giver.client.get('/api/v1/feedback?direction=given')).json().feedback;
    assert.equal(given.length, 3);
    assert.equal((await lead.client.get('/api/v1/feedback?direction=given')).json().feedback.length, 0);
  });

  it('when feedback is tagged, then only the Values of the workspace’s public Values sections are accepted', async () => {
    const values = (await giver.client.get('/api/v1/feedback/values')).json().values;
    assert.deepEqual(values, ['Candor', 'Ownership']);
    const tagged = (await recipient.client.get('/api/v1/feedback')).json().feedback.find((f: { id: string }) => f.id === ids.public);
    assert.deepEqual(tagged.values, ['Candor']);
    const before = await count(server, 'feedback');
    const unknown = await giver.client.sendJson('POST', `/api/v1/people/${recipient.id}/feedback`, { body: 'x', visibility: 'public', values: ['Hidden value'] });
    assert.equal(unknown.status, 400);
    assert.ok(unknown.json().error.fields.values);
    assert.equal(await count(server, 'feedback'), before);
  });

  it('when feedback is given through the person page form, then it is stored and the form shows field messages on bad input', async () => {
    const ok = await bystander.client.postForm(`/people/${recipient.id}/feedback`, { body: 'Great demo today', visibility: 'public', values: 'Ownership' });
    assert.equal(ok.status, 303);
    const shown = (await bystander.client.get(`/people/${recipient.id}`)).text;
    assert.match(shown, /Great demo today/);
    assert.match(shown, /<details class="disclosure give-here" id="give-feedback"><summary>Give \w+ feedback<\/summary>/, 'the form is folded: the page reads first');
    const bad = await bystander.client.postForm(`/people/${recipient.id}/feedback`, { body: '', visibility: 'everyone' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<details class="disclosure give-here" id="give-feedback" open>/, 'a refused form is open, its messages in view');
    assert.match(bad.text, /id="f-fb-body-error"/);
    assert.match(bad.text, /Choose who may read your feedback/);
  });

  it('when the input is bad (self, unknown or foreign people, bad visibility, oversized), then 4xx and nothing is stored', async () => {
    const before = await count(server, 'feedback');
    const notificationsBefore = await count(server, 'notifications');
    assert.equal((await giver.client.sendJson('POST', `/api/v1/people/${giver.id}/feedback`, { body: 'I am great', visibility: 'public' })).status, 400);
    assert.equal((await giver.client.sendJson('POST', '/api/v1/people/00000000-0000-0000-0000-000000000000/feedback', { body: 'x', visibility: 'public' })).status, 404);
    assert.equal((await giver.client.sendJson('POST', `/api/v1/people/${otto.id}/feedback`, { body: 'x', visibility: 'public' })).status, 404);
    assert.equal((await otto.client.sendJson('POST', `/api/v1/people/${recipient.id}/feedback`, { body: 'x', visibility: 'public' })).status, 404);
    const badVisibility = await giver.client.sendJson('POST', `/api/v1/people/${recipient.id}/feedback`, { body: 'x', visibility: 'everyone' });
    assert.equal(badVisibility.status, 400);
    assert.ok(badVisibility.json().error.fields.visibility);
    assert.equal((await giver.client.sendJson('POST', `/api/v1/people/${recipient.id}/feedback`, { body: 'x'.repeat(5001), visibility: 'public' })).status, 400);
    assert.equal((await giver.client.sendJson('POST', `/api/v1/people/${recipient.id}/feedback`, { body: 'x', visibility: 'public', giverId: lead.id })).status, 400);
    assert.equal(await count(server, 'feedback'), before);
    assert.equal(await count(server, 'notifications'), notificationsBefore);
  });

  it('when feedback is given from the feedback page to a colleague picked by name, then it reaches them; a missing, unknown, foreign or own choice is refused beside the field and stores nothing', async () => {
    const page = await bystander.client.get('/feedback');
    assert.match(page.text, /<input type="email" id="f-recipient" name="recipient" value="" data-person-picker/);
    const before = await count(server, 'feedback');
    const notificationsBefore = await count(server, 'notifications');
    for (const [recipientEmail, message] of [['', 'Choose the colleague your feedback is for.'], ['nobody@example.com', 'Choose a colleague of your workspace.'], [otto.email, 'Choose a colleague of your workspace.'], [bystander.email, 'Give feedback to someone else.']] as const) {
      const refused = await bystander.client.postForm('/feedback', { recipient: recipientEmail, body: 'Thanks for the review', visibility: 'recipient' });
      assert.equal(refused.status, 400, recipientEmail);
      assert.match(refused.text, new RegExp(`<p class="error" id="f-recipient-error">${message}</p>`), recipientEmail);
      assert.match(refused.text, /<details class="card give-card" open>/, 'the form stays open with what was typed');
      assert.match(refused.text, /Thanks for the review<\/textarea>/);
    }
    assert.equal(await count(server, 'feedback'), before);
    assert.equal(await count(server, 'notifications'), notificationsBefore);

    const sent = await bystander.client.postForm('/feedback', { recipient: recipient.email.toUpperCase(), body: 'Thanks for the **review**', visibility: 'recipient', values: 'Candor' });
    assert.equal(sent.status, 303, sent.text);
    assert.match(sent.location!, /^\/feedback#feedback-/);
    const received = (await recipient.client.get('/api/v1/feedback')).json().feedback as Array<{ body: string; values: string[]; giver: { id: string } }>;
    const mine = received.find((f) => f.body === 'Thanks for the **review**');
    assert.deepEqual([mine?.giver.id, mine?.values], [bystander.id, ['Candor']]);
    assert.match((await bystander.client.get('/feedback')).text, /Thanks for the <strong>review<\/strong>/);
  });
});
