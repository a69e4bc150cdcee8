// The sections component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { SectionsRepository } from './sections.repository.js';
import { SectionsService } from './sections.service.js';
import { sectionsTable, sectionRevisionsTable, sectionGrantsTable, sectionHiddenTable } from './sections.datamap.js';
import { sectionsRouter } from './sections.routes.js';

export const sectionsComponent = defineComponent({
  name: 'sections',
  tables: [sectionsTable, sectionRevisionsTable, sectionGrantsTable, sectionHiddenTable],
  routers: [sectionsRouter],
  repositories: (knex) => ({ sections: new SectionsRepository(knex) }),
  services: {
    // After audit: an admin's read of a restricted section they were not granted is audited.
    // After people: @mentions in a section notify through its notifications (MentionNotifier).
    after: ['audit', 'people'],
    build: (d: ServiceDeps): BuiltServices => ({ sections: new SectionsService(d.knex, d.repositories.sections, d.repositories.org, d.services.audit, d.services.mentions) }),
  },
});
