// Who may open the Insights pages (the /api/v1/insights rows are in the API's own table). Roles, in
// order: anonymous, member, nodeMember, nodeLead, admin, outsider (a member of another workspace).
// Everyone sees the workspace-wide structure of their own workspace; a lead sees the boards of the
// subtree they lead; admins see every board (the service's rule, from issue 25).
import type { AccessCase } from './types.js';

// Exact denials (see types.ts): 1 = the redirect to /signin, 3 = 403, 4 = 404.
const signedIn = '1AAAAA'; // the outsider sees the boards of their own workspace
const leadsOfTheNode = '133AA4'; // the node is unknown in the outsider's workspace
const admins = '1333A3';

export const insightsPagesAccessCases: AccessCase[] = [
  { method: 'GET', route: '/insights', path: () => '/insights', expect: signedIn },
  { method: 'GET', route: '/insights/:board', path: () => '/insights/structure', expect: signedIn },
  // A behavioural board of one node: its leads and admins; a member of the node is refused, and so
  // is someone from another workspace (the node is not theirs).
  { method: 'GET', route: '/insights/:board', path: (f) => `/insights/rhythm?node=${f.ids.node}`, expect: leadsOfTheNode },
  // A behavioural board of the whole workspace: admins only.
  { method: 'GET', route: '/insights/:board', path: () => '/insights/recognition', expect: admins },
];
