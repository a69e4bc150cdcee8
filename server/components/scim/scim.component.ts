// The scim component as the registry (server/registry.ts) sees it. Its router is mounted by server/app.ts at /scim/v2, before the session, CSRF and token layers.
import { defineComponent } from '../../component.js';
import { scimCommand } from './scim.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { createScimServices } from './scim.container.js';
import { scimTokensTable, scimUsersTable, scimGroupsTable } from './scim.datamap.js';
import { scimConfig } from './scim.config.js';

export const scimComponent = defineComponent({
  name: 'scim',
  tables: [scimTokensTable, scimUsersTable, scimGroupsTable],
  config: { scim: scimConfig },
  services: {
    after: ['workspaces', 'accounts', 'audit'],
    build: (d: ServiceDeps): BuiltServices => ({ ...createScimServices({ knex: d.knex, config: d.config, users: d.repositories.users, org: d.repositories.org, workspaces: d.services.workspaces, accounts: d.services.accounts, accountDeletion: d.services.accountDeletion, audit: d.services.audit }) }),
  },
  cli: [scimCommand],
});
