// The accounts component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { usersCommand } from './accounts.cli.js';
import type { Config } from '../../config.js';
import type { SessionsRepository } from '../sessions/sessions.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { UsersRepository } from './users.repository.js';
import { TokensRepository } from './tokens.repository.js';
import { AccountsService } from './accounts.service.js';
import { SignupService } from './signup.service.js';
import { SignupLinksRepository } from './signup-links.repository.js';
import { FirstAdminSetup } from './first-admin.js';
import { AccountDeletionService } from './deletion.service.js';
import { createSigninLimits } from '../sessions/rate-limits.js';
import { usersTable, passwordResetsTable, invitationsTable, signupLinksTable, userPhotosTable } from './accounts.datamap.js';
import { PhotosRepository } from './photo.repository.js';
import { PhotosService } from './photo.service.js';
import { accountsRouter } from './accounts.routes.js';
import { profileRouter } from './profile.routes.js';
import { deletionRouter } from './deletion.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'mailer' | 'publicUrl' | 'logger' | 'clock'> {
  config: Config;
  repositories: { users: UsersRepository; tokens: TokensRepository; sessions: SessionsRepository; signupLinks: SignupLinksRepository };
  services: { workspaces: WorkspacesService; audit: AuditService };
}

export const accountsComponent = defineComponent({
  name: 'accounts',
  tables: [usersTable, passwordResetsTable, invitationsTable, signupLinksTable, userPhotosTable],
  routers: [accountsRouter, profileRouter, deletionRouter],
  repositories: (knex) => ({ users: new UsersRepository(knex), tokens: new TokensRepository(knex), signupLinks: new SignupLinksRepository(knex) }),
  services: {
    after: ['workspaces', 'audit'],
    build: (d: BuildDeps): { accounts: AccountsService; signup: SignupService; firstAdmin: FirstAdminSetup; accountDeletion: AccountDeletionService; photos: PhotosService } => {
      const limits = createSigninLimits(d.knex, d.config);
      const logError = (error: unknown, message: string) => d.logger.error({ err: error }, message);
      const accounts = new AccountsService(d.knex, d.repositories.users, d.repositories.tokens, d.repositories.sessions, d.services.workspaces, limits, d.mailer, d.config, d.publicUrl, d.clock, d.services.audit, logError);
      return {
        accounts,
        signup: new SignupService(d.knex, d.repositories.signupLinks, d.repositories.users, accounts, d.services.workspaces, limits.signupPerIp, d.mailer, d.config, d.publicUrl, d.clock, logError),
        firstAdmin: new FirstAdminSetup(),
        accountDeletion: new AccountDeletionService(d.knex, d.repositories.users, d.config, () => d.services.audit),
        photos: new PhotosService(d.knex, new PhotosRepository(d.knex), d.repositories.users, d.services.audit),
      };
    },
  },
  cli: [usersCommand],
});
