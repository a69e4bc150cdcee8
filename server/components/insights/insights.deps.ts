// What /api/v1/insights and `opsenic insights` use of the container.
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { InsightsService } from './insights.service.js';

export interface InsightsDeps {
  services: { insights: InsightsService; workspaces: WorkspacesService };
}
