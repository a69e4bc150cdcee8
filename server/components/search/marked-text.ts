// Matches come back from the full-text index marked with START ... STOP (server/db/fulltext.ts);
// the page shows them as <mark>. Everything else is escaped, so indexed text can never inject markup.
import { START, STOP } from '../../db/fulltext.js';
import { escapeHtml } from '../../web/html.js';

/** Escapes marked text and turns only the match markers into <mark>…</mark>. */
export function markedToHtml(marked: string | null | undefined): string {
  if (!marked) return '';
  let out = '';
  let open = false;
  for (const part of marked.split(/([\u0001\u0002])/)) {
    if (part === START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === STOP) {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += escapeHtml(part);
    }
  }
  return open ? `${out}</mark>` : out;
}
