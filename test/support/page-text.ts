// What a page shows, as a test expects it: times formatted the way web/time.ts is meant to (computed
// here with Intl independently, not by calling the code under test), and HTML text unescaped.

/** A date and time as pages show it in the reader's language and zone: "Dec 6, 2026, 9:14 AM". */
export const exactTime = (lang: string, timeZone: string, ms: number) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);

/** A calendar day (stored as UTC midnight) as pages show it: the same day in any zone. */
export const calendarDay = (lang: string, ms: number) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);

/** Page text with the escapes the html tag writes for quotes and ampersands undone. */
export const unescapeHtml = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
