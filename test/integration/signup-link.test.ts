// Sign-up by emailed link (issue 19): the form answers alike for a new and a taken email; a new one
// gets a single-use, expiring link that creates the account, a taken one's owner gets told instead.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClock } from '../support/clock.js';
import { TestClient, followSignupLink, signedInClient, signedUpClient, signupLinkIn, strongPassword, uniqueEmail, type Reply } from '../support/http.js';
import { signupAnswerMs } from '../../server/components/accounts/signup.service.js';

/** A page with what differs between any two requests (CSRF token, CSP nonce) blanked. */
const shape = (reply: Reply) => reply.text.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/(name="_csrf" value=|content=)"[^"]*"/g, '$1""');

forEachDialect('sign-up by emailed link', (dialect) => {
  let server: TestServer;
  const clock = new TestClock();
  before(async () => {
    server = await startTestServer(dialect, {}, undefined, { clock });
  });
  after(async () => server?.close());

  const signUp = async (email: string, firstName = 'Nova') => {
    const client = new TestClient(server.url);
    const started = performance.now();
    const reply = await client.postForm('/signup', { firstName, lastName: 'Person', email, password: strongPassword });
    return { client, reply, ms: performance.now() - started };
  };
  const linkTo = async (email: string, after = 0) => signupLinkIn((await server.mailer.waitFor(email, after)).text)!;
  const userCount = async () => Number((await server.container.knex('users').count({ n: '*' }).first())!.n);

  it('when a new email signs up, then the answer is "check your inbox", no account exists until the emailed link is confirmed, and the link signs the person in', async () => {
    const email = uniqueEmail('new');
    const { reply } = await signUp(email, 'Nova');
    assert.equal(reply.status, 200);
    assert.match(reply.text, /Check your inbox/);
    assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
    const mail = await server.mailer.waitFor(email);
    assert.match(mail.subject, /Confirm your Opsenic account/);
    const link = signupLinkIn(mail.text)!;
    assert.ok(link, 'the email holds the link');
    const client = new TestClient(server.url);
    await followSignupLink(client, link);
    const me = await client.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.json().email, email);
    assert.equal(me.json().firstName, 'Nova');
    assert.equal((await signedInClient(server.url, email, strongPassword)).cookies.has('opsenic.sid'), true, 'the password given at sign-up works');
  });

  it('when a taken email signs up (in any case), then the answer has the same status, page and least time as a new one, no account changes, and the owner is emailed the ways in', async () => {
    const owner = await signedUpClient(server.url, { firstName: 'Olga' });
    const before = await userCount();
    const taken = await signUp(owner.email.toUpperCase(), 'Mallory');
    const fresh = await signUp(uniqueEmail('fresh'), 'Mallory');
    assert.equal(taken.reply.status, fresh.reply.status);
    assert.equal(shape(taken.reply), shape(fresh.reply));
    for (const { ms } of [taken, fresh]) assert.ok(ms >= signupAnswerMs - 5, `answered after ${ms} ms, before the fixed ${signupAnswerMs} ms`);
    const told = await server.mailer.waitFor(owner.email, 1);
    assert.match(told.subject, /Someone tried to sign up with your address/);
    assert.match(told.text, /Hello Olga/);
    assert.ok(told.text.includes(`${server.container.publicUrl}/signin`) && told.text.includes(`${server.container.publicUrl}/password/forgot`), 'the sign-in and reset links');
    assert.equal(signupLinkIn(told.text), undefined, 'no link that would create a second account');
    assert.equal(await userCount(), before, 'no account created or replaced');
    assert.equal(Number((await server.container.knex('signup_links').whereRaw('email_lower = ?', [owner.email.toLowerCase()]).whereNull('used_at').count({ n: '*' }).first())!.n), 0, 'no waiting sign-up for the taken address');
    await signedInClient(server.url, owner.email, strongPassword); // the owner's password is unchanged
  });

  it('when the link is used twice, then the second time answers 400 saying it was used already, and nothing more is created', async () => {
    const email = uniqueEmail('twice');
    await signUp(email);
    const link = await linkTo(email);
    await followSignupLink(new TestClient(server.url), link);
    const count = await userCount();
    const path = new URL(link).pathname;
    const again = new TestClient(server.url);
    const page = await again.get(path);
    assert.equal(page.status, 400);
    assert.match(page.text, /was used already/);
    const post = await again.postForm(path, {});
    assert.equal(post.status, 400);
    assert.match(post.text, /was used already/);
    assert.equal((await again.get('/api/v1/me')).status, 401);
    assert.equal(await userCount(), count);
  });

  it('when the link is older than accounts.signupLinkTtl, then it answers 400 saying it expired and creates nothing; just before, it works', async () => {
    const ttl = server.config.accounts.signupLinkTtl;
    const late = uniqueEmail('late');
    const onTime = uniqueEmail('ontime');
    await signUp(late);
    await signUp(onTime);
    const lateLink = new URL(await linkTo(late)).pathname;
    const onTimeLink = await linkTo(onTime);
    const client = new TestClient(server.url);
    assert.equal((await client.get(lateLink)).status, 200); // the confirm page, before the clock moves
    clock.advance(ttl - 60_000);
    try {
      await followSignupLink(new TestClient(server.url), onTimeLink);
      assert.ok(await server.container.repositories.users.findByEmail(onTime));
      clock.advance(60_001);
      const page = await client.get(lateLink);
      assert.equal(page.status, 400);
      assert.match(page.text, /has expired: sign up again/);
      const post = await client.postForm(lateLink, {});
      assert.equal(post.status, 400);
      assert.match(post.text, /has expired/);
      assert.equal(await server.container.repositories.users.findByEmail(late), undefined);
    } finally {
      clock.advance(-(ttl + 1));
    }
  });

  it('when a link is unknown, then it answers 400 saying it is not valid', async () => {
    const reply = await new TestClient(server.url).get('/signup/confirm/not-a-real-token');
    assert.equal(reply.status, 400);
    assert.match(reply.text, /This sign-up link is not valid/);
  });

  it('when two sign-ups of one address are both confirmed, then the second says an account exists and no duplicate is made', async () => {
    const email = uniqueEmail('double');
    await signUp(email);
    const first = await linkTo(email);
    await signUp(email);
    const second = await linkTo(email, 1);
    assert.notEqual(first, second);
    await followSignupLink(new TestClient(server.url), first);
    const client = new TestClient(server.url);
    await client.get(new URL(second).pathname);
    const reply = await client.postForm(new URL(second).pathname, {});
    assert.equal(reply.status, 409);
    assert.match(reply.text, /exists already: sign in/);
    assert.equal(Number((await server.container.knex('users').whereRaw('email_lower = ?', [email.toLowerCase()]).count({ n: '*' }).first())!.n), 1);
  });

  it('when a French browser signs up, then the page and the email are in French', async () => {
    const email = uniqueEmail('fr');
    const reply = await new TestClient(server.url, { 'accept-language': 'fr-FR,fr;q=0.9' }).postForm('/signup', { firstName: 'Zoé', lastName: 'Martin', email, password: strongPassword });
    assert.match(reply.text, /Consultez votre boîte de réception/);
    assert.match((await server.mailer.waitFor(email)).subject, /Confirmez votre compte Opsenic/);
  });
});
