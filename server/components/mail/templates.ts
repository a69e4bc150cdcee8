// Email templates: subject, plain text and HTML in the recipient's language, with absolute links
// from publicUrl. Plain links only: no tracking pixel, no redirect through us, no rewritten URL.
// Rendering happens at send time, so what an email says (a digest above all) is checked against
// what the recipient may read when it leaves, not when it was queued.
import { escapeHtml } from '../../web/html.js';
import { isLanguage, translator, type Language, type Translate } from '../../platform/i18n.js';
import { notificationKey, notificationTitle, type NotificationView } from '../notifications/notifications.repository.js';
import { categoryOf } from './categories.js';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  /** The one-click unsubscribe URL the email offers (optional categories only). */
  unsubscribeUrl: string | null;
}

export type RenderResult = Rendered | { skip: string };

/** What a template may look up at send time (the recipient's current view of the app). */
export interface RenderContext {
  publicUrl: string;
  /** The recipient's notification if they may still see it. */
  notification(userId: string, id: string): Promise<NotificationView | undefined>;
  /** The recipient's unread notifications they may still see, queued in [since, until), of these kinds. */
  unreadNotifications(userId: string, since: number, until: number, kinds: string[]): Promise<NotificationView[]>;
  /** A signed one-click unsubscribe URL for an optional category, or null for service mail. */
  unsubscribeUrl(userId: string | null, category: string): string | null;
}

export interface TemplateInput {
  template: string;
  category: string;
  language: string;
  timeZone: string | null;
  userId: string | null;
  data: Record<string, unknown>;
}

/** Templates an admin can preview (with sample data) and that code may queue. */
export const templateNames = ['password_reset', 'invitation', 'signup_confirm', 'signup_taken', 'password_changed', 'new_device', 'sandbox_expiry', 'notification', 'digest', 'announcement', 'test', 'plain'] as const;

type Block = { p: string } | { link: string; label?: string } | { list: Array<{ text: string; href: string }> };

// Building an Intl.DateTimeFormat costs far more than using one: one per language and zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatDate(ms: number, language: Language, timeZone: string | null): string {
  const key = `${language}|${timeZone ?? 'UTC'}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      // Explicit fields: dateStyle/timeStyle cannot be combined with the zone's name.
      format = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: timeZone ?? 'UTC', timeZoneName: 'short' });
    } catch {
      return new Date(ms).toISOString(); // an unknown zone in a profile
    }
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, format);
  }
  return format.format(new Date(ms));
}

function layout(t: Translate, input: TemplateInput, ctx: RenderContext, subject: string, blocks: Block[]): Rendered {
  const category = categoryOf(input.category);
  const unsubscribe = category?.optOut ? ctx.unsubscribeUrl(input.userId, input.category) : null;
  const categoryName = t(`mail.categories.${input.category}.name`);
  const footer: Block[] = category?.optOut
    ? [{ p: t('mail.footer.optional', { category: categoryName }) }, { link: `${ctx.publicUrl}/settings/email`, label: t('mail.footer.manage') }, ...(unsubscribe ? [{ link: unsubscribe, label: t('mail.footer.unsubscribe', { category: categoryName }) }] : [])]
    : [{ p: t('mail.footer.service') }];
  const textOf = (b: Block) => ('p' in b ? b.p : 'link' in b ? (b.label ? `${b.label}: ${b.link}` : b.link) : b.list.map((i) => `- ${i.text}\n  ${i.href}`).join('\n'));
  const htmlOf = (b: Block) =>
    'p' in b
      ? `<p>${escapeHtml(b.p).replace(/\n/g, '<br>')}</p>`
      : 'link' in b
        ? `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label ?? b.link)}</a></p>`
        : `<ul>${b.list.map((i) => `<li><a href="${escapeHtml(i.href)}">${escapeHtml(i.text)}</a></li>`).join('')}</ul>`;
  const text = `${blocks.map(textOf).join('\n\n')}\n\n-- \n${footer.map(textOf).join('\n')}\n`;
  const html = `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em">${blocks.map(htmlOf).join('')}<hr><div style="font-size:.85em;color:#555">${footer.map(htmlOf).join('')}</div></body></html>`;
  return { subject, text, html, unsubscribeUrl: unsubscribe };
}

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback);

function notificationLink(publicUrl: string, n: NotificationView): string {
  if (n.kind === 'feedback') return `${publicUrl}/feedback#feedback-${n.feedbackId}`;
  if (n.kind === 'dsar_due') return `${publicUrl}/privacy/requests/${n.dsarRequestId}`;
  if (n.oneOnOne) return `${publicUrl}/one-on-ones/${n.oneOnOne.id}/meetings/${n.oneOnOne.meetingId}`;
  return `${publicUrl}/notifications/${n.id}/open`;
}

function notificationLine(t: Translate, n: NotificationView): string {
  const name = n.actor ? `${n.actor.firstName} ${n.actor.lastName}` : '';
  // A 1:1 item is named by its text, cut to fit a subject line.
  const item = n.oneOnOne ? (n.oneOnOne.body.length > 80 ? `${n.oneOnOne.body.slice(0, 79)}…` : n.oneOnOne.body) : '';
  return t(`mail.templates.notification.subject.${notificationKey(n)}`, { name, title: n.target ? notificationTitle(t, n) : item });
}

export async function render(input: TemplateInput, ctx: RenderContext): Promise<RenderResult> {
  const language: Language = isLanguage(input.language) ? input.language : 'en';
  const t = translator(language);
  const d = input.data;
  const hello = (name: unknown): Block[] => (str(name) ? [{ p: t('mail.hello', { name: str(name) }) }] : []);
  switch (input.template) {
    case 'plain':
      return layout(t, input, ctx, str(d.subject), [{ p: str(d.text) }]);
    case 'password_reset': {
      const k = 'mail.templates.password_reset';
      return layout(t, input, ctx, t(`${k}.subject`), [...hello(d.firstName), { p: t(`${k}.intro`, { minutes: d.minutes }) }, { link: str(d.link) }, { p: t(`${k}.ignore`) }]);
    }
    case 'invitation': {
      const k = 'mail.templates.invitation';
      const by = str(d.by) || t(`${k}.admin`);
      return layout(t, input, ctx, t(`${k}.subject`, { by }), [{ p: t(`${k}.intro`, { by, workspace: str(d.workspace) }) }, { p: t(`${k}.action`, { days: d.days }) }, { link: str(d.link) }]);
    }
    case 'signup_confirm': {
      const k = 'mail.templates.signup_confirm';
      return layout(t, input, ctx, t(`${k}.subject`), [...hello(d.firstName), { p: t(`${k}.intro`, { hours: d.hours }) }, { link: str(d.link) }, { p: t(`${k}.ignore`) }]);
    }
    case 'signup_taken': {
      const k = 'mail.templates.signup_taken';
      return layout(t, input, ctx, t(`${k}.subject`), [...hello(d.firstName), { p: t(`${k}.intro`) }, { link: str(d.signinLink), label: t(`${k}.signin`) }, { link: str(d.resetLink), label: t(`${k}.reset`) }, { p: t(`${k}.ignore`) }]);
    }
    case 'password_changed': {
      const k = 'mail.templates.password_changed';
      return layout(t, input, ctx, t(`${k}.subject`), [...hello(d.firstName), { p: t(`${k}.intro`, { when: formatDate(Number(d.at), language, input.timeZone) }) }, { p: t(`${k}.notYou`) }, { link: `${ctx.publicUrl}/password/forgot` }]);
    }
    case 'new_device': {
      // No geolocation database ships with the server: the network address is the place we know.
      const k = 'mail.templates.new_device';
      const unknown = t(`${k}.unknown`);
      return layout(t, input, ctx, t(`${k}.subject`), [
        ...hello(d.firstName),
        { p: t(`${k}.intro`) },
        { p: [t(`${k}.when`, { when: formatDate(Number(d.at), language, input.timeZone) }), t(`${k}.browser`, { browser: str(d.browser) || unknown, os: str(d.os) || unknown }), t(`${k}.place`, { ip: str(d.ip) || unknown })].join('\n') },
        { p: t(`${k}.ifYou`) },
        { p: t(`${k}.notYou`) },
        { link: `${ctx.publicUrl}/password/forgot` },
      ]);
    }
    case 'sandbox_expiry': {
      const k = 'mail.templates.sandbox_expiry';
      const when = formatDate(Number(d.expiresAt), language, input.timeZone);
      return layout(t, input, ctx, t(`${k}.subject`, { workspace: str(d.workspace), when }), [...hello(d.firstName), { p: t(`${k}.intro`, { workspace: str(d.workspace), when }) }, { p: t(`${k}.action`) }, { link: `${ctx.publicUrl}/` }]);
    }
    case 'notification': {
      if (!input.userId) return { skip: 'no recipient account' };
      const n = await ctx.notification(input.userId, str(d.notificationId));
      if (!n) return { skip: 'no longer visible to the recipient' };
      if (n.readAt !== null) return { skip: 'already read in the app' };
      const line = notificationLine(t, n);
      return layout(t, input, ctx, line, [{ p: `${line} (${formatDate(n.createdAt, language, input.timeZone)})` }, { p: t('mail.templates.notification.open') }, { link: notificationLink(ctx.publicUrl, n) }]);
    }
    case 'digest': {
      if (!input.userId) return { skip: 'no recipient account' };
      const since = Number(d.since);
      const items = await ctx.unreadNotifications(input.userId, since, Number(d.until), Array.isArray(d.kinds) ? d.kinds.map(String) : []);
      if (!items.length) return { skip: 'nothing unread to tell' };
      const k = 'mail.templates.digest';
      const frequency = d.frequency === 'weekly' ? 'weekly' : 'daily';
      const list = items.map((n) => ({ text: `${notificationLine(t, n)} (${formatDate(n.createdAt, language, input.timeZone)})`, href: notificationLink(ctx.publicUrl, n) }));
      return layout(t, input, ctx, t(`${k}.subject_${frequency}`, { count: items.length }), [{ p: t(`${k}.intro`, { since: formatDate(since, language, input.timeZone) }) }, { list }, { p: t(`${k}.open`) }, { link: `${ctx.publicUrl}/notifications` }]);
    }
    case 'announcement':
      return layout(t, input, ctx, str(d.subject), [{ p: str(d.body) }, { p: t('mail.templates.announcement.by', { name: str(d.author), workspace: str(d.workspace) }) }]);
    case 'test': {
      const k = 'mail.templates.test';
      return layout(t, input, ctx, t(`${k}.subject`), [{ p: t(`${k}.body`, { when: formatDate(Number(d.at ?? Date.now()), language, input.timeZone) }) }]);
    }
    default:
      throw new Error(`unknown email template ${input.template}`);
  }
}

/** Sample data for an admin's preview of each template (no real person, no live token). */
export function sampleData(template: string, publicUrl: string): Record<string, unknown> {
  const at = Date.UTC(2026, 0, 15, 9, 30);
  switch (template) {
    case 'password_reset':
      return { firstName: 'Ada', link: `${publicUrl}/password/reset/EXAMPLE-TOKEN`, minutes: 60 };
    case 'invitation':
      return { by: 'Ada Lovelace', workspace: 'Example', link: `${publicUrl}/signup?invite=EXAMPLE-TOKEN`, days: 7 };
    case 'signup_confirm':
      return { firstName: 'Ada', link: `${publicUrl}/signup/confirm/EXAMPLE-TOKEN`, hours: 24 };
    case 'signup_taken':
      return { firstName: 'Ada', signinLink: `${publicUrl}/signin`, resetLink: `${publicUrl}/password/forgot` };
    case 'password_changed':
      return { firstName: 'Ada', at };
    case 'new_device':
      return { firstName: 'Ada', at, browser: 'Firefox 133', os: 'Linux', ip: '203.0.113.7' };
    case 'sandbox_expiry':
      return { firstName: 'Ada', workspace: 'Try-out', expiresAt: at + 7 * 86_400_000 };
    case 'announcement':
      return { subject: 'Office closed on Friday', body: 'The office is closed on Friday for maintenance.', author: 'Ada Lovelace', workspace: 'Example' };
    case 'plain':
      return { subject: 'Example', text: 'An example message.' };
    default:
      return { at, notificationId: 'example', since: at - 86_400_000, until: at, frequency: 'daily', kinds: ['mention', 'reply'] };
  }
}
