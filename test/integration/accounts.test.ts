import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedInClient, signedUpClient, strongPassword, uniqueEmail } from '../support/http.js';

forEachDialect('accounts', (dialect) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(dialect, { 'rateLimits.signinPerAccount': { points: 3, window: '15m' } });
  });
  after(async () => server?.close());

  describe('sign-up', () => {
    it('when a person signs up with valid fields, then they land signed in on the home page', async () => {
      const { client } = await signedUpClient(server.url, { firstName: 'Ada', lastName: 'Lovelace' });
      const home = await client.get('/');
      assert.equal(home.status, 200);
      assert.match(home.text, /Welcome, Ada/);
      const primary = await server.container.services.workspaces.getPrimary();
      assert.ok(home.text.includes(`You are in ${primary.name}.`), 'the home page names the organization');
    });

    it('when requests alternate between French and English browsers, then each page is in its own browser\'s language', async () => {
      const client = new TestClient(server.url);
      const headers = ['fr-FR,fr;q=0.9,en;q=0.5', 'en-GB,en;q=0.8', 'fr-FR,fr;q=0.9,en;q=0.5', 'de-DE', 'fr'];
      const titles = [];
      for (const header of headers) titles.push(/<title>([^<]*)</.exec((await client.get('/signup', { 'accept-language': header })).text)?.[1]);
      assert.deepEqual(titles, ['Créer votre compte · Opsenic', 'Create your account · Opsenic', 'Créer votre compte · Opsenic', 'Create your account · Opsenic', 'Créer votre compte · Opsenic']);
    });

    it('when fields are missing or the password is weak, then the form comes back with each field and its reason, and nothing is created', async () => {
      const client = new TestClient(server.url);
      const email = uniqueEmail('weak');
      const reply = await client.postForm('/signup', { firstName: '', lastName: 'B', email, password: 'password12345678' });
      assert.equal(reply.status, 400);
      assert.match(reply.text, /id="f-firstName-error"[^>]*>This field is required/);
      const common = await client.postForm('/signup', { firstName: 'A', lastName: 'B', email, password: 'short' });
      assert.match(common.text, /Use at least 15 characters/);
      assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
    });

    it('when the password is a known common one, then it is refused', async () => {
      const client = new TestClient(server.url);
      const reply = await client.postForm('/signup', { firstName: 'A', lastName: 'B', email: uniqueEmail(), password: 'passwordpassword' });
      assert.equal(reply.status, 400);
      assert.match(reply.text, /too common/);
    });

    it('when a form is posted without the CSRF token, then it is refused with 403 and changes nothing', async () => {
      const client = new TestClient(server.url);
      const email = uniqueEmail('csrf');
      const reply = await client.postForm('/signup', { firstName: 'A', lastName: 'B', email, password: strongPassword }, { csrf: false });
      assert.equal(reply.status, 403);
      assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
    });
  });

  describe('sign-in and sessions', () => {
    it('when signing in, then the session id changes (no fixation)', async () => {
      const { email } = await signedUpClient(server.url);
      const client = new TestClient(server.url);
      await client.get('/signin');
      const before = client.cookies.get('opsenic.sid');
      assert.ok(before);
      const reply = await client.postForm('/signin', { email, password: strongPassword });
      assert.equal(reply.status, 303);
      assert.notEqual(client.cookies.get('opsenic.sid'), before);
    });

    it('when "remember me" is ticked, then the cookie is persistent for 30 days; without it, a session cookie', async () => {
      const { email } = await signedUpClient(server.url);
      const remembered = new TestClient(server.url);
      const r1 = await remembered.postForm('/signin', { email, password: strongPassword, remember: 'on' });
      const persistent = r1.setCookies.find((c) => c.startsWith('opsenic.sid='))!;
      const expires = Date.parse(/Expires=([^;]+)/i.exec(persistent)![1]!);
      assert.ok(Math.abs(expires - (Date.now() + 30 * 86_400_000)) < 60_000);
      assert.match(persistent, /HttpOnly/);
      assert.match(persistent, /SameSite=Lax/);

      const plain = new TestClient(server.url);
      const r2 = await plain.postForm('/signin', { email, password: strongPassword });
      const sessionCookie = r2.setCookies.find((c) => c.startsWith('opsenic.sid='))!;
      assert.doesNotMatch(sessionCookie, /Expires=|Max-Age=/i);
    });

    it('when the password is wrong or the email unknown, then the refusal reads the same', async () => {
      const { email } = await signedUpClient(server.url);
      const a = await new TestClient(server.url).postForm('/signin', { email, password: 'wrong password entirely' });
      const b = await new TestClient(server.url).postForm('/signin', { email: uniqueEmail('nobody'), password: 'wrong password entirely' });
      assert.equal(a.status, 401);
      assert.equal(b.status, 401);
      const message = (t: string) => /role="alert">([^<]+)</.exec(t)?.[1];
      assert.equal(message(a.text), message(b.text));
    });

    it('when an account keeps failing, then it is limited with a clear message, unknown emails alike', async () => {
      for (const email of [(await signedUpClient(server.url)).email, uniqueEmail('ghost')]) {
        const client = new TestClient(server.url);
        for (let i = 0; i < 3; i++) assert.equal((await client.postForm('/signin', { email, password: 'not the password at all' })).status, 401);
        const limited = await client.postForm('/signin', { email, password: strongPassword });
        assert.equal(limited.status, 429);
        assert.match(limited.text, /Too many attempts/);
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
      }
    });

    it('when a user lists their sessions and revokes another one, then that other client is signed out', async () => {
      const { email, client: first } = await signedUpClient(server.url);
      const second = await signedInClient(server.url, email, strongPassword);
      const list = (await second.get('/api/v1/sessions')).json().sessions as Array<{ id: string; current: boolean }>;
      assert.equal(list.length, 2);
      const other = list.find((s) => !s.current)!;
      const reply = await second.sendJson('DELETE', `/api/v1/sessions/${other.id}`, {});
      assert.equal(reply.status, 204);
      assert.equal((await first.get('/')).status, 302);
      assert.equal((await second.get('/')).status, 200);
    });

    it('when an account changes or is disabled between two pages, then the next page already shows it (the user is read with the session on every request)', async () => {
      const { email, client } = await signedUpClient(server.url);
      assert.equal((await client.get('/')).status, 200);
      await server.container.knex('users').where({ email_lower: email.toLowerCase() }).update({ first_name: 'Renamed' });
      assert.match((await client.get('/profile')).text, /Renamed/);
      await server.container.services.accounts.setStatus(email, 'disabled');
      assert.equal((await client.get('/')).status, 302);
      await server.container.services.accounts.setStatus(email, 'active');
      assert.equal((await client.get('/')).status, 302, 'the session ended with the disabling');
    });

    it('when revoking an unknown or foreign session id, then 404 and nothing changes', async () => {
      const a = await signedUpClient(server.url);
      const b = await signedUpClient(server.url);
      const bSessions = (await b.client.get('/api/v1/sessions')).json().sessions as Array<{ id: string }>;
      const reply = await a.client.sendJson('DELETE', `/api/v1/sessions/${bSessions[0]!.id}`, {});
      assert.equal(reply.status, 404);
      assert.equal((await b.client.get('/')).status, 200);
    });

    it('when signing out everywhere, then every session of the person ends', async () => {
      const { email, client: first } = await signedUpClient(server.url);
      const second = await signedInClient(server.url, email, strongPassword);
      const reply = await second.postForm('/signout/everywhere', {});
      assert.equal(reply.status, 303);
      assert.equal((await first.get('/')).status, 302);
      assert.equal((await second.get('/')).status, 302);
    });

    it('when signing out, then the session is gone from the database', async () => {
      const { client, email } = await signedUpClient(server.url);
      const user = await server.container.repositories.users.findByEmail(email);
      await client.postForm('/signout', {});
      assert.equal((await server.container.repositories.sessions.listForUser(user!.id, Date.now())).length, 0);
    });
  });

  describe('password reset', () => {
    it('when a reset is asked, then a single-use link is mailed; it sets the password once and ends sessions', async () => {
      const { email, client: old } = await signedUpClient(server.url);
      const anon = new TestClient(server.url);
      // Sign-up mailed its link first: the reset is the next email to that address.
      const mailsBefore = server.mailer.sent.filter((m) => m.to === email).length;
      const reply = await anon.postForm('/password/forgot', { email });
      assert.equal(reply.status, 200);
      const link = /(http:\/\/\S+\/password\/reset\/\S+)/.exec((await server.mailer.waitFor(email, mailsBefore)).text)![1]!;
      const path = new URL(link).pathname;
      assert.equal((await anon.get(path)).status, 200);
      const newPassword = 'a brand new long passphrase';
      assert.equal((await anon.postForm(path, { password: newPassword })).status, 303);
      assert.equal((await anon.postForm(path, { password: 'yet another long passphrase' })).status, 400);
      assert.equal((await old.get('/')).status, 302);
      await signedInClient(server.url, email, newPassword);
    });

    it('when the email is unknown, then the answer is the same and no mail is sent', async () => {
      const before = server.mailer.sent.length;
      const reply = await new TestClient(server.url).postForm('/password/forgot', { email: uniqueEmail('unknown') });
      assert.equal(reply.status, 200);
      assert.match(reply.text, /If this email belongs to an account/);
      assert.equal(server.mailer.sent.length, before);
    });

    it('when the link is made up, then the page says it is not valid', async () => {
      const reply = await new TestClient(server.url).get('/password/reset/not-a-real-token-at-all');
      assert.equal(reply.status, 400);
      assert.match(reply.text, /not valid/);
    });
  });

  describe('profile', () => {
    it('when a member updates their profile, then colleagues of the workspace see it', async () => {
      const a = await signedUpClient(server.url);
      const b = await signedUpClient(server.url);
      const me = (await a.client.get('/api/v1/me')).json();
      const patch = await a.client.sendJson('PATCH', '/api/v1/me', { title: 'Staff engineer', timeZone: 'Europe/Paris', language: 'fr' });
      assert.equal(patch.status, 200);
      const seen = await b.client.get(`/api/v1/users/${me.id}`);
      assert.equal(seen.json().title, 'Staff engineer');
      const page = await b.client.get(`/people/${me.id}`);
      assert.match(page.text, /Staff engineer/);
    });

    it('when the profile input is bad, then 400 names each field and nothing changes', async () => {
      const a = await signedUpClient(server.url);
      const reply = await a.client.sendJson('PATCH', '/api/v1/me', { timeZone: 'Mars/Olympus', phone: 'call me maybe', unknown: 1 });
      assert.equal(reply.status, 400);
      const body = reply.json();
      assert.ok(body.error.fields.timeZone);
      assert.ok(body.error.fields.phone);
      assert.equal((await a.client.get('/api/v1/me')).json().timeZone, null);
    });

    it('when someone is not signed in, then profiles are not visible', async () => {
      const a = await signedUpClient(server.url);
      const me = (await a.client.get('/api/v1/me')).json();
      assert.equal((await new TestClient(server.url).get(`/api/v1/users/${me.id}`)).status, 401);
    });

    it('when a member of another workspace asks for a profile, then it is not found', async () => {
      const a = await signedUpClient(server.url);
      const me = (await a.client.get('/api/v1/me')).json();
      const sandbox = await server.container.services.workspaces.createSandbox('Sandbox', Date.now() + 86_400_000);
      const outsider = await signedUpClient(server.url);
      const outsiderUser = await server.container.repositories.users.findByEmail(outsider.email);
      await server.container.knex('users').where({ id: outsiderUser!.id }).update({ workspace_id: sandbox.id });
      assert.equal((await outsider.client.get(`/api/v1/users/${me.id}`)).status, 404);
    });
  });

  describe('invitations', () => {
    it('when sign-up is invite-only, then open sign-up is refused and an invitation link creates the account', async () => {
      await server.container.services.workspaces.setSignupMode('invite');
      try {
        const refused = await new TestClient(server.url).postForm('/signup', { firstName: 'A', lastName: 'B', email: uniqueEmail(), password: strongPassword });
        assert.equal(refused.status, 403);
        const email = uniqueEmail('invited');
        const { link } = await server.container.services.accounts.invite(null, email, 'member');
        const invite = new URL(link).searchParams.get('invite')!;
        const client = new TestClient(server.url);
        const form = await client.get(`/signup?invite=${invite}`);
        assert.match(form.text, new RegExp(`readonly\\s+value="${email}"`));
        const created = await client.postForm('/signup', { firstName: 'In', lastName: 'Vited', email, password: strongPassword, invite });
        assert.equal(created.status, 303);
        const again = await new TestClient(server.url).postForm('/signup', { firstName: 'In', lastName: 'Vited', email: email.replace('@', '2@'), password: strongPassword, invite });
        assert.equal(again.status, 400);
      } finally {
        await server.container.services.workspaces.setSignupMode(null);
      }
    });
  });

  describe('data survives a restart', () => {
    it('when the server restarts on the same database, then accounts and remembered sessions are still there', async () => {
      const restartable = await startTestServer(dialect);
      const { email } = await signedUpClient(restartable.url);
      const client = await signedInClient(restartable.url, email, strongPassword, true);
      const cookie = client.cookies.get('opsenic.sid')!;
      const { db, config } = restartable;
      await restartable.stop();
      const again = await startTestServer(dialect, { secretKey: config.secretKey }, db);
      try {
        const revived = new TestClient(again.url);
        revived.cookies.set('opsenic.sid', cookie);
        const home = await revived.get('/');
        assert.equal(home.status, 200);
      } finally {
        await again.close();
        await db.drop();
      }
    });
  });
});
