import { declareTable, personal } from '../../db/declare.js';

const audit = (purpose: string) => personal('audit', 'audit', purpose);

// Chained records hold no identity: actor_id and (for people) target_id are opaque audit_actors ids.
// The rows must only be removed through AuditService.purgeOlderThan, which keeps the chain verifiable.
export const auditEntriesTable = declareTable('audit_entries', 'audit', 'none', {
  id: ['string', 'not null', 'none'],
  seq: ['bigint', 'not null', 'none'],
  workspace_id: ['string', 'null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  action: ['string', 'not null', 'none'],
  actor_kind: ['string', 'not null', 'none'],
  actor_id: ['string', 'null', audit('who did it (pseudonymous: resolved through audit_actors)')],
  target_type: ['string', 'null', 'none'],
  target_id: ['string', 'null', audit('what it was done to (people pseudonymous, through audit_actors)')],
  details: ['text', 'not null', audit('parameters of the action (no names or emails)')],
  prev_hash: ['string', 'not null', 'none'],
  hash: ['string', 'not null', 'none'],
}, { access: { through: [{ table: 'audit_actors', column: 'actor_id' }, { table: 'audit_actors', column: 'target_id' }], rule: 'audit log entries of what you did, or what was done to your account' } });

// The identities behind the opaque ids; erasing a person blanks their row here and nothing in the chain.
export const auditActorsTable = declareTable('audit_actors', 'audit', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'null', 'none'],
  user_id: ['string', 'null', audit('links the pseudonymous audit id to the account')],
  email: ['string', 'null', audit('shows who acted in the audit log')],
  display_name: ['string', 'null', audit('shows who acted in the audit log')],
  created_at: ['bigint', 'not null', 'none'],
  erased_at: ['bigint', 'null', 'none'],
}, { erasure: 'keep' }); // the audit service's forgetUser blanks these rows: the ids stay for the chain

export const auditChainTable = declareTable('audit_chain', 'audit', 'none', {
  id: ['string', 'not null', 'none'],
  first_seq: ['bigint', 'not null', 'none'],
  anchor_hash: ['string', 'not null', 'none'],
  last_seq: ['bigint', 'not null', 'none'],
  last_hash: ['string', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
});
