// The admin component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { adminRouter } from './admin.routes.js';
import { adminUsersRouter } from './users.routes.js';

export const adminComponent = defineComponent({
  name: 'admin',
  // The user list and its actions (issue 22) after the admin home.
  routers: [adminRouter, adminUsersRouter],
});
