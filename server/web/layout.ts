// The page shell: landmarks, skip link, language, the sidebar and top bar of signed-in pages, the
// admin area's sub-navigation, and the toast of the last action. No inline scripts or styles (CSP).
import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';
import { assetUrl } from './assets.js';
import { takeFlash } from './flash.js';
import { avatar, icon, type IconName } from './ui.js';

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

/**
 * What the shell shows beyond its fixed sections, set on `app.locals.shell` by the composition root.
 * Insights gets a sidebar entry only once a component serves /insights (`{ insights: true }`).
 */
export interface ShellFeatures {
  insights?: boolean;
}

interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** The paths (prefixes) for which this item is the current section. */
  match: (path: string) => boolean;
}

const under = (prefix: string) => (path: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The admin area: every page an admin manages the deployment from, with its own sub-navigation. */
/** An admin tab; `also` lists the further pages it stands for (Activity: usage, logs, crashes, devices). */
type AdminItem = { href: string; label: string; also?: string[] };

function adminItems(req: Request): AdminItem[] {
  const { t } = req;
  if (req.user?.role === 'privacy') return [{ href: '/privacy/requests', label: t('dsar.nav') }];
  if (req.user?.role !== 'admin') return [];
  return [
    { href: '/admin', label: t('shell.admin.overview') },
    { href: '/org/manage', label: t('shell.admin.org') },
    { href: '/privacy/requests', label: t('dsar.nav') },
    { href: '/admin/audit', label: t('shell.admin.audit') },
    { href: '/admin/retention', label: t('shell.admin.retention') },
    { href: '/admin/mail', label: t('shell.admin.mail') },
    // What the deployment records of its use, under one tab with its own (capture.views.ts): ten tabs
    // wrapped to two rows at 1,280 px.
    { href: '/admin/usage', label: t('shell.admin.activity'), also: ['/admin/logs', '/admin/crashes', '/admin/devices'] },
  ];
}

/** The admin item a path belongs to (the longest matching prefix), if any. */
function currentAdminItem(items: AdminItem[], path: string): string | undefined {
  return items
    .filter((item) => (item.href === '/admin' ? path === '/admin' || path.startsWith('/admin/users') : [item.href, ...(item.also ?? [])].some((href) => under(href)(path))))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

function mainItems(req: Request): NavItem[] {
  const { t } = req;
  const features = (req.app?.locals?.shell ?? {}) as ShellFeatures;
  const items: NavItem[] = [
    { href: '/', label: t('nav.home'), icon: 'home', match: (p) => p === '/' },
    { href: '/org', label: t('nav.org'), icon: 'org', match: (p) => under('/org')(p) && !under('/org/manage')(p) },
    { href: '/people', label: t('people.nav'), icon: 'people', match: under('/people') },
    { href: '/one-on-ones', label: t('oneonones.title'), icon: 'oneonones', match: under('/one-on-ones') },
    { href: '/feedback', label: t('feedback.title'), icon: 'feedback', match: under('/feedback') },
  ];
  if (features.insights) items.push({ href: '/insights', label: t('shell.insights'), icon: 'insights', match: under('/insights') });
  return items;
}

const current = (yes: boolean) => (yes ? html` aria-current="page"` : '');

function sidebar(req: Request, path: string, admin: Array<{ href: string; label: string }>, adminCurrent: string | undefined): SafeHtml {
  const { t } = req;
  const link = (item: { href: string; label: string; icon: IconName }, isCurrent: boolean) =>
    html`<li><a href="${item.href}"${current(isCurrent)}>${icon(item.icon)}<span class="label">${item.label}</span></a></li>`;
  return html`<aside id="sidebar" class="sidebar" aria-label="${t('shell.sidebar')}">
    <a class="brand" href="/"><img src="/static/favicon.svg" alt="" width="28" height="28"><span class="label">Opsenic</span></a>
    <a href="#main" class="icon-button drawer-close" aria-label="${t('shell.closeMenu')}">${icon('close')}</a>
    <nav aria-label="${t('nav.label')}" class="side-nav">
      <ul>${mainItems(req).map((item) => link(item, item.match(path)))}</ul>
      ${admin.length
        ? html`<p class="nav-group" aria-hidden="true">${t('shell.adminGroup')}</p>
          <ul>${link({ href: admin[0]!.href, label: req.user?.role === 'admin' ? t('nav.admin') : admin[0]!.label, icon: 'admin' }, adminCurrent !== undefined)}</ul>`
        : ''}
    </nav>
  </aside>
  <div class="scrim" data-drawer-scrim></div>`;
}

function userMenu(req: Request): SafeHtml {
  const { t } = req;
  const user = req.user!;
  const item = (href: string, label: string, name: IconName) => html`<li><a href="${href}">${icon(name)}${label}</a></li>`;
  return html`<details class="menu user-menu">
    <summary>${avatar(user, 'small')}<span class="menu-name">${user.firstName}</span><span class="visually-hidden"> ${t('shell.accountMenu')}</span></summary>
    <div class="menu-panel">
      <p class="menu-who"><strong>${user.firstName} ${user.lastName}</strong><span class="muted small">${user.email}</span></p>
      <ul>
        ${item(`/people/${user.id}`, t('shell.myPage'), 'user')}
        ${item('/profile', t('nav.profile'), 'settings')}
        ${item('/security', t('nav.security'), 'privacy')}
        ${item('/tokens', t('nav.tokens'), 'key')}
        ${item('/privacy/me', t('privacyCenter.nav'), 'data')}
        <li>
          <form method="post" action="/signout">
            <input type="hidden" name="_csrf" value="${req.csrfToken?.() ?? ''}">
            <button type="submit">${icon('signout')}${t('nav.signout')}</button>
          </form>
        </li>
      </ul>
    </div>
  </details>`;
}

function topbar(req: Request): SafeHtml {
  const { t } = req;
  const unread = req.unreadNotifications ?? 0;
  return html`<header class="topbar">
    <a href="#sidebar" class="icon-button menu-toggle" aria-controls="sidebar" aria-expanded="false" aria-label="${t('shell.openMenu')}" data-drawer-toggle>${icon('menu')}</a>
    <button type="button" class="icon-button collapse-toggle" aria-controls="sidebar" aria-expanded="true" aria-label="${t('shell.collapse')}" data-collapse-label="${t('shell.collapse')}" data-expand-label="${t('shell.expand')}" hidden>${icon('sidebar')}</button>
    <form method="get" action="/search" role="search" class="header-search" aria-label="${t('shell.searchEverything')}"><label for="header-search" class="visually-hidden">${t('search.label')}</label><input type="search" id="header-search" name="q" placeholder="${t('search.placeholder')}" maxlength="200"></form>
    <div class="topbar-actions">
      <a href="/notifications" class="icon-button notifications-link" aria-label="${unread ? `${t('notifications.nav')}: ${t('notifications.unread', { count: unread })}` : t('notifications.nav')}">${icon('bell')}${unread ? html`<span class="badge unread-count" aria-hidden="true">${unread}</span>` : ''}</a>
      ${userMenu(req)}
    </div>
  </header>`;
}

function toasts(req: Request): SafeHtml {
  const { t } = req;
  const message = req.user ? takeFlash(req) : undefined;
  if (!message) return html``;
  // Rendered with the page (not inserted later), so a status role is enough: no empty live region.
  return html`<div class="toasts"><div class="toast" role="status" data-toast><p>${message.message}</p>${message.undo
    ? html`<form method="post" action="${message.undo.action}"><input type="hidden" name="_csrf" value="${req.csrfToken?.() ?? ''}">${Object.entries(message.undo.fields).map(
        ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
      )}<button type="submit">${t('shell.undo')}</button></form>`
    : ''}</div></div>`;
}

/** Texts the client script shows (dialog buttons, picker), in the page's language. */
function scriptLabels(req: Request): SafeHtml {
  const { t } = req;
  return html`data-cancel-label="${t('shell.cancel')}" data-confirm-label="${t('shell.confirm')}" data-dismiss-label="${t('shell.dismiss')}" data-picker-label="${t('shell.pickerLabel')}" data-picker-none="${t('shell.pickerNone')}" data-mention-unmatched="${t('shell.mentionUnmatched')}"`;
}

function head(req: Request, title: string): SafeHtml {
  return html`<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${title} · Opsenic</title>
  <link rel="stylesheet" href="${assetUrl('app.css')}">
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <script src="${assetUrl('app.js')}" defer></script>
</head>`;
}

function footer(req: Request): SafeHtml {
  const { t } = req;
  return html`<footer class="site-footer"><p>${t('footer.text')} · <a href="/privacy">${t('footer.privacy')}</a> · <a href="/privacy/cookies">${t('footer.cookies')}</a></p></footer>`;
}

export function page(req: Request, { title, body, narrow }: PageOptions): string {
  const { t } = req;
  const addons = (req.pageAddons ?? []).map((addon) => addon(req));
  if (!req.user) {
    return html`<!doctype html>
<html lang="${req.lang}">
${head(req, title)}
<body class="public">
  <a class="skip-link" href="#main">${t('nav.skip')}</a>
  <header class="public-bar">
    <a class="brand" href="/"><img src="/static/favicon.svg" alt="" width="28" height="28"><span>Opsenic</span></a>
    <nav aria-label="${t('nav.label')}"><ul><li><a href="/signin">${t('nav.signin')}</a></li><li><a href="/signup">${t('nav.signup')}</a></li></ul></nav>
  </header>
  <main id="main" class="${narrow ? 'narrow' : 'wide'}" tabindex="-1">
    ${body}
  </main>
  ${footer(req)}
  ${addons}
</body>
</html>`.toString();
  }
  const path = (req.originalUrl ?? req.url).split('?')[0]!;
  const admin = adminItems(req);
  const adminCurrent = currentAdminItem(admin, path);
  const subnav =
    adminCurrent && admin.length > 1
      ? html`<nav class="tabs subnav" aria-label="${t('shell.adminNav')}"><ul>${admin.map(
          (item) => html`<li><a href="${item.href}"${current(item.href === adminCurrent)}>${item.label}</a></li>`,
        )}</ul></nav>`
      : '';
  return html`<!doctype html>
<html lang="${req.lang}" ${scriptLabels(req)}>
${head(req, title)}
<body>
  <a class="skip-link" href="#main">${t('nav.skip')}</a>
  <div class="app">
    ${sidebar(req, path, admin, adminCurrent)}
    <div class="app-main">
      ${topbar(req)}
      <main id="main" class="${narrow && !subnav ? 'narrow' : 'wide'}" tabindex="-1">
        ${subnav}
        ${narrow && subnav ? html`<div class="narrow-body">${body}</div>` : body}
      </main>
      ${footer(req)}
    </div>
  </div>
  ${toasts(req)}
  ${addons}
</body>
</html>`.toString();
}
