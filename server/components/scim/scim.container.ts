// SCIM provisioning (issue 8), built in one place so the composition root needs one line.
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AccountDeletionService } from '../accounts/deletion.service.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OrgRepository } from '../org/org.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { ScimRepository } from './scim.repository.js';
import { ScimService } from './scim.service.js';
import { ScimTokensService } from './scim.tokens.js';

export interface ScimServices {
  scim: ScimService;
  scimTokens: ScimTokensService;
}

export function createScimServices(deps: { knex: Knex; config: Config; users: UsersRepository; org: OrgRepository; workspaces: WorkspacesService; accounts: AccountsService; accountDeletion: AccountDeletionService; audit: AuditService }): ScimServices {
  const { knex, config, users, org, workspaces, accounts, accountDeletion, audit } = deps;
  const repo = new ScimRepository(knex);
  return {
    scim: new ScimService(knex, repo, org, users, accounts, accountDeletion, audit, workspaces, config.scim),
    scimTokens: new ScimTokensService(repo, workspaces, audit),
  };
}
