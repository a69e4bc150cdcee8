// The tokens component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { apiTokensTable } from './tokens.datamap.js';
import { tokensRouter } from './tokens.routes.js';

export const tokensComponent = defineComponent({
  name: 'tokens',
  tables: [apiTokensTable],
  routers: [tokensRouter],
});
