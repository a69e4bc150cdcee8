// The tokens component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { tokensCommand } from './tokens.cli.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import { ApiTokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';
import { apiTokensTable } from './tokens.datamap.js';
import { tokensRouter } from './tokens.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'clock'> { repositories: { apiTokens: ApiTokensRepository; users: UsersRepository } }

export const tokensComponent = defineComponent({
  name: 'tokens',
  tables: [apiTokensTable],
  routers: [tokensRouter],
  repositories: (knex) => ({ apiTokens: new ApiTokensRepository(knex) }),
  services: {
    build: (d: BuildDeps): { tokens: TokensService } => ({ tokens: new TokensService(d.repositories.apiTokens, d.repositories.users, d.clock) }),
  },
  cli: [tokensCommand],
});
