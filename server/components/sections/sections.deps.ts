// What the sections routes use of the container.
import type { UsersRepository } from '../accounts/users.repository.js';
import type { OrgRepository } from '../org/org.repository.js';
import type { SectionsService } from './sections.service.js';

export interface SectionsDeps {
  repositories: { org: OrgRepository; users: UsersRepository };
  services: { sections: SectionsService };
}
