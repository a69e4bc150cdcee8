// The insights component as the registry (server/registry.ts) sees it: the boards' service, its
// snapshot tables, its config section, /api/v1/insights and `opsenic insights`.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { JobLocks } from '../retention/job-locks.js';
import { insightsCommand } from './insights.cli.js';
import { insightsConfig } from './insights.config.js';
import { insightsFiguresTable, insightsSnapshotsTable } from './insights.datamap.js';
import { InsightsRepository } from './insights.repository.js';
import { insightsRouter } from './insights.routes.js';
import { InsightsService } from './insights.service.js';

export const insightsComponent = defineComponent({
  name: 'insights',
  tables: [insightsFiguresTable, insightsSnapshotsTable],
  config: { insights: insightsConfig },
  routers: [insightsRouter],
  services: {
    // After capture: opening a board is a usage event where usage is recorded.
    after: ['capture'],
    build: (d: ServiceDeps): BuiltServices => ({ insights: new InsightsService(new InsightsRepository(d.knex), new JobLocks(d.knex), d.config.insights, d.services.usage, d.logger) }),
  },
  cli: [insightsCommand],
});
