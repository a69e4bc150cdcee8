// The sections component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import type { OrgRepository } from '../org/org.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MentionNotifier } from '../notifications/mentions.js';
import { SectionsRepository } from './sections.repository.js';
import { SectionsService } from './sections.service.js';
import { sectionsTable, sectionRevisionsTable, sectionGrantsTable, sectionHiddenTable } from './sections.datamap.js';
import { sectionsRouter } from './sections.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex'> { repositories: { sections: SectionsRepository; org: OrgRepository }; services: { audit: AuditService; mentions: MentionNotifier } }

export const sectionsComponent = defineComponent({
  name: 'sections',
  tables: [sectionsTable, sectionRevisionsTable, sectionGrantsTable, sectionHiddenTable],
  routers: [sectionsRouter],
  repositories: (knex) => ({ sections: new SectionsRepository(knex) }),
  services: {
    // After audit: an admin's read of a restricted section they were not granted is audited.
    // After people: @mentions in a section notify through its notifications (MentionNotifier).
    after: ['audit', 'people'],
    build: (d: BuildDeps): { sections: SectionsService } => ({ sections: new SectionsService(d.knex, d.repositories.sections, d.repositories.org, d.services.audit, d.services.mentions) }),
  },
});
