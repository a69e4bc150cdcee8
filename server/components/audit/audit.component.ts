// The audit component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { auditCommand } from './audit.cli.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { auditEntriesTable, auditActorsTable, auditChainTable } from './audit.datamap.js';
import { auditRouter } from './audit.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
type BuildDeps = Pick<PlatformParts, 'knex'>;

export const auditComponent = defineComponent({
  name: 'audit',
  tables: [auditEntriesTable, auditActorsTable, auditChainTable],
  routers: [auditRouter],
  services: {
    build: (d: BuildDeps): { audit: AuditService } => ({ audit: new AuditService(d.knex, new AuditRepository(d.knex)) }),
  },
  cli: [auditCommand],
});
