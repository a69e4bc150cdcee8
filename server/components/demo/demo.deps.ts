// What `opsenic demo` uses of the container.
import type { Knex } from 'knex';
import type { OrgService } from '../org/org.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';

export interface DemoDeps {
  knex: Knex;
  services: { org: OrgService; workspaces: WorkspacesService };
}
