// Who may do what on the org, sections, tokens and foundation routes. Read by
// test/integration/access.test.ts; other components add their own <name>.access.ts beside this one.
// Roles, in order: anonymous, member (of the workspace), nodeMember, nodeLead, admin, outsider (a
// member of another workspace). 'A' = allowed (2xx/3xx); every denial is its exact status: 1 = 401
// (an anonymous page GET: the redirect to /signin), 3 = 403, 4 = 404 (existence hidden: another
// workspace's resource, a restricted section), 0 = 400 (a reference in the query or body that the
// caller cannot see is answered as unknown, naming the field). Every denied write is checked to
// change nothing (AccessFixture.snapshot).
import type { AccessCase, AccessFixture } from './types.js';

const everyone = 'AAAAAA';
const signedIn = '1AAAAA'; // any signed-in person, whatever their workspace (their own data)
const readers = '1AAAA4'; // any member of the workspace; another workspace does not see it
const readersRootByQuery = '1AAAA0'; // the same, with the other workspace's id in the query: 400 naming it
const nodeReaders = '14AAA4'; // restricted section: node members, leads, admins; the rest do not see it
const leads = '133AA4'; // node leads and admins
const restrictedLeads = '143AA4'; // a restricted section's grants: leads and admins; a member does not see it
const admins = '1333A3'; // workspace-wide admin actions
const nodeAdmins = '1333A4'; // admin actions on a node, which another workspace does not see
const ownerOnly = '144A44'; // the resource belongs to the node lead; no one else sees it

/** A denied write leaves every row as it was. */
const unchanged = { state: (f: AccessFixture) => f.snapshot() };

export const orgAccessCases: AccessCase[] = [
  // ---- foundation API ----
  { method: 'GET', route: '/api/v1/openapi.json', path: () => '/api/v1/openapi.json', expect: everyone },
  { method: 'GET', route: '/api/v1/csrf-token', path: () => '/api/v1/csrf-token', expect: everyone },
  { method: 'GET', route: '/api/v1/me', path: () => '/api/v1/me', expect: signedIn },
  { method: 'PATCH', route: '/api/v1/me', path: () => '/api/v1/me', body: () => ({ title: 'Tester' }), expect: signedIn, ...unchanged },
  { method: 'GET', route: '/api/v1/users/:id', path: (f) => `/api/v1/users/${f.people.member.id}`, expect: readers },
  { method: 'GET', route: '/api/v1/sessions', path: () => '/api/v1/sessions', expect: signedIn },
  { method: 'DELETE', route: '/api/v1/sessions/:id', path: async (f) => `/api/v1/sessions/${await f.fresh.leadSession()}`, expect: ownerOnly, ...unchanged },

  // ---- tokens ----
  { method: 'GET', route: '/tokens', path: () => '/tokens', expect: signedIn },
  { method: 'POST', route: '/tokens', path: () => '/tokens', form: true, body: () => ({ name: 'ci', scope: 'read', expiresInDays: '30' }), expect: signedIn, ...unchanged },
  { method: 'POST', route: '/tokens/:id/revoke', path: async (f) => `/tokens/${await f.fresh.leadToken()}/revoke`, form: true, expect: ownerOnly, ...unchanged },
  { method: 'GET', route: '/api/v1/tokens', path: () => '/api/v1/tokens', expect: signedIn },
  { method: 'POST', route: '/api/v1/tokens', path: () => '/api/v1/tokens', body: () => ({ name: 'ci', scope: 'read' }), expect: signedIn, ...unchanged },
  { method: 'DELETE', route: '/api/v1/tokens/:id', path: async (f) => `/api/v1/tokens/${await f.fresh.leadToken()}`, expect: ownerOnly, ...unchanged },

  // ---- org pages ----
  { method: 'GET', route: '/org', path: () => '/org', expect: signedIn },
  { method: 'GET', route: '/org/manage', path: () => '/org/manage', expect: admins },
  { method: 'GET', route: '/org/entities/:id', path: (f) => `/org/entities/${f.ids.teams}`, expect: readers },
  { method: 'GET', route: '/org/entities/:id/chart.svg', path: (f) => `/org/entities/${f.ids.teams}/chart.svg`, expect: readers },
  { method: 'GET', route: '/org/entities/:id/chart', path: (f) => `/org/entities/${f.ids.teams}/chart`, expect: readers },
  { method: 'GET', route: '/org/people/chart', path: () => '/org/people/chart', expect: signedIn },
  { method: 'GET', route: '/org/assets/:file', path: () => '/org/assets/chart.js', expect: everyone },
  { method: 'GET', route: '/api/v1/entities/:id/chart', path: (f) => `/api/v1/entities/${f.ids.teams}/chart?depth=2`, expect: readers },
  // Another workspace's person is not found from the outsider's workspace (400 naming root).
  { method: 'GET', route: '/api/v1/people/chart', path: (f) => `/api/v1/people/chart?root=${f.people.member.id}`, expect: readersRootByQuery },
  { method: 'POST', route: '/org/entities', path: () => '/org/entities', form: true, body: () => ({ name: 'Guilds' }), expect: admins, ...unchanged },
  { method: 'POST', route: '/org/entities/:id', path: (f) => `/org/entities/${f.ids.custom}`, form: true, body: () => ({ name: 'Circles' }), expect: admins, ...unchanged },
  { method: 'POST', route: '/org/entities/:id/archive', path: (f) => `/org/entities/${f.ids.custom}/archive`, form: true, body: () => ({ archived: 'false' }), expect: admins, ...unchanged },
  { method: 'POST', route: '/org/entities/:id/move', path: (f) => `/org/entities/${f.ids.custom}/move`, form: true, body: () => ({ direction: 'up' }), expect: admins, ...unchanged },
  { method: 'POST', route: '/org/nodes', path: () => '/org/nodes', form: true, body: (f) => ({ entityId: f.ids.teams, name: 'New team' }), expect: admins, ...unchanged },
  { method: 'GET', route: '/org/nodes/:id', path: (f) => `/org/nodes/${f.ids.node}`, expect: readers },
  { method: 'POST', route: '/org/nodes/:id', path: (f) => `/org/nodes/${f.ids.node}`, form: true, body: () => ({ name: 'Core team', description: '' }), expect: leads, ...unchanged },
  { method: 'POST', route: '/org/nodes/:id/archive', path: (f) => `/org/nodes/${f.ids.node}/archive`, form: true, body: () => ({ archived: 'false' }), expect: nodeAdmins, ...unchanged },
  { method: 'POST', route: '/org/nodes/:id/members', path: (f) => `/org/nodes/${f.ids.node}/members`, form: true, body: async (f) => ({ email: (await f.fresh.person()).email, role: 'member' }), expect: leads, ...unchanged },
  { method: 'POST', route: '/org/nodes/:id/members/:userId/remove', path: async (f) => `/org/nodes/${f.ids.node}/members/${await f.fresh.membership()}/remove`, form: true, expect: leads, ...unchanged },
  { method: 'POST', route: '/org/nodes/:id/links', path: (f) => `/org/nodes/${f.ids.node}/links`, form: true, body: async (f) => ({ nodeId: await f.fresh.productNode() }), expect: leads, ...unchanged },
  { method: 'POST', route: '/org/links/:id/remove', path: async (f) => `/org/links/${await f.fresh.link()}/remove`, form: true, expect: leads, ...unchanged },
  { method: 'POST', route: '/org/nodes/:id/editors', path: (f) => `/org/nodes/${f.ids.node}/editors`, form: true, body: async (f) => ({ editorEmail: (await f.fresh.person()).email }), expect: leads, ...unchanged },
  { method: 'POST', route: '/org/nodes/:id/editors/:userId/remove', path: async (f) => `/org/nodes/${f.ids.node}/editors/${await f.fresh.editor()}/remove`, form: true, expect: leads, ...unchanged },
  // The Manage tab: whoever may change something of the node (its leads, admins); others get 403, other workspaces 404.
  { method: 'GET', route: '/org/nodes/:id/manage', path: (f) => `/org/nodes/${f.ids.node}/manage`, expect: leads },
  // The undo of a removal: the same right as the removal (manageMembers / manageEditors), on a fresh person.
  { method: 'POST', route: '/org/nodes/:id/members/:userId/restore', path: async (f) => `/org/nodes/${f.ids.node}/members/${(await f.fresh.person()).id}/restore`, form: true, body: () => ({ role: 'member' }), expect: leads, state: (f) => f.stored('memberships') },
  { method: 'POST', route: '/org/nodes/:id/editors/:userId/restore', path: async (f) => `/org/nodes/${f.ids.node}/editors/${(await f.fresh.person()).id}/restore`, form: true, expect: leads, state: (f) => f.stored('editors') },
  { method: 'POST', route: '/org/nodes/:id/sections', path: (f) => `/org/nodes/${f.ids.node}/sections`, form: true, body: () => ({ kind: 'goals', body: 'More', visibility: 'public' }), expect: leads, ...unchanged },

  // ---- section pages ----
  { method: 'GET', route: '/sections/:id/edit', path: (f) => `/sections/${f.ids.publicSection}/edit`, expect: leads },
  { method: 'POST', route: '/sections/:id/edit', path: (f) => `/sections/${f.ids.publicSection}/edit`, form: true, body: () => ({ body: 'Edited', visibility: 'public' }), expect: leads, ...unchanged },
  { method: 'POST', route: '/sections/:id/delete', path: async (f) => `/sections/${await f.fresh.section()}/delete`, form: true, expect: leads, ...unchanged },
  { method: 'POST', route: '/sections/:id/undelete', path: async (f) => `/sections/${await f.fresh.deletedSection()}/undelete`, form: true, expect: leads, ...unchanged },
  { method: 'GET', route: '/sections/:id/history', path: (f) => `/sections/${f.ids.restrictedSection}/history`, expect: nodeReaders },
  { method: 'POST', route: '/sections/:id/restore', path: (f) => `/sections/${f.ids.publicSection}/restore`, form: true, body: () => ({ revision: '1' }), expect: leads, ...unchanged },
  { method: 'POST', route: '/sections/:id/move', path: (f) => `/sections/${f.ids.publicSection}/move`, form: true, body: () => ({ direction: 'down' }), expect: leads, ...unchanged },
  { method: 'POST', route: '/sections/:id/hide', path: (f) => `/sections/${f.ids.restrictedSection}/hide`, form: true, expect: nodeReaders, ...unchanged },
  { method: 'POST', route: '/sections/:id/show', path: (f) => `/sections/${f.ids.restrictedSection}/show`, form: true, expect: nodeReaders, ...unchanged },
  { method: 'GET', route: '/sections/:id/grants', path: (f) => `/sections/${f.ids.restrictedSection}/grants`, expect: restrictedLeads },
  { method: 'POST', route: '/sections/:id/grants', path: (f) => `/sections/${f.ids.restrictedSection}/grants`, form: true, body: (f) => ({ email: f.people.admin.email }), expect: restrictedLeads, ...unchanged },
  { method: 'POST', route: '/sections/:id/grants/:grantId/remove', path: async (f) => `/sections/${f.ids.restrictedSection}/grants/${await f.fresh.grant()}/remove`, form: true, expect: restrictedLeads, ...unchanged },

  // ---- org API ----
  { method: 'GET', route: '/api/v1/entities', path: () => '/api/v1/entities', expect: signedIn },
  { method: 'POST', route: '/api/v1/entities', path: () => '/api/v1/entities', body: () => ({ name: 'Chapters' }), expect: admins, ...unchanged },
  { method: 'PUT', route: '/api/v1/entities/order', path: () => '/api/v1/entities/order', body: async (f) => ({ ids: await f.entityOrder() }), expect: admins, ...unchanged },
  { method: 'GET', route: '/api/v1/entities/:id', path: (f) => `/api/v1/entities/${f.ids.teams}`, expect: readers },
  { method: 'PATCH', route: '/api/v1/entities/:id', path: (f) => `/api/v1/entities/${f.ids.custom}`, body: () => ({ name: 'Circles' }), expect: admins, ...unchanged },
  { method: 'POST', route: '/api/v1/nodes', path: () => '/api/v1/nodes', body: (f) => ({ entityId: f.ids.teams, name: 'API team' }), expect: admins, ...unchanged },
  { method: 'GET', route: '/api/v1/nodes/:id', path: (f) => `/api/v1/nodes/${f.ids.node}`, expect: readers },
  { method: 'PATCH', route: '/api/v1/nodes/:id', path: (f) => `/api/v1/nodes/${f.ids.node}`, body: () => ({ description: 'The core' }), expect: leads, ...unchanged },
  { method: 'GET', route: '/api/v1/nodes/:id/members', path: (f) => `/api/v1/nodes/${f.ids.node}/members`, expect: readers },
  { method: 'PUT', route: '/api/v1/nodes/:id/members/:userId', path: async (f) => `/api/v1/nodes/${f.ids.node}/members/${(await f.fresh.person()).id}`, body: () => ({ role: 'member' }), expect: leads, ...unchanged },
  { method: 'DELETE', route: '/api/v1/nodes/:id/members/:userId', path: async (f) => `/api/v1/nodes/${f.ids.node}/members/${await f.fresh.membership()}`, expect: leads, ...unchanged },
  { method: 'GET', route: '/api/v1/nodes/:id/links', path: (f) => `/api/v1/nodes/${f.ids.node}/links`, expect: readers },
  { method: 'POST', route: '/api/v1/nodes/:id/links', path: (f) => `/api/v1/nodes/${f.ids.node}/links`, body: async (f) => ({ nodeId: await f.fresh.productNode() }), expect: leads, ...unchanged },
  { method: 'DELETE', route: '/api/v1/links/:id', path: async (f) => `/api/v1/links/${await f.fresh.link()}`, expect: leads, ...unchanged },
  { method: 'GET', route: '/api/v1/nodes/:id/editors', path: (f) => `/api/v1/nodes/${f.ids.node}/editors`, expect: readers },
  { method: 'PUT', route: '/api/v1/nodes/:id/editors/:userId', path: async (f) => `/api/v1/nodes/${f.ids.node}/editors/${(await f.fresh.person()).id}`, expect: leads, ...unchanged },
  { method: 'DELETE', route: '/api/v1/nodes/:id/editors/:userId', path: async (f) => `/api/v1/nodes/${f.ids.node}/editors/${await f.fresh.editor()}`, expect: leads, ...unchanged },
  { method: 'GET', route: '/api/v1/people/:id/memberships', path: (f) => `/api/v1/people/${f.people.nodeMember.id}/memberships`, expect: readers },

  // ---- sections API ----
  { method: 'GET', route: '/api/v1/nodes/:id/sections', path: (f) => `/api/v1/nodes/${f.ids.node}/sections`, expect: readers },
  { method: 'POST', route: '/api/v1/nodes/:id/sections', path: (f) => `/api/v1/nodes/${f.ids.node}/sections`, body: () => ({ kind: 'values', body: 'Candour', visibility: 'public' }), expect: leads, ...unchanged },
  { method: 'PUT', route: '/api/v1/nodes/:id/sections/order', path: (f) => `/api/v1/nodes/${f.ids.node}/sections/order`, body: async (f) => ({ ids: await f.sectionOrder() }), expect: leads, ...unchanged },
  { method: 'GET', route: '/api/v1/sections/:id', path: (f) => `/api/v1/sections/${f.ids.restrictedSection}`, expect: nodeReaders },
  { method: 'PATCH', route: '/api/v1/sections/:id', path: (f) => `/api/v1/sections/${f.ids.publicSection}`, body: () => ({ body: 'Edited via API' }), expect: leads, ...unchanged },
  { method: 'DELETE', route: '/api/v1/sections/:id', path: async (f) => `/api/v1/sections/${await f.fresh.section()}`, expect: leads, ...unchanged },
  { method: 'POST', route: '/api/v1/sections/:id/move', path: (f) => `/api/v1/sections/${f.ids.publicSection}/move`, body: () => ({ direction: 'up' }), expect: leads, ...unchanged },
  { method: 'GET', route: '/api/v1/sections/:id/revisions', path: (f) => `/api/v1/sections/${f.ids.restrictedSection}/revisions`, expect: nodeReaders },
  { method: 'GET', route: '/api/v1/sections/:id/diff', path: (f) => `/api/v1/sections/${f.ids.restrictedSection}/diff?from=1&to=1`, expect: nodeReaders },
  { method: 'POST', route: '/api/v1/sections/:id/restore', path: (f) => `/api/v1/sections/${f.ids.publicSection}/restore`, body: () => ({ revision: 1 }), expect: leads, ...unchanged },
  { method: 'GET', route: '/api/v1/sections/:id/grants', path: (f) => `/api/v1/sections/${f.ids.restrictedSection}/grants`, expect: restrictedLeads },
  { method: 'POST', route: '/api/v1/sections/:id/grants', path: (f) => `/api/v1/sections/${f.ids.restrictedSection}/grants`, body: (f) => ({ userId: f.people.admin.id }), expect: restrictedLeads, ...unchanged },
  { method: 'DELETE', route: '/api/v1/sections/:id/grants/:grantId', path: async (f) => `/api/v1/sections/${f.ids.restrictedSection}/grants/${await f.fresh.grant()}`, expect: restrictedLeads, ...unchanged },
  { method: 'PUT', route: '/api/v1/sections/:id/hidden', path: (f) => `/api/v1/sections/${f.ids.restrictedSection}/hidden`, expect: nodeReaders, ...unchanged },
  { method: 'DELETE', route: '/api/v1/sections/:id/hidden', path: (f) => `/api/v1/sections/${f.ids.restrictedSection}/hidden`, expect: nodeReaders, ...unchanged },
];
