// Account deletion (browser and CLI), the retention and hold admin pages, and the retention CLI's
// refusals of bad input. Both dialects.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { forEachDialect, tempDir } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TestClient, signedInClient, signedUpClient, strongPassword, uniqueEmail } from '../support/http.js';
import { cliEnv, runCli } from '../support/cli.js';

forEachDialect(
  'account deletion and retention pages',
  (dialect) => {
    let server: TestServer;
    let admin: TestClient;
    let env: Record<string, string>;
    before(async () => {
      server = await startTestServer(dialect, { 'retention.schedule.enabled': false });
      const email = uniqueEmail('admin');
      await server.container.services.accounts.create({ email, firstName: 'Ada', lastName: 'Admin', password: strongPassword, role: 'admin' });
      admin = await signedInClient(server.url, email, strongPassword);
      env = cliEnv(server.db.url, tempDir('opsenic-cli-'), { OPSENIC_RETENTION__SCHEDULE__ENABLED: 'false' });
    });
    after(async () => server?.close());
    const users = () => server.container.repositories.users;

    it('when a person confirms with a wrong password, then nothing is deleted and the form names the field', async () => {
      const { client, email } = await signedUpClient(server.url);
      const reply = await client.postForm('/profile/delete', { password: 'not my password at all' });
      assert.equal(reply.status, 400);
      assert.match(reply.text, /id="f-password-error"/);
      assert.equal((await users().findByEmail(email))!.status, 'active');
      assert.match(reply.text, /After 30 days, your personal data/, 'the grace period in words, not as configured ("30d")');
      assert.doesNotMatch(reply.text, /\b30d\b/);
      const profile = await client.get('/profile');
      assert.equal(profile.status, 200);
      assert.match(profile.text, /<section class="card" aria-labelledby="leave-heading">[\s\S]*?grace period[\s\S]*?<a class="button danger" href="\/profile\/delete">Delete my account<\/a>/, 'the profile says what deleting does, apart from the details form');
    });

    it('when a person deletes their own account, then every session and token ends at once and sign-in is refused', async () => {
      const { client, email } = await signedUpClient(server.url);
      const other = await signedInClient(server.url, email, strongPassword);
      const user = (await users().findByEmail(email))!;
      const tokenId = crypto.randomUUID();
      await server.container.knex('api_tokens').insert({ id: tokenId, workspace_id: user.workspaceId, user_id: user.id, name: 'script', token_hash: crypto.randomBytes(32).toString('hex'), token_prefix: 'opk_abcd', scope: 'read', created_at: Date.now() });
      assert.equal((await client.get('/profile/delete')).status, 200);
      const reply = await client.postForm('/profile/delete', { password: strongPassword });
      assert.equal(reply.status, 200);
      const deleted = (await users().findByEmail(email))!;
      assert.equal(deleted.status, 'deleted');
      assert.ok(deleted.deletedAt);
      assert.equal((await other.get('/profile')).status, 302, 'the other session is signed out');
      assert.equal(Number((await server.container.knex('sessions').where({ user_id: user.id }).count({ n: '*' }).first())!.n), 0);
      assert.ok((await server.container.knex('api_tokens').where({ id: tokenId }).first()).revoked_at);
      const signin = await new TestClient(server.url).postForm('/signin', { email, password: strongPassword });
      assert.notEqual(signin.status, 303);
    });

    it('when an admin deletes an account in the browser, then the typed email must match, and then sign-in stops', async () => {
      const { client, email } = await signedUpClient(server.url);
      const user = (await users().findByEmail(email))!;
      const confirm = await admin.get(`/admin/users/${user.id}/delete`, { 'accept-language': 'fr' });
      assert.equal(confirm.status, 200);
      assert.match(confirm.text, /<main id="main" class="wide"[^>]*>\s*<nav class="tabs subnav"/, 'the admin tabs keep the page\'s width');
      assert.match(confirm.text, /<div class="narrow-body"><p><a href="\/admin\/users">Retour à Personnes et comptes<\/a><\/p>/);
      assert.match(confirm.text, /Après 30\sjours, les données personnelles sont purgées/);
      const wrong = await admin.postForm(`/admin/users/${user.id}/delete`, { email: 'someone@example.com' });
      assert.equal(wrong.status, 400);
      assert.equal((await users().findById(user.id))!.status, 'active');
      const ok = await admin.postForm(`/admin/users/${user.id}/delete`, { email });
      assert.equal(ok.status, 200);
      assert.equal((await users().findById(user.id))!.status, 'deleted');
      assert.equal((await client.get('/profile')).status, 302);
      assert.equal((await admin.get(`/admin/users/not-a-uuid/delete`)).status, 400);
    });

    it('when a member opens the retention pages, then they are refused; an admin sees plan, policies, history and holds', async () => {
      const { client } = await signedUpClient(server.url);
      for (const path of ['/admin/retention', '/admin/retention/history', '/admin/retention/holds', '/api/v1/admin/retention/plan']) {
        assert.equal((await client.get(path)).status, 403, path);
        assert.equal((await admin.get(path)).status, 200, path);
      }
      const page = await admin.get('/admin/retention');
      assert.match(page.text, /deleted_accounts/);
      assert.match(page.text, /sessions/);
      const plan = (await admin.get('/api/v1/admin/retention/plan?category=sessions')).json();
      assert.equal(plan.categories.length, 1);
      assert.equal((await admin.get('/api/v1/admin/retention/plan?category=bogus')).status, 400);
    });

    it('when an admin places a hold with a bad date in the browser, then the form names the field; a good one is listed and can be released', async () => {
      const { email } = await signedUpClient(server.url);
      const bad = await admin.postForm('/admin/retention/holds', { user: email, reason: 'case 12', until: '2001-01-01' });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /id="f-until-error"/);
      const good = await admin.postForm('/admin/retention/holds', { user: email, reason: 'case 12', until: '2099-01-01' });
      assert.equal(good.status, 303);
      const list = await admin.get('/admin/retention/holds');
      assert.match(list.text, /case 12/);
      // Who placed it reads as a name, never as "admin <id>".
      assert.match(list.text, /Ada Admin · <time/);
      assert.doesNotMatch(list.text, /admin [0-9a-f]{8}-/);
      const hold = (await server.container.services.holds.list()).find((h) => h.reason === 'case 12')!;
      assert.equal((await admin.postForm(`/admin/retention/holds/${hold.id}/release`, {})).status, 303);
      assert.ok((await server.container.services.holds.list()).find((h) => h.id === hold.id)!.releasedAt);
    });

    it('when the CLI deletes an account without --yes and without a terminal, then it refuses and changes nothing; with --yes it deletes', async () => {
      const { email } = await signedUpClient(server.url);
      const refused = await runCli(['users', 'delete', email], { env });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /--yes/);
      assert.equal((await users().findByEmail(email))!.status, 'active');
      const done = await runCli(['users', 'delete', email, '--yes', '--json'], { env });
      assert.equal(done.code, 0, done.stderr);
      assert.equal(JSON.parse(done.stdout).status, 'deleted');
      assert.equal((await users().findByEmail(email))!.status, 'deleted');
    });

    it('when the retention CLI gets bad input, then it prints a clear message, exits non-zero and changes nothing', async () => {
      const runs = async () => Number((await server.container.knex('retention_runs').count({ n: '*' }).first())!.n);
      const before = await runs();
      const plan = await runCli(['retention', 'plan', '--category', 'nonsense'], { env });
      assert.equal(plan.code, 1);
      assert.match(plan.stderr, /Unknown retention category/);
      const apply = await runCli(['retention', 'apply', '--category', 'nonsense', '--yes'], { env });
      assert.equal(apply.code, 1);
      const ask = await runCli(['retention', 'apply'], { env });
      assert.notEqual(ask.code, 0);
      assert.match(ask.stderr, /--yes/);
      const hold = await runCli(['hold', 'add', '--user', 'x@example.com', '--reason', 'r', '--until', '31/12/2030'], { env });
      assert.equal(hold.code, 1);
      assert.match(hold.stderr, /until: Use a date such as 2027-06-30/);
      const release = await runCli(['hold', 'release', 'not-an-id'], { env });
      assert.equal(release.code, 1);
      const format = await runCli(['datamap', '--format', 'xml'], { env });
      assert.notEqual(format.code, 0);
      assert.equal(await runs(), before);
    });

    it('when the CLI shows policies, plans, applies, lists history and prints the data map, then each works for people and scripts', async () => {
      const show = await runCli(['retention', 'show'], { env });
      assert.equal(show.code, 0, show.stderr);
      assert.match(show.stdout, /deleted_accounts\s+30d\s+anonymise/);
      assert.match(show.stdout, /deleted_sections\s+30d\s+delete/);
      const plan = await runCli(['retention', 'plan', '--json'], { env });
      assert.equal(JSON.parse(plan.stdout).categories.length, 16);
      const apply = await runCli(['retention', 'apply', '--yes', '--json'], { env });
      assert.equal(apply.code, 0, apply.stderr);
      assert.equal(JSON.parse(apply.stdout).status, 'completed');
      const history = await runCli(['retention', 'history', '--json'], { env });
      assert.ok(JSON.parse(history.stdout).some((r: { trigger: string }) => r.trigger === 'cli'));
      const map = await runCli(['datamap', '--format', 'json'], { env });
      const tables = JSON.parse(map.stdout) as Array<{ table: string; rowRule: string | null; columns: Array<{ column: string; rule: string | null }> }>;
      assert.match(tables.find((t) => t.table === 'sessions')!.rowRule!, /sessions: deleted 30d after expires_at/);
      const md = await runCli(['datamap'], { env });
      assert.match(md.stdout, /## users/);
      const list = await runCli(['hold', 'list', '--json'], { env });
      assert.ok(Array.isArray(JSON.parse(list.stdout)));
    });
  },
  { timeoutMs: 300_000 },
);
