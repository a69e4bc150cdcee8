import { declareTable } from '../../db/declare.js';

export const workspacesTable = declareTable('workspaces', 'workspaces', 'none', {
  id: ['string', 'not null', 'none'],
  kind: ['string', 'not null', 'none'],
  name: ['string', 'not null', 'none'],
  signup_mode: ['string', 'null', 'none'],
  expires_at: ['bigint', 'null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  expiry_notice_for: ['bigint', 'null', 'none'],
}, { retention: { category: 'sandbox_workspaces', ageColumn: 'expires_at', where: { kind: 'sandbox' } } });
