// Who may open which insights board (issue 25). Everyone signed in sees their workspace's
// structure; the boards of a node's subtree are its leads' (and those of nodes above) and admins';
// the workspace-wide behavioural boards are admins' only. The outsider is signed in to a sandbox:
// the primary workspace's node is unknown there (404).
import type { AccessCase } from './types.js';

export const insightsAccess: AccessCase[] = [
  { method: 'GET', route: '/api/v1/insights', path: () => '/api/v1/insights', expect: '1AAAAA' },
  { method: 'GET', route: '/api/v1/insights/:board', path: () => '/api/v1/insights/structure', expect: '1AAAAA' },
  { method: 'GET', route: '/api/v1/insights/:board', path: () => '/api/v1/insights/rhythm', expect: 'DDDDAD', deniedStatus: 403 },
  { method: 'GET', route: '/api/v1/insights/:board', path: (f) => `/api/v1/insights/recognition?node=${f.ids.node}`, expect: '133AA4' },
  { method: 'GET', route: '/api/v1/insights/:board', path: (f) => `/api/v1/insights/structure?node=${f.ids.node}`, expect: '133AA4' },
  { method: 'GET', route: '/api/v1/insights/:board/:file', path: () => '/api/v1/insights/structure/span-of-control.csv', expect: '1AAAAA' },
  { method: 'GET', route: '/api/v1/insights/:board/:file', path: () => '/api/v1/insights/growth/headcount.csv', expect: 'DDDDAD', deniedStatus: 403 },
];
