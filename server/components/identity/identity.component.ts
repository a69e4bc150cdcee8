// The identity component as the registry (server/registry.ts) sees it. Its router and SSO context are placed by server/app.ts before the main routers (it answers /signin and /signup first).
import { defineComponent, type PlatformParts } from '../../component.js';
import type { Config } from '../../config.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { TokensRepository } from '../accounts/tokens.repository.js';
import type { OrgRepository } from '../org/org.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { createIdentityServices, type IdentityServices } from './identity.container.js';
import { identityLinksTable } from './identity.datamap.js';
import { oidcConfig } from './identity.config.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'logger' | 'mailer' | 'publicUrl'> {
  config: Config;
  repositories: { users: UsersRepository; tokens: TokensRepository; org: OrgRepository };
  services: { workspaces: WorkspacesService; accounts: AccountsService; audit: AuditService };
}

export const identityComponent = defineComponent({
  name: 'identity',
  tables: [identityLinksTable],
  config: { oidc: oidcConfig },
  secretKeys: ['oidc.providers.*.clientSecret'],
  services: {
    after: ['workspaces', 'accounts', 'audit'],
    build: (d: BuildDeps): IdentityServices => ({ ...createIdentityServices({ knex: d.knex, config: d.config, logger: d.logger, users: d.repositories.users, workspaces: d.services.workspaces, accounts: d.services.accounts, audit: d.services.audit, tokens: d.repositories.tokens, mailer: d.mailer, publicUrl: d.publicUrl, org: d.repositories.org }) }),
  },
});
