// Retention metrics, read from the run reports in the database when Prometheus scrapes: they are
// right whichever process ran the purge (this replica, another one, or the Helm CronJob).
import client from 'prom-client';
import type { RetentionService } from './retention.service.js';

export function createRetentionMetrics(registry: client.Registry, retention: RetentionService): void {
  let cache: { at: number; value: Promise<Snapshot> } | undefined;
  interface Snapshot {
    last?: Awaited<ReturnType<RetentionService['lastRun']>>;
    failed: number;
  }
  // One database read per scrape, shared by the gauges below.
  const snapshot = (): Promise<Snapshot> => {
    if (!cache || Date.now() - cache.at > 1000) {
      const value = (async () => ({ last: await retention.lastRun(), failed: await retention.failedRuns() }))().catch(() => ({ failed: 0 }) as Snapshot);
      cache = { at: Date.now(), value };
    }
    return cache.value;
  };

  new client.Gauge({
    name: 'opsenic_retention_last_run_timestamp_seconds',
    help: 'When the last finished retention run ended (0: never)',
    registers: [registry],
    async collect() {
      const { last } = await snapshot();
      this.set(last?.finishedAt ? last.finishedAt / 1000 : 0);
    },
  });
  new client.Gauge({
    name: 'opsenic_retention_last_run_duration_seconds',
    help: 'Duration of the last finished retention run',
    registers: [registry],
    async collect() {
      const { last } = await snapshot();
      this.set(last?.durationMs ? last.durationMs / 1000 : 0);
    },
  });
  new client.Gauge({
    name: 'opsenic_retention_last_run_rows',
    help: 'Rows deleted or anonymised by the last finished retention run, per category',
    labelNames: ['category'],
    registers: [registry],
    async collect() {
      const { last } = await snapshot();
      this.reset();
      for (const [category, tables] of Object.entries(last?.counts ?? {})) {
        this.set({ category }, Object.values(tables).reduce((a, t) => a + t.rows, 0));
      }
    },
  });
  new client.Gauge({
    name: 'opsenic_retention_last_run_failed',
    help: '1 when the last finished retention run had errors',
    registers: [registry],
    async collect() {
      const { last } = await snapshot();
      this.set(last?.status === 'failed' ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'opsenic_retention_failed_runs',
    help: 'Retention runs that ended with errors (kept reports)',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).failed);
    },
  });
}
