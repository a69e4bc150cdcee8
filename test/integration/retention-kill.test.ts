// `opsenic retention apply` killed with SIGKILL at random moments, ten times per dialect: after each
// kill the database is intact (SQLite integrity_check; on PostgreSQL, consistency of the run
// reports with what is gone), no row younger than its policy and no held row is gone, and the next
// apply finishes the work.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { createKnex } from '../../server/db/knex.js';
import { migrateLatest } from '../../server/db/migrate.js';
import { createDatabase, forEachDialect, tempDir, type TestDatabase } from '../support/databases.js';
import { cliEnv, cliPath, runCli } from '../support/cli.js';
import { DAY } from '../support/retention.js';

const EXPIRED = 40_000;
const YOUNG = 3_000;
const HELD = 1_000;
const KILLS = 10;

forEachDialect('retention apply killed at random points', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  const knex = () => createKnex({ url: db.url });

  before(async function () {
    this.timeout(120_000);
    db = await createDatabase(dialect);
    // Small batches and a pause make the run last long enough to be killed many times mid-way.
    env = cliEnv(db.url, tempDir('opsenic-kill-'), { OPSENIC_RETENTION__BATCH__MAX_ROWS: '300', OPSENIC_RETENTION__BATCH__PAUSE_MS: '20', OPSENIC_RETENTION__SCHEDULE__ENABLED: 'false' });
    const k = knex();
    try {
      await migrateLatest(k);
      const ws = crypto.randomUUID();
      await k('workspaces').insert({ id: ws, kind: 'primary', name: 'Org', created_at: Date.now() });
      const held = crypto.randomUUID();
      await k('users').insert({ id: held, workspace_id: ws, email: 'held@example.com', email_lower: 'held@example.com', first_name: 'H', last_name: 'Eld', role: 'member', status: 'active', created_at: Date.now(), updated_at: Date.now() });
      await k('legal_holds').insert({ id: crypto.randomUUID(), workspace_id: ws, user_id: held, reason: 'kill test', created_by: 'test', created_at: Date.now() });
      const now = Date.now();
      const row = (expiresAt: number, userId: string | null, tag: string) => ({ id: crypto.randomUUID(), sid_hash: crypto.randomBytes(32).toString('hex'), user_id: userId, workspace_id: ws, data: tag, persistent: false, created_at: expiresAt - DAY, last_seen_at: expiresAt - DAY, expires_at: expiresAt });
      const rows = [
        ...Array.from({ length: EXPIRED }, (_, i) => row(now - (31 + (i % 300)) * DAY, null, 'expired')),
        ...Array.from({ length: YOUNG }, (_, i) => row(now - (i % 29) * DAY, null, 'young')),
        ...Array.from({ length: HELD }, () => row(now - 60 * DAY, held, 'held')),
      ];
      await k.batchInsert('sessions', rows, 500);
    } finally {
      await k.destroy();
    }
  });
  after(async () => db?.drop());

  async function check(k: ReturnType<typeof knex>): Promise<{ remaining: number; runs: Array<{ status: string }> }> {
    if (dialect === 'sqlite') {
      assert.deepEqual(await k.raw('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
      assert.deepEqual(await k.raw('PRAGMA foreign_key_check'), []);
    }
    if (dialect === 'postgres') {
      // A SIGKILLed client's server process can still be finishing its last statement (a COMMIT sent
      // just before the kill lands a few ms later): wait for it, or the two counts below could see
      // the database before and after that commit.
      for (let waited = 0; waited < 10_000; waited += 25) {
        const busy = await k.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'`);
        if (busy.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    const count = async (tag: string) => Number((await k('sessions').where({ data: tag }).count({ n: '*' }).first())!.n);
    assert.equal(await count('young'), YOUNG, 'no row younger than its policy is gone');
    assert.equal(await count('held'), HELD, 'no held row is gone');
    const remaining = await count('expired');
    // Each batch commits its count with its deletions: the reports add up to exactly what is gone.
    const runs = await k('retention_runs').select('status', 'counts');
    const reported = runs.reduce((a: number, r: { counts: string }) => a + (JSON.parse(r.counts).sessions?.sessions?.rows ?? 0), 0);
    assert.equal(reported, EXPIRED - remaining, 'run reports match the rows removed');
    return { remaining, runs };
  }

  it('when apply is killed ten times, then after each restart the database is intact and the next apply finishes', async function () {
    this.timeout(600_000);
    const k = knex();
    try {
      let progressed = 0;
      for (let i = 0; i < KILLS; i++) {
        const child = spawn(process.execPath, [cliPath, 'retention', 'apply', '--yes', '--category', 'sessions'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        // Listen for the end now: a child that ends before the kill must not leave the wait hanging.
        const closed = new Promise((resolve) => child.once('close', resolve));
        // Kill at a random moment after the first batches started (or, now and then, during start-up).
        const started = await Promise.race([new Promise<boolean>((resolve) => child.stderr.once('data', () => resolve(true))), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000))]);
        await new Promise((resolve) => setTimeout(resolve, started ? Math.random() * 400 : 0));
        const exited = child.exitCode !== null;
        child.kill('SIGKILL');
        await closed;
        const before = progressed;
        const { remaining } = await check(k);
        progressed = EXPIRED - remaining;
        assert.ok(!exited || remaining === 0, `run ${i} ended by itself before the kill with rows left: ${stderr}`);
        assert.ok(progressed >= before);
      }
      assert.ok(progressed < EXPIRED, 'the kills interrupted the work before it was done');
      const final = await runCli(['retention', 'apply', '--yes', '--json'], { env, timeoutMs: 300_000 });
      assert.equal(final.code, 0, final.stderr);
      const report = JSON.parse(final.stdout);
      assert.equal(report.status, 'completed');
      // A run whose process was killed (after it had started deleting) is marked interrupted by the next run.
      assert.ok(Array.isArray(report.resumed));
      const { remaining, runs } = await check(k);
      assert.equal(remaining, 0);
      assert.ok(runs.filter((r) => r.status === 'interrupted').length >= 1);
      assert.equal(runs.filter((r) => r.status === 'running').length, 0);
    } finally {
      await k.destroy();
    }
  });
});
