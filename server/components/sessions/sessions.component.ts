// The sessions component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { sessionsTable, rateLimitsTable } from './sessions.datamap.js';
import { sessionsRouter } from './sessions.routes.js';

export const sessionsComponent = defineComponent({
  name: 'sessions',
  tables: [sessionsTable, rateLimitsTable],
  routers: [sessionsRouter],
});
