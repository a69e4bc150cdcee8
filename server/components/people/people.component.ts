// The people component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import { createPeopleServices, type PeopleServices } from './people.container.js';
import { peopleRouter } from './people.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex'> { repositories: { users: UsersRepository } }

export const peopleComponent = defineComponent({
  name: 'people',
  routers: [peopleRouter],
  services: {
    // 1:1 notes, feedback, notifications, discussions, search and people pages, built together.
    build: (d: BuildDeps): PeopleServices => ({ ...createPeopleServices(d.knex, d.repositories.users) }),
  },
});
