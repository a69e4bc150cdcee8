// What the discussion routes use of the container.
import type { DiscussionsService } from './discussions.service.js';

export interface DiscussionsDeps {
  services: { discussions: DiscussionsService };
}
