// What the SCIM endpoint and `opsenic scim` use of the container.
import type { PlatformConfig } from '../../platform/config/schema.js';
import type { ScimConfig } from './scim.config.js';
import type { Logger } from '../../platform/logger.js';
import type { ScimService } from './scim.service.js';
import type { ScimTokensService } from './scim.tokens.js';

export interface ScimDeps {
  config: { scim: ScimConfig; server: PlatformConfig['server'] };
  logger: Logger;
  /** The base URL the SCIM endpoint and its tokens are announced at. */
  publicUrl: string;
  services: { scim: ScimService; scimTokens: ScimTokensService };
}
