// The privacy component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import type { AuditService } from '../audit/audit.service.js';
import { ErasureRepository } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';
import { registerDefaultErasers } from './default-erasers.js';
import { erasureLedgerTable } from './erasure.datamap.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'declaredTables'> { services: { audit: AuditService } }

export const privacyComponent = defineComponent({
  name: 'privacy',
  tables: [erasureLedgerTable],
  services: {
    after: ['audit'],
    build: (d: BuildDeps): { erasure: ErasureService } => {
      const erasure = new ErasureService(d.knex, new ErasureRepository(d.knex), d.services.audit, () => d.declaredTables.map((t) => t.name));
      registerDefaultErasers(erasure, d.services.audit);
      return { erasure };
    },
  },
});
