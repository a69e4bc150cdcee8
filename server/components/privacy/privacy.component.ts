// The privacy component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { erasureLedgerTable } from './erasure.datamap.js';

export const privacyComponent = defineComponent({
  name: 'privacy',
  tables: [erasureLedgerTable],
});
