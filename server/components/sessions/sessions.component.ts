// The sessions component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { sessionsTable, rateLimitsTable } from './sessions.datamap.js';
import { sessionsRouter } from './sessions.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'clock'> { repositories: { sessions: SessionsRepository } }

export const sessionsComponent = defineComponent({
  name: 'sessions',
  tables: [sessionsTable, rateLimitsTable],
  routers: [sessionsRouter],
  repositories: (knex) => ({ sessions: new SessionsRepository(knex) }),
  services: {
    build: (d: BuildDeps): { sessions: SessionsService } => ({ sessions: new SessionsService(d.repositories.sessions, d.clock) }),
  },
});
