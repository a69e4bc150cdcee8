// The mail component as the registry (server/registry.ts) sees it: the outbox every email goes
// through (the container's Mailer forwards to it), its sender, digests, preferences and the admin's
// outbox. The one-click unsubscribe router is placed by server/app.ts, before sessions and CSRF.
import { defineComponent, type PlatformParts } from '../../component.js';
import type { Config } from '../../config.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { emailOutboxTable, emailPreferencesTable, emailCategorySettingsTable, emailDigestsTable, emailAnnouncementsTable } from './mail.datamap.js';
import { createMailParts, queueNotificationEmails, type MailParts } from './mail.container.js';
import { mailRouter } from './mail.routes.js';
import { mailCommand } from './mail.cli.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'logger' | 'metrics' | 'mailTransport' | 'publicUrl'> {
  config: Config;
  repositories: { users: UsersRepository };
  services: { workspaces: WorkspacesService; notifications: NotificationsService };
}

export const mailComponent = defineComponent({
  name: 'mail',
  tables: [emailOutboxTable, emailPreferencesTable, emailCategorySettingsTable, emailDigestsTable, emailAnnouncementsTable],
  routers: [mailRouter],
  cli: [mailCommand],
  services: {
    // After people: each notification's email is queued in the notification's transaction.
    after: ['workspaces', 'people'],
    build: (d: BuildDeps): Omit<MailParts, 'mailer'> & { outbox: MailParts['mailer'] } => {
      const parts = createMailParts({ knex: d.knex, config: d.config, logger: d.logger, metrics: d.metrics, transport: d.mailTransport, users: d.repositories.users, publicUrl: d.publicUrl, primaryWorkspaceId: async () => (await d.services.workspaces.getPrimary()).id });
      d.services.notifications.onRecorded((rows, trx) => queueNotificationEmails(parts.mailer, rows, trx));
      return { outbox: parts.mailer, mail: parts.mail, mailSender: parts.mailSender, digests: parts.digests, sandboxNotices: parts.sandboxNotices };
    },
  },
});
