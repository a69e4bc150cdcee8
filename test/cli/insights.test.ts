// `opsenic insights snapshot` and `opsenic insights show` as an operator or a script runs them.
import assert from 'node:assert/strict';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, runCli } from '../support/cli.js';

// Each CLI run starts a process: generous timeouts on a shared machine.
forEachDialect('opsenic insights', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  before(async function () {
    this.timeout(60_000);
    db = await createDatabase(dialect);
    env = cliEnv(db.url, tempDir());
    if (dialect === 'postgres') assert.equal((await runCli(['migrate'], { env })).code, 0);
  });
  after(async () => db?.drop());

  it('when the snapshot is taken now, then it prints the rows written and the time taken, and --json gives them to scripts', async function () {
    this.timeout(60_000);
    const text = await runCli(['insights', 'snapshot'], { env });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^snapshot of \d{4}-\d{2}-\d{2}: \d+ rows in \d+ ms \(longest write transaction \d+ ms\)\n$/);
    const json = await runCli(['insights', 'snapshot', '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    const result = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(result).sort(), ['day', 'longestWriteMs', 'ms', 'rows']);
    assert.ok(result.rows >= 1, 'at least the workspace\'s group size');
  });

  it('when a board is shown, then it prints its charts (or the Board JSON with --json); an unknown board or a bad date is refused with the reason', async function () {
    this.timeout(60_000);
    const shown = await runCli(['insights', 'show', 'structure'], { env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^Structure: workspace/);
    assert.match(shown.stdout, /Span of control \(people\)/);
    const json = await runCli(['insights', 'show', 'growth', '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).id, 'growth');
    const unknown = await runCli(['insights', 'show', 'moods'], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown board "moods": use one of structure, rhythm, recognition, knowledge, growth/);
    const bad = await runCli(['insights', 'show', 'structure', '--from', '2026-02-31'], { env });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /from: Use a date such as 2026-12-06/);
  });
});
