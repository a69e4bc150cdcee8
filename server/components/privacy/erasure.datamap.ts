import { declareTable } from '../../db/declare.js';

// Opaque ids of subjects already erased, and when: no personal data. Kept so that restoring a backup
// taken before an erasure erases the person again (ErasureService.reapply).
export const erasureLedgerTable = declareTable('erasure_ledger', 'privacy', 'none', {
  id: ['string', 'not null', 'none'],
  subject_type: ['string', 'not null', 'none'],
  subject_id: ['string', 'not null', 'none'],
  erased_at: ['bigint', 'not null', 'none'],
});
