// Pages of single sign-on: the provider buttons (on /signin and /signup), the prefilled sign-up form,
// the "prove your password once" link form, and the refusal page.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { ProviderIdentity } from './identity.service.js';
import type { IdentityLink } from './identity.repository.js';
import type { User } from '../accounts/users.repository.js';
import { icon } from '../../web/ui.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The configured single sign-on providers and whether password sign-in is off (set for every page). */
      sso?: { providers: Array<{ id: string; displayName: string }>; ssoOnly: boolean };
    }
  }
}

/**
 * One button per provider; empty when none is configured. Links, not forms: a form's redirect to the
 * provider would be blocked by the form-action 'self' Content-Security-Policy.
 */
export function ssoButtons(req: Request, intent: 'signin' | 'signup'): SafeHtml {
  const providers = req.sso?.providers ?? [];
  if (!providers.length) return html``;
  const key = intent === 'signup' ? 'identity.signupWith' : 'identity.signinWith';
  return html`<div class="sso-choices" aria-label="${req.t('identity.choices')}" role="group">
    ${providers.map((p) => html`<a href="/auth/oidc/${p.id}" class="sso-button" data-provider="${p.id}">${req.t(key, { name: p.displayName })}</a>`)}
  </div>
  ${req.sso?.ssoOnly ? '' : html`<p class="muted sso-or">${req.t('identity.or')}</p>`}`;
}

export function ssoSignupPage(req: Request, state: { identity: ProviderIdentity; providerName: string; values?: Record<string, string | undefined>; errors?: FieldErrors; message?: string }): string {
  const { t } = req;
  const { identity } = state;
  const v = state.values ?? { firstName: identity.firstName, lastName: identity.lastName };
  const fromProvider = Boolean(identity.email);
  // The provider's email is shown read-only and never taken from the form; another address goes in
  // its own field and is proven by a mailed link (so is the provider's email when it is not verified).
  const emailHint = identity.emailVerified ? t('identity.emailLockedHint', { name: state.providerName }) : t('identity.emailUnverifiedHint', { name: state.providerName });
  const other = field({ t, name: 'newEmail', label: t('identity.otherEmail'), type: 'email', value: v.newEmail, errors: state.errors, autocomplete: 'email', hint: t('identity.otherEmailHint'), required: !fromProvider });
  return page(req, {
    title: t('identity.signupTitle'),
    narrow: true,
    body: html`<h1>${t('identity.signupTitle')}</h1>
      <p>${t('identity.signupIntro', { name: state.providerName })}</p>
      ${alert('error', state.message)}
      <form method="post" action="/signup/sso" novalidate>
        ${csrfInput(req)}
        ${field({ t, name: 'firstName', label: t('fields.firstName'), value: v.firstName, errors: state.errors, autocomplete: 'given-name', required: true })}
        ${field({ t, name: 'lastName', label: t('fields.lastName'), value: v.lastName, errors: state.errors, autocomplete: 'family-name', required: true })}
        ${fromProvider ? field({ t, name: 'email', label: t('fields.email'), type: 'email', value: identity.email ?? '', readonly: true, hint: emailHint }) : ''}
        ${fromProvider ? html`<details class="disclosure"${v.newEmail || state.errors?.newEmail ? html` open` : ''}><summary>${t('identity.useOtherEmail')}</summary>${other}</details>` : other}
        <button type="submit" class="primary">${t('identity.signupSubmit')}</button>
      </form>
      <form method="post" action="/signup/sso/cancel">${csrfInput(req)}<button type="submit" class="link">${t('identity.cancel')}</button></form>`,
  });
}

/** After the sign-up form when the email must be proven: the link went to that address. */
export function proofSentPage(req: Request, email: string): string {
  const { t } = req;
  return page(req, {
    title: t('identity.proofSentTitle'),
    narrow: true,
    body: html`<h1>${t('identity.proofSentTitle')}</h1>
      ${alert('info', t('identity.proofSent', { email }))}
      <form method="post" action="/signup/sso/cancel">${csrfInput(req)}<button type="submit" class="link">${t('identity.cancel')}</button></form>`,
  });
}

export function ssoLinkPage(req: Request, state: { email: string; providerName: string; errors?: FieldErrors; message?: string }): string {
  const { t } = req;
  return page(req, {
    title: t('identity.linkTitle'),
    narrow: true,
    body: html`<h1>${t('identity.linkTitle')}</h1>
      <p>${t('identity.linkIntro', { name: state.providerName, email: state.email })}</p>
      ${alert('error', state.message)}
      <form method="post" action="/signin/sso/link" novalidate>
        ${csrfInput(req)}
        ${field({ t, name: 'email', label: t('fields.email'), type: 'email', value: state.email, autocomplete: 'username', readonly: true })}
        ${field({ t, name: 'password', label: t('fields.password'), type: 'password', errors: state.errors, autocomplete: 'current-password', required: true })}
        <button type="submit" class="primary">${t('identity.linkSubmit')}</button>
      </form>
      <form method="post" action="/signup/sso/cancel">${csrfInput(req)}<button type="submit" class="link">${t('identity.cancel')}</button></form>`,
  });
}

export function refusedPage(req: Request, message: string, providerName?: string): string {
  const { t } = req;
  return page(req, {
    title: t('identity.refusedTitle'),
    narrow: true,
    body: html`<h1>${t('identity.refusedTitle')}</h1>
      ${alert('error', message)}
      ${providerName ? html`<p>${t('identity.refusedProvider', { name: providerName })}</p>` : ''}
      ${req.id ? html`<p class="muted">${t('errorPage.reference', { id: req.id })}</p>` : ''}
      <p><a href="/signin">${t('identity.backToSignin')}</a></p>`,
  });
}

/**
 * Sign-out at the provider: a page that moves on by itself (the route sends a Refresh header). A 303
 * from the sign-out form to the provider would be a form redirect to another origin, which the
 * form-action 'self' Content-Security-Policy blocks.
 */
export function signedOutPage(req: Request, endSessionUrl: string, providerName: string): string {
  const { t } = req;
  return page(req, {
    title: t('identity.signingOutTitle'),
    narrow: true,
    body: html`<h1>${t('identity.signingOutTitle')}</h1>
      <p>${t('identity.signingOut', { name: providerName })}</p>
      <p><a href="${endSessionUrl}" id="provider-signout">${t('identity.signingOutLink', { name: providerName })}</a></p>`,
  });
}

/** For admins: each single sign-on identity with the groups its provider sent at the last sign-in. */
export function ssoGroupsSection(req: Request, links: IdentityLink[], users: User[]): SafeHtml {
  const { t } = req;
  if (!links.length) return html``;
  const byId = new Map(users.map((u) => [u.id, u]));
  return html`<section class="card" aria-labelledby="sso-groups-h">
    <h2 class="card-title" id="sso-groups-h">${icon('people')}${t('identity.adminGroupsTitle')}</h2>
    <table class="table" id="sso-groups">
      <thead><tr><th scope="col">${t('fields.email')}</th><th scope="col">${t('identity.adminProvider')}</th><th scope="col">${t('identity.adminGroups')}</th><th scope="col">${t('fields.role')}</th></tr></thead>
      <tbody>${links.map((l) => {
        const user = byId.get(l.userId);
        return html`<tr><td>${user?.email ?? ''}</td><td>${req.sso?.providers.find((p) => p.id === l.provider)?.displayName ?? l.provider}</td><td>${l.groups.length ? l.groups.join(', ') : t('identity.adminNoGroups')}</td><td>${user ? t(`roles.${user.role}`) : ''}</td></tr>`;
      })}</tbody>
    </table>
  </section>`;
}
