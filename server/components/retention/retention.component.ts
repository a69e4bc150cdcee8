// The retention component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { retentionCommand } from './retention.cli.js';
import { datamapCommand } from './datamap.cli.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { RetentionRepository } from './retention.repository.js';
import { RunsRepository } from './runs.repository.js';
import { JobLocks } from './job-locks.js';
import { RetentionService } from './retention.service.js';
import { createRetentionMetrics } from './retention.metrics.js';
import { retentionRunsTable, jobLocksTable } from './retention.datamap.js';
import { retentionConfig } from './retention.config.js';
import { retentionRouter } from './retention.routes.js';

export const retentionComponent = defineComponent({
  name: 'retention',
  tables: [retentionRunsTable, jobLocksTable],
  config: { retention: retentionConfig },
  routers: [retentionRouter],
  services: {
    // After privacy: the purge registers itself as the `accounts.user` eraser (over the default one),
    // so re-applying the erasure ledger after a restore purges again. After capture: its metrics follow capture's.
    after: ['holds', 'workspaces', 'audit', 'privacy', 'capture'],
    build: (d: ServiceDeps): BuiltServices => {
      const { audit, erasure, workspaces } = d.services;
      const retention = new RetentionService(d.knex, d.dialect, new RetentionRepository(d.knex, d.dialect), new RunsRepository(d.knex), new JobLocks(d.knex), d.services.holds, d.declaredTables, d.config.retention, async () => (await workspaces.getPrimary()).id, d.logger, { audit: () => audit, erasure: () => erasure, clock: d.clock });
      erasure.register('accounts.user', (userId, trx) => retention.eraseAccount(userId, trx));
      createRetentionMetrics(d.metrics.registry, retention);
      return { retention };
    },
  },
  cli: [retentionCommand, datamapCommand],
});
