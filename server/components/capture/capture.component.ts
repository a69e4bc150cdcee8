// The capture component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { logsCommand, crashesCommand } from './capture.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { CaptureRepository } from './capture.repository.js';
import { CaptureService } from './capture.service.js';
import { UsageService } from './usage.service.js';
import { createCaptureMetrics } from './capture.metrics.js';
import { requestLogsTable, devicesTable, crashReportsTable, usageEventsTable, analyticsPageViewsTable, captureSettingsTable } from './capture.datamap.js';
import { captureConfig } from './capture.config.js';
import { captureRouter } from './capture.routes.js';

export const captureComponent = defineComponent({
  name: 'capture',
  tables: [requestLogsTable, devicesTable, crashReportsTable, usageEventsTable, analyticsPageViewsTable, captureSettingsTable],
  config: { capture: captureConfig },
  routers: [captureRouter],
  repositories: (knex) => ({ capture: new CaptureRepository(knex) }),
  services: {
    build: (d: ServiceDeps): BuiltServices => {
      const capture = new CaptureService(d.repositories.capture, d.repositories.workspaces, d.repositories.users, d.config, createCaptureMetrics(d.metrics.registry), d.logger);
      return { capture, usage: new UsageService(d.repositories.capture, d.repositories.workspaces, capture, d.config.capture) };
    },
  },
  cli: [logsCommand, crashesCommand],
});
