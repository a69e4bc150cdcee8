// The holds component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { holdCommand } from './holds.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { HoldsRepository } from './holds.repository.js';
import { HoldsService } from './holds.service.js';
import { legalHoldsTable } from './holds.datamap.js';

export const holdsComponent = defineComponent({
  name: 'holds',
  tables: [legalHoldsTable],
  services: {
    build: (d: ServiceDeps): BuiltServices => ({ holds: new HoldsService(d.knex, new HoldsRepository(d.knex), d.repositories.users, d.repositories.workspaces, () => d.services.audit, d.clock) }),
  },
  cli: [holdCommand],
});
