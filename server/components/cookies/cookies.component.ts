// The cookies component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { cookiesRouter } from './cookies.routes.js';

export const cookiesComponent = defineComponent({
  name: 'cookies',
  routers: [cookiesRouter],
});
