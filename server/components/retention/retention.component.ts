// The retention component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import { retentionCommand } from './retention.cli.js';
import { datamapCommand } from './datamap.cli.js';
import type { RetentionConfig } from './retention.config.js';
import type { Metrics } from '../../platform/metrics.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ErasureService } from '../privacy/erasure.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { HoldsService } from '../holds/holds.service.js';
import { RetentionRepository } from './retention.repository.js';
import { RunsRepository } from './runs.repository.js';
import { JobLocks } from './job-locks.js';
import { RetentionService } from './retention.service.js';
import { createRetentionMetrics } from './retention.metrics.js';
import { retentionRunsTable, jobLocksTable } from './retention.datamap.js';
import { retentionConfig } from './retention.config.js';
import { retentionRouter } from './retention.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'dialect' | 'declaredTables' | 'logger' | 'clock'> {
  config: { retention: RetentionConfig };
  metrics: Pick<Metrics, 'registry'>;
  services: { audit: AuditService; erasure: ErasureService; workspaces: WorkspacesService; holds: HoldsService };
}

export const retentionComponent = defineComponent({
  name: 'retention',
  tables: [retentionRunsTable, jobLocksTable],
  config: { retention: retentionConfig },
  routers: [retentionRouter],
  services: {
    // After privacy: the purge registers itself as the `accounts.user` eraser (over the default one),
    // so re-applying the erasure ledger after a restore purges again. After capture: its metrics follow capture's.
    after: ['holds', 'workspaces', 'audit', 'privacy', 'capture'],
    build: (d: BuildDeps): { retention: RetentionService } => {
      const { audit, erasure, workspaces } = d.services;
      const retention = new RetentionService(d.knex, d.dialect, new RetentionRepository(d.knex, d.dialect), new RunsRepository(d.knex), new JobLocks(d.knex), d.services.holds, d.declaredTables, d.config.retention, async () => (await workspaces.getPrimary()).id, d.logger, { audit: () => audit, erasure: () => erasure, clock: d.clock });
      erasure.register('accounts.user', (userId, trx) => retention.eraseAccount(userId, trx));
      createRetentionMetrics(d.metrics.registry, retention);
      return { retention };
    },
  },
  cli: [retentionCommand, datamapCommand],
});
