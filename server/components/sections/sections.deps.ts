// What the sections routes use of the container.
import type { OrgRepository } from '../org/org.repository.js';
import type { SectionsRepository } from './sections.repository.js';
import type { SectionsService } from './sections.service.js';

export interface SectionsDeps {
  repositories: { org: OrgRepository; sections: SectionsRepository };
  services: { sections: SectionsService };
}
