// What the people pages use of the container.
import type { FeedbackService } from '../feedback/feedback.service.js';
import type { SectionsService } from '../sections/sections.service.js';
import type { PeopleService } from './people.service.js';
import type { PhotosService } from '../accounts/photo.service.js';

export interface PeopleDeps {
  services: { people: PeopleService; feedback: FeedbackService; sections: SectionsService; photos: PhotosService };
}
