import { declareTable, personal } from '../../db/declare.js';

const account = (purpose: string) => personal('account', 'deleted_accounts', purpose);

export const identityLinksTable = declareTable('identity_links', 'identity', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', account('which account a single sign-on identity signs in as')],
  provider: ['string', 'not null', 'none'],
  subject: ['string', 'not null', account('the identity provider\'s id of the person (OIDC subject)')],
  email: ['string', 'null', account('the email the provider gave at the last single sign-on')],
  linked_by: ['string', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  last_used_at: ['bigint', 'null', account('security review of single sign-on')],
  groups: ['text', 'null', account('the groups the provider sent at the last single sign-on (mapped to roles and teams)')],
}, { access: { rule: 'the single sign-on identities linked to your account' } });
