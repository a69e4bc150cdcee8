import assert from 'node:assert/strict';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';

forEachDialect('opsenic demo seed', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    db = await createDatabase(dialect);
    env = cliEnv(db.url, tempDir());
    if (dialect === 'postgres') assert.equal((await runCli(['migrate'], { env })).code, 0);
  });
  after(async () => db?.drop());

  it('when the demo is seeded, then it reports what it created; seeding the same workspace again or bad options fail with one line', async function () {
    this.timeout(180_000);
    const seeded = await runCli(['demo', 'seed', '--people', '25', '--seed', '3', '--json'], { env });
    assert.equal(seeded.code, 0, seeded.stderr);
    const report = JSON.parse(seeded.stdout);
    assert.equal(report.people, 25);
    assert.ok(report.nodes > 0 && report.sections > 0);
    const again = await runCli(['demo', 'seed', '--people', '25'], { env });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already holds demo data/);
    const bad = await runCli(['demo', 'seed', '--people', 'lots'], { env });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /people: must be a whole number/);
    const unknown = await runCli(['demo', 'seed', '--workspace', 'nope'], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No workspace has this id/);
  });
});
