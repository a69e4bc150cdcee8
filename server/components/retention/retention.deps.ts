// What the retention pages, `opsenic retention` and `opsenic datamap` use of the container.
import type { RetentionConfig } from './retention.config.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { HoldsService } from '../holds/holds.service.js';
import type { RetentionService } from './retention.service.js';

export interface RetentionDeps {
  config: { retention: RetentionConfig };
  repositories: { users: UsersRepository };
  services: { retention: RetentionService; holds: HoldsService };
}
