// The dsar component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { dsarRequestsTable, dsarNotesTable, dsarResultsTable, processingRestrictionsTable } from './dsar.datamap.js';
import { dsarConfig } from './dsar.config.js';
import { dsarRouter } from './dsar.routes.js';

export const dsarComponent = defineComponent({
  name: 'dsar',
  tables: [dsarRequestsTable, dsarNotesTable, dsarResultsTable, processingRestrictionsTable],
  config: { dsar: dsarConfig },
  routers: [dsarRouter],
});
