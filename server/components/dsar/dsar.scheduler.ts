// Hourly check for due-date reminders in the server (dsar.remindersSchedule). Each reminder is sent
// once across replicas (a conditional update marks it), so every replica may run the check.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../../platform/logger.js';
import type { DsarService } from './dsar.service.js';

export function startDsarReminders(dsar: DsarService, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const task: ScheduledTask = cron.schedule(
    '7 * * * *',
    () => {
      running = dsar
        .remind()
        .then((sent) => sent && logger.info({ sent }, 'data request reminders sent'))
        .catch((error) => logger.error({ err: error }, 'data request reminders failed'));
      return running;
    },
    { name: 'dsar-reminders', noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
