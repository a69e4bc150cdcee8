// What the discussion routes use of the container.
import type { SectionsRepository } from '../sections/sections.repository.js';
import type { DiscussionsService } from './discussions.service.js';

export interface DiscussionsDeps {
  /** Sections: whose page a discussed section is on, for the thread page's way back. */
  repositories: { sections: SectionsRepository };
  services: { discussions: DiscussionsService };
}
