// The identity component as the registry (server/registry.ts) sees it. Its router and SSO context are placed by server/app.ts before the main routers (it answers /signin and /signup first).
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { createIdentityServices } from './identity.container.js';
import { identityLinksTable } from './identity.datamap.js';
import { oidcConfig } from './identity.config.js';

export const identityComponent = defineComponent({
  name: 'identity',
  tables: [identityLinksTable],
  config: { oidc: oidcConfig },
  secretKeys: ['oidc.providers.*.clientSecret'],
  services: {
    after: ['workspaces', 'accounts', 'audit'],
    build: (d: ServiceDeps): BuiltServices => ({ ...createIdentityServices({ knex: d.knex, config: d.config, logger: d.logger, users: d.repositories.users, workspaces: d.services.workspaces, accounts: d.services.accounts, audit: d.services.audit }) }),
  },
});
