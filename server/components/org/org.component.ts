// The org component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { OrgRepository } from './org.repository.js';
import { OrgService } from './org.service.js';
import { orgEntitiesTable, orgNodesTable, orgMembershipsTable, orgLinksTable, orgNodeEditorsTable } from './org.datamap.js';
import { orgRouter } from './org.routes.js';

export const orgComponent = defineComponent({
  name: 'org',
  tables: [orgEntitiesTable, orgNodesTable, orgMembershipsTable, orgLinksTable, orgNodeEditorsTable],
  routers: [orgRouter],
  repositories: (knex) => ({ org: new OrgRepository(knex) }),
  services: {
    build: (d: ServiceDeps): BuiltServices => ({ org: new OrgService(d.knex, d.repositories.org) }),
  },
});
