// The home component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { homeRouter } from './home.routes.js';

export const homeComponent = defineComponent({
  name: 'home',
  routers: [homeRouter],
});
