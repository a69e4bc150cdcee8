// The accounts component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { usersTable, passwordResetsTable, invitationsTable } from './accounts.datamap.js';
import { accountsRouter } from './accounts.routes.js';
import { profileRouter } from './profile.routes.js';
import { deletionRouter } from './deletion.routes.js';

export const accountsComponent = defineComponent({
  name: 'accounts',
  tables: [usersTable, passwordResetsTable, invitationsTable],
  routers: [accountsRouter, profileRouter, deletionRouter],
});
