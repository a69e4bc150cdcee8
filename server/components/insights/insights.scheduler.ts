// The in-process schedule of the daily snapshot (node-cron). Every replica schedules the same ticks;
// the `insights.snapshot` lease in job_locks, taken with the tick's time, lets one of them run each
// tick. Turned off with insights.snapshot.enabled=false when a CronJob runs `opsenic insights snapshot`.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../../platform/logger.js';
import type { InsightsConfig } from './insights.config.js';
import type { InsightsService, SnapshotResult } from './insights.service.js';

export interface InsightsScheduler {
  /** Runs the tick scheduled at `scheduledAt` unless another replica already did (exposed for tests). */
  tick(scheduledAt: Date): Promise<SnapshotResult | 'tick-done' | 'busy'>;
  stop(): Promise<void>;
}

export function startInsightsScheduler(insights: InsightsService, config: InsightsConfig, logger: Logger, options: { schedule?: boolean } = {}): InsightsScheduler {
  let running: Promise<unknown> | undefined;
  const tick = async (scheduledAt: Date) => {
    // Replicas see the same scheduled minute; that minute identifies the tick.
    const minute = Math.floor(scheduledAt.getTime() / 60_000) * 60_000;
    const result = await insights.runSnapshot(new Date(), minute);
    if (result === 'tick-done' || result === 'busy') logger.debug({ tick: new Date(minute).toISOString(), result }, 'insights snapshot tick taken by another replica');
    return result;
  };
  let task: ScheduledTask | undefined;
  if (options.schedule !== false) {
    task = cron.schedule(
      config.snapshot.schedule,
      (context) => {
        running = tick(context.date).catch((error) => logger.error({ err: error }, 'the insights snapshot failed; the next tick tries again'));
        return running;
      },
      { timezone: 'UTC', name: 'insights-snapshot', noOverlap: true },
    );
  }
  return {
    tick,
    async stop() {
      await task?.stop();
      await task?.destroy();
      await running;
    },
  };
}
