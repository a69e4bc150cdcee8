import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createPostgresDatabase, createSqliteDatabase, postgresAvailable, tempDir } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';

/** Every command path of the CLI, read from the root --help and each group's --help. */
async function commandPaths(): Promise<string[][]> {
  // Only the "Commands:" block, which ends at the first blank line (examples may follow it).
  const parse = (text: string) => [...(text.split('Commands:')[1]?.split(/\n\s*\n/)[0] ?? '').matchAll(/^\s{2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  const root = await runCli(['--help']);
  const paths: string[][] = [];
  for (const command of parse(root.stdout)) {
    paths.push([command]);
    const sub = await runCli([command, '--help']);
    for (const child of parse(sub.stdout)) paths.push([command, child]);
  }
  return paths;
}

describe('opsenic CLI', function () {
  this.timeout(180_000);
  it('when --help is asked of every command, then each prints its usage and exits 0', async function () {
    this.timeout(900_000);
    const paths = await commandPaths();
    for (const expected of [['serve'], ['migrate'], ['config', 'check'], ['users', 'create'], ['users', 'set-password']]) {
      assert.ok(paths.some((p) => p.join(' ') === expected.join(' ')), `missing command ${expected.join(' ')}`);
    }
    // Three child processes at a time: there are dozens of commands, each a real start of the CLI.
    const queue = [...paths];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const help = await runCli([...p, '--help']);
        assert.equal(help.code, 0, `${p.join(' ')} --help exited ${help.code}`);
        assert.match(help.stdout, new RegExp(`Usage: opsenic ${p.join(' ')}`));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });

  it('when a command is unknown, then it says so and exits 2', async () => {
    const result = await runCli(['frobnicate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
  });

  it('when the config is valid, then config check prints it with secrets redacted and exits 0', async () => {
    const dir = tempDir();
    const result = await runCli(['config', 'check', '--json'], { env: cliEnv('postgres://opsenic:hunter2hunter2@db.internal/opsenic', dir) });
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout);
    assert.equal(printed.database.url, 'postgres://opsenic:<redacted>@db.internal/opsenic');
    assert.equal(printed.secretKey, '<redacted>');
  });

  it('when the config is invalid, then config check names the key and exits non-zero', async () => {
    const result = await runCli(['config', 'check'], { env: { ...cliEnv('sqlite:/tmp/x.sqlite', tempDir()), OPSENIC_SERVER__BODY_LIMIT: 'huge' } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /server\.bodyLimit = "huge" \(from OPSENIC_SERVER__BODY_LIMIT\): use a size such as 100kb or 1mb/);
  });

  it('when migrate --status runs on a fresh SQLite file, then it lists pending migrations; after migrate, applied', async () => {
    const db = await createSqliteDatabase();
    const env = cliEnv(db.url, tempDir());
    try {
      const before = JSON.parse((await runCli(['migrate', '--status', '--json'], { env })).stdout);
      assert.equal(before.applied.length, 0);
      assert.ok(before.pending.includes('20261129000001_foundation'));
      const run = await runCli(['migrate'], { env });
      assert.equal(run.code, 0, run.stderr);
      const after = JSON.parse((await runCli(['migrate', '--status', '--json'], { env })).stdout);
      assert.equal(after.pending.length, 0);
      assert.deepEqual(after.applied, before.pending);
    } finally {
      await db.drop();
    }
  });

  it('when two `opsenic migrate` run at once on one PostgreSQL, then one waits, both succeed and each migration is applied once', async function () {
    if (!(await postgresAvailable())) {
      if (process.env.CI) throw new Error('PostgreSQL must be reachable in CI');
      console.log('    PostgreSQL not reachable: concurrent migrate test skipped');
      return this.skip();
    }
    const db = await createPostgresDatabase();
    const env = cliEnv(db.url, tempDir());
    try {
      const [a, b] = await Promise.all([runCli(['migrate', '--json'], { env }), runCli(['migrate', '--json'], { env })]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const applied = [...JSON.parse(a.stdout).applied, ...JSON.parse(b.stdout).applied];
      const status = JSON.parse((await runCli(['migrate', '--status', '--json'], { env })).stdout);
      assert.deepEqual(applied.sort(), status.applied.sort(), 'every migration applied exactly once across both runs');
      assert.equal(status.pending.length, 0);
    } finally {
      await db.drop();
    }
  });

  it('when the database cannot be reached, then the command says so in one line', async () => {
    const result = await runCli(['users', 'list'], { env: cliEnv('postgres://nobody@127.0.0.1:1/none', tempDir()) });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /cannot reach the database/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('when the package is installed, then `opsenic` is declared as its bin', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    assert.equal(pkg.bin.opsenic, 'cli/opsenic.mjs');
    assert.ok(fs.statSync(path.resolve(pkg.bin.opsenic)).mode & 0o111, 'the bin is executable');
  });
});
