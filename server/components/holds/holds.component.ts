// The holds component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { holdCommand } from './holds.cli.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import { HoldsRepository } from './holds.repository.js';
import { HoldsService } from './holds.service.js';
import { legalHoldsTable } from './holds.datamap.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'clock'> { repositories: { users: UsersRepository; workspaces: WorkspacesRepository }; services: { audit: AuditService } }

export const holdsComponent = defineComponent({
  name: 'holds',
  tables: [legalHoldsTable],
  services: {
    build: (d: BuildDeps): { holds: HoldsService } => ({ holds: new HoldsService(d.knex, new HoldsRepository(d.knex), d.repositories.users, d.repositories.workspaces, () => d.services.audit, d.clock) }),
  },
  cli: [holdCommand],
});
