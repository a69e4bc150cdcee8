// The retention component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { retentionRunsTable, jobLocksTable } from './retention.datamap.js';
import { retentionConfig } from './retention.config.js';
import { retentionRouter } from './retention.routes.js';

export const retentionComponent = defineComponent({
  name: 'retention',
  tables: [retentionRunsTable, jobLocksTable],
  config: { retention: retentionConfig },
  routers: [retentionRouter],
});
