// Open and overdue data subject requests, read from the database when Prometheus scrapes (right
// whichever replica or CLI changed them).
import client from 'prom-client';
import type { DsarService } from './dsar.service.js';

export function createDsarMetrics(registry: client.Registry, dsar: DsarService): void {
  let cache: { at: number; value: Promise<{ open: number; overdue: number }> } | undefined;
  const snapshot = () => {
    if (!cache || Date.now() - cache.at > 1000) cache = { at: Date.now(), value: dsar.counts().catch(() => ({ open: 0, overdue: 0 })) };
    return cache.value;
  };
  new client.Gauge({
    name: 'opsenic_dsar_open_requests',
    help: 'Data subject requests not yet completed or rejected',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).open);
    },
  });
  new client.Gauge({
    name: 'opsenic_dsar_overdue_requests',
    help: 'Open data subject requests past their due date',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).overdue);
    },
  });
}
