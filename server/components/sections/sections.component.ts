// The sections component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { sectionsTable, sectionRevisionsTable, sectionGrantsTable, sectionHiddenTable } from './sections.datamap.js';
import { sectionsRouter } from './sections.routes.js';

export const sectionsComponent = defineComponent({
  name: 'sections',
  tables: [sectionsTable, sectionRevisionsTable, sectionGrantsTable, sectionHiddenTable],
  routers: [sectionsRouter],
});
