// The workspaces component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { WorkspacesRepository } from './workspaces.repository.js';
import { WorkspacesService } from './workspaces.service.js';
import { workspacesTable } from './workspaces.datamap.js';

export const workspacesComponent = defineComponent({
  name: 'workspaces',
  tables: [workspacesTable],
  repositories: (knex) => ({ workspaces: new WorkspacesRepository(knex) }),
  services: {
    build: (d: ServiceDeps): BuiltServices => ({ workspaces: new WorkspacesService(d.repositories.workspaces, d.config) }),
  },
});
