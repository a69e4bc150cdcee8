// The scim component as the registry (server/registry.ts) sees it. Its router is mounted by server/app.ts at /scim/v2, before the session, CSRF and token layers.
import { defineComponent } from '../../component.js';
import { scimTokensTable, scimUsersTable, scimGroupsTable } from './scim.datamap.js';
import { scimConfig } from './scim.config.js';

export const scimComponent = defineComponent({
  name: 'scim',
  tables: [scimTokensTable, scimUsersTable, scimGroupsTable],
  config: { scim: scimConfig },
});
