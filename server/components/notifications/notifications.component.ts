// The notifications component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { notificationsTable } from './notifications.datamap.js';
import { notificationsRouter } from './notifications.routes.js';

export const notificationsComponent = defineComponent({
  name: 'notifications',
  tables: [notificationsTable],
  routers: [notificationsRouter],
});
