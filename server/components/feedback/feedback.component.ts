// The feedback component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { feedbackTable, feedbackValuesTable } from './feedback.datamap.js';
import { feedbackRouter } from './feedback.routes.js';

export const feedbackComponent = defineComponent({
  name: 'feedback',
  tables: [feedbackTable, feedbackValuesTable],
  routers: [feedbackRouter],
});
