// The capture component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { requestLogsTable, devicesTable, crashReportsTable, usageEventsTable, analyticsPageViewsTable, captureSettingsTable } from './capture.datamap.js';
import { captureConfig } from './capture.config.js';
import { captureRouter } from './capture.routes.js';

export const captureComponent = defineComponent({
  name: 'capture',
  tables: [requestLogsTable, devicesTable, crashReportsTable, usageEventsTable, analyticsPageViewsTable, captureSettingsTable],
  config: { capture: captureConfig },
  routers: [captureRouter],
});
