// What the sections routes use of the container.
import type { OrgRepository } from '../org/org.repository.js';
import type { SectionsService } from './sections.service.js';

export interface SectionsDeps {
  repositories: { org: OrgRepository };
  services: { sections: SectionsService };
}
