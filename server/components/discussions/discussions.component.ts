// The discussions component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { commentsTable, commentMentionsTable } from './discussions.datamap.js';
import { discussionsRouter } from './discussions.routes.js';

export const discussionsComponent = defineComponent({
  name: 'discussions',
  tables: [commentsTable, commentMentionsTable],
  routers: [discussionsRouter],
});
