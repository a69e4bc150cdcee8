// Small view parts of the design system (web/static/ds/components.css): icons, avatars, empty states,
// tabs. Pages compose these instead of writing their own markup for the same thing.
import { escapeHtml, html, raw, type SafeHtml } from './html.js';
import type { Request } from 'express';

export type IconName =
  | 'home' | 'org' | 'people' | 'oneonones' | 'feedback' | 'insights' | 'admin' | 'privacy' | 'bell' | 'search' | 'menu'
  | 'close' | 'sidebar' | 'user' | 'key' | 'data' | 'signout' | 'inbox' | 'calendar' | 'check' | 'at' | 'activity' | 'plus' | 'settings'
  | 'document' | 'comment';

/**
 * A long token (an email, a route, an action name) that may wrap after each of `marks` and nowhere
 * else: "ada.ivanova@<wbr>example.<wbr>com" keeps its words whole in a narrow table column.
 */
export function breakAfter(text: string, marks: string): SafeHtml {
  const parts = text.split(new RegExp(`(?<=[${marks.replace(/[\]\\^-]/g, '\\$&')}])`));
  return html`${parts.map((part, i) => html`${i ? html`<wbr>` : ''}${part}`)}`;
}

/** An email in a table cell or a narrow card: it may wrap after its @ and its dots, never inside a word. */
export const emailLines = (email: string): SafeHtml => breakAfter(email, '@.');

/** Where a page leads back to, named: a node, a person, the reader's own page, or a list in its own words. */
export interface BackLink {
  path: string;
  name?: string;
  own?: boolean;
  /** The whole label, when "Back to <name>" does not read well ("Back to the queue"). */
  label?: string;
}

/** "Back to Checkout Atlas", "Back to your page": a bare "Back" says neither where nor to whom. */
export function backLink(req: Request, back: BackLink): SafeHtml {
  const named = back.own ? req.t('nav.backToYourPage') : back.name ? req.t('nav.backTo', { name: back.name }) : req.t('nav.back');
  const label = back.label ?? named;
  return html`<p><a href="${back.path}">${label}</a></p>`;
}

/** A decorative icon from the sprite; the text next to it (or an aria-label) names the action. */
export function icon(name: IconName): SafeHtml {
  return html`<svg class="icon" aria-hidden="true" focusable="false"><use href="/static/icons.svg#${name}"></use></svg>`;
}

export interface AvatarPerson {
  id: string;
  firstName: string;
  lastName: string;
  /** The version of the person's uploaded photo (null or absent: initials are drawn). */
  photo?: string | null;
}

export const AVATAR_COLOURS = 12;

/** The colour index of a person: a hash of the id, so it is stable and the same on every page. */
export function avatarColour(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % AVATAR_COLOURS;
}

export function initials(person: Pick<AvatarPerson, 'firstName' | 'lastName'>): string {
  const first = [...person.firstName.trim()][0] ?? '';
  const last = [...person.lastName.trim()][0] ?? '';
  return (first + last).toUpperCase() || '?';
}

/** The URL of a person's photo: the version in the URL, so a new photo is a new address and an old one may be cached. */
export function photoUrl(person: Pick<AvatarPerson, 'id' | 'photo'>, size: 'small' | 'large'): string {
  return `/people/${encodeURIComponent(person.id)}/photo?${new URLSearchParams({ size, v: person.photo ?? '' }).toString()}`;
}

/** The person's photo, or their initials on their colour; decorative (the name is always written next to it). */
export function avatar(person: AvatarPerson, size: 'small' | 'medium' | 'large' = 'medium'): SafeHtml {
  const sizeClass = size === 'medium' ? '' : ` ${size}`;
  if (person.photo) {
    // 64 px covers the small and medium circles on a 2x screen; the large one needs the 256 px image.
    const side = size === 'large' ? 72 : size === 'small' ? 24 : 32;
    return html`<img class="avatar${sizeClass}" src="${photoUrl(person, size === 'large' ? 'large' : 'small')}" alt="" width="${side}" height="${side}" loading="lazy" decoding="async">`;
  }
  return html`<span class="avatar avatar-${avatarColour(person.id)}${size === 'medium' ? '' : ` ${size}`}" aria-hidden="true">${initials(person)}</span>`;
}

export interface EmptyStateOptions {
  icon?: IconName;
  title: string;
  text?: string | SafeHtml;
  /** The next thing to do: a link, or a form/button passed as markup. */
  action?: { href: string; label: string } | SafeHtml;
}

/** What is missing and what to do about it (never just "Nothing here yet."). */
export function emptyState(o: EmptyStateOptions): SafeHtml {
  const action = o.action && 'href' in o.action ? html`<a class="button primary" href="${o.action.href}">${o.action.label}</a>` : o.action;
  return html`<div class="empty">${o.icon ? icon(o.icon) : ''}<strong>${o.title}</strong>${o.text ? html`<p>${o.text}</p>` : ''}${action ?? ''}</div>`;
}

/** Figures at a glance: each number (in the reader's language, "9,993") with what it counts under it. */
export function stats(language: string, items: Array<{ value: number; label: string }>): SafeHtml {
  const number = new Intl.NumberFormat(language);
  return html`<ul class="stats">${items.map((s) => html`<li class="stat"><span class="stat-value">${number.format(s.value)}</span><span class="stat-label">${s.label}</span></li>`)}</ul>`;
}

export interface Tab {
  href: string;
  label: string;
  current: boolean;
}

/** Tabs as links: each tab is its own page, so they work without a script and can be bookmarked. */
export function tabs(label: string, items: Tab[]): SafeHtml {
  return html`<nav class="tabs" aria-label="${label}"><ul>${items.map(
    (tab) => html`<li><a href="${tab.href}"${tab.current ? html` aria-current="page"` : ''}>${tab.label}</a></li>`,
  )}</ul></nav>`;
}

/** A sentence of ours that names a command in backticks ("run `opsenic audit verify`"): the command as code, the rest escaped. */
export function withCode(text: string): SafeHtml {
  return raw(text.split('`').map((part, i) => (i % 2 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part))).join(''));
}
