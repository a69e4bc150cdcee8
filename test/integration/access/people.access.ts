// Who may do what on the people half of issue 3: people pages, 1:1 notes, feedback, discussions,
// notifications and search. Read by test/integration/access.test.ts (roles, in order: anonymous,
// member, nodeMember, nodeLead, admin, outsider). The 1:1 is between the node member and the node
// lead; the comment and the notification belong to the node member. Resources a write consumes are
// made fresh per call.
import assert from 'node:assert/strict';
import type { AccessCase, AccessFixture } from './types.js';

// Every denial is its exact status: 1 = 401 (an anonymous page GET: the redirect to /signin),
// 3 = 403, 4 = 404 (existence hidden), 0 = 400 (the body names someone the caller cannot pick:
// themself, or a person of another workspace). Every denied write is checked to change nothing.
const readers = '1AAAA4'; // any member of the workspace
const signedIn = '1AAAAA'; // any signed-in person, whatever their workspace (their own data)
const nodeReaders = '14AAA4'; // a restricted section's thread: node members, leads, admins
const participants = '14AA44'; // the two people of the 1:1 — not admins, not anyone else
const commentAuthor = '13A334'; // the node member's own comment: others who see it are refused
const notificationOwner = '14A444'; // the node member's own notification
const pageOwner = '13A3A4'; // the node member's person page: the person and admins
const notToLead = '1AA0A4'; // giving to the node lead: anyone of the workspace but the lead themself
const pairWithColleague = '1AA0A0'; // a 1:1 with the node lead: not with oneself, not across workspaces

/** A denied write leaves every row as it was. */
const unchanged = { state: (f: AccessFixture) => f.snapshot() };

interface State {
  pairId: string;
  meetingId: string;
  itemId: string;
  commentId: string;
  notificationId: string;
}

const states = new WeakMap<AccessFixture, Promise<State>>();

function state(f: AccessFixture): Promise<State> {
  let s = states.get(f);
  if (!s) {
    s = (async () => {
      const member = f.people.nodeMember.client;
      const lead = f.people.nodeLead.client;
      const pair = await member.sendJson('POST', '/api/v1/one-on-ones', { personId: f.people.nodeLead.id });
      assert.equal(pair.status, 201, pair.text);
      const pairId = pair.json().id;
      const meetingId = (await member.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings`, { heldOn: '2026-11-30' })).json().id;
      const itemId = (await member.sendJson('POST', `/api/v1/one-on-ones/${pairId}/meetings/${meetingId}/items`, { kind: 'talking_point', body: 'Agenda' })).json().id;
      const commentId = (await member.sendJson('POST', `/api/v1/discussions/node/${f.ids.node}`, { body: 'A thought' })).json().id;
      await lead.sendJson('POST', `/api/v1/discussions/node/${f.ids.node}`, { body: `cc @${f.people.nodeMember.email}` });
      const notificationId = (await member.get('/api/v1/notifications')).json().notifications[0].id;
      await member.sendJson('POST', `/api/v1/people/${f.people.nodeMember.id}/sections`, { kind: 'goals', body: 'Grow' });
      return { pairId, meetingId, itemId, commentId, notificationId };
    })();
    states.set(f, s);
  }
  return s;
}

const meeting = async (f: AccessFixture) => {
  const s = await state(f);
  return `${s.pairId}/meetings/${s.meetingId}`;
};
const freshItem = async (f: AccessFixture) => {
  const s = await state(f);
  const reply = await f.people.nodeMember.client.sendJson('POST', `/api/v1/one-on-ones/${s.pairId}/meetings/${s.meetingId}/items`, { kind: 'action_item', body: 'Disposable' });
  return reply.json().id as string;
};
const freshComment = async (f: AccessFixture) => (await f.people.nodeMember.client.sendJson('POST', `/api/v1/discussions/node/${f.ids.node}`, { body: 'Disposable' })).json().id as string;
const personSectionOrder = async (f: AccessFixture) => {
  await state(f);
  return ((await f.people.admin.client.get(`/api/v1/people/${f.people.nodeMember.id}/sections`)).json().sections as Array<{ id: string }>).map((s) => s.id);
};

/** The node member's profile photo, uploaded once (a 2x2 PNG). */
const photos = new WeakMap<AccessFixture, Promise<void>>();
const tinyPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAE0lEQVR4AWM0Tpv5nwEImBigAAAg4gI1Os1LNgAAAABJRU5ErkJggg==', 'base64');
function memberPhoto(f: AccessFixture): Promise<void> {
  let p = photos.get(f);
  if (!p) {
    p = (async () => {
      const reply = await f.people.nodeMember.client.postMultipart('/profile/photo', {}, { photo: { bytes: tinyPng, name: 'me.png', type: 'image/png' } });
      assert.equal(reply.status, 303, reply.text.slice(0, 300));
    })();
    photos.set(f, p);
  }
  return p;
}
const photoVersion = async (f: AccessFixture) => ((await f.people.admin.client.get('/api/v1/people?q=Noa')).json().people as Array<{ id: string; photo: string | null }>).find((p) => p.id === f.people.nodeMember.id)?.photo;

export const peopleAccessCases: AccessCase[] = [
  // ---- people pages ----
  { method: 'GET', route: '/people', path: () => '/people', expect: signedIn },
  { method: 'GET', route: '/people/:id', path: (f) => `/people/${f.people.nodeLead.id}`, expect: readers },
  // The photo: any member of the workspace sees it; the person and admins remove it.
  { method: 'GET', route: '/people/:id/photo', path: async (f) => (await memberPhoto(f), `/people/${f.people.nodeMember.id}/photo?size=small`), expect: readers, deniedStatus: 404 },
  { method: 'POST', route: '/people/:id/photo/remove', path: async (f) => (await memberPhoto(f), `/people/${f.people.nodeMember.id}/photo/remove`), form: true, body: () => ({}), expect: pageOwner, state: photoVersion },
  { method: 'POST', route: '/people/:id/feedback', path: (f) => `/people/${f.people.nodeLead.id}/feedback`, form: true, body: () => ({ body: 'Nice work', visibility: 'recipient' }), expect: notToLead, ...unchanged },
  { method: 'POST', route: '/people/:id/sections', path: (f) => `/people/${f.people.nodeMember.id}/sections`, form: true, body: () => ({ kind: 'custom', title: 'Books', body: 'Dune', visibility: 'public' }), expect: pageOwner, ...unchanged },
  { method: 'GET', route: '/api/v1/people', path: () => '/api/v1/people', expect: signedIn },
  { method: 'GET', route: '/api/v1/people/:id', path: (f) => `/api/v1/people/${f.people.nodeLead.id}`, expect: readers },
  { method: 'GET', route: '/api/v1/people/:id/sections', path: (f) => `/api/v1/people/${f.people.nodeMember.id}/sections`, expect: readers },
  { method: 'POST', route: '/api/v1/people/:id/sections', path: (f) => `/api/v1/people/${f.people.nodeMember.id}/sections`, body: () => ({ kind: 'goals', body: 'More' }), expect: pageOwner, ...unchanged },
  { method: 'PUT', route: '/api/v1/people/:id/sections/order', path: (f) => `/api/v1/people/${f.people.nodeMember.id}/sections/order`, body: async (f) => ({ ids: await personSectionOrder(f) }), expect: pageOwner, ...unchanged },

  // ---- feedback ----
  { method: 'GET', route: '/feedback', path: () => '/feedback', expect: signedIn },
  { method: 'GET', route: '/api/v1/feedback', path: () => '/api/v1/feedback', expect: signedIn },
  { method: 'GET', route: '/api/v1/feedback/values', path: () => '/api/v1/feedback/values', expect: signedIn },
  { method: 'GET', route: '/api/v1/people/:id/feedback', path: (f) => `/api/v1/people/${f.people.nodeLead.id}/feedback`, expect: readers },
  // From the feedback page, to a colleague picked by email: the lead themself and an outsider (not a colleague) are refused as a bad choice.
  { method: 'POST', route: '/feedback', path: () => '/feedback', form: true, body: (f) => ({ recipient: f.people.nodeLead.email, body: 'Nice work', visibility: 'recipient' }), expect: '1AA0A0', ...unchanged },
  { method: 'POST', route: '/api/v1/people/:id/feedback', path: (f) => `/api/v1/people/${f.people.nodeLead.id}/feedback`, body: () => ({ body: 'Nice work', visibility: 'leads' }), expect: notToLead, ...unchanged },

  // ---- 1:1 notes ----
  { method: 'GET', route: '/one-on-ones', path: () => '/one-on-ones', expect: signedIn },
  { method: 'POST', route: '/one-on-ones', path: () => '/one-on-ones', form: true, body: (f) => ({ personId: f.people.nodeLead.id }), expect: pairWithColleague, ...unchanged },
  { method: 'GET', route: '/one-on-ones/:id', path: async (f) => `/one-on-ones/${(await state(f)).pairId}`, expect: participants },
  { method: 'POST', route: '/one-on-ones/:id/meetings', path: async (f) => `/one-on-ones/${(await state(f)).pairId}/meetings`, form: true, body: () => ({ heldOn: '2026-12-07' }), expect: participants, ...unchanged },
  { method: 'GET', route: '/one-on-ones/:id/meetings/:meetingId', path: async (f) => `/one-on-ones/${await meeting(f)}`, expect: participants },
  { method: 'POST', route: '/one-on-ones/:id/meetings/:meetingId/shared-notes', path: async (f) => `/one-on-ones/${await meeting(f)}/shared-notes`, form: true, body: () => ({ sharedNotes: 'Shared' }), expect: participants, ...unchanged },
  { method: 'POST', route: '/one-on-ones/:id/meetings/:meetingId/private-note', path: async (f) => `/one-on-ones/${await meeting(f)}/private-note`, form: true, body: () => ({ body: 'Mine' }), expect: participants, ...unchanged },
  { method: 'POST', route: '/one-on-ones/:id/meetings/:meetingId/items', path: async (f) => `/one-on-ones/${await meeting(f)}/items`, form: true, body: () => ({ kind: 'talking_point', body: 'Point' }), expect: participants, ...unchanged },
  { method: 'POST', route: '/one-on-ones/:id/meetings/:meetingId/items/:itemId', path: async (f) => `/one-on-ones/${await meeting(f)}/items/${(await state(f)).itemId}`, form: true, body: () => ({ done: 'true' }), expect: participants, ...unchanged },
  { method: 'POST', route: '/one-on-ones/:id/meetings/:meetingId/items/:itemId/delete', path: async (f) => `/one-on-ones/${await meeting(f)}/items/${await freshItem(f)}/delete`, form: true, expect: participants, ...unchanged },
  { method: 'GET', route: '/api/v1/one-on-ones', path: () => '/api/v1/one-on-ones', expect: signedIn },
  { method: 'POST', route: '/api/v1/one-on-ones', path: () => '/api/v1/one-on-ones', body: (f) => ({ personId: f.people.nodeLead.id }), expect: pairWithColleague, ...unchanged },
  { method: 'GET', route: '/api/v1/one-on-ones/:id', path: async (f) => `/api/v1/one-on-ones/${(await state(f)).pairId}`, expect: participants },
  { method: 'POST', route: '/api/v1/one-on-ones/:id/meetings', path: async (f) => `/api/v1/one-on-ones/${(await state(f)).pairId}/meetings`, body: () => ({ heldOn: '2026-12-14' }), expect: participants, ...unchanged },
  { method: 'GET', route: '/api/v1/one-on-ones/:id/meetings/:meetingId', path: async (f) => `/api/v1/one-on-ones/${await meeting(f)}`, expect: participants },
  { method: 'PATCH', route: '/api/v1/one-on-ones/:id/meetings/:meetingId', path: async (f) => `/api/v1/one-on-ones/${await meeting(f)}`, body: () => ({ sharedNotes: 'Shared' }), expect: participants, ...unchanged },
  { method: 'PUT', route: '/api/v1/one-on-ones/:id/meetings/:meetingId/private-note', path: async (f) => `/api/v1/one-on-ones/${await meeting(f)}/private-note`, body: () => ({ body: 'Mine' }), expect: participants, ...unchanged },
  { method: 'POST', route: '/api/v1/one-on-ones/:id/meetings/:meetingId/items', path: async (f) => `/api/v1/one-on-ones/${await meeting(f)}/items`, body: () => ({ kind: 'talking_point', body: 'Point' }), expect: participants, ...unchanged },
  { method: 'PATCH', route: '/api/v1/one-on-ones/:id/meetings/:meetingId/items/:itemId', path: async (f) => `/api/v1/one-on-ones/${await meeting(f)}/items/${(await state(f)).itemId}`, body: () => ({ done: false }), expect: participants, ...unchanged },
  { method: 'DELETE', route: '/api/v1/one-on-ones/:id/meetings/:meetingId/items/:itemId', path: async (f) => `/api/v1/one-on-ones/${await meeting(f)}/items/${await freshItem(f)}`, expect: participants, ...unchanged },

  // ---- discussions ----
  { method: 'GET', route: '/discussions/:type/:id', path: (f) => `/discussions/node/${f.ids.node}`, expect: readers },
  { method: 'GET', route: '/discussions/:type/:id', path: (f) => `/discussions/section/${f.ids.restrictedSection}`, expect: nodeReaders },
  { method: 'POST', route: '/discussions/:type/:id', path: (f) => `/discussions/node/${f.ids.node}`, form: true, body: () => ({ body: 'Hello' }), expect: readers, ...unchanged },
  { method: 'POST', route: '/discussions/:type/:id', path: (f) => `/discussions/section/${f.ids.restrictedSection}`, form: true, body: () => ({ body: 'Hello' }), expect: nodeReaders, ...unchanged },
  { method: 'POST', route: '/discussions/comments/:commentId', path: async (f) => `/discussions/comments/${(await state(f)).commentId}`, form: true, body: () => ({ body: 'Edited' }), expect: commentAuthor, ...unchanged },
  { method: 'POST', route: '/discussions/comments/:commentId/delete', path: async (f) => `/discussions/comments/${await freshComment(f)}/delete`, form: true, expect: commentAuthor, ...unchanged },
  { method: 'GET', route: '/api/v1/discussions/:type/:id', path: (f) => `/api/v1/discussions/node/${f.ids.node}`, expect: readers },
  { method: 'GET', route: '/api/v1/discussions/:type/:id', path: (f) => `/api/v1/discussions/section/${f.ids.restrictedSection}`, expect: nodeReaders },
  { method: 'POST', route: '/api/v1/discussions/:type/:id', path: (f) => `/api/v1/discussions/section/${f.ids.publicSection}`, body: () => ({ body: 'Hello' }), expect: readers, ...unchanged },
  { method: 'POST', route: '/api/v1/discussions/:type/:id', path: (f) => `/api/v1/discussions/section/${f.ids.restrictedSection}`, body: () => ({ body: 'Hello' }), expect: nodeReaders, ...unchanged },
  { method: 'PATCH', route: '/api/v1/comments/:commentId', path: async (f) => `/api/v1/comments/${(await state(f)).commentId}`, body: () => ({ body: 'Edited again' }), expect: commentAuthor, ...unchanged },
  { method: 'DELETE', route: '/api/v1/comments/:commentId', path: async (f) => `/api/v1/comments/${await freshComment(f)}`, expect: commentAuthor, ...unchanged },

  // ---- notifications ----
  { method: 'GET', route: '/notifications', path: () => '/notifications', expect: signedIn },
  { method: 'POST', route: '/notifications/read', path: () => '/notifications/read', form: true, expect: signedIn, ...unchanged },
  { method: 'GET', route: '/notifications/:id/open', path: async (f) => `/notifications/${(await state(f)).notificationId}/open`, expect: notificationOwner },
  { method: 'GET', route: '/api/v1/notifications', path: () => '/api/v1/notifications', expect: signedIn },
  { method: 'POST', route: '/api/v1/notifications/read', path: () => '/api/v1/notifications/read', expect: signedIn, ...unchanged },
  { method: 'POST', route: '/api/v1/notifications/:id/read', path: async (f) => `/api/v1/notifications/${(await state(f)).notificationId}/read`, expect: notificationOwner, ...unchanged },

  // ---- search ----
  { method: 'GET', route: '/search', path: () => '/search?q=core', expect: signedIn },
  { method: 'GET', route: '/api/v1/search', path: () => '/api/v1/search?q=core', expect: signedIn },
];
