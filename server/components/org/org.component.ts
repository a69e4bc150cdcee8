// The org component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { orgEntitiesTable, orgNodesTable, orgMembershipsTable, orgLinksTable, orgNodeEditorsTable } from './org.datamap.js';
import { orgRouter } from './org.routes.js';

export const orgComponent = defineComponent({
  name: 'org',
  tables: [orgEntitiesTable, orgNodesTable, orgMembershipsTable, orgLinksTable, orgNodeEditorsTable],
  routers: [orgRouter],
});
