// The daily insights snapshot across replicas: two containers on one database (two server
// processes would be the same) run the same scheduled tick at once, and only one of them takes
// the snapshot, under the job_locks lease that retention and the outbox sender use.
import assert from 'node:assert/strict';
import { createContainer, type Container } from '../../server/container.js';
import { startInsightsScheduler } from '../../server/components/insights/insights.scheduler.js';
import { JobLocks } from '../../server/components/retention/job-locks.js';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { seedInsightsOrg } from '../support/insights-org.js';

forEachDialect('insights snapshot across replicas', (dialect) => {
  let server: TestServer;
  let second: Container;

  before(async function () {
    this.timeout(60_000);
    server = await startTestServer(dialect, { 'insights.minGroupSize': 3, 'insights.snapshot.enabled': false });
    await seedInsightsOrg(server);
    second = createContainer(server.config);
  });
  after(async () => {
    await second?.close();
    await server?.close();
  });

  it('when two replicas run the same scheduled tick at once, then exactly one takes the snapshot and the other finds it taken or running', async function () {
    this.timeout(60_000);
    const replicas = [server.container, second].map((c) => startInsightsScheduler(c.services.insights, c.config.insights, c.logger, { schedule: false }));
    const tick = new Date(Date.UTC(2026, 11, 6, 2, 30));
    const results = await Promise.all(replicas.map((r) => r.tick(tick)));
    const ran = results.filter((r) => typeof r === 'object');
    assert.equal(ran.length, 1, `results: ${JSON.stringify(results)}`);
    assert.ok(results.some((r) => r === 'tick-done' || r === 'busy'));
    const snapshots = await server.container.knex('insights_snapshots').select('workspace_id', 'day', 'rows');
    assert.equal(snapshots.length, 1, 'one snapshot of the one workspace');
    assert.equal(Number(snapshots[0].rows), (ran[0] as { rows: number }).rows);
    // The same tick again, on either replica: already done.
    assert.deepEqual(await Promise.all(replicas.map((r) => r.tick(tick))), ['tick-done', 'tick-done']);
    for (const r of replicas) await r.stop();
  });

  it('when a snapshot is running on one replica, then a snapshot asked on the other is refused as busy and the lease is free again afterwards', async function () {
    this.timeout(60_000);
    // Hold the lease as a running snapshot would, then ask the other replica.
    const locks = new JobLocks(server.container.knex);
    const held = await locks.acquire('insights.snapshot', 60_000);
    assert.ok(typeof held === 'object' && 'token' in held);
    await assert.rejects(second.services.insights.snapshot(), (error: Error & { status?: number }) => error.status === 409);
    await locks.release(held as { name: string; token: string });
    const result = await second.services.insights.snapshot();
    assert.ok(result.rows > 0);
  });
});
