// Who may do what on the /admin and /privacy pages and their API (issue 19: these were not covered,
// so removing requireAdmin from account deletion, legal holds, invitations or the sign-up mode left
// the suite green). Denials are checked to the exact status (anonymous: 401, or the redirect to
// /signin for a page; signed-in roles without the right: 403), and every denied write is checked
// to change nothing. Roles: anonymous, member, nodeMember, nodeLead, admin, outsider.
import type { AccessCase, AccessFixture } from './types.js';

const admins = 'DDDDAD';
const signedIn = 'DAAAAA';
const everyone = 'AAAAAA';
const exact = { deniedStatus: 403 as const };

/** What a denied write must leave as it was (AccessFixture.stored reads it from the database). */
const count = (what: Parameters<AccessFixture['stored']>[0]) => (f: AccessFixture) => f.stored(what);

export const adminAccessCases: AccessCase[] = [
  // ---- workspace administration ----
  { method: 'GET', route: '/admin', path: () => '/admin', expect: admins, ...exact },
  { method: 'POST', route: '/admin/signup-mode', path: () => '/admin/signup-mode', form: true, body: () => ({ mode: 'config' }), expect: admins, ...exact, state: count('workspaces_signup_mode') },
  { method: 'POST', route: '/admin/invitations', path: () => '/admin/invitations', form: true, body: async (f) => ({ email: `invitee-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, role: 'admin' }), expect: admins, ...exact, state: count('invitations') },
  { method: 'GET', route: '/admin/users/:id/delete', path: (f) => `/admin/users/${f.people.member.id}/delete`, expect: admins, ...exact },
  { method: 'POST', route: '/admin/users/:id/delete', path: async (f) => `/admin/users/${(await f.fresh.person()).id}/delete`, form: true, body: () => ({ email: 'not-the-person@example.com' }), expect: 'DDDDXD', ...exact, state: count('users_deleted') },
  // ---- people of the workspace (issue 22b): the paged list and one POST per action, page and API ----
  { method: 'GET', route: '/admin/users', path: () => '/admin/users', expect: admins, ...exact },
  { method: 'GET', route: '/api/v1/admin/users', path: () => '/api/v1/admin/users', expect: admins, ...exact },
  // Each call acts on a fresh active member (so enable and reset-link are allowed no-ops or sends, and
  // an admin never acts on themself); a denied call must leave statuses, roles, reset links and the outbox alone.
  ...['disable', 'enable', 'promote', 'demote', 'reset-link'].flatMap((action): AccessCase[] => [
    { method: 'POST', route: `/admin/users/:id/${action}`, path: async (f) => `/admin/users/${(await f.fresh.person()).id}/${action}`, form: true, expect: admins, ...exact, state: count('users_admin') },
    { method: 'POST', route: `/api/v1/admin/users/:id/${action}`, path: async (f) => `/api/v1/admin/users/${(await f.fresh.person()).id}/${action}`, body: () => ({}), expect: admins, ...exact, state: count('users_admin') },
  ]),
  // ---- email outbox (issue 24) ----
  { method: 'GET', route: '/admin/mail', path: () => '/admin/mail', expect: admins, ...exact },
  { method: 'GET', route: '/admin/mail/preview', path: () => '/admin/mail/preview?template=password_reset&language=en', expect: admins, ...exact },
  { method: 'GET', route: '/api/v1/admin/mail/outbox', path: () => '/api/v1/admin/mail/outbox', expect: admins, ...exact },
  { method: 'POST', route: '/admin/mail/:id/retry', path: async (f) => `/admin/mail/${await f.fresh.failedEmail()}/retry`, form: true, expect: admins, ...exact, state: count('outbox_failed') },
  { method: 'POST', route: '/admin/mail/consent', path: () => '/admin/mail/consent', form: true, body: () => ({ category: 'product_updates', consent: 'opt_out' }), expect: admins, ...exact, state: count('mail_consents') },
  { method: 'POST', route: '/admin/mail/announcements', path: () => '/admin/mail/announcements', form: true, body: () => ({ subject: 'Access matrix', body: 'An announcement', category: 'announcements' }), expect: admins, ...exact, state: count('outbox') },
  // ---- retention and legal holds ----
  { method: 'GET', route: '/admin/retention', path: () => '/admin/retention', expect: admins, ...exact },
  { method: 'GET', route: '/admin/retention/history', path: () => '/admin/retention/history', expect: admins, ...exact },
  { method: 'GET', route: '/admin/retention/holds', path: () => '/admin/retention/holds', expect: admins, ...exact },
  { method: 'POST', route: '/admin/retention/holds', path: () => '/admin/retention/holds', form: true, body: async (f) => ({ user: (await f.fresh.person()).email, reason: 'litigation hold' }), expect: admins, ...exact, state: count('legal_holds') },
  { method: 'POST', route: '/admin/retention/holds/:id/release', path: async (f) => `/admin/retention/holds/${await f.fresh.hold()}/release`, form: true, expect: admins, ...exact, state: count('legal_holds_released') },
  // ---- audit, captured data, usage ----
  { method: 'GET', route: '/admin/audit', path: () => '/admin/audit', expect: admins, ...exact },
  { method: 'GET', route: '/admin/logs', path: () => '/admin/logs', expect: admins, ...exact },
  { method: 'GET', route: '/admin/devices', path: () => '/admin/devices', expect: admins, ...exact },
  { method: 'GET', route: '/admin/crashes', path: () => '/admin/crashes', expect: admins, ...exact },
  { method: 'GET', route: '/admin/usage', path: () => '/admin/usage', expect: admins, ...exact },
  { method: 'POST', route: '/admin/usage', path: () => '/admin/usage', form: true, body: () => ({ enabled: 'on' }), expect: admins, ...exact, state: count('capture_settings') },
  // ---- privacy center ----
  { method: 'GET', route: '/privacy', path: () => '/privacy', expect: everyone },
  { method: 'GET', route: '/privacy/cookies', path: () => '/privacy/cookies', expect: everyone },
  { method: 'GET', route: '/api/v1/privacy/cookies', path: () => '/api/v1/privacy/cookies', expect: everyone },
  { method: 'POST', route: '/privacy/consent', path: () => '/privacy/consent', form: true, body: () => ({ choice: 'reject' }), expect: everyone },
  { method: 'GET', route: '/privacy/me', path: () => '/privacy/me', expect: signedIn, ...exact },
  { method: 'POST', route: '/privacy/me/requests', path: () => '/privacy/me/requests', form: true, body: () => ({ type: 'access' }), expect: signedIn, ...exact, state: count('dsar_requests') },
  { method: 'GET', route: '/privacy/me/export', path: () => '/privacy/me/export', expect: signedIn, ...exact },
  { method: 'GET', route: '/privacy/requests', path: () => '/privacy/requests', expect: admins, ...exact },
  { method: 'GET', route: '/privacy/requests/new', path: () => '/privacy/requests/new', expect: admins, ...exact },
  { method: 'POST', route: '/privacy/requests', path: () => '/privacy/requests', form: true, body: async (f) => ({ type: 'access', user: (await f.fresh.person()).email, channel: 'email' }), expect: admins, ...exact, state: count('dsar_requests') },
  { method: 'GET', route: '/privacy/requests/:id', path: async (f) => `/privacy/requests/${await f.fresh.privacyRequest()}`, expect: admins, ...exact },
  { method: 'GET', route: '/privacy/requests/:id/export', path: async (f) => `/privacy/requests/${await f.fresh.privacyRequest()}/export`, expect: admins, ...exact },
  ...['status', 'extend', 'close', 'assign', 'notes', 'rectify', 'restrict', 'lift', 'erase'].map(
    (action): AccessCase => ({ method: 'POST', route: `/privacy/requests/:id/${action}`, path: async (f) => `/privacy/requests/${await f.fresh.privacyRequest()}/${action}`, form: true, body: () => ({ body: 'a note', status: 'in_progress' }), expect: 'DDDDXD', ...exact, state: count('dsar_all') }),
  ),
  { method: 'GET', route: '/api/v1/privacy/requests', path: () => '/api/v1/privacy/requests', expect: admins, ...exact },
  { method: 'POST', route: '/api/v1/privacy/requests', path: () => '/api/v1/privacy/requests', body: async (f) => ({ type: 'access', user: (await f.fresh.person()).email }), expect: admins, ...exact, state: count('dsar_requests') },
  { method: 'GET', route: '/api/v1/privacy/requests/:id', path: async (f) => `/api/v1/privacy/requests/${await f.fresh.privacyRequest()}`, expect: admins, ...exact },
  // Mentions to review (issue 18): no mention of a fresh request exists, so the admin's outcome is not checked; every other role is refused and nothing changes.
  { method: 'POST', route: '/privacy/requests/:id/mentions/:mentionId', path: async (f) => `/privacy/requests/${await f.fresh.privacyRequest()}/mentions/00000000-0000-4000-8000-000000000000`, form: true, body: () => ({ decision: 'keep', reason: 'quoted in a public report' }), expect: 'DDDDXD', ...exact, state: count('dsar_all') },
  { method: 'POST', route: '/api/v1/privacy/requests/:id/close', path: async (f) => `/api/v1/privacy/requests/${await f.fresh.privacyRequest()}/close`, body: () => ({ outcome: 'completed', reason: 'done here' }), expect: 'DDDDXD', ...exact, state: count('dsar_all') },
  { method: 'POST', route: '/api/v1/privacy/requests/:id/erase', path: async (f) => `/api/v1/privacy/requests/${await f.fresh.privacyRequest()}/erase`, body: () => ({}), expect: 'DDDDXD', ...exact, state: count('dsar_all') },
];
