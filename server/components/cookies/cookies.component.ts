// The cookies component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import type { BuiltServices, ServiceDeps } from '../../container.js';
import { CookiesService } from './cookies.service.js';
import { cookiesRouter } from './cookies.routes.js';

export const cookiesComponent = defineComponent({
  name: 'cookies',
  routers: [cookiesRouter],
  services: {
    build: (d: ServiceDeps): BuiltServices => ({ cookies: new CookiesService(d.config, d.logger) }),
  },
});
