// The capture component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { logsCommand, crashesCommand } from './capture.cli.js';
import type { Config } from '../../config.js';
import type { Metrics } from '../../platform/metrics.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import { CaptureRepository } from './capture.repository.js';
import { CaptureService } from './capture.service.js';
import { UsageService } from './usage.service.js';
import { createCaptureMetrics } from './capture.metrics.js';
import { requestLogsTable, devicesTable, crashReportsTable, usageEventsTable, analyticsPageViewsTable, captureSettingsTable } from './capture.datamap.js';
import { captureConfig } from './capture.config.js';
import { captureRouter } from './capture.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'logger'> {
  config: Config;
  metrics: Pick<Metrics, 'registry'>;
  repositories: { capture: CaptureRepository; workspaces: WorkspacesRepository; users: UsersRepository };
}

export const captureComponent = defineComponent({
  name: 'capture',
  tables: [requestLogsTable, devicesTable, crashReportsTable, usageEventsTable, analyticsPageViewsTable, captureSettingsTable],
  config: { capture: captureConfig },
  routers: [captureRouter],
  repositories: (knex) => ({ capture: new CaptureRepository(knex) }),
  services: {
    build: (d: BuildDeps): { capture: CaptureService; usage: UsageService } => {
      const capture = new CaptureService(d.repositories.capture, d.repositories.workspaces, d.repositories.users, d.config, createCaptureMetrics(d.metrics.registry), d.logger);
      return { capture, usage: new UsageService(d.repositories.capture, d.repositories.workspaces, capture, d.config.capture) };
    },
  },
  cli: [logsCommand, crashesCommand],
});
