import { declareTable, personal } from '../../db/declare.js';

const token = (purpose: string) => personal('security', 'deleted_accounts', purpose);

export const apiTokensTable = declareTable('api_tokens', 'tokens', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', token('whose scripts the token authenticates')],
  name: ['string', 'not null', token('lets the owner tell their tokens apart')],
  token_hash: ['string', 'not null', 'none'],
  token_prefix: ['string', 'not null', 'none'],
  scope: ['string', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  expires_at: ['bigint', 'null', 'none'],
  last_used_at: ['bigint', 'null', token('shows the owner whether a token is still in use')],
  revoked_at: ['bigint', 'null', 'none'],
}, { access: { withhold: ['token_hash'], rule: 'your personal access tokens (their secret hashes are withheld)' } });
