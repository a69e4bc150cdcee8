// The page shell: landmarks, skip link, language, navigation. No inline scripts or styles (CSP).
import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Markup components add at the end of <body> for this request (cookie banner, telemetry script). */
      pageAddons?: ReadonlyArray<(req: import('express').Request) => SafeHtml>;
    }
  }
}

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Narrow centred layout for the sign-in style pages. */
  narrow?: boolean;
}

export function page(req: Request, { title, body, narrow }: PageOptions): string {
  const t = req.t;
  const user = req.user;
  const nav = user
    ? html`<nav aria-label="${t('nav.label')}">
        <ul class="nav">
          <li><a href="/">${t('nav.home')}</a></li>
          <li><a href="/org">${t('nav.org')}</a></li>
          <li><a href="/people">${t('people.nav')}</a></li>
          <li><a href="/one-on-ones">${t('oneonones.title')}</a></li>
          <li><a href="/feedback">${t('feedback.title')}</a></li>
          <li><a href="/notifications" class="notifications-link">${t('notifications.nav')}${req.unreadNotifications ? html` <span class="badge unread-count" aria-label="${t('notifications.unread', { count: req.unreadNotifications })}">${req.unreadNotifications}</span>` : ''}</a></li>
          <li><a href="/profile">${t('nav.profile')}</a></li>
          <li><a href="/security">${t('nav.security')}</a></li>
          <li><a href="/tokens">${t('nav.tokens')}</a></li>
          <li><a href="/privacy/me">${t('privacyCenter.nav')}</a></li>
          ${user.role === 'admin' || user.role === 'privacy' ? html`<li><a href="/privacy/requests">${t('dsar.nav')}</a></li>` : ''}
          ${user.role === 'admin' ? html`<li><a href="/admin">${t('nav.admin')}</a></li>` : ''}
          <li>
            <form method="post" action="/signout" class="inline">
              <input type="hidden" name="_csrf" value="${(req.csrfToken?.() ?? "")}">
              <button type="submit" class="link">${t('nav.signout')}</button>
            </form>
          </li>
        </ul>
      </nav>`
    : html`<nav aria-label="${t('nav.label')}">
        <ul class="nav">
          <li><a href="/signin">${t('nav.signin')}</a></li>
          <li><a href="/signup">${t('nav.signup')}</a></li>
        </ul>
      </nav>`;
  return html`<!doctype html>
<html lang="${req.lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · Opsenic</title>
  <link rel="stylesheet" href="/static/app.css">
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <script src="/static/app.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">${t('nav.skip')}</a>
  <header class="site-header">
    <a class="brand" href="/">Opsenic</a>
    ${user ? html`<form method="get" action="/search" role="search" class="header-search"><label for="header-search" class="visually-hidden">${t('search.label')}</label><input type="search" id="header-search" name="q" placeholder="${t('search.placeholder')}" maxlength="200"></form>` : ''}
    ${nav}
  </header>
  <main id="main" class="${narrow ? 'narrow' : 'wide'}" tabindex="-1">
    ${body}
  </main>
  <footer class="site-footer"><p>${t('footer.text')}</p><p><a href="/privacy">${t('footer.privacy')}</a> · <a href="/privacy/cookies">${t('footer.cookies')}</a></p></footer>
  ${(req.pageAddons ?? []).map((addon) => addon(req))}
</body>
</html>`.toString();
}
