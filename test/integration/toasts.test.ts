// A toast after every action: each browser form that posts and redirects confirms what happened on
// the next page (the session's flash, shown as a toast). The form rows of the access matrix
// (access/*.access.ts) are sent by a role allowed to, and the page the redirect leads to must show
// a toast; every other form route of the app is listed below, with its call or the reason it has no
// toast, so a new form route without either fails here.
import assert from 'node:assert/strict';
import { forEachDialect } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import type { TestClient } from '../support/http.js';
import { createApp } from '../../server/app.js';
import { accessCases, accessFixture, routesOf } from './access/fixture.js';
import type { AccessCase, AccessFixture, Role } from './access/types.js';

/** Form routes that answer without a toast, and why. */
const noToast: Record<string, string> = {
  'POST /signin': 'signing in lands on Home, which is the confirmation',
  'POST /signup': 'signing up lands on Home',
  'POST /signup/confirm/:token': 'confirming a sign-up link creates the account and signs it in: Home is the confirmation',
  'POST /signout': 'the session, and its flash, are gone',
  'POST /signout/everywhere': 'the session, and its flash, are gone',
  'POST /profile/delete': 'the account and its session are gone: a goodbye page answers',
  'POST /password/forgot': 'answers a page saying what happens next (no redirect)',
  'POST /password/reset/:token': 'signs in anew and lands on Home',
  'POST /setup': 'the first run creates the first account and signs it in',
  'POST /signup/sso': 'the SSO sign-up lands on Home',
  'POST /signup/sso/cancel': 'back to the sign-in page, nothing was done',
  'POST /signin/sso/link': 'linking an SSO identity signs in and lands on Home',
  'POST /mail/unsubscribe/:token': 'signed out, from an email: answers a page saying what changed',
  'POST /privacy/consent': 'the consent banner goes away: that is the confirmation',
  'POST /profile/photo': 'a multipart upload this client does not send; it confirms with a toast like the rest (test/integration/profile-photos.test.ts covers the upload)',
  'POST /_styleguide': 'the style guide\'s demonstration form (development only)',
};

/** Form routes outside the access tables, with how to call them (the member's own account pages). */
const ownAccountCases: AccessCase[] = [
  { method: 'POST', route: '/profile', path: () => '/profile', form: true, body: () => ({ firstName: 'Mia', lastName: 'Member', title: 'Analyst', language: 'en', timeZone: 'Europe/Paris' }), expect: 'DADDDD' },
  { method: 'POST', route: '/security/password', path: () => '/security/password', form: true, body: () => ({ currentPassword: 'correct horse battery staple 42', newPassword: 'correct horse battery staple 42', confirmPassword: 'correct horse battery staple 42' }), expect: 'DADDDD' },
  { method: 'POST', route: '/security/sessions/:id/revoke', path: async (f) => `/security/sessions/${await f.fresh.leadSession()}/revoke`, form: true, expect: 'DDDADD' },
  { method: 'POST', route: '/profile/photo/remove', path: () => '/profile/photo/remove', form: true, expect: 'DADDDD' },
  { method: 'POST', route: '/settings/email', path: () => '/settings/email', form: true, body: () => ({}), expect: 'DADDDD' },
];

/** Who sends each row: the first role of this list that the row allows. */
const preferred: Role[] = ['nodeLead', 'admin', 'member', 'nodeMember', 'outsider'];
const roleOrder: Role[] = ['anonymous', 'member', 'nodeMember', 'nodeLead', 'admin', 'outsider'];

forEachDialect('a toast after every action', (dialect) => {
  let server: TestServer;
  let f: AccessFixture;

  before(async function () {
    this.timeout(120_000);
    server = await startTestServer(dialect);
    f = await accessFixture(server);
  });
  after(async () => server?.close());

  const formCases = [...accessCases.filter((c) => c.form && c.method === 'POST'), ...ownAccountCases];
  const toasting = formCases.filter((c) => !noToast[`${c.method} ${c.route}`]);

  it('when the app\'s form routes are listed, then each is called below or says why it has no toast', () => {
    const live = routesOf(createApp(server.container)).filter((r) => r.method === 'POST' && !r.route.startsWith('/api/') && r.route.startsWith('/') && !/^\/(Users|Groups)\b/.test(r.route));
    const known = new Set([...formCases.map((c) => `${c.method} ${c.route}`), ...Object.keys(noToast)]);
    const unknown = [...new Set(live.map((r) => `${r.method} ${r.route}`))].filter((r) => !known.has(r));
    assert.deepEqual(unknown, [], 'form routes neither called here nor listed in noToast');
  });

  it('when each form is sent by someone allowed to and the answer redirects, then the next page shows a toast', async function () {
    this.timeout(300_000);
    const missing: string[] = [];
    const notRedirected: string[] = [];
    let checked = 0;
    for (const c of toasting) {
      const role = preferred.find((r) => c.expect[roleOrder.indexOf(r)] === 'A');
      if (!role) continue;
      const client: TestClient = f.people[role as Exclude<Role, 'anonymous'>].client;
      const url = await c.path(f);
      const body = c.body ? await c.body(f) : {};
      const reply = await client.postForm(url, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])));
      if (reply.status !== 303 && reply.status !== 302) {
        notRedirected.push(`${c.route} (${reply.status})`);
        continue;
      }
      const next = await client.get(reply.location!);
      checked += 1;
      if (!/data-toast/.test(next.text)) missing.push(`${c.method} ${c.route} as ${role} -> ${reply.location}`);
    }
    console.log(`      ${checked} redirecting forms checked; answered without a redirect: ${notRedirected.join(', ') || 'none'}`);
    assert.deepEqual(missing, [], 'actions that redirect without a toast');
    assert.ok(checked >= 50, `only ${checked} forms redirected`);
  });

  it('when someone who reads French acts, then the toast is in French', async () => {
    const member = f.people.member;
    await server.container.knex('users').where({ id: member.id }).update({ language: 'fr' });
    try {
      const reply = await member.client.postForm('/one-on-ones', { personId: f.people.nodeLead.id });
      assert.equal(reply.status, 303);
      const next = await member.client.get(reply.location!);
      assert.match(next.text, /data-toast[^>]*>\s*<p>Votre entretien individuel est prêt\.<\/p>/);
    } finally {
      await server.container.knex('users').where({ id: member.id }).update({ language: 'en' });
    }
  });
});
