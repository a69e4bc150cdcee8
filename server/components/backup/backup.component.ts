// The backup component as the registry (server/registry.ts) sees it. Services only (server/container.ts).
import { defineComponent } from '../../component.js';
import { backupCommand, erasureCommand } from './backup.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { BackupService } from './backup.service.js';

export const backupComponent = defineComponent({
  name: 'backup',
  services: {
    after: ['privacy', 'audit'],
    build: (d: ServiceDeps): BuiltServices => ({ backup: new BackupService(d.knex, d.dialect, d.config.database.url, d.services.erasure, d.services.audit) }),
  },
  cli: [backupCommand, erasureCommand],
});
