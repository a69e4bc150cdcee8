// The identity component as the registry (server/registry.ts) sees it. Its router and SSO context are placed by server/app.ts before the main routers (it answers /signin and /signup first).
import { defineComponent } from '../../component.js';
import { identityLinksTable } from './identity.datamap.js';
import { oidcConfig } from './identity.config.js';

export const identityComponent = defineComponent({
  name: 'identity',
  tables: [identityLinksTable],
  config: { oidc: oidcConfig },
  secretKeys: ['oidc.providers.*.clientSecret'],
});
