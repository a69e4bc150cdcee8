import { declareTable, personal } from '../../db/declare.js';

const account = (purpose: string) => personal('account', 'deleted_accounts', purpose);

export const scimTokensTable = declareTable('scim_tokens', 'scim', 'none', {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  name: ['string', 'not null', 'none'],
  token_hash: ['string', 'not null', 'none'],
  token_prefix: ['string', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  last_used_at: ['bigint', 'null', 'none'],
  revoked_at: ['bigint', 'null', 'none'],
  provider: ['string', 'null', 'none'],
}, { access: { excluded: true, rule: 'provisioning tokens belong to the organisation, not to a person' } });

export const scimUsersTable = declareTable('scim_users', 'scim', { column: 'user_id' }, {
  user_id: ['string', 'not null', account('the account an identity provider provisions')],
  workspace_id: ['string', 'not null', 'none'],
  user_name: ['string', 'not null', account('the identity provider\'s user name of the person')],
  user_name_lower: ['string', 'not null', account('case-insensitive matching of user names')],
  external_id: ['string', 'null', account('the identity provider\'s id of the person')],
  provider: ['string', 'null', 'none'],
  version: ['integer', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
}, { key: 'user_id', access: { rule: 'what your identity provider set up for your account (user name, external id)' } });

export const scimGroupsTable = declareTable('scim_groups', 'scim', 'none', {
  node_id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  external_id: ['string', 'null', 'none'],
  version: ['integer', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
}, { key: 'node_id' });
