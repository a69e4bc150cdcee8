// The dsar component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { dsarCommand } from './dsar.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { createDsarServices } from './dsar.container.js';
import { dsarRequestsTable, dsarNotesTable, dsarResultsTable, dsarMentionsTable, processingRestrictionsTable } from './dsar.datamap.js';
import { dsarConfig } from './dsar.config.js';
import { dsarRouter } from './dsar.routes.js';
import { createSigninLimits, rateLimitKeysOf } from '../sessions/rate-limits.js';

export const dsarComponent = defineComponent({
  name: 'dsar',
  tables: [dsarRequestsTable, dsarNotesTable, dsarResultsTable, dsarMentionsTable, processingRestrictionsTable],
  config: { dsar: dsarConfig },
  routers: [dsarRouter],
  services: {
    // After retention: its eraser of the requests registers after the account purge.
    after: ['workspaces', 'audit', 'privacy', 'holds', 'retention', 'accounts', 'people', 'capture'],
    build: (d: ServiceDeps): BuiltServices => ({ ...createDsarServices({ knex: d.knex, declaredTables: d.declaredTables, config: d.config, logger: d.logger, metrics: d.metrics, users: d.repositories.users, workspaces: d.services.workspaces, audit: d.services.audit, erasure: d.services.erasure,
      // The rate_limits keys of a subject under every sign-in limiter (keys only: these limiters never count).
      rateLimitKeys: (subjects) => rateLimitKeysOf(createSigninLimits(d.knex, d.config), subjects),
      setSubjectPath: (path) => d.services.retention.useSubjectPath(path),
      services: d.services }) }),
  },
  cli: [dsarCommand],
});
