// Single sign-on against a real OpenID provider (oidc-provider on 127.0.0.1), on both dialects:
// the code flow with PKCE, state and nonce signs in; the sign-up form is prefilled from the provider;
// automatic creation, allowed domains and linking by password or verified email; every tampered
// token and a replayed state refuse the sign-in with a page and an audit entry; SSO-only mode; the
// sign-out at the provider; and a provider that is down delays nothing.
import assert from 'node:assert/strict';
import net from 'node:net';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedUpClient, strongPassword, TestClient, uniqueEmail, type Reply } from '../support/http.js';
import { freePort, IdpBrowser, startTestIdp, type Tamper, type TestIdp } from '../support/oidc.js';

/** A TCP server that accepts connections and never answers: a provider that hangs. */
async function hangingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function lastRefusal(server: TestServer): Promise<Record<string, unknown> | undefined> {
  const row = await server.container.knex('audit_entries').where({ action: 'auth.sso.refused' }).orderBy('seq', 'desc').first();
  return row ? JSON.parse(row.details) : undefined;
}

let subjects = 0;
function newPerson(idp: TestIdp, account: { email?: string; email_verified?: boolean; given_name?: string; family_name?: string } = {}): { subject: string; email: string } {
  subjects += 1;
  const subject = `person-${Date.now().toString(36)}-${subjects}`;
  const email = account.email ?? uniqueEmail('sso');
  idp.accounts.set(subject, { email, email_verified: true, given_name: 'Katherine', family_name: 'Johnson', groups: ['engineering'], ...account });
  return { subject, email };
}

forEachDialect('single sign-on with OpenID Connect', (dialect) => {
  let idp: TestIdp;
  let hanging: Awaited<ReturnType<typeof hangingServer>>;
  let server: TestServer;
  let startedInMs: number;
  let latePort: number;
  let late: TestIdp | undefined;

  before(async function () {
    this.timeout(60_000);
    idp = await startTestIdp();
    hanging = await hangingServer();
    latePort = await freePort();
    const started = Date.now();
    server = await startTestServer(dialect, {
      'oidc.providers': {
        acme: idp.discoveryConfig(),
        checked: idp.proxiedConfig(),
        auto: idp.proxiedConfig({ displayName: 'Acme auto', newAccounts: 'auto' }),
        corp: idp.proxiedConfig({ displayName: 'Corp only', newAccounts: 'auto', allowedDomains: ['corp.example'] }),
        closed: idp.proxiedConfig({ displayName: 'Existing only', newAccounts: 'refuse' }),
        trusting: idp.proxiedConfig({ displayName: 'Trusting', linkVerifiedEmail: true }),
        down: { displayName: 'Down ID', issuer: hanging.url, clientId: 'x', clientSecret: 'y', allowHttp: true },
        late: { displayName: 'Late ID', issuer: `http://127.0.0.1:${latePort}`, clientId: 'opsenic-test', clientSecret: 'a-test-client-secret-that-is-long-enough', allowHttp: true, newAccounts: 'auto' },
      },
      'oidc.requestTimeout': '1s',
      'oidc.discoveryRetry': '500ms',
    });
    startedInMs = Date.now() - started;
  });
  after(async () => {
    await server?.close();
    await idp?.close();
    await hanging?.close();
    await late?.close();
  });

  /** Starts a sign-in at the server, lets the provider log in as `subject`, and returns the server's answer to the callback. */
  async function viaProvider(provider: string, subject: string, client = new TestClient(server.url), at: TestIdp = idp): Promise<{ client: TestClient; authorizeUrl: string; callbackPath: string; reply: Reply }> {
    at.loginAs(subject);
    const start = await client.get(`/auth/oidc/${provider}`);
    assert.equal(start.status, 302, start.text.slice(0, 300));
    const authorizeUrl = start.location!;
    const callbackUrl = await new IdpBrowser().followToRp(authorizeUrl, server.url);
    const callbackPath = callbackUrl.slice(server.url.length);
    return { client, authorizeUrl, callbackPath, reply: await client.get(callbackPath) };
  }

  it('when a provider hangs at start, then the server starts at once, shows every provider, and that provider answers a clear 503 page', async function () {
    this.timeout(20_000);
    assert.ok(startedInMs < 5_000, `the start took ${startedInMs} ms`);
    const signin = await new TestClient(server.url).get('/signin');
    for (const name of ['Sign in with Acme ID', 'Sign in with Down ID', 'Sign in with Acme auto']) assert.ok(signin.text.includes(name), name);
    const signup = await new TestClient(server.url).get('/signup');
    assert.ok(signup.text.includes('Sign up with Acme ID'));
    const down = await new TestClient(server.url).get('/auth/oidc/down');
    assert.equal(down.status, 503);
    assert.match(down.text, /cannot be reached right now/);
  });

  it('when a provider that was down at start comes up, then the background retry finds it and its sign-in works without a restart', async function () {
    this.timeout(20_000);
    const providers = server.container.services.identityProviders;
    assert.equal(providers.list().find((p) => p.id === 'late')?.ready, false);
    late = await startTestIdp({ port: latePort });
    for (let i = 0; i < 100 && !providers.list().find((p) => p.id === 'late')?.ready; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(providers.list().find((p) => p.id === 'late')?.ready, true, 'discovered by the background retry');
    const { subject } = newPerson(late);
    const { reply } = await viaProvider('late', subject, new TestClient(server.url), late);
    assert.equal(reply.status, 303);
    assert.equal(reply.location, '/');
  });

  it('when an unknown person signs in through the code flow with PKCE, then the sign-up form shows the provider\'s name and email, and confirming signs them in', async () => {
    const { subject, email } = newPerson(idp, { given_name: 'Dorothy', family_name: 'Vaughan' });
    const { client, authorizeUrl, reply } = await viaProvider('acme', subject);
    const params = new URL(authorizeUrl).searchParams;
    assert.equal(params.get('code_challenge_method'), 'S256');
    assert.ok(params.get('code_challenge'));
    assert.ok(params.get('state'));
    assert.ok(params.get('nonce'));
    assert.equal(reply.status, 303);
    assert.equal(reply.location, '/signup/sso');
    const form = await client.get('/signup/sso');
    assert.equal(form.status, 200);
    assert.match(form.text, /value="Dorothy"/);
    assert.match(form.text, /value="Vaughan"/);
    assert.ok(form.text.includes(`value="${email}"`));
    assert.match(form.text, /name="email"[^>]*readonly/, 'a verified email is locked');
    // Another address is only a request to prove it: nothing is created until its link is opened.
    const other = await client.postForm('/signup/sso', { firstName: 'Dorothy', lastName: 'Vaughan', email: email, newEmail: 'someone.else@example.com' });
    assert.equal(other.status, 202);
    assert.match(other.text, /Check your email/);
    assert.equal(await server.container.repositories.users.findByEmail('someone.else@example.com'), undefined);
    const confirmed = await client.postForm('/signup/sso', { firstName: 'Dot', lastName: 'Vaughan', email: 'typed.over@example.com' });
    assert.equal(confirmed.status, 303, confirmed.text.slice(0, 300));
    const home = await client.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /Dot Vaughan|Welcome, Dot/);
    const user = await server.container.repositories.users.findByEmail(email);
    assert.equal(user?.passwordHash, null);
    // The next sign-in goes straight in.
    const again = await viaProvider('acme', subject);
    assert.equal(again.reply.status, 303);
    assert.equal(again.reply.location, '/');
  });

  it('when the provider has not verified the email, then it is read-only and the account waits for the link mailed to the address the person proves', async () => {
    const { subject, email: unverified } = newPerson(idp, { email_verified: false });
    const { client, reply } = await viaProvider('acme', subject);
    assert.equal(reply.location, '/signup/sso');
    const form = await client.get('/signup/sso');
    assert.match(form.text, /name="email"[^>]*readonly/);
    assert.match(form.text, /did not verify this address/);
    const email = uniqueEmail('corrected');
    const pending = await client.postForm('/signup/sso', { firstName: 'Mary', lastName: 'Jackson', newEmail: email });
    assert.equal(pending.status, 202);
    assert.equal(await server.container.repositories.users.findByEmail(email), undefined, 'nothing before the proof');
    assert.equal(await server.container.repositories.users.findByEmail(unverified), undefined);
    const link = /https?:\/\/\S+\/signup\/sso\/confirm\?token=\S+/.exec((await server.mailer.waitFor(email)).text)?.[0];
    assert.ok(link, 'a link went to the typed address');
    const stranger = await new TestClient(server.url).get(link.slice(server.url.length));
    assert.equal(stranger.status, 400, 'the link works only in the browser holding the sign-up');
    const confirmed = await client.get(link.slice(server.url.length));
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.location, '/');
    assert.ok(await server.container.repositories.users.findByEmail(email));
  });

  it('when automatic creation is on, then the first sign-in creates the account and signs in; when it is off, the prefilled form comes first; when new accounts are refused, a page says so', async () => {
    const on = newPerson(idp);
    const auto = await viaProvider('auto', on.subject);
    assert.equal(auto.reply.status, 303);
    assert.equal(auto.reply.location, '/');
    const created = await server.container.repositories.users.findByEmail(on.email);
    assert.equal(created?.firstName, 'Katherine');
    assert.equal((await auto.client.get('/')).status, 200);

    const off = newPerson(idp);
    const prefill = await viaProvider('checked', off.subject);
    assert.equal(prefill.reply.location, '/signup/sso');
    assert.equal(await server.container.repositories.users.findByEmail(off.email), undefined);

    const refused = newPerson(idp);
    const closed = await viaProvider('closed', refused.subject);
    assert.equal(closed.reply.status, 403);
    assert.match(closed.reply.text, /new accounts cannot be created through this provider/);
    assert.equal((await lastRefusal(server))?.reason, 'unknown_account');
  });

  it('when the email domain is not in the allowed list, then no account is created and the refusal is audited', async () => {
    const outsider = newPerson(idp, { email: uniqueEmail('outsider') });
    const refused = await viaProvider('corp', outsider.subject);
    assert.equal(refused.reply.status, 403);
    assert.match(refused.reply.text, /email domain/);
    assert.deepEqual(await lastRefusal(server), { provider: 'corp', reason: 'domain_not_allowed' });
    const insider = newPerson(idp, { email: `ada.${Date.now()}@corp.example` });
    const allowed = await viaProvider('corp', insider.subject);
    assert.equal(allowed.reply.location, '/');
  });

  const tampered: Array<[Tamper, string, RegExp]> = [
    ['wrongAudience', 'wrong_audience', /another application/],
    ['expired', 'expired_token', /has expired/],
    ['badSignature', 'bad_signature', /signature/],
    ['wrongNonce', 'wrong_nonce', /nonce/],
  ];
  for (const [tamper, reason, message] of tampered) {
    it(`when the ID token is tampered (${tamper}), then the sign-in is refused with a clear page and an audit entry`, async () => {
      const { subject, email } = newPerson(idp);
      idp.tamper = tamper;
      try {
        const { client, reply } = await viaProvider('checked', subject);
        assert.equal(reply.status, 401, reply.text.slice(0, 300));
        assert.match(reply.text, /Sign-in refused/);
        assert.match(reply.text, message);
        assert.deepEqual(await lastRefusal(server), { provider: 'checked', reason });
        assert.equal((await client.get('/')).status === 200 && (await client.get('/profile')).status === 200, false, 'not signed in');
        assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
      } finally {
        idp.tamper = null;
      }
    });
  }

  it('when a person signs in through the provider again from the same browser, then no new-device email; from another browser, then the security email is queued with the sign-in', async () => {
    const { subject, email } = newPerson(idp);
    const first = await viaProvider('auto', subject); // creates the account: nothing to compare with
    assert.equal(first.reply.location, '/');
    await first.client.postForm('/signout', {});
    const again = await viaProvider('auto', subject, first.client); // holds the device cookie from the first
    assert.equal(again.reply.location, '/');
    const elsewhere = await viaProvider('auto', subject); // a browser this account never used
    assert.equal(elsewhere.reply.location, '/');
    const user = (await server.container.repositories.users.findByEmail(email))!;
    const mails = await server.container.knex('email_outbox').where({ user_id: user.id, category: 'security' });
    assert.equal(mails.length, 1, 'one new-device email, for the other browser');
    const audit = await server.container.knex('audit_entries as e').join('audit_actors as a', 'a.id', 'e.actor_id').where({ 'e.action': 'auth.signin', 'a.user_id': user.id }).orderBy('e.seq').select('e.details');
    assert.deepEqual(audit.map((a: { details: string }) => JSON.parse(a.details).newDevice), [false, false, true]);
  });

  it('when a callback (code and state) is replayed, then the second use is refused and audited', async () => {
    const { subject } = newPerson(idp);
    const first = await viaProvider('auto', subject);
    assert.equal(first.reply.location, '/');
    const replay = await first.client.get(first.callbackPath);
    assert.equal(replay.status, 401);
    assert.match(replay.text, /already used or does not belong to this browser/);
    assert.equal((await lastRefusal(server))?.reason, 'state_replayed');
    // Another browser presenting the same callback has no state at all.
    const stranger = await new TestClient(server.url).get(first.callbackPath);
    assert.equal(stranger.status, 401);
    assert.equal((await lastRefusal(server))?.reason, 'state_replayed');
  });

  it('when an identity matches an existing password account, then it links only after the password (or a verified email where the admin allows it)', async () => {
    const { email } = await signedUpClient(server.url, { firstName: 'Annie', lastName: 'Easley' });
    const person = newPerson(idp, { email });
    const { client, reply } = await viaProvider('checked', person.subject);
    assert.equal(reply.location, '/signin/sso/link');
    const page = await client.get('/signin/sso/link');
    assert.ok(page.text.includes(email));
    const wrong = await client.postForm('/signin/sso/link', { password: 'not the password at all' });
    assert.equal(wrong.status, 401);
    const right = await client.postForm('/signin/sso/link', { password: strongPassword });
    assert.equal(right.status, 303);
    assert.equal(right.location, '/');
    const direct = await viaProvider('checked', person.subject);
    assert.equal(direct.reply.location, '/');

    const other = await signedUpClient(server.url, { firstName: 'Mae', lastName: 'Jemison' });
    const trusted = newPerson(idp, { email: other.email, email_verified: true });
    const viaTrust = await viaProvider('trusting', trusted.subject);
    assert.equal(viaTrust.reply.location, '/');
  });

  it('when someone signed in through a provider with RP-initiated logout signs out, then they are sent to the provider\'s end-session endpoint with the ID token hint', async () => {
    const { subject } = newPerson(idp);
    const { client } = await viaProvider('auto', subject);
    const out = await client.postForm('/signout', {});
    assert.equal(out.status, 200);
    const refresh = /^0;url=(.+)$/.exec(out.headers.get('refresh') ?? '');
    assert.ok(refresh, 'the page moves on to the provider by itself');
    const target = new URL(refresh[1]!);
    assert.ok(out.text.includes('id="provider-signout"'));
    assert.equal(`${target.origin}${target.pathname}`, `${idp.issuer}/session/end`);
    assert.ok(target.searchParams.get('id_token_hint'));
    assert.equal(target.searchParams.get('post_logout_redirect_uri'), `${server.url}/signin`);
    assert.equal((await client.get('/profile')).status, 302, 'signed out here too');
  });
});

forEachDialect('single sign-on only', (dialect) => {
  let idp: TestIdp;
  let server: TestServer;
  const adminEmail = uniqueEmail('breakglass');
  const memberEmail = uniqueEmail('member');

  before(async function () {
    this.timeout(60_000);
    idp = await startTestIdp();
    server = await startTestServer(dialect, { 'oidc.providers': { acme: idp.discoveryConfig() }, 'oidc.ssoOnly': true, 'oidc.breakGlassAdmins': [adminEmail] });
    await server.container.services.accounts.create({ firstName: 'Break', lastName: 'Glass', email: adminEmail, password: strongPassword, role: 'admin' });
    await server.container.services.accounts.create({ firstName: 'Plain', lastName: 'Member', email: memberEmail, password: strongPassword, role: 'member' });
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  it('when password sign-in is off, then only the break-glass admin signs in with a password, and password sign-up is refused', async () => {
    const page = await new TestClient(server.url).get('/signin');
    assert.match(page.text, /Sign in with Acme ID/);
    assert.doesNotMatch(page.text, /name="password"/);
    const member = await new TestClient(server.url).postForm('/signin', { email: memberEmail, password: strongPassword });
    assert.equal(member.status, 403);
    assert.match(member.text, /Password sign-in is turned off/);
    const audit = await server.container.knex('audit_entries').where({ action: 'auth.signin.failed' }).orderBy('seq', 'desc').first();
    assert.equal(JSON.parse(audit.details).reason, 'sso_only');
    const admin = await new TestClient(server.url).postForm('/signin', { email: adminEmail, password: strongPassword });
    assert.equal(admin.status, 303);
    const signup = await new TestClient(server.url).postForm('/signup', { firstName: 'New', lastName: 'Person', email: uniqueEmail(), password: strongPassword });
    assert.equal(signup.status, 403);
  });
});
