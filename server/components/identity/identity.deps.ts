// What single sign-on over HTTP (the SSO context of every page and the identity router) uses of the container.
import type { PlatformConfig } from '../../platform/config/schema.js';
import type { OidcConfig } from './identity.config.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { OidcProviders } from './identity.providers.js';
import type { IdentityService } from './identity.service.js';
import type { AccountsService } from '../accounts/accounts.service.js';

export interface IdentityDeps {
  config: { oidc: OidcConfig; sessions: PlatformConfig['sessions'] };
  logger: Logger;
  metrics: Pick<Metrics, 'signins'>;
  /** The base URL of the callback and of the return after sign-out at the provider. */
  publicUrl: string;
  repositories: { users: UsersRepository };
  services: { identity: IdentityService; identityProviders: OidcProviders; accounts: Pick<AccountsService, 'deviceCookieFor'> };
}
