// What the audit log page and `opsenic audit` use of the container.
import type { AuditService } from './audit.service.js';

export interface AuditDeps {
  services: { audit: AuditService };
}
