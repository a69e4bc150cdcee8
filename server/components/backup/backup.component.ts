// The backup component as the registry (server/registry.ts) sees it. Services only (server/container.ts).
import { defineComponent } from '../../component.js';

export const backupComponent = defineComponent({
  name: 'backup',
});
