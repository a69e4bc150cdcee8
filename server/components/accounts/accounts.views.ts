// Pages of the accounts component: sign up, sign in, forgot / reset password, first-run setup.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert, csrfInput, field } from '../../web/forms.js';
import type { FieldErrors } from '../../platform/errors.js';
import type { User } from './users.repository.js';
import { ssoButtons } from '../identity/identity.views.js';
import { icon } from '../../web/ui.js';
import { formatDateTime } from '../../web/time.js';

type Values = Record<string, string | undefined>;

export interface FormState {
  values?: Values;
  errors?: FieldErrors;
  message?: string;
}

export function signupPage(req: Request, state: FormState & { invite?: string; lockedEmail?: boolean; inviteOnly?: boolean }): string {
  const { t } = req;
  const v = state.values ?? {};
  if (state.inviteOnly && !state.invite) {
    return page(req, {
      title: t('signup.title'),
      narrow: true,
      body: html`<h1>${t('signup.title')}</h1>${alert('error', state.message)}${alert('info', t('signup.inviteOnly'))}<p><a href="/signin">${t('signup.haveAccount')}</a></p>`,
    });
  }
  if (req.sso?.ssoOnly && !state.invite) {
    return page(req, { title: t('signup.title'), narrow: true, body: html`<h1>${t('signup.title')}</h1>${alert('error', state.message)}${ssoButtons(req, 'signup')}<p><a href="/signin">${t('signup.haveAccount')}</a></p>` });
  }
  return page(req, {
    title: t('signup.title'),
    narrow: true,
    body: html`<h1>${t('signup.title')}</h1>
      ${alert('error', state.message)}
      ${state.invite ? '' : ssoButtons(req, 'signup')}
      <form method="post" action="/signup" novalidate>
        ${csrfInput(req)}
        ${state.invite ? html`<input type="hidden" name="invite" value="${state.invite}">` : ''}
        ${field({ t, name: 'firstName', label: t('fields.firstName'), value: v.firstName, errors: state.errors, autocomplete: 'given-name', required: true })}
        ${field({ t, name: 'lastName', label: t('fields.lastName'), value: v.lastName, errors: state.errors, autocomplete: 'family-name', required: true })}
        ${field({ t, name: 'email', label: t('fields.email'), type: 'email', value: v.email, errors: state.errors, autocomplete: 'email', required: true, readonly: state.lockedEmail })}
        ${field({ t, name: 'password', label: t('fields.password'), type: 'password', errors: state.errors, autocomplete: 'new-password', required: true, hint: t('password.hint') })}
        <button type="submit" class="primary">${t('signup.submit')}</button>
      </form>
      <p><a href="/signin">${t('signup.haveAccount')}</a></p>`,
  });
}

/** The answer to every sign-up without an invitation, for a new and a taken email alike. */
export function signupSentPage(req: Request): string {
  const { t } = req;
  return page(req, {
    title: t('signupLink.sentTitle'),
    narrow: true,
    body: html`<h1>${t('signupLink.sentTitle')}</h1>${alert('success', t('signupLink.sent'))}<p>${t('signupLink.sentHint')}</p><p><a href="/signin">${t('signup.haveAccount')}</a></p>`,
  });
}

/**
 * The page the emailed link opens: a button that creates the account (a POST, so a mail scanner
 * that opens links does not use it up), or the reason the link no longer works.
 */
export function signupConfirmPage(req: Request, state: { token: string; problem?: string; firstName?: string }): string {
  const { t } = req;
  if (state.problem) {
    const again = state.problem === 'signupLink.used' || state.problem === 'signupLink.taken' ? html`<a href="/signin">${t('signupLink.signin')}</a>` : html`<a href="/signup">${t('signupLink.again')}</a>`;
    return page(req, { title: t('signupLink.title'), narrow: true, body: html`<h1>${t('signupLink.title')}</h1>${alert('error', t(state.problem))}<p>${again}</p>` });
  }
  return page(req, {
    title: t('signupLink.title'),
    narrow: true,
    body: html`<h1>${t('signupLink.title')}</h1>
      <p>${t('signupLink.intro', { name: state.firstName ?? '' })}</p>
      <form method="post" action="/signup/confirm/${state.token}">
        ${csrfInput(req)}
        <button type="submit" class="primary">${t('signupLink.submit')}</button>
      </form>`,
  });
}

export function signinPage(req: Request, state: FormState & { next?: string; notice?: string }): string {
  const { t } = req;
  const v = state.values ?? {};
  // SSO-only: the provider buttons; the password form only for break-glass admins (?password=1).
  const passwordForm = !req.sso?.ssoOnly || req.query?.password === '1' || state.message !== undefined;
  if (!passwordForm) {
    return page(req, { title: t('signin.title'), narrow: true, body: html`<h1>${t('signin.title')}</h1>${alert('success', state.notice)}${ssoButtons(req, 'signin')}<p><a href="/signin?password=1">${t('identity.passwordSignin')}</a></p>` });
  }
  return page(req, {
    title: t('signin.title'),
    narrow: true,
    body: html`<h1>${t('signin.title')}</h1>
      ${alert('success', state.notice)}
      ${alert('error', state.message)}
      ${ssoButtons(req, 'signin')}
      <form method="post" action="/signin" novalidate>
        ${csrfInput(req)}
        ${state.next ? html`<input type="hidden" name="next" value="${state.next}">` : ''}
        ${field({ t, name: 'email', label: t('fields.email'), type: 'email', value: v.email, errors: state.errors, autocomplete: 'username', required: true })}
        ${field({ t, name: 'password', label: t('fields.password'), type: 'password', errors: state.errors, autocomplete: 'current-password', required: true })}
        <div class="field checkbox">
          <input type="checkbox" id="f-remember" name="remember" value="on" ${v.remember ? html`checked` : ''}>
          <label for="f-remember">${t('signin.remember')}</label>
        </div>
        <button type="submit" class="primary">${t('signin.submit')}</button>
      </form>
      <p><a href="/password/forgot">${t('signin.forgot')}</a> · <a href="/signup">${t('signin.noAccount')}</a></p>`,
  });
}

export function forgotPage(req: Request, state: FormState & { sent?: boolean }): string {
  const { t } = req;
  return page(req, {
    title: t('forgot.title'),
    narrow: true,
    body: html`<h1>${t('forgot.title')}</h1>
      ${state.sent ? alert('success', t('forgot.sent')) : html`<p>${t('forgot.intro')}</p>`}
      ${alert('error', state.message)}
      <form method="post" action="/password/forgot" novalidate>
        ${csrfInput(req)}
        ${field({ t, name: 'email', label: t('fields.email'), type: 'email', value: state.values?.email, errors: state.errors, autocomplete: 'email', required: true })}
        <button type="submit" class="primary">${t('forgot.submit')}</button>
      </form>
      <p><a href="/signin">${t('forgot.back')}</a></p>`,
  });
}

export function resetPage(req: Request, state: FormState & { token: string; invalid?: boolean }): string {
  const { t } = req;
  if (state.invalid) {
    return page(req, { title: t('reset.title'), narrow: true, body: html`<h1>${t('reset.title')}</h1>${alert('error', t('reset.invalid'))}<p><a href="/password/forgot">${t('reset.again')}</a></p>` });
  }
  return page(req, {
    title: t('reset.title'),
    narrow: true,
    body: html`<h1>${t('reset.title')}</h1>
      ${alert('error', state.message)}
      <form method="post" action="/password/reset/${state.token}" novalidate>
        ${csrfInput(req)}
        ${field({ t, name: 'password', label: t('fields.newPassword'), type: 'password', errors: state.errors, autocomplete: 'new-password', required: true, hint: t('password.hint') })}
        <button type="submit" class="primary">${t('reset.submit')}</button>
      </form>`,
  });
}

export function setupPage(req: Request, state: FormState & { token: string }): string {
  const { t } = req;
  const v = state.values ?? {};
  return page(req, {
    title: t('setup.title'),
    narrow: true,
    body: html`<h1>${t('setup.title')}</h1>
      <p>${t('setup.intro')}</p>
      ${alert('error', state.message)}
      <form method="post" action="/setup" novalidate>
        ${csrfInput(req)}
        <input type="hidden" name="token" value="${state.token}">
        ${field({ t, name: 'firstName', label: t('fields.firstName'), value: v.firstName, errors: state.errors, autocomplete: 'given-name', required: true })}
        ${field({ t, name: 'lastName', label: t('fields.lastName'), value: v.lastName, errors: state.errors, autocomplete: 'family-name', required: true })}
        ${field({ t, name: 'email', label: t('fields.email'), type: 'email', value: v.email, errors: state.errors, autocomplete: 'email', required: true })}
        ${field({ t, name: 'password', label: t('fields.password'), type: 'password', errors: state.errors, autocomplete: 'new-password', required: true, hint: t('password.hint') })}
        <button type="submit" class="primary">${t('setup.submit')}</button>
      </form>`,
  });
}

/** For admins: accounts whose sign-in from unknown browsers is paused after failed attempts (their known browsers still sign in). */
export function throttledSection(req: Request, throttled: Array<{ user: User; until: number }>): SafeHtml {
  const { t } = req;
  return html`<section class="card" aria-labelledby="throttled-h">
    <h2 class="card-title" id="throttled-h">${icon('privacy')}${t('signin.throttledTitle')}</h2>
    <p class="muted">${t('signin.throttledIntro')}</p>
    ${throttled.length
      ? html`<ul class="compact-list" id="throttled-accounts">${throttled.map((x) => html`<li>${x.user.email}<span class="meta">${t('signin.throttledUntil', { time: formatDateTime(req, x.until) })}</span></li>`)}</ul>`
      : html`<p class="muted" id="throttled-accounts">${t('signin.throttledNone')}</p>`}
  </section>`;
}
