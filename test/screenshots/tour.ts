// The key pages of the demo organization, as the screenshots script, the accessibility suite and
// the budget test visit them: signed out, as a member (a node lead with 1:1s) and as an admin.
import { seedDemo } from '../../server/components/demo/demo.seed.js';
import type { TestServer } from '../support/server.js';
import type { Page } from '../support/browser.js';
import { strongPassword } from '../support/http.js';
import { cliHandler } from '../../server/components/dsar/dsar.service.js';
import { systemActor } from '../../server/components/audit/audit.service.js';
import { UnsubscribeTokens } from '../../server/components/mail/unsubscribe-token.js';

export type Role = 'signedOut' | 'member' | 'admin';

export interface TourPage {
  name: string;
  path: string;
  as: Role;
}

/** Who signs in for each role (set by demoTour). */
const accounts: Partial<Record<Role, string>> = {};

/** Seeds the demo organization, gives a lead and an admin a password, and lists the pages to visit. */
export async function demoTour(server: TestServer, people = 120): Promise<TourPage[]> {
  const { knex, services } = server.container;
  const workspaceId = (await services.workspaces.getPrimary()).id;
  await seedDemo(knex, services.org, { workspaceId, people, seed: 1 });
  // The behavioural Insights boards read the daily snapshot: take today's.
  await services.insights.snapshot();
  // A lead who also has 1:1s: the member of the tour.
  const lead = await knex('org_memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .join('one_on_ones as o', (j) => j.on('o.person_a_id', '=', 'u.id').orOn('o.person_b_id', '=', 'u.id'))
    .where({ 'm.role': 'lead', 'm.workspace_id': workspaceId })
    .first('u.id', 'u.email', 'm.node_id');
  const admin = await knex('users').where({ workspace_id: workspaceId }).whereNot({ id: lead.id }).orderBy('email').first('id', 'email');
  await knex('users').where({ id: admin.id }).update({ role: 'admin' });
  for (const who of [lead, admin]) await services.accounts.setPassword(who.email, strongPassword);
  accounts.member = lead.email;
  accounts.admin = admin.email;
  const node = lead.node_id as string;
  const entity = (await knex('org_nodes').where({ id: node }).first('entity_id')).entity_id as string;
  const colleague = (await knex('org_memberships').where({ node_id: node }).whereNot({ user_id: lead.id }).first('user_id'))?.user_id ?? admin.id;
  const pair = (await knex('one_on_ones').where({ person_a_id: lead.id }).orWhere({ person_b_id: lead.id }).first('id')).id as string;
  // The latest meeting held (its agenda, action items and notes are filled; the planned one's are not yet).
  const meeting = (await knex('one_on_one_meetings').where({ one_on_one_id: pair }).where('held_on', '<', Date.now() - 86_400_000).orderBy('held_on', 'desc').first('id'))?.id as string | undefined;
  const section = (await knex('sections').where({ node_id: node }).first('id'))?.id as string | undefined;
  // The busiest discussion on a node, so the review sees comments (the member's own node may have none).
  const discussed = ((await knex('comments').whereNotNull('node_id').groupBy('node_id').orderBy([{ column: 'n', order: 'desc' }, { column: 'node_id' }]).first('node_id').count({ n: '*' })) as { node_id?: string } | undefined)?.node_id ?? node;
  // An open correction request about a colleague: its page shows every action a request can take.
  const colleagueEmail = (await knex('users').where({ id: colleague }).first('email')).email as string;
  const request = await services.dsar.open({ type: 'rectification', user: colleagueEmail, channel: 'email', details: 'My job title is out of date.' }, cliHandler('privacy team'));
  // The pages a link in an email opens, for a colleague: choosing a new password, and unsubscribing.
  const reset = new URL((await services.accounts.createResetLink(colleagueEmail, systemActor)).link).pathname;
  const unsubscribe = new UnsubscribeTokens(server.config.secretKey, server.config.mail.unsubscribeTtl).issue(colleague, 'mentions');
  return [
    { name: 'signin', path: '/signin', as: 'signedOut' },
    { name: 'signup', path: '/signup', as: 'signedOut' },
    { name: 'password-forgot', path: '/password/forgot', as: 'signedOut' },
    { name: 'privacy-notice', path: '/privacy', as: 'signedOut' },
    { name: 'home', path: '/', as: 'member' },
    { name: 'org', path: '/org', as: 'member' },
    { name: 'org-entity', path: `/org/entities/${entity}`, as: 'member' },
    { name: 'org-node', path: `/org/nodes/${node}`, as: 'member' },
    { name: 'org-node-manage', path: `/org/nodes/${node}/manage`, as: 'member' },
    { name: 'people', path: '/people', as: 'member' },
    { name: 'person', path: `/people/${colleague}`, as: 'member' },
    { name: 'one-on-ones', path: '/one-on-ones', as: 'member' },
    { name: 'one-on-one', path: `/one-on-ones/${pair}`, as: 'member' },
    ...(meeting ? [{ name: 'one-on-one-meeting', path: `/one-on-ones/${pair}/meetings/${meeting}`, as: 'member' as const }] : []),
    { name: 'feedback', path: '/feedback', as: 'member' },
    { name: 'notifications', path: '/notifications', as: 'member' },
    { name: 'search', path: '/search?q=team', as: 'member' },
    ...(section ? [{ name: 'section-history', path: `/sections/${section}/history`, as: 'member' as const }] : []),
    { name: 'profile', path: '/profile', as: 'member' },
    { name: 'security', path: '/security', as: 'member' },
    { name: 'tokens', path: '/tokens', as: 'member' },
    { name: 'privacy-me', path: '/privacy/me', as: 'member' },
    { name: 'admin', path: '/admin', as: 'admin' },
    { name: 'admin-users', path: '/admin/users', as: 'admin' },
    { name: 'admin-org', path: '/org/manage', as: 'admin' },
    { name: 'admin-audit', path: '/admin/audit', as: 'admin' },
    { name: 'admin-retention', path: '/admin/retention', as: 'admin' },
    { name: 'admin-requests', path: '/privacy/requests', as: 'admin' },
    { name: 'admin-usage', path: '/admin/usage', as: 'admin' },
    // Further pages: the accessibility suite visits them too.
    { name: 'cookies', path: '/privacy/cookies', as: 'signedOut' },
    { name: 'password-reset', path: reset, as: 'signedOut' },
    { name: 'unsubscribe', path: `/mail/unsubscribe/${unsubscribe}`, as: 'signedOut' },
    { name: 'my-page', path: `/people/${lead.id}`, as: 'member' },
    { name: 'discussion', path: `/discussions/node/${discussed}`, as: 'member' },
    ...(section ? [{ name: 'section-edit', path: `/sections/${section}/edit`, as: 'member' as const }] : []),
    { name: 'styleguide', path: '/_styleguide', as: 'member' },
    { name: 'admin-logs', path: '/admin/logs', as: 'admin' },
    { name: 'admin-crashes', path: '/admin/crashes', as: 'admin' },
    { name: 'admin-devices', path: '/admin/devices', as: 'admin' },
    { name: 'admin-holds', path: '/admin/retention/holds', as: 'admin' },
    { name: 'admin-retention-history', path: '/admin/retention/history', as: 'admin' },
    { name: 'admin-request-new', path: '/privacy/requests/new', as: 'admin' },
    { name: 'admin-request', path: `/privacy/requests/${request.id}`, as: 'admin' },
    { name: 'admin-user-delete', path: `/admin/users/${colleague}/delete`, as: 'admin' },
    { name: 'admin-mail', path: '/admin/mail', as: 'admin' },
    ...(section ? [{ name: 'section-grants', path: `/sections/${section}/grants`, as: 'member' as const }] : []),
    { name: 'settings-email', path: '/settings/email', as: 'member' },
    { name: 'profile-delete', path: '/profile/delete', as: 'member' },
    { name: 'org-chart', path: `/org/entities/${entity}/chart`, as: 'member' },
    { name: 'people-chart', path: '/org/people/chart', as: 'member' },
    // Insights: the boards list, a workspace-wide board, a lead's board of their node, and an
    // admin's behavioural board (with hidden groups in a small demo organization).
    { name: 'insights', path: '/insights', as: 'member' },
    { name: 'insights-structure', path: '/insights/structure', as: 'member' },
    { name: 'insights-rhythm-node', path: `/insights/rhythm?node=${node}`, as: 'member' },
    { name: 'insights-admin', path: '/insights', as: 'admin' },
    { name: 'insights-recognition', path: '/insights/recognition', as: 'admin' },
    { name: 'insights-growth', path: '/insights/growth', as: 'admin' },
  ];
}

/** The language each tour account reads in (their preference wins over the browser's). */
export async function setTourLanguage(server: TestServer, language: 'en' | 'fr'): Promise<void> {
  await server.container.knex('users').whereIn('email', [accounts.member!, accounts.admin!]).update({ language });
}

/** The email a tour role signs in with (set by demoTour); its password is strongPassword. */
export function tourAccount(role: Exclude<Role, 'signedOut'>): string {
  return accounts[role]!;
}

/** Signs a browser page in through the form as the tour's member or admin. */
export async function signIn(page: Page, url: string, role: Exclude<Role, 'signedOut'>): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.locator('input[name="email"]').fill(accounts[role]!);
  await page.locator('input[name="password"]').fill(strongPassword);
  await Promise.all([page.waitForURL(`${url}/`), page.locator('main button[type="submit"]').first().click()]);
}
