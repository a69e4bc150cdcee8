// The workspaces component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import type { Config } from '../../config.js';
import { WorkspacesRepository } from './workspaces.repository.js';
import { WorkspacesService } from './workspaces.service.js';
import { workspacesTable } from './workspaces.datamap.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps { config: Config; repositories: { workspaces: WorkspacesRepository } }

export const workspacesComponent = defineComponent({
  name: 'workspaces',
  tables: [workspacesTable],
  repositories: (knex) => ({ workspaces: new WorkspacesRepository(knex) }),
  services: {
    build: (d: BuildDeps): { workspaces: WorkspacesService } => ({ workspaces: new WorkspacesService(d.repositories.workspaces, d.config) }),
  },
});
