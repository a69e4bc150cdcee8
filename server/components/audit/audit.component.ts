// The audit component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { auditCommand } from './audit.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { auditEntriesTable, auditActorsTable, auditChainTable } from './audit.datamap.js';
import { auditRouter } from './audit.routes.js';

export const auditComponent = defineComponent({
  name: 'audit',
  tables: [auditEntriesTable, auditActorsTable, auditChainTable],
  routers: [auditRouter],
  services: {
    build: (d: ServiceDeps): BuiltServices => ({ audit: new AuditService(d.knex, new AuditRepository(d.knex)) }),
  },
  cli: [auditCommand],
});
