// What the API token routes and `opsenic tokens` use of the container.
import type { AccountsService } from '../accounts/accounts.service.js';
import type { TokensService } from './tokens.service.js';

export interface TokensDeps {
  services: { tokens: TokensService; accounts: AccountsService };
}
