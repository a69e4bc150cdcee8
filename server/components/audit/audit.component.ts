// The audit component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { auditEntriesTable, auditActorsTable, auditChainTable } from './audit.datamap.js';
import { auditRouter } from './audit.routes.js';

export const auditComponent = defineComponent({
  name: 'audit',
  tables: [auditEntriesTable, auditActorsTable, auditChainTable],
  routers: [auditRouter],
});
