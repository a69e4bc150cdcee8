// The oneonones component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { oneOnOnesTable, oneOnOneMeetingsTable, oneOnOneItemsTable, oneOnOnePrivateNotesTable } from './oneonones.datamap.js';
import { oneOnOnesRouter } from './oneonones.routes.js';

export const oneononesComponent = defineComponent({
  name: 'oneonones',
  tables: [oneOnOnesTable, oneOnOneMeetingsTable, oneOnOneItemsTable, oneOnOnePrivateNotesTable],
  routers: [oneOnOnesRouter],
});
