// The people component as the registry (server/registry.ts) sees it.
import { defineComponent } from '../../component.js';
import { peopleRouter } from './people.routes.js';

export const peopleComponent = defineComponent({
  name: 'people',
  routers: [peopleRouter],
});
