import { declareTable, personal } from '../../db/declare.js';

const hold = (purpose: string) => personal('audit', 'retention_reports', purpose);

// Legal holds: while active, retention and erasure skip the held person's or workspace's data.
// Released holds age out with the retention reports.
export const legalHoldsTable = declareTable('legal_holds', 'holds', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  user_id: ['string', 'null', hold('whose data is held')],
  reason: ['text', 'not null', hold('why the data is held (e.g. litigation reference)')],
  created_by: ['string', 'not null', hold('who placed the hold')],
  created_at: ['bigint', 'not null', 'none'],
  until_at: ['bigint', 'null', 'none'],
  released_at: ['bigint', 'null', 'none'],
  released_by: ['string', 'null', hold('who released the hold')],
}, { retention: { category: 'retention_reports', ageColumn: 'released_at' }, erasure: 'keep', access: { excluded: true, rule: 'legal holds are not exported: the privacy team discloses them case by case, as legal proceedings allow' } });
