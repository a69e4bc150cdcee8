import assert from 'node:assert/strict';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';
import { strongPassword } from '../support/http.js';

forEachDialect('opsenic tokens', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    db = await createDatabase(dialect);
    env = cliEnv(db.url, tempDir());
    if (dialect === 'postgres') assert.equal((await runCli(['migrate'], { env })).code, 0);
    const created = await runCli(['users', 'create', '--email', 'bot@example.com', '--first-name', 'Bo', '--last-name', 'Tanist', '--password-stdin'], { env, input: strongPassword });
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => db?.drop());

  it('when a token is created, listed and revoked, then it is printed once, listed without its secret, and shown revoked', async () => {
    const created = await runCli(['tokens', 'create', '--email', 'bot@example.com', '--name', 'nightly export', '--scope', 'write', '--json'], { env });
    assert.equal(created.code, 0, created.stderr);
    const { token, record } = JSON.parse(created.stdout);
    assert.match(token, /^opsenic_pat_/);
    assert.equal(record.scope, 'write');
    const list = await runCli(['tokens', 'list', '--email', 'bot@example.com'], { env });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /nightly export/);
    assert.ok(!list.stdout.includes(token));
    const revoked = await runCli(['tokens', 'revoke', record.id, '--email', 'bot@example.com'], { env });
    assert.equal(revoked.code, 0, revoked.stderr);
    const after = JSON.parse((await runCli(['tokens', 'list', '--email', 'bot@example.com', '--json'], { env })).stdout);
    assert.equal(after[0].active, false);
  });

  it('when the scope, expiry or id is wrong, then one clear line and a non-zero exit', async () => {
    const scope = await runCli(['tokens', 'create', '--email', 'bot@example.com', '--name', 'x', '--scope', 'admin'], { env });
    assert.equal(scope.code, 1);
    assert.match(scope.stderr, /scope: Choose read or write/);
    const expiry = await runCli(['tokens', 'create', '--email', 'bot@example.com', '--name', 'x', '--expires-in-days', 'soon'], { env });
    assert.equal(expiry.code, 1);
    assert.match(expiry.stderr, /expiresInDays/);
    const unknown = await runCli(['tokens', 'revoke', '00000000-0000-0000-0000-000000000000', '--email', 'bot@example.com'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No token of yours/);
  });
});
