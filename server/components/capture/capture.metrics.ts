// Capture metrics on the container's registry: what was written, what waits in memory, and what
// was dropped (a full buffer while the database is down, or rows left at a failed shutdown).
import client from 'prom-client';

export function createCaptureMetrics(registry: client.Registry) {
  const dropped = new client.Counter({
    name: 'opsenic_capture_dropped_total',
    help: 'Captured rows dropped, by stream (logs, devices, crashes, usage, analytics) and reason (buffer_full, stopped)',
    labelNames: ['stream', 'reason'],
    registers: [registry],
  });
  const written = new client.Counter({
    name: 'opsenic_capture_written_total',
    help: 'Captured rows written to the database, by stream',
    labelNames: ['stream'],
    registers: [registry],
  });
  const buffered = new client.Gauge({
    name: 'opsenic_capture_buffered',
    help: 'Captured rows waiting in memory, by stream',
    labelNames: ['stream'],
    registers: [registry],
  });
  return { dropped, written, buffered };
}
export type CaptureMetrics = ReturnType<typeof createCaptureMetrics>;
