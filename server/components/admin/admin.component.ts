// The admin component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { adminRouter } from './admin.routes.js';

export const adminComponent = defineComponent({
  name: 'admin',
  routers: [adminRouter],
});
