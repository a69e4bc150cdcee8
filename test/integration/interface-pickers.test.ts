// People are chosen with the people picker, never by typing a raw id (issue 22): the 1:1 list starts a
// 1:1 with a colleague picked by name, and the legal hold form holds a person or the admin's own
// workspace without asking for a workspace id. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeAdmin, outsider, person, type Person } from '../support/people.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** What a person reads: the text of the page, without tags and attributes. */
const visibleText = (page: string) => page.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]*>/g, ' ');

forEachDialect('pickers instead of emails and ids', (dialect) => {
  let server: TestServer;
  let admin: Person, mia: Person, leo: Person, otto: Person;
  before(async () => {
    server = await startTestServer(dialect, { 'retention.schedule.enabled': false });
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    mia = await person(server, 'Mia', 'Member');
    leo = await person(server, 'Leo', 'Lead');
    otto = await outsider(server, 'Otto');
  });
  after(async () => server?.close());

  it('when a person opens the 1:1 list, then a people picker starts a 1:1 with the colleague picked', async () => {
    const list = await mia.client.get('/one-on-ones');
    assert.match(list.text, /<input type="email" id="f-person" name="person" value="" data-person-picker/);
    assert.match(list.text, /<label for="f-person">Start a 1:1 with<\/label>/);
    const started = await mia.client.postForm('/one-on-ones', { person: leo.email.toUpperCase() });
    assert.equal(started.status, 303);
    const pair = await server.container.knex('one_on_ones').where({ created_by: mia.id }).first();
    assert.equal(started.location, `/one-on-ones/${pair.id}`);
    assert.deepEqual([pair.person_a_id, pair.person_b_id].sort(), [mia.id, leo.id].sort());
    const again = await mia.client.postForm('/one-on-ones', { person: leo.email });
    assert.equal(again.location, started.location, 'the same pair again');
    const fromPage = await mia.client.postForm('/one-on-ones', { personId: leo.id });
    assert.equal(fromPage.location, started.location, 'a person page still starts it by id');
  });

  it('when the picked person is nobody, someone of another workspace, oneself or missing, then the list re-renders with the reason and nothing is started', async () => {
    const count = async () => Number((await server.container.knex('one_on_ones').count<{ n: number }[]>({ n: '*' }).first())?.n);
    const before = await count();
    for (const [person, reason] of [
      ['nobody@example.com', /Choose a colleague of your workspace/],
      [otto.email, /Choose a colleague of your workspace/],
      [mia.email, /A 1:1 needs another person/],
      ['', /Choose the colleague to meet/],
    ] as const) {
      const reply = await mia.client.postForm('/one-on-ones', { person });
      assert.equal(reply.status, 400, person);
      assert.match(reply.text, /id="f-person-error"/, person);
      assert.match(reply.text, reason, person);
    }
    const french = await mia.client.request('POST', '/one-on-ones', { body: new URLSearchParams({ _csrf: await mia.client.csrfToken(), person: '' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' } });
    assert.match(french.text, /Choisissez le collègue à rencontrer/);
    assert.equal(await count(), before);
  });

  it('when an admin opens the legal hold form, then it asks for a person or the whole workspace and shows no workspace id', async () => {
    const page = await admin.client.get('/admin/retention/holds');
    assert.equal(page.status, 200);
    assert.match(page.text, /<nav class="tabs" aria-label="Retention"><ul><li><a href="\/admin\/retention">Plan and policies<\/a><\/li><li><a href="\/admin\/retention\/history">Run history<\/a><\/li><li><a href="\/admin\/retention\/holds" aria-current="page">Legal holds<\/a>/, 'the retention pages are tabs, this one current');
    assert.doesNotMatch(page.text, /name="workspace"/);
    assert.doesNotMatch(page.text, /Workspace id/);
    assert.match(page.text, /<input type="radio" name="scope" value="workspace"/);
    assert.match(page.text, /name="user"[^>]*data-person-picker/);
    assert.doesNotMatch(visibleText(page.text), UUID, 'no raw id is shown');
  });

  it('when an admin holds the whole workspace, then the hold is on their own workspace whatever id the form carries', async () => {
    const mine = (await server.container.knex('users').where({ id: admin.id }).first()).workspace_id;
    const other = (await server.container.knex('users').where({ id: otto.id }).first()).workspace_id;
    const reply = await admin.client.postForm('/admin/retention/holds', { scope: 'workspace', workspace: other, reason: 'litigation 7' });
    assert.equal(reply.status, 303, reply.text.slice(0, 300));
    const hold = await server.container.knex('legal_holds').where({ reason: 'litigation 7' }).first();
    assert.equal(hold.workspace_id, mine);
    assert.equal(hold.user_id, null);
    const list = await admin.client.get('/admin/retention/holds');
    assert.match(list.text, /the whole workspace/);
    assert.doesNotMatch(visibleText(list.text), UUID, 'no raw id is shown');
  });

  it('when an admin holds a person, then the person must be chosen and be of their workspace', async () => {
    const count = async () => Number((await server.container.knex('legal_holds').count<{ n: number }[]>({ n: '*' }).first())?.n);
    const before = await count();
    const missing = await admin.client.postForm('/admin/retention/holds', { scope: 'person', user: '', reason: 'case 9' });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /id="f-user-error"[^>]*>Choose the person to hold/);
    const elsewhere = await admin.client.postForm('/admin/retention/holds', { scope: 'person', user: otto.email, reason: 'case 9' });
    assert.equal(elsewhere.status, 400);
    assert.match(elsewhere.text, /No account has this email/);
    assert.equal(await count(), before, 'nothing placed');
    const held = await admin.client.postForm('/admin/retention/holds', { scope: 'person', user: mia.email, reason: 'case 9' });
    assert.equal(held.status, 303);
    assert.equal((await server.container.knex('legal_holds').where({ reason: 'case 9' }).first()).user_id, mia.id);
  });
});
