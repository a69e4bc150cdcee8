import { declareTable, personal } from '../../db/declare.js';

const request = (purpose: string) => personal('account', 'closed_requests', purpose);
const closed = { category: 'closed_requests', ageColumn: 'closed_at' } as const;

// The register of data subject requests. Closed requests age out with the closed_requests policy;
// erasing the subject blanks the identity columns (the dsar eraser) and keeps the proof of the answer.
export const dsarRequestsTable = declareTable('dsar_requests', 'dsar', { column: 'subject_user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  type: ['string', 'not null', 'none'],
  subject_user_id: ['string', 'null', request('whose data the request is about')],
  subject_email: ['string', 'null', request('reaching the subject, who may have no account')],
  subject_email_lower: ['string', 'null', request('finding the data of a subject without an account')],
  subject_name: ['string', 'null', request('shows the subject in the queue')],
  erasure_ledger_id: ['string', 'null', 'none'],
  channel: ['string', 'not null', 'none'],
  filed_by_user_id: ['string', 'null', request('who filed the request')],
  filed_by_label: ['string', 'not null', request('who or what filed the request (self-service, CLI, staff)')],
  details: ['text', 'null', personal('content', 'closed_requests', 'what the subject asks for (e.g. the correction wanted)')],
  received_at: ['bigint', 'not null', 'none'],
  received_on: ['string', 'not null', 'none'],
  due_on: ['string', 'not null', 'none'],
  original_due_on: ['string', 'not null', 'none'],
  status: ['string', 'not null', 'none'],
  status_reason: ['text', 'null', personal('content', 'closed_requests', 'why a request was rejected or extended')],
  assignee_id: ['string', 'null', request('which privacy contact handles the request')],
  reminders_sent: ['string', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
  closed_at: ['bigint', 'null', 'none'],
}, { retention: closed, erasure: 'keep', access: { emailColumn: 'subject_email_lower', rule: 'your requests (access, correction, erasure, ...) and their status' } });

export const dsarNotesTable = declareTable('dsar_notes', 'dsar', { column: 'author_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  request_id: ['string', 'not null', 'none'],
  author_id: ['string', 'null', request('which privacy contact wrote the note')],
  body: ['text', 'not null', personal('content', 'closed_requests', 'how the privacy team handled the request')],
  created_at: ['bigint', 'not null', 'none'],
}, { erasure: 'anonymise', retention: { ...closed, via: { table: 'dsar_requests', column: 'request_id' } }, access: { through: [{ table: 'dsar_requests', column: 'request_id' }], rule: 'notes the privacy team wrote on your requests' } });

// Results attached to a request hold counts, hashes, table and column names: no personal data.
export const dsarResultsTable = declareTable('dsar_results', 'dsar', 'none', {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  request_id: ['string', 'not null', 'none'],
  kind: ['string', 'not null', 'none'],
  summary: ['text', 'not null', 'none'],
  created_by: ['string', 'null', request('which privacy contact produced the result')],
  created_at: ['bigint', 'not null', 'none'],
}, { retention: { ...closed, via: { table: 'dsar_requests', column: 'request_id' } }, access: { through: [{ table: 'dsar_requests', column: 'request_id' }], rule: 'what was done for your requests (exports, corrections, erasure reports)' } });

// Mentions of an erased person in content others wrote, for an admin to redact or keep: where they are
// (table, column, row) and the character spans of each match, never the matched text itself.
export const dsarMentionsTable = declareTable('dsar_mentions', 'dsar', 'none', {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  request_id: ['string', 'not null', 'none'],
  table_name: ['string', 'not null', 'none'],
  column_name: ['string', 'not null', 'none'],
  row_key: ['string', 'not null', 'none'],
  kinds: ['string', 'not null', 'none'],
  spans: ['text', 'not null', 'none'],
  value_hash: ['string', 'not null', 'none'],
  status: ['string', 'not null', 'none'],
  reason: ['text', 'null', personal('audit', 'closed_requests', 'why an admin kept a mention')],
  decided_by: ['string', 'null', request('which admin decided')],
  decided_at: ['bigint', 'null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
}, { retention: { ...closed, via: { table: 'dsar_requests', column: 'request_id' } }, access: { excluded: true, rule: 'where an erased person was named in others\' content (no personal data of the person asking)' } });

// While a restriction is in force the person is left out of usage analytics, insights and notifications.
export const processingRestrictionsTable = declareTable('processing_restrictions', 'dsar', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', personal('account', 'deleted_accounts', 'whose processing is restricted')],
  request_id: ['string', 'null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  lifted_at: ['bigint', 'null', 'none'],
});
