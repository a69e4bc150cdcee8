// The people half of issue 3, built in one place so the composition root (server/container.ts)
// needs a single line: 1:1 notes, feedback, notifications, discussions, search and people pages.
import type { Knex } from 'knex';
import type { UsersRepository } from '../accounts/users.repository.js';
import { OneOnOnesRepository } from '../oneonones/oneonones.repository.js';
import { OneOnOnesService } from '../oneonones/oneonones.service.js';
import { FeedbackRepository } from '../feedback/feedback.repository.js';
import { FeedbackService } from '../feedback/feedback.service.js';
import { NotificationsRepository } from '../notifications/notifications.repository.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { MentionNotifier } from '../notifications/mentions.js';
import { DiscussionsRepository } from '../discussions/discussions.repository.js';
import { DiscussionsService } from '../discussions/discussions.service.js';
import { SearchRepository } from '../search/search.repository.js';
import { SearchService } from '../search/search.service.js';
import { PeopleRepository } from './people.repository.js';
import { PeopleService } from './people.service.js';

export interface PeopleServices {
  oneOnOnes: OneOnOnesService;
  feedback: FeedbackService;
  notifications: NotificationsService;
  /** @mentions in sections, feedback, bios and 1:1 notes: notified like a comment's. */
  mentions: MentionNotifier;
  discussions: DiscussionsService;
  search: SearchService;
  people: PeopleService;
}

export function createPeopleServices(knex: Knex, users: UsersRepository): PeopleServices {
  const notifications = new NotificationsService(new NotificationsRepository(knex));
  const mentions = new MentionNotifier(knex, notifications);
  return {
    oneOnOnes: new OneOnOnesService(knex, new OneOnOnesRepository(knex), users, notifications, mentions),
    feedback: new FeedbackService(knex, new FeedbackRepository(knex), users, notifications, mentions),
    notifications,
    mentions,
    discussions: new DiscussionsService(knex, new DiscussionsRepository(knex), notifications),
    search: new SearchService(new SearchRepository(knex)),
    people: new PeopleService(new PeopleRepository(knex), users),
  };
}
