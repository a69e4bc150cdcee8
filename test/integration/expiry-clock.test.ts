// Time-based controls past their expiry, with the server's injectable clock instead of sleeps (issue
// 19): API tokens, sessions (idle and absolute), remember-me, reset and invitation links, and legal
// holds whose `until` has passed. Each control is checked just before its end (it still works) and
// just after (it refuses).
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClock } from '../support/clock.js';
import { TestClient, signedInClient, signedUpClient, strongPassword, uniqueEmail } from '../support/http.js';
import { DAY, exists, insertSynthetic } from '../support/retention.js';
import { declaredTables } from '../../server/registry.js';
import { cutoffOf, parseMaxAge } from '../../server/components/retention/policies.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const who = { trigger: 'cli' as const, label: 'test' };

forEachDialect('expiries on an injectable clock', (dialect) => {
  let server: TestServer;
  const clock = new TestClock();
  before(async () => {
    server = await startTestServer(dialect, { 'sessions.idleTimeout': '1h', 'sessions.absoluteTimeout': '8h', 'sessions.rememberFor': '30d', 'retention.schedule.enabled': false }, undefined, { clock });
  });
  after(async () => server?.close());
  afterEach(() => clock.reset());

  const me = (client: TestClient) => client.get('/api/v1/me', { accept: 'application/json' });

  it('when an API token passes its expiry, then it answers 401; a minute before, it still works', async () => {
    const { client } = await signedUpClient(server.url);
    const created = await client.sendJson('POST', '/api/v1/tokens', { name: 'ci', scope: 'read', expiresInDays: 1 });
    assert.equal(created.status, 201, created.text);
    const bearer = new TestClient(server.url, { authorization: `Bearer ${created.json().token}` });
    assert.equal((await me(bearer)).status, 200);
    clock.advance(DAY - MINUTE);
    assert.equal((await me(bearer)).status, 200);
    clock.advance(2 * MINUTE);
    const refused = await me(bearer);
    assert.equal(refused.status, 401);
    assert.equal(refused.json().error.code, 'unauthenticated');
  });

  it('when a session without "remember me" sees no request for sessions.idleTimeout, then it has ended; each request before that keeps it alive', async () => {
    const { email } = await signedUpClient(server.url);
    const client = await signedInClient(server.url, email, strongPassword);
    clock.advance(HOUR - MINUTE);
    assert.equal((await me(client)).status, 200, 'just before the idle timeout');
    clock.advance(HOUR - MINUTE);
    assert.equal((await me(client)).status, 200, 'the last request restarted the idle time');
    clock.advance(HOUR + MINUTE);
    assert.equal((await me(client)).status, 401, 'an hour without a request');
    const page = await client.get('/');
    assert.equal(page.status, 302);
    assert.match(page.location ?? '', /^\/signin/);
  });

  it('when an active session without "remember me" reaches sessions.absoluteTimeout after sign-in, then it ends however active', async () => {
    const { email } = await signedUpClient(server.url);
    const client = await signedInClient(server.url, email, strongPassword);
    for (let elapsed = 0; elapsed + 50 * MINUTE < 8 * HOUR; elapsed += 50 * MINUTE) {
      clock.advance(50 * MINUTE); // always within the idle hour
      assert.equal((await me(client)).status, 200, `active at ${(elapsed + 50 * MINUTE) / MINUTE} minutes`);
    }
    clock.advance(50 * MINUTE); // 8h20 after sign-in, 50 minutes after the last request
    assert.equal((await me(client)).status, 401);
  });

  it('when a "remember me" session reaches sessions.rememberFor, then it ends; before that it outlives the idle timeout', async () => {
    const { email } = await signedUpClient(server.url);
    const client = await signedInClient(server.url, email, strongPassword, true);
    clock.advance(5 * HOUR);
    assert.equal((await me(client)).status, 200, 'five idle hours: remembered');
    clock.advance(30 * DAY - 5 * HOUR - MINUTE);
    assert.equal((await me(client)).status, 200, 'a minute before rememberFor');
    clock.advance(2 * MINUTE);
    assert.equal((await me(client)).status, 401);
  });

  it('when a reset link passes accounts.resetTokenTtl, then it says the link is not valid and changes no password; a minute before, the form opens', async () => {
    const { email } = await signedUpClient(server.url);
    const sent = server.mailer.sent.filter((m) => m.to === email).length;
    await new TestClient(server.url).postForm('/password/forgot', { email });
    const link = /https?:\/\/\S+\/password\/reset\/[A-Za-z0-9_-]+/.exec((await server.mailer.waitFor(email, sent)).text)![0];
    const path = new URL(link).pathname;
    const client = new TestClient(server.url);
    clock.advance(server.config.accounts.resetTokenTtl - MINUTE);
    assert.equal((await client.get(path)).status, 200);
    clock.advance(2 * MINUTE);
    const page = await client.get(path);
    assert.equal(page.status, 400);
    assert.match(page.text, /This reset link is not valid/);
    const post = await client.postForm(path, { password: 'a brand new passphrase 77' });
    assert.equal(post.status, 400);
    await signedInClient(server.url, email, strongPassword); // the old password still works
  });

  it('when an invitation passes accounts.inviteTtl, then its link says it is not valid and creates no account; a minute before, the form opens', async () => {
    const email = uniqueEmail('invitee');
    const { link } = await server.container.services.accounts.invite(null, email, 'member');
    const invite = new URL(link).searchParams.get('invite')!;
    const client = new TestClient(server.url);
    clock.advance(server.config.accounts.inviteTtl - MINUTE);
    assert.equal((await client.get(`/signup?invite=${invite}`)).status, 200);
    clock.advance(2 * MINUTE);
    const page = await client.get(`/signup?invite=${invite}`);
    assert.equal(page.status, 400);
    assert.match(page.text, /This invitation link is not valid/);
    const post = await client.postForm('/signup', { firstName: 'Late', lastName: 'Comer', email, password: strongPassword, invite });
    assert.equal(post.status, 400);
    assert.equal(await server.container.repositories.users.findByEmail(email), undefined);
  });

  it('when a legal hold\'s `until` has passed, then it no longer protects the person\'s data from the retention purge; the day before, it does', async () => {
    const c = server.container;
    const table = declaredTables.find((t) => t.name === 'request_logs')!;
    const policy = c.services.retention.policies().find((p) => p.category === table.retention!.category)!;
    const at = clock.now();
    const days = (at - cutoffOf(parseMaxAge(policy.maxAge)!, at)!) / DAY;
    const ws = await c.services.workspaces.getPrimary();
    const held = await c.services.accounts.create({ email: uniqueEmail('held'), firstName: 'Hal', lastName: 'Held', password: strongPassword, role: 'member' });
    await c.services.holds.add({ user: held.email, reason: 'inquiry until the end of the month', until: at + 10 * DAY }, who);
    const row = (await insertSynthetic(c.knex, table, { workspaceId: ws.id, userId: held.id, age: at - (days + 2) * DAY }))!;
    assert.ok(row, 'a request log row older than its policy');
    const purge = () => c.services.retention.apply({ category: table.retention!.category, who });
    await purge();
    assert.ok(await exists(c.knex, table, row), 'held while the hold runs');
    clock.advance(10 * DAY - HOUR);
    await purge();
    assert.ok(await exists(c.knex, table, row), 'held an hour before `until`');
    assert.equal((await c.services.holds.list({ active: true })).some((h) => h.userId === held.id), true);
    clock.advance(2 * HOUR);
    assert.equal((await c.services.holds.list({ active: true })).some((h) => h.userId === held.id), false, 'no longer active');
    await purge();
    assert.equal(await exists(c.knex, table, row), false, 'purged once `until` has passed');
  });
});
