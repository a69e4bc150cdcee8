// The scim component as the registry (server/registry.ts) sees it. Its router is mounted by server/app.ts at /scim/v2, before the session, CSRF and token layers.
import { defineComponent, type PlatformParts } from '../../component.js';
import { scimCommand } from './scim.cli.js';
import type { Config } from '../../config.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { OrgRepository } from '../org/org.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AccountDeletionService } from '../accounts/deletion.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { GroupMapper } from '../identity/identity.groups.js';
import { createScimServices, type ScimServices } from './scim.container.js';
import { scimTokensTable, scimUsersTable, scimGroupsTable } from './scim.datamap.js';
import { scimConfig } from './scim.config.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex'> {
  config: Config;
  repositories: { users: UsersRepository; org: OrgRepository };
  services: { workspaces: WorkspacesService; accounts: AccountsService; accountDeletion: AccountDeletionService; audit: AuditService; groupMapper: GroupMapper };
}

export const scimComponent = defineComponent({
  name: 'scim',
  tables: [scimTokensTable, scimUsersTable, scimGroupsTable],
  config: { scim: scimConfig },
  services: {
    after: ['workspaces', 'accounts', 'audit', 'identity'],
    build: (d: BuildDeps): ScimServices => ({ ...createScimServices({ knex: d.knex, config: d.config, users: d.repositories.users, org: d.repositories.org, workspaces: d.services.workspaces, accounts: d.services.accounts, accountDeletion: d.services.accountDeletion, audit: d.services.audit, groupMapper: d.services.groupMapper }) }),
  },
  cli: [scimCommand],
});
