// Export formats of the audit log: one JSON object per line, or CSV (RFC 4180 quoting, and cells
// that a spreadsheet would run as formulas are prefixed with a quote).
import type { ResolvedEntry } from './audit.service.js';

export const csvColumns = ['seq', 'id', 'at', 'action', 'actor_kind', 'actor_id', 'actor_email', 'actor_name', 'actor_erased', 'workspace_id', 'target_type', 'target_id', 'details', 'prev_hash', 'hash'] as const;

function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return csvColumns.join(',') + '\r\n';
}

export function csvLine(e: ResolvedEntry): string {
  const values = [e.seq, e.id, e.at, e.action, e.actorKind, e.actorId, e.actorEmail, e.actorName, e.actorErased, e.workspaceId, e.targetType, e.targetId, JSON.stringify(e.details), e.prevHash, e.hash];
  return values.map(csvCell).join(',') + '\r\n';
}

export function jsonLine(e: ResolvedEntry): string {
  return JSON.stringify(e) + '\n';
}

/** Parses a --since / from / to value: a date (YYYY-MM-DD, UTC midnight) or a full ISO 8601 timestamp. */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) return undefined;
  const iso = trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed.replace(' ', 'T');
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) return undefined;
  // Reject dates that roll over (2026-02-31).
  const [y, m, d] = trimmed.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y!, m! - 1, d!));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m! - 1 || check.getUTCDate() !== d) return undefined;
  return ms;
}
