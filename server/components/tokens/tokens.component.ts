// The tokens component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { tokensCommand } from './tokens.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { ApiTokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';
import { apiTokensTable } from './tokens.datamap.js';
import { tokensRouter } from './tokens.routes.js';

export const tokensComponent = defineComponent({
  name: 'tokens',
  tables: [apiTokensTable],
  routers: [tokensRouter],
  repositories: (knex) => ({ apiTokens: new ApiTokensRepository(knex) }),
  services: {
    build: (d: ServiceDeps): BuiltServices => ({ tokens: new TokensService(d.repositories.apiTokens, d.repositories.users, d.clock) }),
  },
  cli: [tokensCommand],
});
