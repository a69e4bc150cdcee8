// The insights component as the registry (server/registry.ts) sees it: the boards' service, its
// snapshot tables, its config section, /api/v1/insights, the /insights pages and `opsenic insights`.
import { defineComponent, type PlatformParts } from '../../component.js';
import type { UsageService } from '../capture/usage.service.js';
import type { InsightsConfig } from './insights.config.js';
import { JobLocks } from '../retention/job-locks.js';
import { insightsCommand } from './insights.cli.js';
import { insightsConfig } from './insights.config.js';
import { insightsFiguresTable, insightsSnapshotsTable } from './insights.datamap.js';
import { InsightsRepository } from './insights.repository.js';
import { insightsRouter } from './insights.routes.js';
import { insightsPagesRouter } from './insights.pages.js';
import { InsightsService } from './insights.service.js';

/** What its service factory uses of what the composition root hands it. */
interface BuildDeps extends Pick<PlatformParts, 'knex' | 'logger'> {
  config: { insights: InsightsConfig };
  services: { usage: UsageService };
}

export const insightsComponent = defineComponent({
  name: 'insights',
  tables: [insightsFiguresTable, insightsSnapshotsTable],
  config: { insights: insightsConfig },
  routers: [insightsRouter, insightsPagesRouter],
  services: {
    // After capture: opening a board is a usage event where usage is recorded.
    after: ['capture'],
    build: (d: BuildDeps): { insights: InsightsService } => ({ insights: new InsightsService(new InsightsRepository(d.knex), new JobLocks(d.knex), d.config.insights, d.services.usage, d.logger) }),
  },
  cli: [insightsCommand],
});
