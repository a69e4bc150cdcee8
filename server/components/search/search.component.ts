// The search component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { searchRouter } from './search.routes.js';

export const searchComponent = defineComponent({
  name: 'search',
  routers: [searchRouter],
});
