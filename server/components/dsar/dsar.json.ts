// The JSON shape of a request, shared by /api/v1 and `opsenic dsar --json`.
import type { RequestView } from './dsar.service.js';
import type { MentionView } from './dsar.erasure.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const requestJson = (r: RequestView) => ({
  id: r.id,
  type: r.type,
  status: r.status,
  statusReason: r.statusReason,
  subject: { userId: r.subjectUserId, email: r.subjectEmail, name: r.subjectName, erasureLedgerId: r.erasureLedgerId },
  channel: r.channel,
  filedBy: r.filedByLabel,
  receivedAt: iso(r.receivedAt),
  receivedOn: r.receivedOn,
  dueOn: r.dueOn,
  originalDueOn: r.originalDueOn,
  businessDaysLeft: r.businessDaysLeft,
  overdue: r.overdue,
  assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName } : null,
  closedAt: iso(r.closedAt),
});


/** A mention to review, its decision time in ISO 8601 like every time the API writes. */
export const mentionJson = (m: MentionView) => ({ ...m, decidedAt: iso(m.decidedAt) });
