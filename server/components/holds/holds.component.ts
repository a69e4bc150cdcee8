// The holds component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { legalHoldsTable } from './holds.datamap.js';

export const holdsComponent = defineComponent({
  name: 'holds',
  tables: [legalHoldsTable],
});
