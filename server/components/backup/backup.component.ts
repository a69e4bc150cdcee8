// The backup component as the registry (server/registry.ts) sees it. Services only (server/container.ts).
import { defineComponent, type PlatformParts } from '../../component.js';
import { backupCommand, erasureCommand } from './backup.cli.js';
import type { PlatformConfig } from '../../platform/config/schema.js';
import type { ErasureService } from '../privacy/erasure.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { BackupService } from './backup.service.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'dialect'> { config: { database: PlatformConfig['database'] }; services: { erasure: ErasureService; audit: AuditService } }

export const backupComponent = defineComponent({
  name: 'backup',
  services: {
    after: ['privacy', 'audit'],
    build: (d: BuildDeps): { backup: BackupService } => ({ backup: new BackupService(d.knex, d.dialect, d.config.database.url, d.services.erasure, d.services.audit) }),
  },
  cli: [backupCommand, erasureCommand],
});
