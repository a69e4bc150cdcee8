// Single sign-on (issue 8), built in one place so the composition root needs one line.
import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { Logger } from '../../platform/logger.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { OidcProviders } from './identity.providers.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';

export interface IdentityServices {
  identity: IdentityService;
  /** The configured OpenID Connect providers; start() runs discovery in the background (the server calls it, the CLI does not). */
  identityProviders: OidcProviders;
}

export function createIdentityServices(deps: { knex: Knex; config: Config; logger: Logger; users: UsersRepository; workspaces: WorkspacesService; accounts: AccountsService; audit: AuditService }): IdentityServices {
  const { knex, config, logger, users, workspaces, accounts, audit } = deps;
  return {
    identity: new IdentityService(knex, new IdentityRepository(knex), users, workspaces, accounts, audit, config),
    identityProviders: new OidcProviders(config.oidc, logger),
  };
}
