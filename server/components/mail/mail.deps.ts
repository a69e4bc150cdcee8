// What the email routes (unsubscribe, preferences, the outbox pages) and `opsenic mail` use of the container.
// (MailDeps, in mail.container.ts, is what the mail services are built from.)
import type { Knex } from 'knex';
import type { PlatformConfig } from '../../platform/config/schema.js';
import type { MailService } from './mail.service.js';
import type { OutboxSender } from './outbox.sender.js';

export interface MailAppDeps {
  /** The preferences page lists the workspace's teams. */
  knex: Knex;
  config: { mail: PlatformConfig['mail'] };
  services: { mail: MailService; mailSender: OutboxSender };
}
