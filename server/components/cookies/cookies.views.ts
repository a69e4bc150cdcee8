// The consent banner (reject as easy as accept: same size, same style, same form) and the cookie
// policy page, generated from the registry. No inline script or style (CSP).
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { page } from '../../web/layout.js';
import { alert } from '../../web/forms.js';
import type { CookieEntry } from './cookies.registry.js';
import type { ConsentState } from './consent.js';

// A CSRF token lives in the session: where there is none (never started, or just destroyed by an
// account deletion) no token can be made, and asking for one throws.
const hasSession = (req: Request): boolean => Boolean(req.csrfToken && req.session);
const csrfField = (req: Request): SafeHtml => (hasSession(req) ? html`<input type="hidden" name="_csrf" value="${req.csrfToken!()}">` : html``);

function choiceForm(req: Request, next: string): SafeHtml {
  const { t } = req;
  return html`<form method="post" action="/privacy/consent" class="row consent-choices">
    ${csrfField(req)}
    <input type="hidden" name="next" value="${next}">
    <button type="submit" name="choice" value="reject" class="secondary">${t('cookies.reject')}</button>
    <button type="submit" name="choice" value="accept" class="secondary">${t('cookies.accept')}</button>
  </form>`;
}

export function cookieBanner(req: Request): SafeHtml {
  const { t } = req;
  // No banner where the same choice is already the page's subject.
  if (!hasSession(req) || req.path === '/privacy/cookies') return html``;
  const next = req.method === 'GET' && req.originalUrl.length <= 500 ? req.originalUrl : '/';
  return html`<section class="cookie-banner" aria-labelledby="cookie-banner-h">
    <h2 id="cookie-banner-h">${t('cookies.bannerTitle')}</h2>
    <p>${t('cookies.bannerText')} <a href="/privacy/cookies">${t('cookies.settingsLink')}</a></p>
    ${choiceForm(req, next)}
  </section>`;
}

export function formatLifetime(req: Request, ms: number | undefined): string {
  if (!ms) return '—';
  const days = Math.round(ms / 86_400_000);
  return days >= 1 ? req.t('cookies.days', { count: days }) : req.t('cookies.hours', { count: Math.max(1, Math.round(ms / 3_600_000)) });
}

export function cookiePolicyPage(req: Request, d: { cookies: CookieEntry[]; consent: ConsentState; notice?: string }): string {
  const { t } = req;
  const duration = (c: CookieEntry) =>
    c.duration === 'session' ? (c.owner === 'sessions' ? t('cookies.sessionOrRemembered', { lifetime: formatLifetime(req, c.lifetimeMs) }) : t('cookies.session')) : t('cookies.persistent', { lifetime: formatLifetime(req, c.lifetimeMs) });
  const current = d.consent.gpc ? t('cookies.gpcOn') : d.consent.choice === 'accept' ? t('cookies.currentAccept') : d.consent.choice === 'reject' ? t('cookies.currentReject') : t('cookies.currentNone');
  return page(req, {
    title: t('cookies.title'),
    body: html`<h1>${t('cookies.title')}</h1>
      ${alert('success', d.notice)}
      <p>${t('cookies.intro')}</p>
      <table class="table" id="cookie-registry">
        <caption class="visually-hidden">${t('cookies.title')}</caption>
        <thead><tr><th scope="col">${t('cookies.name')}</th><th scope="col">${t('cookies.purposeHeading')}</th><th scope="col">${t('cookies.category')}</th><th scope="col">${t('cookies.duration')}</th><th scope="col">${t('cookies.inUse')}</th></tr></thead>
        <tbody>${d.cookies.map(
          (c) => html`<tr data-cookie="${c.name}"><td><code>${c.name}</code></td><td>${t(c.purpose)}</td><td>${t(`cookies.categories.${c.category}`)}</td><td>${duration(c)}</td><td>${c.active ? t('cookies.yes') : t('cookies.no')}</td></tr>`,
        )}</tbody>
      </table>
      <section aria-labelledby="consent-h">
        <h2 id="consent-h">${t('cookies.yourChoice')}</h2>
        ${d.consent.required
          ? html`<p id="consent-current">${current}</p>
              ${d.consent.gpc ? html`<p>${t('cookies.gpcExplained')}</p>` : choiceForm(req, '/privacy/cookies?done=saved')}`
          : html`<p id="consent-current">${t('cookies.nothingToConsent')}</p>`}
      </section>
      <p><a href="/privacy">${t('cookies.privacyLink')}</a></p>`,
  });
}
