// Email for three events, on both dialects through the real SMTP server: a sign-in from a new
// device and a sandbox about to expire (service mail: it cannot be turned off), and 1:1 agenda
// items and action items (activity: immediate, digest or off, as the person chose).
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import type { TestServer } from '../support/server.js';
import { startWithSmtp } from '../support/mail-server.js';
import { TestSmtp, eventually, headerText } from '../support/smtp.js';
import { TestClient, createdAccount, strongPassword, uniqueEmail } from '../support/http.js';
import { person, type Person } from '../support/people.js';
import { localTime } from '../../server/components/mail/digests.js';

const firefoxOnLinux = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const day = 86_400_000;

forEachDialect('email for sign-ins, sandboxes and 1:1s', (dialect) => {
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

  const knex = () => server.container.knex;
  const outbox = (where: Record<string, unknown>) => knex()('email_outbox').where(where);
  /** What a person could never choose (the form refuses it): a service category "off" in the database. */
  const forceOff = async (userId: string, category: string) => {
    const user = await knex()('users').where({ id: userId }).first();
    await knex()('email_preferences').insert({ user_id: userId, workspace_id: user.workspace_id, category, mode: 'off', updated_at: Date.now() });
  };
  const signIn = async (client: TestClient, email: string) => {
    const reply = await client.postForm('/signin', { email, password: strongPassword });
    assert.equal(reply.status, 303, reply.text.slice(0, 300));
  };
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 400)); // what the sender would have sent by now

  describe('sign-in from a new device', () => {
    it('when an account signs in for the first time, then again from the same browser, then no email is sent; from another browser, then a security email in the person’s language and zone says when, which browser and from where, with a reset link, even with security mail set off', async () => {
      const { email } = await createdAccount(server.container, { firstName: 'Ada' });
      const user = await knex()('users').where({ email_lower: email.toLowerCase() }).first();
      await knex()('users').where({ id: user.id }).update({ language: 'fr', time_zone: 'Asia/Tokyo' });
      await forceOff(user.id, 'security');

      const laptop = new TestClient(server.url);
      await signIn(laptop, email); // the account's first sign-in: nothing to compare with
      await signIn(laptop, email); // the browser holds the account's device cookie now
      await quiet();
      assert.equal(smtp.to(email).length, 0);
      assert.equal((await outbox({ user_id: user.id, category: 'security' })).length, 0);

      const stranger = new TestClient(server.url, { 'user-agent': firefoxOnLinux });
      await signIn(stranger, email);
      const mail = await smtp.waitFor(email);
      assert.match(headerText(mail, 'subject')!, /Nouvelle connexion à votre compte Opsenic/);
      assert.equal(mail.headers.get('x-opsenic-category'), 'security');
      assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
      assert.equal(mail.headers.get('list-unsubscribe'), undefined, 'service mail offers no unsubscribe');
      assert.equal(mail.headers.get('precedence'), undefined);
      assert.match(mail.decoded, /Firefox 133 sur Linux/);
      assert.match(mail.decoded, /127\.0\.0\.1/, 'the network address');
      assert.match(mail.decoded, /UTC\+9/, 'the time in the person’s zone');
      assert.match(mail.decoded, new RegExp(`${server.url.replace(/[.]/g, '\\.')}/password/forgot`));
      const audit = await knex()('audit_entries as e').join('audit_actors as a', 'a.id', 'e.actor_id').where({ 'e.action': 'auth.signin', 'a.user_id': user.id }).orderBy('e.seq').select('e.details');
      assert.deepEqual(audit.map((a: { details: string }) => JSON.parse(a.details).newDevice), [false, false, true]);
    });

    it('when a wrong password is typed from a new browser, then no email is sent', async () => {
      const { email } = await createdAccount(server.container);
      await signIn(new TestClient(server.url), email);
      const refused = await new TestClient(server.url).postForm('/signin', { email, password: 'not the password at all' });
      assert.equal(refused.status, 401);
      await quiet();
      assert.equal(smtp.to(email).length, 0);
    });
  });

  describe('sandbox expiry', () => {
    it('when a sandbox comes within the notice period of its expiry, then its admins (not its members, not other sandboxes’) are emailed once in their language and zone, even with sandbox mail set off; when the expiry moves, then once more', async () => {
      const workspaces = server.container.services.workspaces;
      const soon = await workspaces.createSandbox('Essai', Date.now() + 3 * day);
      const later = await workspaces.createSandbox('Later', Date.now() + 30 * day);
      const admin = await person(server, 'Ada');
      const member = await person(server, 'Bob');
      const otherAdmin = await person(server, 'Carol');
      await knex()('users').where({ id: admin.id }).update({ workspace_id: soon.id, role: 'admin', language: 'fr', time_zone: 'America/New_York' });
      await knex()('users').where({ id: member.id }).update({ workspace_id: soon.id });
      await knex()('users').where({ id: otherAdmin.id }).update({ workspace_id: later.id, role: 'admin' });
      await forceOff(admin.id, 'sandbox');

      const notices = server.container.services.sandboxNotices;
      assert.equal(await notices.queueDue(), 1);
      assert.equal(await notices.queueDue(), 0, 'once');
      const mail = await smtp.waitFor(admin.email);
      assert.match(headerText(mail, 'subject')!, /Le bac à sable « Essai » expire le/);
      assert.equal(mail.headers.get('x-opsenic-category'), 'sandbox');
      assert.equal(mail.headers.get('list-unsubscribe'), undefined);
      assert.match(mail.decoded, /UTC−5|UTC-5/, 'the expiry in the admin’s zone');
      await quiet();
      assert.equal(smtp.to(member.email).length, 0);
      assert.equal(smtp.to(otherAdmin.email).length, 0);

      await knex()('workspaces').where({ id: soon.id }).update({ expires_at: soon.expiresAt! + day });
      assert.equal(await notices.queueDue(), 1, 'a new expiry is a new notice');
      await smtp.waitFor(admin.email, 1);
      assert.equal((await outbox({ user_id: admin.id, category: 'sandbox' })).length, 2);
    });
  });

  describe('1:1 agenda and action items', () => {
    async function pairOf(a: Person, b: Person): Promise<{ pairId: string; meetingId: string }> {
      const pair = await a.client.sendJson('POST', '/api/v1/one-on-ones', { personId: b.id });
      assert.equal(pair.status, 201, pair.text);
      const meeting = await a.client.sendJson('POST', `/api/v1/one-on-ones/${pair.json().id}/meetings`, { heldOn: '2026-12-07' });
      assert.equal(meeting.status, 201, meeting.text);
      return { pairId: pair.json().id, meetingId: meeting.json().id };
    }
    const addItem = async (who: Person, p: { pairId: string; meetingId: string }, item: Record<string, unknown>) => {
      const reply = await who.client.sendJson('POST', `/api/v1/one-on-ones/${p.pairId}/meetings/${p.meetingId}/items`, item);
      assert.equal(reply.status, 201, reply.text);
      return reply.json().id as string;
    };
    const choose = async (who: Person, choices: Record<string, string>) => {
      const page = await who.client.get('/settings/email');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      assert.equal((await who.client.postForm('/settings/email', { _csrf: csrf, ...choices })).status, 303);
    };

    it('when the other participant adds to the agenda or gives me an action item and I chose immediate, then each comes at once with the one-click unsubscribe; the author gets nothing', async () => {
      const ada = await person(server, 'Ada');
      const bob = await person(server, 'Bob');
      await choose(bob, { oneonones: 'immediate' });
      const p = await pairOf(ada, bob);
      await addItem(ada, p, { kind: 'talking_point', body: 'Career growth' });
      const point = await smtp.waitFor(bob.email);
      assert.match(headerText(point, 'subject')!, /Ada Hopper added to your 1:1 agenda: Career growth/);
      assert.equal(point.headers.get('x-opsenic-category'), 'oneonones');
      assert.equal(point.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.match(point.decoded, new RegExp(`/one-on-ones/${p.pairId}/meetings/${p.meetingId}`));
      const itemId = await addItem(ada, p, { kind: 'action_item', body: 'Book the training', ownerId: bob.id });
      const action = await smtp.waitFor(bob.email, 1);
      assert.match(headerText(action, 'subject')!, /Ada Hopper gave you an action item: Book the training/);
      // Bob edits his own item: no email to anyone; handing an item to Ada tells Ada (daily by default: in her digest).
      await bob.client.sendJson('PATCH', `/api/v1/one-on-ones/${p.pairId}/meetings/${p.meetingId}/items/${itemId}`, { done: true });
      await quiet();
      assert.equal(smtp.to(bob.email).length, 2);
      assert.equal(smtp.to(ada.email).length, 0, 'the author is not told of her own items');
      const adas = (await ada.client.get('/api/v1/notifications')).json().notifications as Array<{ kind: string }>;
      assert.equal(adas.length, 0);
    });

    it('when I chose off, then nothing is emailed, though the app still shows it; when I chose weekly, then one digest on Monday in my language and zone lists the items I have not read', async () => {
      const carol = await person(server, 'Carol');
      const dan = await person(server, 'Dan');
      const eve = await person(server, 'Eve');
      await choose(dan, { oneonones: 'off' });
      await choose(eve, { oneonones: 'weekly' });
      await knex()('users').where({ id: eve.id }).update({ language: 'fr', time_zone: 'Europe/Paris' });
      const withDan = await pairOf(carol, dan);
      await addItem(carol, withDan, { kind: 'talking_point', body: 'Roadmap' });
      const withEve = await pairOf(carol, eve);
      await addItem(carol, withEve, { kind: 'talking_point', body: 'Budget 2027' });
      await addItem(carol, withEve, { kind: 'action_item', body: 'Write the hiring plan', ownerId: eve.id });
      await addItem(carol, withEve, { kind: 'talking_point', body: 'Already seen' });
      const evesNotes = (await eve.client.get('/api/v1/notifications')).json().notifications as Array<{ id: string; kind: string }>;
      assert.deepEqual(evesNotes.map((n) => n.kind).sort(), ['oneonone_action', 'oneonone_item', 'oneonone_item']);
      assert.equal((await dan.client.get('/api/v1/notifications')).json().notifications.length, 1, 'off stops the email, not the app');
      // Eve reads the newest one in the app.
      await eve.client.sendJson('POST', `/api/v1/notifications/${evesNotes[0]!.id}/read`, {});
      await quiet();
      assert.equal(smtp.to(dan.email).length + smtp.to(eve.email).length, 0);
      assert.equal((await outbox({ user_id: dan.id })).length + (await outbox({ user_id: eve.id })).length, 0);

      let monday = Date.now() + 10 * 60_000;
      while (!(localTime(monday, 'Europe/Paris').weekday === 1 && localTime(monday, 'Europe/Paris').hour === 9)) monday += 10 * 60_000;
      await server.container.services.digests.queueDue(monday);
      server.container.services.mailSender.wake();
      const digest = await smtp.waitFor(eve.email);
      assert.match(headerText(digest, 'subject')!, /Votre semaine Opsenic : 2 nouveauté/);
      assert.match(digest.decoded, /Carol Hopper a ajouté à l'ordre du jour de votre entretien individuel : Budget 2027/);
      assert.match(digest.decoded, /Carol Hopper vous a confié une action : Write the hiring plan/);
      assert.doesNotMatch(digest.decoded, /Already seen/, 'read in the app');
      assert.match(digest.decoded, /UTC\+1/, 'times in her zone');
      assert.equal(digest.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      await eventually(async () => (await outbox({ user_id: eve.id, template: 'digest' }))[0]?.status === 'sent');
      assert.equal(smtp.to(dan.email).length, 0);
      assert.equal((await outbox({ user_id: dan.id })).length, 0);
    });
  });
});
