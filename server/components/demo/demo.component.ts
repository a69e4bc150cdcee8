// The demo component as the registry (server/registry.ts) sees it. The demo seed (CLI only).
import { defineComponent } from '../../component.js';
import { demoCommand } from './demo.cli.js';

export const demoComponent = defineComponent({
  name: 'demo',
  cli: [demoCommand],
});
