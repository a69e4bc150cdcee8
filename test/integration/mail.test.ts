// Email through the outbox, delivered to a real SMTP server (smtp-server) as nodemailer sends it in
// production, on both dialects: headers, language and time zone, retries, failures, one-click
// unsubscribe, digests and what they leave out, reset requests that answer alike, the log without SMTP.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import type { TestServer } from '../support/server.js';
import { startWithSmtp } from '../support/mail-server.js';
import { TestClient, createdAccount, uniqueEmail } from '../support/http.js';
import { node, person, section, makeAdmin, type Person } from '../support/people.js';
import { TestSmtp, eventually } from '../support/smtp.js';
import { resetAnswerMs } from '../../server/components/accounts/accounts.service.js';
import { AccessExporter } from '../../server/components/dsar/export.js';
import { declaredTables } from '../../server/registry.js';
import { localTime } from '../../server/components/mail/digests.js';
import { newId } from '../../server/platform/ids.js';

const outboxOf = (server: TestServer, where: Record<string, unknown>) => server.container.knex('email_outbox').where(where).orderBy('created_at');
const comment = (who: Person, type: string, id: string, body: string) => who.client.sendJson('POST', `/api/v1/discussions/${type}/${id}`, { body });

forEachDialect('email outbox', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  before(async () => {
    smtp = await TestSmtp.start();
    server = await startWithSmtp(dialect, smtp.url);
  });
  after(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('when a reset is asked, then the SMTP server receives it from the outbox with the expected headers, a plain-text and an HTML part, an absolute link, and the row keeps no live link once sent', async () => {
    const { email } = await createdAccount(server.container);
    const reply = await new TestClient(server.url).postForm('/password/forgot', { email });
    assert.equal(reply.status, 200);
    const mail = await smtp.waitFor(email);
    assert.match(mail.headers.get('subject')!, /Reset your Opsenic password/);
    assert.match(mail.headers.get('message-id')!, /^<[0-9a-f-]{36}@127\.0\.0\.1>$/);
    assert.ok(mail.headers.get('date'));
    assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(mail.headers.get('x-auto-response-suppress'), 'All');
    assert.equal(mail.headers.get('list-unsubscribe'), undefined, 'service mail has no unsubscribe');
    assert.match(mail.raw, /Content-Type: text\/plain/);
    assert.match(mail.raw, /Content-Type: text\/html/);
    assert.match(mail.decoded, new RegExp(`${server.url.replace(/[.]/g, '\\.')}/password/reset/[A-Za-z0-9_-]{20,}`));
    assert.doesNotMatch(mail.decoded, /<img/i, 'no tracking pixel');
    const row = await eventually(async () => (await outboxOf(server, { to_lower: email.toLowerCase(), template: 'password_reset' }))[0]?.status === 'sent' && (await outboxOf(server, { to_lower: email.toLowerCase(), template: 'password_reset' }))[0]);
    assert.equal(row.data, null, 'the link (a live token) is not kept once sent');
    assert.equal(row.subject, 'Reset your Opsenic password');
    assert.equal(`<${row.id}@127.0.0.1>`, mail.headers.get('message-id'));
  });

  it('when the recipient reads French in Tokyo, then a mention arrives in French with the time in their zone, and carries the one-click unsubscribe headers', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    await server.container.knex('users').where({ id: bob.id }).update({ language: 'fr', time_zone: 'Asia/Tokyo' });
    const nodeId = await node(server, { name: 'Plateforme', members: [ada, bob] });
    assert.equal((await comment(ada, 'node', nodeId, `Bonjour @${bob.email}`)).status, 201);
    const mail = await smtp.waitFor(bob.email);
    assert.match(mail.decoded, /Ada Hopper vous a mentionné dans Plateforme/);
    assert.match(mail.decoded, /UTC\+9/, 'the time is shown in the recipient’s zone');
    assert.match(mail.headers.get('list-unsubscribe')!, /^<http:\/\/127\.0\.0\.1:\d+\/mail\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/);
    assert.equal(mail.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.equal(mail.headers.get('precedence'), 'bulk');
    assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
    assert.match(mail.decoded, /\/notifications\/[0-9a-f-]{36}\/open/, 'a plain link, not rewritten');
  });

  it('when the person POSTs the one-click unsubscribe without a session, then mentions stop but a service email still arrives; a forged token changes nothing', async () => {
    const ada = await person(server, 'Ada');
    const bob = await person(server, 'Bob');
    const nodeId = await node(server, { name: 'Billing', members: [ada, bob] });
    await comment(ada, 'node', nodeId, `Look @${bob.email}`);
    const first = await smtp.waitFor(bob.email);
    const url = first.headers.get('list-unsubscribe')!.slice(1, -1);
    const path = new URL(url).pathname;
    const forged = await new TestClient(server.url).postForm(`${path.slice(0, -3)}abc`, { 'List-Unsubscribe': 'One-Click' });
    assert.equal(forged.status, 404);
    assert.equal(await server.container.knex('email_preferences').where({ user_id: bob.id }).first(), undefined);
    const shown = await new TestClient(server.url).get(path);
    assert.equal(shown.status, 200, 'GET only shows a button (mail scanners open links)');
    assert.equal(await server.container.knex('email_preferences').where({ user_id: bob.id }).first(), undefined);
    const done = await new TestClient(server.url).postForm(path, { 'List-Unsubscribe': 'One-Click' });
    assert.equal(done.status, 200);
    assert.equal((await server.container.knex('email_preferences').where({ user_id: bob.id, category: 'mentions' }).first()).mode, 'off');
    await comment(ada, 'node', nodeId, `Again @${bob.email}`);
    const changed = await bob.client.postForm('/security/password', { currentPassword: 'correct horse battery staple 42', newPassword: 'another long passphrase 99' });
    assert.ok([200, 303].includes(changed.status), changed.text.slice(0, 300));
    const service = await smtp.waitFor(bob.email, 1);
    assert.match(service.headers.get('subject')!, /password was changed/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(smtp.to(bob.email).length, 2, 'no mention email after unsubscribing');
    assert.equal((await outboxOf(server, { user_id: bob.id, category: 'mentions' })).length, 1);
  });

  it('when the SMTP server answers 451 at first, then the email is retried with backoff and delivered; when it answers 550, then the email is failed with the reply, and an admin can retry it', async () => {
    const { email } = await createdAccount(server.container);
    smtp.refusals.push({ code: 451, message: 'Try again later' });
    await new TestClient(server.url).postForm('/password/forgot', { email });
    await smtp.waitFor(email);
    const retried = await eventually(async () => (await outboxOf(server, { to_lower: email.toLowerCase() }))[0]?.status === 'sent' && (await outboxOf(server, { to_lower: email.toLowerCase() }))[0]);
    assert.equal(Number(retried.attempts), 2);

    const admin = await person(server, 'Root');
    await makeAdmin(server, admin);
    const other = uniqueEmail('refused');
    smtp.refusals.push({ code: 550, message: 'No such user here' });
    await server.container.services.mail.sendTest(other);
    const failed = await eventually(async () => (await outboxOf(server, { to_lower: other }))[0]?.status === 'failed' && (await outboxOf(server, { to_lower: other }))[0]);
    assert.equal(Number(failed.attempts), 1, 'a permanent refusal is not retried');
    assert.match(failed.last_error, /550.*No such user here/);
    const page = await admin.client.get(`/admin/mail?recipient=${encodeURIComponent(other)}&status=failed`);
    assert.equal(page.status, 200);
    assert.match(page.text, /No such user here/);
    // The outbox reads in words: the time in the reader's format, the kind of email, its status.
    const row = new RegExp(`<tr id="email-${failed.id}">[\\s\\S]*?</tr>`).exec(page.text)![0];
    assert.match(row, /<time datetime="\d{4}-\d\d-\d\dT[^"]+"[^>]*>[^<]+<\/time>/);
    assert.doesNotMatch(row.replace(/datetime="[^"]*"/g, ''), /\d{4}-\d\d-\d\d \d\d:\d\d/, 'no raw timestamp');
    assert.match(row, /<span class="badge badge-danger">Failed<\/span>/);
    assert.match(row, /Your account/, 'the category by its name, not its key');
    const french = await admin.client.get(`/admin/mail?recipient=${encodeURIComponent(other)}`, { 'accept-language': 'fr' });
    assert.match(french.text, /<span class="badge badge-danger">Échec<\/span>/);
    assert.match(french.text, /<option value="password_reset"\s*>Réinitialisation du mot de passe<\/option>/);
    assert.match(french.text, /<option value="failed"\s*>Échec<\/option>/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const retry = await admin.client.postForm(`/admin/mail/${failed.id}/retry`, { _csrf: csrf });
    assert.equal(retry.status, 303);
    await smtp.waitFor(other);
    await eventually(async () => (await outboxOf(server, { to_lower: other }))[0]?.status === 'sent');
    const again = await admin.client.sendJson('POST', `/admin/mail/${failed.id}/retry`, {});
    assert.equal(again.status, 400, 'a sent email is not retried');
  });

  it('when replies are daily, then one digest in the person’s time zone groups the unread ones, leaves out what was read in the app and a restricted section they can no longer read', async () => {
    const ada = await person(server, 'Ada');
    const eve = await person(server, 'Eve');
    await server.container.knex('users').where({ id: eve.id }).update({ time_zone: 'America/New_York' });
    const open = await node(server, { name: 'Open team', members: [ada, eve] });
    const secret = await node(server, { name: 'Secret team', leads: [ada], members: [eve] });
    const sectionId = await section(server, { nodeId: secret, title: 'Acquisition plan', body: 'Confidential', visibility: 'restricted' });
    await comment(eve, 'node', open, 'First');
    await comment(eve, 'section', sectionId, 'My view on the target');
    await comment(ada, 'node', open, 'Reply one');
    await comment(ada, 'node', open, 'Reply two');
    await comment(ada, 'section', sectionId, 'Secret reply');
    const mine = (await eve.client.get('/api/v1/notifications')).json().notifications as Array<{ id: string; kind: string; target: { id: string } | null }>;
    assert.equal(mine.filter((n) => n.kind === 'reply').length, 3);
    // Eve reads one reply in the app and leaves the secret team.
    const read = mine.find((n) => n.kind === 'reply' && n.target?.id === open)!;
    await eve.client.sendJson('POST', `/api/v1/notifications/${read.id}/read`, {});
    await server.container.knex('org_memberships').where({ node_id: secret, user_id: eve.id }).delete();
    assert.equal(smtp.to(eve.email).length, 0, 'replies wait for the digest');
    // The next 09:xx in New York (within a day, so the first window covers these replies); 07:xx is too early.
    let late = Date.now();
    while (localTime(late, 'America/New_York').hour !== 9) late += 10 * 60_000;
    const digests = server.container.services.digests;
    const evesDigests = async () => (await outboxOf(server, { user_id: eve.id, template: 'digest' })).length;
    await digests.queueDue(late - 2 * 3_600_000);
    assert.equal(await evesDigests(), 0, 'before the digest hour in the person’s zone');
    await digests.queueDue(late);
    assert.equal(await evesDigests(), 1);
    await digests.queueDue(late + 60_000);
    assert.equal(await evesDigests(), 1, 'once per day');
    server.container.services.mailSender.wake();
    const mail = await smtp.waitFor(eve.email);
    assert.match(mail.headers.get('subject')!, /Your Opsenic day: 1 update/);
    assert.match(mail.decoded, /replied in Open team/);
    assert.doesNotMatch(mail.decoded, /Acquisition plan|Secret/, 'a restricted section the reader lost is left out');
    assert.match(mail.decoded, /GMT-[45]|EST|EDT/, 'times in the person’s zone');
    assert.equal(mail.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
  });

  it('when an admin writes an announcement to a node, then only its members get it, and only once the workspace opts them in or they turn it on', async () => {
    const admin = await person(server, 'Root');
    await makeAdmin(server, admin);
    const member = await person(server, 'Member');
    const outside = await person(server, 'Outside');
    const nodeId = await node(server, { name: 'Announced', members: [member] });
    const page = await admin.client.get('/admin/mail');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const bad = await admin.client.postForm('/admin/mail/announcements', { _csrf: csrf, subject: '', body: 'x', nodeId: 'nope' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Write a subject/);
    assert.match(bad.text, /No such node/);
    // Opt-in by default: no one has turned announcements on yet.
    let sent = await admin.client.postForm('/admin/mail/announcements', { _csrf: csrf, subject: 'Hello team', body: 'News', nodeId });
    assert.equal(sent.status, 303);
    assert.match(sent.location!, /announced=0/);
    assert.equal((await admin.client.postForm('/admin/mail/consent', { _csrf: csrf, category: 'announcements', consent: 'opt_out' })).status, 303);
    sent = await admin.client.postForm('/admin/mail/announcements', { _csrf: csrf, subject: 'Hello team', body: 'News for you', nodeId });
    assert.match(sent.location!, /announced=1/);
    const mail = await smtp.waitFor(member.email);
    assert.match(mail.decoded, /News for you/);
    assert.ok(mail.headers.get('list-unsubscribe'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(smtp.to(outside.email).length, 0);
  });

  it('when a person opens their email preferences, then every category says what it is and whether it can be turned off; a bad choice is a 400 naming it and changes nothing', async () => {
    const p = await person(server, 'Pref');
    const page = await p.client.get('/settings/email');
    assert.equal(page.status, 200);
    for (const name of ['Your account', 'Security', 'Data requests', 'Mentions', 'Replies', 'Feedback', 'Product updates', 'Announcements']) assert.match(page.text, new RegExp(name));
    assert.match(page.text, /Always \(cannot be turned off\)/);
    const json = (await p.client.get('/settings/email', { accept: 'application/json' } as never)).json?.();
    if (json) assert.equal(json.categories.find((c: { id: string }) => c.id === 'account').canTurnOff, false);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const bad = await p.client.postForm('/settings/email', { _csrf: csrf, replies: 'hourly', account: 'off' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Choose one of the offered options/);
    assert.match(bad.text, /Service emails cannot be turned off/);
    assert.equal(await server.container.knex('email_preferences').where({ user_id: p.id }).first(), undefined);
    const ok = await p.client.postForm('/settings/email', { _csrf: csrf, replies: 'weekly', product_updates: 'on' });
    assert.equal(ok.status, 303);
    assert.equal((await server.container.knex('email_preferences').where({ user_id: p.id, category: 'replies' }).first()).mode, 'weekly');
  });

  it('when an admin previews a template, then it renders in both languages; a member may not see the outbox; bad filters are a 400 naming the field', async () => {
    const admin = await person(server, 'Root');
    await makeAdmin(server, admin);
    const en = await admin.client.get('/admin/mail/preview?template=invitation&language=en');
    assert.equal(en.status, 200);
    assert.match(en.text, /invited you to join Example/);
    const fr = await admin.client.get('/admin/mail/preview?template=digest&language=fr');
    assert.match(fr.text, /Votre journée Opsenic/);
    assert.equal((await admin.client.get('/admin/mail/preview?template=nope&language=en')).status, 400);
    assert.equal((await admin.client.get('/admin/mail?status=lost')).status, 400);
    const api = await admin.client.get('/api/v1/admin/mail/outbox?category=nope');
    assert.equal(api.status, 400);
    assert.match(api.text, /category/);
    const member = await person(server, 'Member');
    assert.equal((await member.client.get('/admin/mail')).status, 403);
  });

  it('when the email_outbox policy runs, then sent emails older than its age go and queued ones stay, whatever their age', async () => {
    const old = Date.now() - 40 * 86_400_000; // the policy keeps 30 days by default
    const sentId = await server.container.services.mail.sendTest(uniqueEmail('aged'));
    await eventually(async () => (await outboxOf(server, { id: sentId }))[0]?.status === 'sent');
    await server.container.knex('email_outbox').where({ id: sentId }).update({ created_at: old, finished_at: old });
    const queuedId = newId();
    const workspaceId = (await server.container.services.workspaces.getPrimary()).id;
    // A queued email for next week (a retry far off): never aged, however old.
    await server.container.knex('email_outbox').insert({ id: queuedId, workspace_id: workspaceId, user_id: null, to_address: 'later@example.com', to_lower: 'later@example.com', category: 'account', template: 'test', language: 'en', time_zone: null, data: '{}', subject: null, status: 'queued', attempts: 3, next_attempt_at: Date.now() + 7 * 86_400_000, created_at: old });
    const result = await server.container.services.retention.apply({ category: 'email_outbox', who: { trigger: 'cli', label: 'test' } });
    assert.notEqual(result, 'tick-done');
    assert.equal((await outboxOf(server, { id: sentId })).length, 0);
    assert.equal((await outboxOf(server, { id: queuedId })).length, 1);
    await server.container.knex('email_outbox').where({ id: queuedId }).delete();
  });

  it('when a person asks for their data, then the export lists their emails; when their account is erased, then their outbox rows go with it', async () => {
    const p = await person(server, 'Gone');
    await server.container.services.mail.sendTest(p.email);
    await smtp.waitFor(p.email);
    const exporter = new AccessExporter(server.container.knex, declaredTables);
    const workspaceId = (await server.container.knex('users').where({ id: p.id }).first()).workspace_id;
    const counts = await exporter.counts({ userId: p.id, email: p.email, workspaceId, role: 'member', name: 'Gone Hopper' });
    assert.equal(counts.find((c) => c.access.table.name === 'email_outbox')?.rows, 1, 'found by address even when sent before the account linked it');
    await server.container.knex('email_outbox').where({ to_lower: p.email.toLowerCase() }).update({ user_id: p.id });
    await server.container.knex.transaction((trx) => server.container.services.retention.eraseAccount(p.id, trx));
    assert.equal((await server.container.knex('email_outbox').where({ user_id: p.id })).length, 0);
  });
});

