// Prometheus metrics (prom-client) on a per-container registry, so tests can run several servers.
import client from 'prom-client';

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'opsenic_' });
  const httpDuration = new client.Histogram({
    name: 'opsenic_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const signins = new client.Counter({
    name: 'opsenic_signins_total',
    help: 'Sign-in attempts by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return { registry, httpDuration, signins };
}
export type Metrics = ReturnType<typeof createMetrics>;
