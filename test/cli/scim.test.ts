import assert from 'node:assert/strict';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';

forEachDialect('opsenic scim token', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    db = await createDatabase(dialect);
    env = cliEnv(db.url, tempDir());
    if (dialect === 'postgres') assert.equal((await runCli(['migrate'], { env })).code, 0);
  });
  after(async () => db?.drop());

  it('when a SCIM token is created, listed and revoked, then it is printed once, listed without its secret, stored hashed, and shown revoked', async () => {
    const created = await runCli(['scim', 'token', 'create', '--name', 'Entra ID provisioning', '--json'], { env });
    assert.equal(created.code, 0, created.stderr);
    const { token, record } = JSON.parse(created.stdout);
    assert.match(token, /^opsenic_scim_/);
    const human = await runCli(['scim', 'token', 'create', '--name', 'Okta'], { env });
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /not shown again:\nopsenic_scim_\S+\n/);
    const list = await runCli(['scim', 'token', 'list'], { env });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /Entra ID provisioning/);
    assert.ok(!list.stdout.includes(token));
    const revoked = await runCli(['scim', 'token', 'revoke', record.id], { env });
    assert.equal(revoked.code, 0, revoked.stderr);
    const after = JSON.parse((await runCli(['scim', 'token', 'list', '--json'], { env })).stdout) as Array<{ id: string; active: boolean }>;
    assert.equal(after.find((t) => t.id === record.id)?.active, false);
  });

  it('when the name is missing or the id unknown, then one clear line and a non-zero exit', async () => {
    const noName = await runCli(['scim', 'token', 'create'], { env });
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /--name/);
    const blank = await runCli(['scim', 'token', 'create', '--name', '  '], { env });
    assert.equal(blank.code, 1);
    assert.match(blank.stderr, /name/);
    const unknown = await runCli(['scim', 'token', 'revoke', '00000000-0000-0000-0000-000000000000'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No SCIM token has this id/);
  });
});
