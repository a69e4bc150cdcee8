// `opsenic` runs a compiled copy of the sources (cli/compile.mjs). These tests build copies of a
// scratch copy of the repository into a scratch cache, so they never touch the real cache.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledCli } from '../../cli/compile.mjs';
import { createSqliteDatabase, tempDir } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';

const repoRoot = path.resolve('.');

/** A copy of what compile.mjs reads (package.json, server/, cli/, migrations/), with node_modules linked. */
function scratchRepository(): string {
  const root = tempDir('opsenic-compile-src-');
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(root, 'package.json'));
  for (const dir of ['server', 'cli', 'migrations']) fs.cpSync(path.join(repoRoot, dir), path.join(root, dir), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

const copiesIn = (cacheDir: string) => fs.readdirSync(cacheDir).sort();

describe('the compiled copy `opsenic` runs (cli/compile.mjs)', function () {
  this.timeout(120_000);
  let root: string;
  let cacheDir: string;

  before(() => {
    root = scratchRepository();
  });
  beforeEach(() => {
    cacheDir = path.join(tempDir('opsenic-compile-cache-'), 'cache');
  });

  it('when no copy exists, then one is built with every source (TypeScript as JavaScript, the rest as is) and found again without a rebuild', async () => {
    const entry = await compiledCli({ root, cacheDir });
    assert.ok(entry, 'a copy was built');
    const copy = path.dirname(path.dirname(fileURLToPath(entry)));
    assert.deepEqual(copiesIn(cacheDir), [path.basename(copy)]);
    for (const file of ['cli/main.js', 'server/app.js', 'server/db/sqlite-insert-worker.mjs', 'server/locales/en.json', 'server/web/static/app.css', 'package.json']) {
      assert.ok(fs.existsSync(path.join(copy, file)), `${file} is in the copy`);
    }
    assert.ok(fs.readdirSync(path.join(copy, 'migrations')).some((f) => /^\d{14}_\w+\.js$/.test(f)), 'migrations are compiled');
    assert.ok(!fs.readFileSync(path.join(copy, 'server/app.js'), 'utf8').includes('import type'), 'types are stripped');

    const builtAt = fs.statSync(path.join(copy, 'server/app.js')).mtimeMs;
    assert.equal(await compiledCli({ root, cacheDir }), entry, 'the same sources give the same copy');
    assert.equal(fs.statSync(path.join(copy, 'server/app.js')).mtimeMs, builtAt, 'and it was not rebuilt');
  });

  it('when a source changes, then the next run builds and uses a new copy (an old copy never runs edited code)', async () => {
    const before = await compiledCli({ root, cacheDir });
    const file = path.join(root, 'server/platform/ids.ts');
    fs.appendFileSync(file, '\nexport const compileTestMarker = 1;\n');
    const after = await compiledCli({ root, cacheDir });
    assert.ok(before && after);
    assert.notEqual(after, before);
    assert.match(fs.readFileSync(new URL('../server/platform/ids.js', after), 'utf8'), /compileTestMarker/);
  });

  it('when several starts race on an empty cache, then they agree on one complete copy and leave no temporary directory', async () => {
    const entries = await Promise.all([1, 2, 3].map(() => compiledCli({ root, cacheDir })));
    assert.equal(new Set(entries).size, 1);
    assert.equal(copiesIn(cacheDir).length, 1, `only the copy remains: ${copiesIn(cacheDir).join(', ')}`);
  });

  it('when the cache cannot be written, then compiledCli says why and returns nothing (opsenic then runs the sources through tsx)', async () => {
    const blocker = path.join(tempDir('opsenic-compile-ro-'), 'a-file');
    fs.writeFileSync(blocker, '');
    const problems: Error[] = [];
    const entry = await compiledCli({ root, cacheDir: path.join(blocker, 'cache'), onProblem: (error: Error) => problems.push(error) });
    assert.equal(entry, undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /ENOTDIR|EEXIST/);
  });

  it('when node cli/compile.mjs is asked for --help or given an unknown argument, then it prints its usage and exits 0, or says what is wrong and exits 2', () => {
    const help = spawnSync(process.execPath, ['cli/compile.mjs', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: node cli\/compile\.mjs/);
    const wrong = spawnSync(process.execPath, ['cli/compile.mjs', '--bogus'], { encoding: 'utf8' });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /unknown argument --bogus/);
  });

  it('when a database is migrated by the compiled CLI, then the sources run through tsx see the same migrations as applied (names have no extension)', async () => {
    const db = await createSqliteDatabase();
    const env = cliEnv(db.url, tempDir('opsenic-data-'));
    const migrated = await runCli(['migrate'], { env });
    assert.equal(migrated.code, 0, migrated.stderr);
    const status = await runCli(['migrate', '--status', '--json'], { env: { ...env, OPSENIC_COMPILE: 'off' } });
    assert.equal(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as { applied: string[]; pending: string[] };
    assert.deepEqual(parsed.pending, []);
    assert.ok(parsed.applied.length >= 10);
    assert.ok(parsed.applied.every((name) => /^\d{14}_[a-z0-9_]+$/.test(name)), parsed.applied.join(', '));
  });
});
