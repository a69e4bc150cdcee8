// The cookies component as the registry (server/registry.ts) sees it.
import { defineComponent, type PlatformParts } from '../../component.js';
import type { Config } from '../../config.js';
import { CookiesService } from './cookies.service.js';
import { cookiesRouter } from './cookies.routes.js';

/** What its service factory uses of what the composition root hands it (server/container.ts has all of it). */
interface BuildDeps extends Pick<PlatformParts, 'logger'> { config: Config }

export const cookiesComponent = defineComponent({
  name: 'cookies',
  routers: [cookiesRouter],
  services: {
    build: (d: BuildDeps): { cookies: CookiesService } => ({ cookies: new CookiesService(d.config, d.logger) }),
  },
});
