// The policy component as the registry (server/registry.ts) sees it. Read-access rules shared by other components.
import { defineComponent } from '../../component.js';

export const policyComponent = defineComponent({
  name: 'policy',
});
