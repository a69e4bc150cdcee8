// The org component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { OrgRepository } from './org.repository.js';
import { OrgService } from './org.service.js';
import { orgEntitiesTable, orgNodesTable, orgMembershipsTable, orgLinksTable, orgNodeEditorsTable, orgNodePathsTable } from './org.datamap.js';
import { orgRouter } from './org.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex'> { repositories: { org: OrgRepository } }

export const orgComponent = defineComponent({
  name: 'org',
  tables: [orgEntitiesTable, orgNodesTable, orgMembershipsTable, orgLinksTable, orgNodeEditorsTable, orgNodePathsTable],
  routers: [orgRouter],
  repositories: (knex) => ({ org: new OrgRepository(knex) }),
  services: {
    build: (d: BuildDeps): { org: OrgService } => ({ org: new OrgService(d.knex, d.repositories.org) }),
  },
});
