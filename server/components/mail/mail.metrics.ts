// Outbox metrics: counts by status and the age of the oldest email waiting, read from the database
// when Prometheus scrapes (right whichever replica sends); delivery outcomes counted by this process.
import client from 'prom-client';
import type { OutboxRepository } from './outbox.repository.js';
import type { SenderEvents } from './outbox.sender.js';

export function createMailMetrics(registry: client.Registry, outbox: OutboxRepository): SenderEvents {
  let cache: { at: number; value: ReturnType<OutboxRepository['counts']> } | undefined;
  const snapshot = () => {
    if (!cache || Date.now() - cache.at > 1000) cache = { at: Date.now(), value: outbox.counts().catch(() => ({ byStatus: {}, oldestQueuedAt: null })) };
    return cache.value;
  };
  new client.Gauge({
    name: 'opsenic_mail_outbox_emails',
    help: 'Emails in the outbox by status (queued, sending, sent, failed, skipped)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const { byStatus } = await snapshot();
      for (const status of ['queued', 'sending', 'sent', 'failed', 'skipped']) this.set({ status }, byStatus[status] ?? 0);
    },
  });
  new client.Gauge({
    name: 'opsenic_mail_outbox_oldest_queued_age_seconds',
    help: 'Age of the oldest email still waiting to be sent (0: none waiting)',
    registers: [registry],
    async collect() {
      const { oldestQueuedAt } = await snapshot();
      this.set(oldestQueuedAt === null ? 0 : Math.max(0, (Date.now() - oldestQueuedAt) / 1000));
    },
  });
  const outcomes = new client.Counter({ name: 'opsenic_mail_deliveries_total', help: 'Delivery attempts by this process, by outcome (sent, retried, failed)', labelNames: ['outcome', 'category'], registers: [registry] });
  return {
    sent: (row) => outcomes.inc({ outcome: 'sent', category: row.category }),
    retried: (row) => outcomes.inc({ outcome: 'retried', category: row.category }),
    failed: (row) => outcomes.inc({ outcome: 'failed', category: row.category }),
  };
}
