// The workspaces component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { workspacesTable } from './workspaces.datamap.js';

export const workspacesComponent = defineComponent({
  name: 'workspaces',
  tables: [workspacesTable],
});
