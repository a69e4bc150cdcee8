// An audit entry's details as a person reads them: each key and each stored code in the reader's
// language, times in their language and zone, numbers grouped. The stored JSON stays as it is (the
// API, the export and `opsenic audit` give it unchanged); only the page reads it out.
import type { Request } from 'express';
import { html, type SafeHtml } from '../../web/html.js';
import { formatDateTime, formatDay } from '../../web/time.js';

/**
 * Keys whose values are codes of the product (a request's type, a status, a sign-in method, a
 * refusal's reason). Only these are looked up: an id, a provider's name or a table name that
 * happened to look like a code ("email") must not be translated.
 */
const codeKeys = new Set(['type', 'channel', 'status', 'from', 'to', 'method', 'via', 'mode', 'linkedBy', 'scope', 'subject', 'by', 'reason', 'dialect', 'mentions', 'target', 'kind', 'role']);
/** Keys that hold an instant, stored as epoch milliseconds or an ISO 8601 time. */
const instantKeys = new Set(['until', 'takenAt']);

const calendarDay = /^\d{4}-\d{2}-\d{2}$/;
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const code = /^[a-z][a-z0-9_]*$/;

/** A detail's name in the reader's language ("newDevice" -> "new device", "nouvel appareil"); one the catalogue lacks reads as words. */
export function detailKey(req: Request, key: string): string {
  const catalogued = req.t(`audit.detailKeys.${key}`, { defaultValue: '' });
  return catalogued || key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A stored code in words ("rectification" -> "rectification", "rectification"; "wrong_password" -> "wrong password"). */
function codeWords(req: Request, value: string): string {
  return req.t(`audit.detailValues.${value}`, { defaultValue: '' }) || value.replace(/_/g, ' ');
}

/** A detail value as text a person reads: lists joined, nested objects as key: value, nothing as JSON. */
export function detailValue(req: Request, value: unknown, key = ''): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return req.t(value ? 'audit.yes' : 'audit.no');
  if (Array.isArray(value)) return value.map((v) => detailValue(req, v, key)).join(', ');
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${detailKey(req, k)}: ${detailValue(req, v, k)}`).join('; ');
  if (typeof value === 'number') {
    if (instantKeys.has(key) && Number.isFinite(value)) return formatDateTime(req, value);
    return new Intl.NumberFormat(req.lang).format(value);
  }
  const text = String(value);
  if (calendarDay.test(text)) return formatDay(req, text);
  if (isoInstant.test(text) && Number.isFinite(Date.parse(text))) return formatDateTime(req, Date.parse(text));
  if (codeKeys.has(key) && code.test(text)) return codeWords(req, text);
  return text;
}

/** Details as a short definition list (it wraps; one line of JSON made the table 2,570 px wide); the stored key stays in data-key. */
export function detailsList(req: Request, details: Record<string, unknown>): SafeHtml | string {
  const entries = Object.entries(details);
  if (!entries.length) return '';
  return html`<dl class="audit-details details-list">${entries.map(([key, value]) => html`<div data-key="${key}"><dt>${detailKey(req, key)}</dt> <dd>${detailValue(req, value, key)}</dd></div>`)}</dl>`;
}
