// One way to show time on every page: Intl in the reader's language and time zone, relative for
// recent events ("3 hours ago") with the exact time on hover, in a <time datetime> element that
// machines read. Stored times stay UTC epoch ms; exports keep ISO 8601 (isoTime).
import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';

/** Every IANA zone this runtime knows, plus UTC (which supportedValuesOf leaves out on some builds). */
export const timeZones: readonly string[] = (() => {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  return [...zones].sort();
})();
const knownZones = new Set(timeZones);

/** IANA's current names that ICU lists under an older alias (Asia/Kolkata for Asia/Calcutta, ...). */
const ianaShape = /^[A-Z][A-Za-z_]*(\/[A-Z][A-Za-z0-9_+-]*)+$/;
function isAlias(value: string): boolean {
  if (!ianaShape.test(value)) return false;
  try {
    return knownZones.has(new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && (knownZones.has(value) || isAlias(value));
}

/** The reader's zone: their profile's when it is a known one, else UTC. */
export function readerTimeZone(req: Pick<Request, 'user'>): string {
  const zone = req.user?.timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

// Formatters are costly to build (tens of µs) and a page shows dozens of times: one per language,
// zone and style, bounded.
const formatters = new Map<string, Intl.DateTimeFormat>();
const relatives = new Map<string, Intl.RelativeTimeFormat>();
type Style = 'dateTime' | 'date' | 'time' | 'month' | 'isoDay';
const styles: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  month: { year: 'numeric', month: 'short' },
  // With en-CA: YYYY-MM-DD, the form of <input type="date"> and of stored calendar days.
  isoDay: { year: 'numeric', month: '2-digit', day: '2-digit' },
};
function formatter(lang: string, timeZone: string, style: Style): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { ...styles[style], timeZone });
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}
function relative(lang: string): Intl.RelativeTimeFormat {
  let f = relatives.get(lang);
  if (!f) relatives.set(lang, (f = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })));
  return f;
}

// Formatting itself costs a few µs a time, and the same times come back on every view of a page
// (Home shows the same twenty to its reader all day): texts are remembered (bounded).
const texts = new Map<string, string>();
function remembered(key: string, make: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = make();
    if (texts.size >= 20_000) texts.clear();
    texts.set(key, text);
  }
  return text;
}
function formatted(lang: string, timeZone: string, style: Style, ms: number): string {
  return remembered(`${lang}|${timeZone}|${style}|${ms}`, () => formatter(lang, timeZone, style).format(ms));
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** Date and time in the reader's language and zone: "6 Dec 2026, 09:14". */
export function formatDateTime(req: Pick<Request, 'lang' | 'user'>, ms: number): string {
  return formatted(req.lang, readerTimeZone(req), 'dateTime', ms);
}

/**
 * A date in the reader's language. `calendarDay` for values that are a day, not an instant (a 1:1's
 * date, a due date stored as UTC midnight): shown as that day in any zone.
 */
export function formatDate(req: Pick<Request, 'lang' | 'user'>, ms: number, calendarDay = false): string {
  return formatted(req.lang, calendarDay ? 'UTC' : readerTimeZone(req), 'date', ms);
}

/** A stored calendar day ("2026-01-31") in the reader's language ("Jan 31, 2026"); text that is no such day is returned as it is. */
export function formatDay(req: Pick<Request, 'lang' | 'user'>, day: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  return Number.isFinite(ms) ? formatDate(req, ms, true) : day;
}

/** A stored month ("2026-01", a chart's period) in the reader's language ("Jan 2026", "janv. 2026"); other text is returned as it is. */
export function formatMonth(lang: string, month: string): string {
  const ms = /^\d{4}-\d{2}$/.test(month) ? Date.parse(`${month}-01T00:00:00Z`) : NaN;
  return Number.isFinite(ms) ? formatted(lang, 'UTC', 'month', ms) : month;
}

/**
 * Today in the reader's zone as a calendar day: "YYYY-MM-DD" and its UTC midnight (how calendar days
 * are stored). In Tokyo at 08:00 it is already the next day while UTC is still on the one before.
 */
export function readerToday(req: Pick<Request, 'user'>, now = Date.now()): { day: string; ms: number } {
  // The day as of this minute: the same remembered text for every request of the minute.
  const day = formatted('en-CA', readerTimeZone(req), 'isoDay', now - (now % 60_000));
  return { day, ms: Date.parse(`${day}T00:00:00Z`) };
}

/**
 * The time of day now in someone else's zone, in the reader's language ("09:41", "9:41 AM"): a person
 * page's local time, so a colleague abroad is not called at night. Undefined for an unknown zone.
 */
export function timeOfDayIn(lang: string, timeZone: string | null | undefined, now = Date.now()): string | undefined {
  if (!timeZone || !isTimeZone(timeZone)) return undefined;
  return formatted(lang, timeZone, 'time', now - (now % 60_000));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 hours ago", "in 2 days", "yesterday"; undefined past a week either way (a date reads better then). */
export function relativeTime(lang: string, ms: number, now = Date.now()): string | undefined {
  const delta = ms - now;
  const size = Math.abs(delta);
  if (size < MINUTE) return relativeText(lang, 0, 'second');
  if (size < HOUR) return relativeText(lang, Math.round(delta / MINUTE), 'minute');
  if (size < DAY) return relativeText(lang, Math.round(delta / HOUR), 'hour');
  if (size < 7 * DAY) return relativeText(lang, Math.round(delta / DAY), 'day');
  return undefined;
}

function relativeText(lang: string, value: number, unit: Intl.RelativeTimeFormatUnit): string {
  return remembered(`${lang}|${value}|${unit}`, () => relative(lang).format(value, unit));
}

/**
 * The one element pages use for an instant: relative when recent, else the date and time; the exact
 * time in the reader's zone on hover (title), ISO 8601 in datetime.
 */
export function timeTag(req: Pick<Request, 'lang' | 'user'>, at: number | string | null | undefined, now = Date.now()): SafeHtml {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  if (ms === null || ms === undefined || Number.isNaN(ms)) return html``;
  const exact = formatDateTime(req, ms);
  const shown = relativeTime(req.lang, ms, now) ?? exact;
  return html`<time datetime="${isoTime(ms)}" title="${exact}">${shown}</time>`;
}

/** A day (calendar date) in a <time> element. */
export function dayTag(req: Pick<Request, 'lang' | 'user'>, ms: number | null | undefined): SafeHtml {
  if (ms === null || ms === undefined) return html``;
  return html`<time datetime="${isoTime(ms).slice(0, 10)}">${formatDate(req, ms, true)}</time>`;
}
