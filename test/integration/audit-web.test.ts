// What the audit log records from the product (sign-ins, failed sign-ins, admin actions), and the
// admin page that browses it: filters, pagination, bad filters, who may see it. Both dialects.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedInClient, signedUpClient, strongPassword, uniqueEmail } from '../support/http.js';
import type { AuditAction } from '../../server/components/audit/audit-actions.js';

forEachDialect('audit log in the product', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let adminEmail: string;
  let member: TestClient;

  before(async function () {
    this.timeout(120_000);
    server = await startTestServer(dialect);
    const a = await signedUpClient(server.url, { firstName: 'Ada', lastName: 'Admin' });
    adminEmail = a.email;
    await server.container.services.accounts.setRole(a.email, 'admin');
    admin = a.client;
    member = (await signedUpClient(server.url)).client;
  });
  after(async () => server?.close());

  const entries = async (action: string) => (await server.container.services.audit.search({ action }, 1, 100)).entries;

  it('when someone signs in or fails to, then both are recorded without the typed email or password', async () => {
    const email = uniqueEmail('signin');
    await signedUpClient(server.url, { email });
    const failed = await new TestClient(server.url).postForm('/signin', { email, password: 'not the right password at all' });
    assert.equal(failed.status, 401);
    await new TestClient(server.url).postForm('/signin', { email: 'nobody-here@example.com', password: 'whatever whatever whatever' });
    await signedInClient(server.url, email, strongPassword);
    const fails = await entries('auth.signin.failed');
    assert.ok(fails.some((e) => e.details.reason === 'wrong_password' && e.actorEmail === email));
    assert.ok(fails.some((e) => e.details.reason === 'unknown_account' && e.actorId === null));
    const raw = JSON.stringify(await server.container.knex('audit_entries').select());
    assert.ok(!raw.includes('nobody-here@example.com') && !raw.includes('not the right password'));
    assert.ok((await entries('auth.signin')).some((e) => e.actorEmail === email && e.action === 'auth.signin'));
  });

  it('when an admin invites, changes the sign-up mode and promotes someone, then each action is recorded with its actor', async () => {
    const invited = await admin.postForm('/admin/invitations', { email: uniqueEmail('invitee'), role: 'member' });
    assert.equal(invited.status, 303);
    const mode = await admin.postForm('/admin/signup-mode', { mode: 'invite' });
    assert.equal(mode.status, 303);
    const someone = await signedUpClient(server.url).catch(() => undefined);
    assert.equal(someone, undefined, 'sign-up is now invite-only');
    await admin.postForm('/admin/signup-mode', { mode: 'open' });
    const target = uniqueEmail('promoted');
    await signedUpClient(server.url, { email: target });
    await server.container.services.accounts.setRole(target, 'admin', { kind: 'cli' });
    const invite = (await entries('users.invite'))[0]!;
    assert.equal(invite.actorEmail, adminEmail);
    assert.equal(invite.targetType, 'invitation');
    const modes = await entries('workspace.signup_mode');
    assert.deepEqual(modes.map((e) => e.details.to), ['open', 'invite']);
    const promote = (await entries('users.promote'))[0]!;
    assert.equal(promote.actorKind, 'cli');
    assert.deepEqual(promote.details, { from: 'member', to: 'admin' });
    assert.equal((await server.container.services.audit.verify()).ok, true);
  });

  it('when entries are about people and other things, then the page names each person (an erased person once erased) and links things to their page, never showing an id as text', async () => {
    const kept = uniqueEmail('kept');
    const gone = uniqueEmail('gone');
    await signedUpClient(server.url, { email: kept, firstName: 'Kira', lastName: 'Kept' });
    await signedUpClient(server.url, { email: gone, firstName: 'Gus', lastName: 'Gone' });
    await server.container.services.accounts.setRole(kept, 'admin', { kind: 'cli' });
    await server.container.services.accounts.setRole(gone, 'admin', { kind: 'cli' });
    const keptId = (await server.container.knex('users').where({ email_lower: kept }).first()).id as string;
    const goneId = (await server.container.knex('users').where({ email_lower: gone }).first()).id as string;
    // Entries hold a person as an opaque audit identity; erasure clears the name behind it.
    const auditIdOf = async (userId: string) => (await server.container.knex('audit_actors').where({ user_id: userId }).first()).id as string;
    const keptAuditId = await auditIdOf(keptId);
    const goneAuditId = await auditIdOf(goneId);
    await server.container.knex('audit_actors').where({ id: goneAuditId }).update({ user_id: null, email: null, display_name: null, erased_at: Date.now() });
    await admin.postForm('/admin/invitations', { email: uniqueEmail('invitee'), role: 'member' });

    const page = await admin.get('/admin/audit?action=users.promote');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<td[^>]*><a href="/people/${keptId}" title="${keptAuditId}">Kira Kept</a></td>`));
    assert.match(page.text, new RegExp(`<td[^>]*><span title="${goneAuditId}">Erased person</span></td>`));
    assert.doesNotMatch(page.text, /Gus Gone/);
    const visible = page.text.replace(/<[^>]*>/g, ' ');
    assert.doesNotMatch(visible, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'ids only in attributes');
    const invites = await admin.get('/admin/audit?action=users.invite', { 'accept-language': 'fr' });
    assert.match(invites.text, /<td[^>]*><span title="[0-9a-f-]{36}">Invitation<\/span><\/td>/);
    // Each action reads in words, its code under it (for the filter and for grep); one the page has no name for shows its code alone.
    assert.match(invites.text, /<td[^>]*><span class="audit-action">Personne invitée<\/span><code class="code-note">users\.(<wbr>)?invite<\/code><\/td>/);
    assert.match((await admin.get('/admin/audit?action=users.promote')).text, /<span class="audit-action">Made an admin<\/span>/);
    const api = (await admin.get('/api/v1/admin/audit?action=users.promote', { accept: 'application/json' })).json();
    assert.ok(api.entries.some((e: { targetId: string; targetUserId: string; targetName: string }) => e.targetId === keptAuditId && e.targetUserId === keptId && e.targetName === 'Kira Kept'), 'the JSON answer keeps the ids and names the person');
  });

  it('when an admin opens the audit page with filters, then only matching entries show, newest first, a page at a time', async () => {
    for (let i = 0; i < 55; i++) await server.container.services.audit.append({ action: 'test.paging' as AuditAction, actorKind: 'system', details: { i } });
    const all = await admin.get('/admin/audit');
    assert.equal(all.status, 200);
    assert.match(all.text, /<h1>Audit log<\/h1>/);
    assert.match(all.text, /<code>opsenic audit verify<\/code> proves/, 'the command reads as code, not as Markdown backticks');
    const first = await admin.get('/admin/audit?action=test.paging');
    assert.match(first.text, /<td[^>]*><code class="code-note">test\.(<wbr>)?paging<\/code><\/td>/, 'a code of no release shows as it is');
    // Details read in words in the reader's language, the stored key kept in data-key; a key the catalogue lacks reads as words too.
    const signins = await admin.get('/admin/audit?action=auth.signin');
    assert.match(signins.text, /<div data-key="newDevice"><dt>new device<\/dt> <dd>(yes|no)<\/dd><\/div>/);
    assert.match((await admin.get('/admin/audit?action=auth.signin', { 'accept-language': 'fr' })).text, /<div data-key="newDevice"><dt>nouvel appareil<\/dt> <dd>(oui|non)<\/dd><\/div>/);
    await server.container.services.audit.append({ action: 'other.words' as AuditAction, actorKind: 'system', details: { someNewKey: true } });
    assert.match((await admin.get('/admin/audit?action=other.words')).text, /<div data-key="someNewKey"><dt>some new key<\/dt> <dd>yes<\/dd><\/div>/);
    assert.match(first.text, /55 entries/);
    assert.match(first.text, /Page 1 of 2/);
    // Details read as a list, not as JSON (one line of JSON made the table overflow).
    assert.match(first.text, /<dt>i<\/dt> <dd>54<\/dd>/);
    assert.doesNotMatch(first.text, /{&quot;i&quot;:54}|{"i":54}/);
    assert.match(first.text, /<datalist id="audit-actions">[\s\S]*<option value="test.paging">/);
    const second = await admin.get('/admin/audit?action=test.paging&page=2');
    assert.match(second.text, /Page 2 of 2/);
    const json = (await admin.get('/api/v1/admin/audit?action=test&page=2', { accept: 'application/json' })).json();
    assert.equal(json.total, 55);
    assert.equal(json.entries.length, 5);
    assert.deepEqual(json.entries.map((e: { details: { i: number } }) => e.details.i), [4, 3, 2, 1, 0]);
    const byActor = (await admin.get(`/api/v1/admin/audit?actor=${encodeURIComponent(adminEmail)}`)).json();
    assert.ok(byActor.total >= 3);
    assert.ok(byActor.entries.every((e: { actorEmail: string }) => e.actorEmail === adminEmail));
    const today = new Date().toISOString().slice(0, 10);
    const dated = (await admin.get(`/api/v1/admin/audit?action=test.paging&from=${today}&to=${today}`)).json();
    assert.equal(dated.total, 55);
    const past = (await admin.get('/api/v1/admin/audit?action=test.paging&to=2000-01-01')).json();
    assert.equal(past.total, 0);
  });

  it('when details hold codes, days and times, then the page reads them in words and in the reader\'s language, and the API keeps them as stored', async () => {
    const audit = server.container.services.audit;
    const until = Date.UTC(2027, 2, 31, 12, 0);
    await audit.append({ action: 'dsar.open', actorKind: 'cli', details: { type: 'rectification', channel: 'self_service', receivedOn: '2026-12-01', dueOn: '2027-01-04', provider: 'email' } });
    await audit.append({ action: 'holds.add', actorKind: 'cli', details: { scope: 'workspace', until, rows: 12345 } });
    await audit.append({ action: 'auth.signin.failed', actorKind: 'system', details: { reason: 'wrong_password', trustedDevice: false } });
    await audit.append({ action: 'dsar.extend', actorKind: 'cli', details: { from: '2026-13-45', to: 'not_a_known_code' } });
    const dd = (text: string, key: string) => text.match(new RegExp(`<div data-key="${key}"><dt>[^<]*</dt> <dd>([^<]*)</dd></div>`))?.[1];

    const opened = (await admin.get('/admin/audit?action=dsar.open')).text;
    assert.equal(dd(opened, 'type'), 'rectification');
    assert.equal(dd(opened, 'channel'), 'self-service', 'a code reads in words');
    assert.equal(dd(opened, 'receivedOn'), 'Dec 1, 2026', 'a stored day reads as a date');
    assert.equal(dd(opened, 'dueOn'), 'Jan 4, 2027');
    assert.equal(dd(opened, 'provider'), 'email', 'a provider\'s name is never taken for a code');
    const ouvert = (await admin.get('/admin/audit?action=dsar.open', { 'accept-language': 'fr' })).text;
    assert.equal(dd(ouvert, 'type'), 'rectification');
    assert.equal(dd(ouvert, 'channel'), 'libre-service');
    assert.equal(dd(ouvert, 'receivedOn'), '1 déc. 2026');

    const held = (await admin.get('/admin/audit?action=holds.add')).text;
    assert.equal(dd(held, 'scope'), 'the whole workspace');
    assert.match(dd(held, 'until') ?? '', /^Mar 31, 2027, \d{1,2}:00/, 'an instant in epoch milliseconds reads as a date and time');
    assert.equal(dd(held, 'rows'), '12,345');
    assert.equal(dd((await admin.get('/admin/audit?action=holds.add', { 'accept-language': 'fr' })).text, 'rows'), '12\u202f345');

    assert.equal(dd((await admin.get('/admin/audit?action=auth.signin.failed')).text, 'reason'), 'wrong password');
    assert.equal(dd((await admin.get('/admin/audit?action=auth.signin.failed', { 'accept-language': 'fr' })).text, 'reason'), 'mot de passe erroné');
    const odd = (await admin.get('/admin/audit?action=dsar.extend')).text;
    assert.equal(dd(odd, 'from'), '2026-13-45', 'a day that is no day stays as stored');
    assert.equal(dd(odd, 'to'), 'not a known code', 'a code the catalogue lacks reads as words');

    const json = (await admin.get('/api/v1/admin/audit?action=dsar.open')).json();
    assert.deepEqual(json.entries[0].details, { type: 'rectification', channel: 'self_service', receivedOn: '2026-12-01', dueOn: '2027-01-04', provider: 'email' });
  });

  it('when the filters are malformed, then the page answers 400 naming each field, and the API too', async () => {
    const page = await admin.get('/admin/audit?from=yesterday&page=0&action=DROP%20TABLE');
    assert.equal(page.status, 400);
    assert.match(page.text, /Use a date like 2026-01-31/);
    assert.match(page.text, /The page must be a whole number/);
    assert.match(page.text, /Use lower-case letters, digits, dots and underscores/);
    const api = await admin.get('/api/v1/admin/audit?from=2026-01-10&to=2026-01-01');
    assert.equal(api.status, 400);
    assert.match(api.json().error.fields.to, /end date must come after/);
  });

  it('when a member or a stranger asks for the audit log, then it is refused', async () => {
    assert.equal((await member.get('/admin/audit')).status, 403);
    assert.equal((await member.get('/api/v1/admin/audit')).status, 403);
    const stranger = await new TestClient(server.url).get('/admin/audit');
    assert.equal(stranger.status, 302);
    assert.equal((await new TestClient(server.url).get('/api/v1/admin/audit')).status, 401);
  });
});
