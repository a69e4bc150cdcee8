// What the sessions routes (my devices, sign-out elsewhere) use of the container.
import type { PlatformConfig } from '../../platform/config/schema.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { SessionsService } from './sessions.service.js';

export interface SessionsDeps {
  config: { sessions: PlatformConfig['sessions'] };
  services: { sessions: SessionsService; accounts: AccountsService };
}
