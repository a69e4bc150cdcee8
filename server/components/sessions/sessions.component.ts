// The sessions component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { sessionsTable, rateLimitsTable } from './sessions.datamap.js';
import { sessionsRouter } from './sessions.routes.js';

export const sessionsComponent = defineComponent({
  name: 'sessions',
  tables: [sessionsTable, rateLimitsTable],
  routers: [sessionsRouter],
  repositories: (knex) => ({ sessions: new SessionsRepository(knex) }),
  services: {
    build: (d: ServiceDeps): BuiltServices => ({ sessions: new SessionsService(d.repositories.sessions, d.clock) }),
  },
});
