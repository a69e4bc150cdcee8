// The health component as the registry (server/registry.ts) sees it. Its router (/healthz, /readyz) is placed by server/app.ts before the session layers.
import { defineComponent } from '../../component.js';

export const healthComponent = defineComponent({
  name: 'health',
});
