// The people component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { createPeopleServices } from './people.container.js';
import { peopleRouter } from './people.routes.js';

export const peopleComponent = defineComponent({
  name: 'people',
  routers: [peopleRouter],
  services: {
    // 1:1 notes, feedback, notifications, discussions, search and people pages, built together.
    build: (d: ServiceDeps): BuiltServices => ({ ...createPeopleServices(d.knex, d.repositories.users) }),
  },
});
