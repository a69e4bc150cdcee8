// Admin user management (issue 22): search, filters and pages over 10,000 people, and the actions
// an admin takes on a person (disable/enable, promote/demote, reset link), audited. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedInClient, strongPassword } from '../support/http.js';
import { makeAdmin, person, type Person } from '../support/people.js';
import { newId } from '../../server/platform/ids.js';

forEachDialect('admin user management', (dialect) => {
  let server: TestServer;
  let admin: Person, member: Person, target: Person;
  before(async () => {
    server = await startTestServer(dialect);
    admin = await person(server, 'Ada', 'Admin');
    await makeAdmin(server, admin);
    member = await person(server, 'Mo', 'Member');
    target = await person(server, 'Tara', 'Target');
    const workspaceId = (await server.container.knex('users').where({ id: admin.id }).first()).workspace_id;
    const at = Date.now();
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const email = `bulk.${i}@example.com`;
      return { id: newId(), workspace_id: workspaceId, email, email_lower: email, first_name: `Bulk${i}`, last_name: i % 100 === 0 ? 'Zephyr' : 'Person', password_hash: null, role: 'member', status: i % 1000 === 0 ? 'disabled' : 'active', created_at: at, updated_at: at };
    });
    await server.container.knex.batchInsert('users', rows, 500);
  });
  after(async () => server?.close());

  it('when an admin opens the overview, then it counts the active people, the admins, the disabled accounts and the pending invitations of their workspace', async () => {
    const overview = await admin.client.get('/admin');
    assert.equal(overview.status, 200);
    const figures = [...overview.text.matchAll(/<span class="stat-value">([^<]+)<\/span><span class="stat-label">([^<]+)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(figures, ['9,993 active', '1 admins', '10 disabled', '0 pending invitations']);
    const fr = await admin.client.get('/admin', { 'accept-language': 'fr' });
    assert.match(fr.text, /<span class="stat-value">9\u202f993<\/span><span class="stat-label">actives<\/span>/);
  });

  it('when an admin opens the list with 10,000 people, then one page of 50 is shown with the total and a next page; search and filters narrow it in the query', async () => {
    const started = Date.now();
    const first = await admin.client.get('/admin/users');
    assert.equal(first.status, 200);
    assert.ok(Date.now() - started < 5_000, 'answered quickly');
    assert.equal((first.text.match(/<tr data-user=/g) ?? []).length, 50);
    assert.match(first.text, /10,?003 people/);
    assert.match(first.text, /Page 1 of 201/);
    assert.match(first.text, /href="\/admin\/users\?page=2" rel="next"/);
    const second = await admin.client.get('/admin/users?page=2');
    assert.match(second.text, /Page 2 of 201/);
    const zephyrs = await admin.client.get('/admin/users?q=zeph');
    assert.match(zephyrs.text, /100 people/);
    const byEmail = (await admin.client.get('/api/v1/admin/users?q=bulk.4242%40', { accept: 'application/json' })).json();
    assert.equal(byEmail.total, 1);
    assert.equal(byEmail.users[0].email, 'bulk.4242@example.com');
    const disabled = (await admin.client.get('/api/v1/admin/users?status=disabled', { accept: 'application/json' })).json();
    assert.equal(disabled.total, 10);
    const admins = (await admin.client.get('/api/v1/admin/users?role=admin', { accept: 'application/json' })).json();
    assert.deepEqual(admins.users.map((u: { id: string }) => u.id), [admin.id]);
    const wildcard = (await admin.client.get('/api/v1/admin/users?q=%25', { accept: 'application/json' })).json();
    assert.equal(wildcard.total, 0, 'a % in the search is a character, not a wildcard');
    // The admin home no longer renders every account.
    assert.doesNotMatch((await admin.client.get('/admin')).text, /bulk\.4242/);
  });

  it('when the list is read, then each row keeps its actions behind one labelled button, each stacked cell names its column for phones, and an empty result offers to clear the filters', async () => {
    const page = (await admin.client.get(`/admin/users?q=${encodeURIComponent(target.email)}`)).text;
    const row = (page.split(`<tr data-user="${target.id}">`)[1] ?? '').split('</tr>')[0]!;
    const name = `${target.firstName} ${target.lastName}`;
    assert.match(row, new RegExp(`<details class="menu row-menu">\\s*<summary class="button small" aria-label="Actions for ${name}">Actions</summary>`));
    assert.equal((row.match(/<summary/g) ?? []).length, 1, 'one button per row');
    assert.match(row, new RegExp(`<div class="menu-panel"><ul><li><form method="post" action="/admin/users/${target.id}/disable">`));
    assert.match(row, /<td data-label="Role">Member<\/td>\s*<td data-label="Status">Active<\/td>/);
    const none = (await admin.client.get('/admin/users?q=nobody-by-this-name')).text;
    assert.match(none, /<div class="empty">[\s\S]*?<strong>No one matches these filters\.<\/strong>[\s\S]*?<a class="button primary" href="\/admin\/users">Clear the filters<\/a>/);
    const fr = (await admin.client.get(`/admin/users?q=${encodeURIComponent(target.email)}`, { 'accept-language': 'fr' })).text;
    assert.match(fr, new RegExp(`aria-label="Actions pour ${name}"`));
  });

  it('when the filters are wrong, then 400 names the field and nothing else is shown; a member is refused', async () => {
    const badPage = await admin.client.get('/admin/users?page=zero');
    assert.equal(badPage.status, 400);
    assert.match(badPage.text, /The page must be a whole number/);
    const badRole = await admin.client.get('/api/v1/admin/users?role=owner', { accept: 'application/json' });
    assert.equal(badRole.status, 400);
    assert.ok(badRole.json().error.fields.role);
    assert.equal((await member.client.get('/admin/users')).status, 403);
    assert.equal((await member.client.postForm(`/admin/users/${target.id}/promote`, {})).status, 403);
    assert.equal((await server.container.repositories.users.findById(target.id))!.role, 'member');
  });

  it('when an admin disables, enables, promotes, demotes and sends a reset link, then each takes effect, is audited and is confirmed by name', async () => {
    const users = server.container.repositories.users;
    const disable = await admin.client.postForm(`/admin/users/${target.id}/disable`, { returnTo: '/admin/users?q=tara' });
    assert.equal(disable.status, 303);
    assert.equal(disable.location, '/admin/users?q=tara&done=disable&name=Tara%20Target');
    assert.equal((await users.findById(target.id))!.status, 'disabled');
    assert.equal((await target.client.get('/api/v1/me')).status, 401, 'the session ended');
    const confirmed = await admin.client.get(disable.location!);
    assert.match(confirmed.text, /Tara Target is disabled/);
    await admin.client.postForm(`/admin/users/${target.id}/enable`, {});
    assert.equal((await users.findById(target.id))!.status, 'active');
    await admin.client.postForm(`/admin/users/${target.id}/promote`, {});
    assert.equal((await users.findById(target.id))!.role, 'admin');
    await admin.client.postForm(`/admin/users/${target.id}/demote`, {});
    assert.equal((await users.findById(target.id))!.role, 'member');
    const before = server.mailer.sent.filter((m) => m.to === target.email).length;
    const reset = await admin.client.postForm(`/admin/users/${target.id}/reset-link`, {});
    assert.equal(reset.status, 303);
    // The outbox sends outside the request: wait for the one new email to the person.
    const mail = await server.mailer.waitFor(target.email, before);
    assert.match(mail.text, /\/password\/reset\/[A-Za-z0-9_-]+/);
    const actions = (await server.container.knex('audit_entries').whereIn('action', ['users.disable', 'users.enable', 'users.promote', 'users.demote', 'users.reset_link']).select('action')).map((r) => r.action).sort();
    assert.deepEqual(actions, ['users.demote', 'users.disable', 'users.enable', 'users.promote', 'users.reset_link']);
    // The person can sign in again after being enabled.
    await signedInClient(server.url, target.email, strongPassword);
  });

  it('when an admin would disable or demote themself, or act on an unknown id, then it is refused and nothing changes', async () => {
    const self = await admin.client.postForm(`/admin/users/${admin.id}/demote`, {});
    assert.equal(self.status, 409);
    assert.match(self.text, /cannot disable or demote your own account/);
    assert.equal((await server.container.repositories.users.findById(admin.id))!.role, 'admin');
    assert.equal((await admin.client.postForm('/admin/users/not-an-id/disable', {})).status, 400);
    assert.equal((await admin.client.postForm(`/admin/users/${newId()}/disable`, {})).status, 404);
    const french = await admin.client.get('/admin/users', { 'accept-language': 'fr' });
    assert.match(french.text, /Personnes et comptes/);
  });
});
