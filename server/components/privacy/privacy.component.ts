// The privacy component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { ErasureRepository } from './erasure.repository.js';
import { ErasureService } from './erasure.service.js';
import { registerDefaultErasers } from './default-erasers.js';
import { erasureLedgerTable } from './erasure.datamap.js';

export const privacyComponent = defineComponent({
  name: 'privacy',
  tables: [erasureLedgerTable],
  services: {
    after: ['audit'],
    build: (d: ServiceDeps): BuiltServices => {
      const erasure = new ErasureService(d.knex, new ErasureRepository(d.knex), d.services.audit, () => d.declaredTables.map((t) => t.name));
      registerDefaultErasers(erasure, d.services.audit);
      return { erasure };
    },
  },
});
