// The in-process schedule of `retention apply` (node-cron). Every replica schedules the same ticks;
// the lease in job_locks (with the tick's time) lets exactly one of them run each tick. Turned off
// with retention.schedule.enabled=false when the Helm CronJob runs `opsenic retention apply` instead.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../../platform/logger.js';
import { ConflictError } from '../../platform/errors.js';
import type { RetentionConfig } from './retention.config.js';
import type { ApplyResult, RetentionService } from './retention.service.js';

export interface RetentionScheduler {
  /** Runs the tick scheduled at `scheduledAt` unless another replica already did (exposed for tests). */
  tick(scheduledAt: Date): Promise<ApplyResult | 'tick-done' | 'busy'>;
  stop(): Promise<void>;
}

export function startRetentionScheduler(retention: RetentionService, config: RetentionConfig, logger: Logger, options: { schedule?: boolean } = {}): RetentionScheduler {
  const abort = new AbortController();
  let running: Promise<unknown> | undefined;

  const tick = async (scheduledAt: Date): Promise<ApplyResult | 'tick-done' | 'busy'> => {
    // Replicas see the same scheduled minute; that minute identifies the tick.
    const minute = Math.floor(scheduledAt.getTime() / 60_000) * 60_000;
    try {
      const result = await retention.apply({ who: { trigger: 'scheduler', label: 'scheduler' }, tick: minute, signal: abort.signal });
      if (result === 'tick-done') logger.debug({ tick: new Date(minute).toISOString() }, 'retention tick already run by another replica');
      else logger.info({ run: result.run.id, status: result.run.status, rows: result.batches, durationMs: result.run.durationMs }, 'scheduled retention run finished');
      return result;
    } catch (error) {
      if (error instanceof ConflictError) {
        logger.info('retention tick skipped: another run is in progress');
        return 'busy';
      }
      logger.error({ err: error }, 'scheduled retention run failed');
      throw error;
    }
  };

  let task: ScheduledTask | undefined;
  if (options.schedule !== false) {
    task = cron.schedule(
      config.schedule.cron,
      (context) => {
        running = tick(context.date).catch(() => {});
        return running;
      },
      { timezone: config.schedule.timezone, name: 'retention-apply', noOverlap: true },
    );
  }

  return {
    tick,
    async stop() {
      await task?.stop();
      await task?.destroy();
      // A run in progress stops after its current batch (marked interrupted; the next run resumes).
      abort.abort();
      await running;
    },
  };
}
