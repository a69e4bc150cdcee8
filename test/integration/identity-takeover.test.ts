// The account takeover chain through single sign-on, refused at each step, against a real OpenID
// provider on both dialects: an unverified email (false, or absent as Entra ID sends it) creates no
// account, matches no account and is never checked against allowedDomains, unless the admin trusts
// the provider's emails (trustEmail); the real owner's later verified sign-in gets their own account;
// invite-only mode holds for single sign-on unless the provider opts in to creating accounts.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedUpClient, TestClient, uniqueEmail } from '../support/http.js';
import { IdpBrowser, startTestIdp, type TestAccount, type TestIdp } from '../support/oidc.js';

let subjects = 0;
function person(idp: TestIdp, account: TestAccount & { email: string }): string {
  subjects += 1;
  const subject = `takeover-${Date.now().toString(36)}-${subjects}`;
  idp.accounts.set(subject, { given_name: 'Grace', family_name: 'Hopper', ...account });
  return subject;
}

async function signIn(server: TestServer, idp: TestIdp, provider: string, subject: string, client = new TestClient(server.url)) {
  idp.loginAs(subject);
  const start = await client.get(`/auth/oidc/${provider}`);
  assert.equal(start.status, 302, start.text.slice(0, 300));
  const callback = await new IdpBrowser().followToRp(start.location!, server.url);
  return { client, reply: await client.get(callback.slice(server.url.length)) };
}

async function lastRefusal(server: TestServer): Promise<string | undefined> {
  const row = await server.container.knex('audit_entries').where({ action: 'auth.sso.refused' }).orderBy('seq', 'desc').first();
  return row ? JSON.parse(row.details).reason : undefined;
}

const linksOf = (server: TestServer, userId: string) => server.container.knex('identity_links').where({ user_id: userId });

forEachDialect('single sign-on: the account takeover chain', (dialect) => {
  let idp: TestIdp;
  let server: TestServer;

  before(async function () {
    this.timeout(60_000);
    idp = await startTestIdp();
    server = await startTestServer(dialect, {
      'oidc.providers': {
        auto: idp.proxiedConfig({ displayName: 'Auto', newAccounts: 'auto' }),
        corp: idp.proxiedConfig({ displayName: 'Corp', newAccounts: 'auto', allowedDomains: ['corp.example'], linkVerifiedEmail: true }),
        entra: idp.proxiedConfig({ displayName: 'Entra', newAccounts: 'auto', trustEmail: true }),
        linking: idp.proxiedConfig({ displayName: 'Linking', linkVerifiedEmail: true }),
      },
    });
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  it('when an unverified email (false or absent) arrives with automatic creation, then no account is created and the form asks to prove the address', async () => {
    for (const verified of [false, undefined]) {
      const email = uniqueEmail('unverified');
      const subject = person(idp, { email, ...(verified === undefined ? {} : { email_verified: verified }) });
      const { client, reply } = await signIn(server, idp, 'auto', subject);
      assert.equal(reply.location, '/signup/sso', `email_verified ${verified}`);
      assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
      const submitted = await client.postForm('/signup/sso', { firstName: 'Grace', lastName: 'Hopper', email });
      assert.equal(submitted.status, 202, 'the provider\'s unverified email is proven by a link too');
      assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
      assert.ok((await server.mailer.waitFor(email)).text.includes('/signup/sso/confirm?token='));
    }
  });

  it('when the attacker\'s unverified claim is the CFO\'s address in an allowed domain, then it is not admitted by allowedDomains, nothing is created, and the CFO\'s verified sign-in later gets an account of their own', async () => {
    const cfo = `cfo.${Date.now()}@corp.example`;
    const attacker = person(idp, { email: cfo, email_verified: false });
    const first = await signIn(server, idp, 'corp', attacker);
    assert.equal(first.reply.location, '/signup/sso', 'no automatic account on an unverified email');
    assert.equal(await server.container.repositories.users.findByEmail(cfo), undefined);
    // Editing the form to the CFO's address does not help either: the link goes to the CFO's mailbox.
    const edited = await first.client.postForm('/signup/sso', { firstName: 'Eve', lastName: 'Attacker', email: cfo, newEmail: cfo });
    assert.equal(edited.status, 202);
    assert.equal(await server.container.repositories.users.findByEmail(cfo), undefined);
    const forged = await first.client.get('/signup/sso/confirm?token=guessed-token');
    assert.equal(forged.status, 400);
    assert.equal(await server.container.repositories.users.findByEmail(cfo), undefined);

    const owner = person(idp, { email: cfo, email_verified: true });
    const real = await signIn(server, idp, 'corp', owner);
    assert.equal(real.reply.location, '/');
    const account = await server.container.repositories.users.findByEmail(cfo);
    assert.ok(account);
    const links = await linksOf(server, account.id);
    assert.deepEqual(links.map((l: { subject: string }) => l.subject), [owner], 'only the owner\'s identity is linked');
    assert.equal((await server.container.knex('identity_links').where({ subject: attacker })).length, 0, 'the attacker\'s identity is linked to nothing');
    const again = await signIn(server, idp, 'corp', attacker);
    assert.equal(again.reply.location, '/signup/sso', 'and it still signs in as no one');
  });

  it('when an unverified email matches an existing account, then it is not linked even where verified emails link, and no password page reveals the account', async () => {
    const victim = await signedUpClient(server.url, { firstName: 'Ada', lastName: 'Lovelace' });
    const user = (await server.container.repositories.users.findByEmail(victim.email))!;
    const attacker = person(idp, { email: victim.email, email_verified: false });
    const { reply } = await signIn(server, idp, 'linking', attacker);
    assert.equal(reply.location, '/signup/sso');
    assert.equal((await linksOf(server, user.id)).length, 0);
  });

  it('when trustEmail is on, then an email without email_verified counts (Entra ID); off, the same claims do not', async () => {
    const email = uniqueEmail('entra');
    const subject = person(idp, { email });
    const trusted = await signIn(server, idp, 'entra', subject);
    assert.equal(trusted.reply.location, '/');
    assert.ok(await server.container.repositories.users.findByEmail(email));

    const other = uniqueEmail('entra-off');
    const untrusted = await signIn(server, idp, 'auto', person(idp, { email: other }));
    assert.equal(untrusted.reply.location, '/signup/sso');
    assert.equal(await server.container.repositories.users.findByEmail(other), undefined);
  });

  it('when a proven address belongs to an existing account, then opening the link in the signing-up browser links the identity to it', async () => {
    const owner = await signedUpClient(server.url, { firstName: 'Joan', lastName: 'Clarke' });
    const user = (await server.container.repositories.users.findByEmail(owner.email))!;
    const subject = person(idp, { email: owner.email, email_verified: false });
    // The owner already got their sign-up link: the proof is the next email to that address.
    const mailsBefore = server.mailer.sent.filter((m) => m.to === owner.email).length;
    const { client } = await signIn(server, idp, 'auto', subject);
    assert.equal((await client.postForm('/signup/sso', { firstName: 'Joan', lastName: 'Clarke' })).status, 202);
    const link = /\/signup\/sso\/confirm\?token=\S+/.exec((await server.mailer.waitFor(owner.email, mailsBefore)).text)![0];
    const confirmed = await client.get(link);
    assert.equal(confirmed.location, '/');
    const links = await linksOf(server, user.id);
    assert.deepEqual(links.map((l: { subject: string; linked_by: string }) => [l.subject, l.linked_by]), [[subject, 'email_link']]);
  });
});

forEachDialect('single sign-on in invite-only mode', (dialect) => {
  let idp: TestIdp;
  let server: TestServer;

  before(async function () {
    this.timeout(60_000);
    idp = await startTestIdp();
    server = await startTestServer(dialect, {
      'accounts.signup': 'invite',
      'oidc.providers': {
        acme: idp.proxiedConfig({ displayName: 'Acme' }),
        optIn: idp.proxiedConfig({ displayName: 'Opt-in', newAccounts: 'auto' }),
      },
    });
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  it('when a new identity has no invitation, then no account is created and the refusal says sign-up is by invitation', async () => {
    const email = uniqueEmail('uninvited');
    const subject = person(idp, { email, email_verified: true });
    const { reply } = await signIn(server, idp, 'acme', subject);
    assert.equal(reply.status, 403);
    assert.match(reply.text, /by invitation only/);
    assert.equal(await lastRefusal(server), 'invitation_required');
    assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
  });

  it('when an unverified identity proves an uninvited address, then the link is refused too', async () => {
    const email = uniqueEmail('uninvited-proof');
    const { client } = await signIn(server, idp, 'acme', person(idp, { email, email_verified: false }));
    assert.equal((await client.postForm('/signup/sso', { firstName: 'Grace', lastName: 'Hopper' })).status, 202);
    const link = /\/signup\/sso\/confirm\?token=\S+/.exec((await server.mailer.waitFor(email)).text)![0];
    const confirmed = await client.get(link);
    assert.equal(confirmed.status, 403);
    assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
  });

  it('when the email has an invitation, then the sign-up creates the account with the invitation\'s role and uses the invitation up', async () => {
    const email = uniqueEmail('invited');
    const { invitation } = await server.container.services.accounts.invite(null, email, 'admin');
    const { client, reply } = await signIn(server, idp, 'acme', person(idp, { email, email_verified: true }));
    assert.equal(reply.location, '/signup/sso');
    const created = await client.postForm('/signup/sso', { firstName: 'Grace', lastName: 'Hopper' });
    assert.equal(created.status, 303, created.text.slice(0, 300));
    const user = await server.container.repositories.users.findByEmail(email);
    assert.equal(user?.role, 'admin');
    const row = await server.container.knex('invitations').where({ id: invitation.id }).first();
    assert.equal(row.accepted_user_id, user!.id);
  });

  it('when the provider opts in with newAccounts auto, then a verified new identity gets an account without an invitation', async () => {
    const email = uniqueEmail('optin');
    const { reply } = await signIn(server, idp, 'optIn', person(idp, { email, email_verified: true }));
    assert.equal(reply.location, '/');
    assert.equal((await server.container.repositories.users.findByEmail(email))?.role, 'member');
  });
});
