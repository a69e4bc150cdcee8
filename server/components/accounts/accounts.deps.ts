// What the accounts routers (sign-in, profile, deletion) and `opsenic users` use of the container:
// the whole container has all of it, and this component sees nothing else.
import type { PlatformConfig } from '../../platform/config/schema.js';
import type { RetentionConfig } from '../retention/retention.config.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { RetentionService } from '../retention/retention.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { AccountsService } from './accounts.service.js';
import type { SignupService } from './signup.service.js';
import type { AccountDeletionService } from './deletion.service.js';
import type { FirstAdminSetup } from './first-admin.js';
import type { PhotosService } from './photo.service.js';
import type { MentionNotifier } from '../notifications/mentions.js';

export interface AccountsDeps {
  config: { sessions: PlatformConfig['sessions']; retention: RetentionConfig };
  logger: Logger;
  metrics: Pick<Metrics, 'signins'>;
  services: {
    accounts: AccountsService;
    signup: SignupService;
    accountDeletion: AccountDeletionService;
    firstAdmin: FirstAdminSetup;
    workspaces: WorkspacesService;
    retention: RetentionService;
    photos: PhotosService;
    mentions: MentionNotifier;
  };
}
