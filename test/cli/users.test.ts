import assert from 'node:assert/strict';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';
import { strongPassword } from '../support/http.js';

// Each CLI run is a real child process (about a second of start-up each): generous timeouts.
forEachDialect('opsenic users', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    db = await createDatabase(dialect);
    env = cliEnv(db.url, tempDir());
    if (dialect === 'postgres') assert.equal((await runCli(['migrate'], { env })).code, 0);
  });
  after(async () => db?.drop());

  it('when an admin is created with the password on stdin, then it is listed and shown as JSON', async () => {
    const created = await runCli(['users', 'create', '--admin', '--email', 'Ada@Example.com', '--first-name', 'Ada', '--last-name', 'Lovelace', '--password-stdin', '--json'], { env, input: strongPassword + '\n' });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).role, 'admin');
    const list = await runCli(['users', 'list', '--json'], { env });
    assert.deepEqual(JSON.parse(list.stdout).map((u: { email: string }) => u.email), ['Ada@Example.com']);
    const shown = await runCli(['users', 'show', 'ada@example.com'], { env });
    assert.match(shown.stdout, /role\s+admin/);
  });

  it('when the same email is created again in another case, then it is refused with one line and a non-zero exit', async () => {
    const again = await runCli(['users', 'create', '--email', 'ADA@example.com', '--first-name', 'A', '--last-name', 'L', '--password-stdin'], { env, input: strongPassword });
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim().split('\n').length, 1);
    assert.match(again.stderr, /already exists/);
  });

  it('when a password is missing, weak, or passed as an argument, then the command refuses it', async () => {
    const noStdin = await runCli(['users', 'create', '--email', 'b@example.com', '--first-name', 'B', '--last-name', 'C'], { env });
    assert.notEqual(noStdin.code, 0);
    assert.match(noStdin.stderr, /--password-stdin/);
    const weak = await runCli(['users', 'create', '--email', 'b@example.com', '--first-name', 'B', '--last-name', 'C', '--password-stdin'], { env, input: 'short' });
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /password: Use at least 15 characters/);
    const argv = await runCli(['users', 'create', '--email', 'b@example.com', '--first-name', 'B', '--last-name', 'C', '--password', strongPassword], { env });
    assert.equal(argv.code, 2);
    assert.match(argv.stderr, /unknown option '--password'/);
    const list = JSON.parse((await runCli(['users', 'list', '--json'], { env })).stdout);
    assert.equal(list.length, 1);
  });

  it('when a member is created, promoted, demoted, disabled and enabled, then each state shows', async () => {
    const created = await runCli(['users', 'create', '--email', 'grace@example.com', '--first-name', 'Grace', '--last-name', 'Hopper', '--password-stdin'], { env, input: strongPassword });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse((await runCli(['users', 'promote', 'grace@example.com', '--json'], { env })).stdout).role, 'admin');
    assert.equal(JSON.parse((await runCli(['users', 'demote', 'grace@example.com', '--json'], { env })).stdout).role, 'member');
    assert.equal(JSON.parse((await runCli(['users', 'disable', 'grace@example.com', '--json'], { env })).stdout).status, 'disabled');
    assert.equal(JSON.parse((await runCli(['users', 'enable', 'grace@example.com', '--json'], { env })).stdout).status, 'active');
    const reset = await runCli(['users', 'set-password', 'grace@example.com', '--password-stdin'], { env, input: 'another long passphrase here' });
    assert.equal(reset.code, 0, reset.stderr);
  });

  it('when the last admin would be demoted or disabled, then it is refused', async () => {
    const demote = await runCli(['users', 'demote', 'ada@example.com'], { env });
    assert.equal(demote.code, 1);
    assert.match(demote.stderr, /last active admin/);
    const disable = await runCli(['users', 'disable', 'ada@example.com'], { env });
    assert.equal(disable.code, 1);
  });

  it('when an email is unknown or malformed, then one clear line and a non-zero exit', async () => {
    const unknown = await runCli(['users', 'show', 'nobody@example.com'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^opsenic: No account has this email/);
    const invite = await runCli(['users', 'invite', 'not-an-email'], { env });
    assert.equal(invite.code, 1);
    assert.match(invite.stderr, /email: Enter a valid email address/);
  });

  it('when someone is invited, then a single-use sign-up link is printed', async () => {
    const invite = await runCli(['users', 'invite', 'new.person@example.com', '--json'], { env });
    assert.equal(invite.code, 0, invite.stderr);
    assert.match(JSON.parse(invite.stdout).link, /\/signup\?invite=/);
  });

  it('when an admin asks for a reset link, then it is printed, replaces the earlier one and is audited without the link', async () => {
    const made = await runCli(['users', 'create', '--email', 'reset.me@example.com', '--first-name', 'Reese', '--last-name', 'Setter', '--password-stdin'], { env, input: strongPassword });
    assert.equal(made.code, 0, made.stderr);
    const first = await runCli(['users', 'reset-link', 'reset.me@example.com', '--json'], { env });
    assert.equal(first.code, 0, first.stderr);
    const { link, email } = JSON.parse(first.stdout) as { link: string; email: string };
    assert.equal(email, 'reset.me@example.com');
    assert.match(link, /\/password\/reset\/[A-Za-z0-9_-]{20,}$/);
    const second = await runCli(['users', 'reset-link', 'reset.me@example.com'], { env });
    assert.equal(second.code, 0, second.stderr);
    const secondLink = second.stdout.trim().split('\n').pop()!;
    assert.match(second.stdout, /valid once until/);
    const { createKnex } = await import('../../server/db/knex.js');
    const knex = createKnex({ url: db.url });
    try {
      const crypto = await import('node:crypto');
      const hash = (l: string) => crypto.createHash('sha256').update(l.split('/').pop()!).digest('hex');
      const rows = await knex('password_resets').whereIn('token_hash', [hash(link), hash(secondLink)]).select('token_hash', 'used_at', 'expires_at');
      const byHash = new Map(rows.map((r) => [r.token_hash, r]));
      assert.ok(byHash.get(hash(link))?.used_at, 'the earlier link stopped working');
      assert.equal(byHash.get(hash(secondLink))?.used_at, null, 'the new link works');
      const audit = await knex('audit_entries').where({ action: 'auth.password.reset_link' });
      assert.equal(audit.length, 2);
      assert.ok(audit.every((a) => !String(a.details).includes(secondLink.split('/').pop()!)));
    } finally {
      await knex.destroy();
    }
    const missing = await runCli(['users', 'reset-link', 'nobody@example.com'], { env });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No account has this email/);
  });
}, { timeoutMs: 120_000 });
