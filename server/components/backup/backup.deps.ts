// What `opsenic backup` and `opsenic erasure` use of the container.
import type { Dialect } from '../../db/knex.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ErasureService } from '../privacy/erasure.service.js';
import type { BackupService } from './backup.service.js';

export interface BackupDeps {
  dialect: Dialect;
  services: { backup: BackupService; erasure: ErasureService; audit: AuditService };
}
