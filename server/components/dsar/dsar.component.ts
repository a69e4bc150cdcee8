// The dsar component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { dsarCommand } from './dsar.cli.js';
import type { Config } from '../../config.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ErasureService } from '../privacy/erasure.service.js';
import { createDsarServices, type DsarDeps, type DsarServices } from './dsar.container.js';
import { dsarRequestsTable, dsarNotesTable, dsarResultsTable, dsarMentionsTable, processingRestrictionsTable } from './dsar.datamap.js';
import { dsarConfig } from './dsar.config.js';
import { dsarRouter } from './dsar.routes.js';
import { createSigninLimits, rateLimitKeysOf } from '../sessions/rate-limits.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'declaredTables' | 'logger' | 'metrics'> {
  config: Config;
  repositories: { users: UsersRepository };
  services: DsarDeps['services'] & { workspaces: WorkspacesService; audit: AuditService; erasure: ErasureService };
}

export const dsarComponent = defineComponent({
  name: 'dsar',
  tables: [dsarRequestsTable, dsarNotesTable, dsarResultsTable, dsarMentionsTable, processingRestrictionsTable],
  config: { dsar: dsarConfig },
  routers: [dsarRouter],
  services: {
    // After retention: its eraser of the requests registers after the account purge.
    after: ['workspaces', 'audit', 'privacy', 'holds', 'retention', 'accounts', 'people', 'capture'],
    build: (d: BuildDeps): DsarServices => ({ ...createDsarServices({ knex: d.knex, declaredTables: d.declaredTables, config: d.config, logger: d.logger, metrics: d.metrics, users: d.repositories.users, workspaces: d.services.workspaces, audit: d.services.audit, erasure: d.services.erasure,
      // The rate_limits keys of a subject under every sign-in limiter (keys only: these limiters never count).
      rateLimitKeys: (subjects) => rateLimitKeysOf(createSigninLimits(d.knex, d.config), subjects),
      setSubjectPath: (path) => d.services.retention.useSubjectPath(path),
      services: d.services }) }),
  },
  cli: [dsarCommand],
});
