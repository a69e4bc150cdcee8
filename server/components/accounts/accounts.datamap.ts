import { declareTable, personal } from '../../db/declare.js';

const account = (purpose: string) => personal('account', 'deleted_accounts', purpose);
const profile = (purpose: string) => personal('profile', 'deleted_accounts', purpose);

export const usersTable = declareTable('users', 'accounts', { column: 'id' }, {
  id: ['string', 'not null', account('identifies the account')],
  workspace_id: ['string', 'not null', 'none'],
  email: ['string', 'not null', account('sign-in and notifications')],
  email_lower: ['string', 'not null', account('case-insensitive uniqueness of emails')],
  first_name: ['string', 'not null', account('shown to colleagues')],
  last_name: ['string', 'not null', account('shown to colleagues')],
  password_hash: ['string', 'null', account('password sign-in')],
  role: ['string', 'not null', account('permissions')],
  status: ['string', 'not null', account('whether the account may sign in')],
  company: ['string', 'null', profile('profile shown to the workspace')],
  title: ['string', 'null', profile('profile shown to the workspace')],
  phone: ['string', 'null', profile('profile shown to the workspace')],
  bio: ['text', 'null', profile('profile shown to the workspace')],
  time_zone: ['string', 'null', profile('dates shown in local time')],
  language: ['string', 'null', profile('language of the interface')],
  created_at: ['bigint', 'not null', account('account history')],
  updated_at: ['bigint', 'not null', account('account history')],
  last_sign_in_at: ['bigint', 'null', account('security review of the account')],
  deleted_at: ['bigint', 'null', account('start of the grace period before the purge of a deleted account')],
  purged_at: ['bigint', 'null', 'none'],
}, { retention: { category: 'deleted_accounts', ageColumn: 'deleted_at', action: 'anonymise' }, access: { withhold: ['password_hash'], rule: 'your account and profile (the password hash is withheld: it is a secret, not information about you)' } });

export const passwordResetsTable = declareTable('password_resets', 'accounts', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', account('whose password the link resets')],
  token_hash: ['string', 'not null', 'none'],
  requested_ip: ['string', 'null', personal('security', 'sessions', 'abuse investigation of reset requests')],
  created_at: ['bigint', 'not null', 'none'],
  expires_at: ['bigint', 'not null', 'none'],
  used_at: ['bigint', 'null', 'none'],
}, { retention: { category: 'sessions', ageColumn: 'expires_at' }, access: { withhold: ['token_hash'] } });

export const invitationsTable = declareTable('invitations', 'accounts', { column: 'accepted_user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  email: ['string', 'not null', account('where the invitation is sent')],
  email_lower: ['string', 'not null', account('matching the invitation to the sign-up')],
  role: ['string', 'not null', 'none'],
  token_hash: ['string', 'not null', 'none'],
  invited_by: ['string', 'null', account('who invited whom')],
  accepted_user_id: ['string', 'null', account('the account created from the invitation')],
  created_at: ['bigint', 'not null', 'none'],
  expires_at: ['bigint', 'not null', 'none'],
  accepted_at: ['bigint', 'null', 'none'],
}, { retention: { category: 'invitations', ageColumn: 'expires_at' }, access: { emailColumn: 'email_lower', withhold: ['token_hash'], rule: 'invitations sent to your email address' } });

/** Sign-ups waiting for their address to be proven by the emailed link; the account is created only then. */
export const signupLinksTable = declareTable('signup_links', 'accounts', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  email: ['string', 'not null', account('where the confirmation link is sent')],
  email_lower: ['string', 'not null', account('matching the link to the sign-up')],
  first_name: ['string', 'not null', account('the name of the account to create')],
  last_name: ['string', 'not null', account('the name of the account to create')],
  password_hash: ['string', 'not null', account('the password of the account to create')],
  token_hash: ['string', 'not null', 'none'],
  language: ['string', 'null', account('language of the confirmation email')],
  user_id: ['string', 'null', account('the account created from the link')],
  created_at: ['bigint', 'not null', 'none'],
  expires_at: ['bigint', 'not null', 'none'],
  used_at: ['bigint', 'null', 'none'],
}, { retention: { category: 'sessions', ageColumn: 'expires_at' }, access: { emailColumn: 'email_lower', withhold: ['token_hash', 'password_hash'], rule: 'sign-ups with your email address waiting for confirmation' } });

// A profile photo is personal data the person chooses to give (legal basis: legitimate interest in
// recognising colleagues; the person may remove it at any time). Kept while the account lives,
// deleted with it (the purge of a deleted account, an erasure request) or when the person removes it.
const photo = (purpose: string) => personal('profile', 'deleted_accounts', purpose);

export const userPhotosTable = declareTable('user_photos', 'accounts', { column: 'user_id' }, {
  user_id: ['string', 'not null', photo('whose profile photo it is')],
  workspace_id: ['string', 'not null', 'none'],
  etag: ['string', 'not null', 'none'],
  content_type: ['string', 'not null', 'none'],
  large: ['text', 'not null', photo('profile photo shown to colleagues (uploaded by the person, re-encoded without metadata; legitimate interest, removable at any time)')],
  small: ['text', 'not null', photo('profile photo shown to colleagues (uploaded by the person, re-encoded without metadata; legitimate interest, removable at any time)')],
  created_at: ['bigint', 'not null', 'none'],
}, { key: 'user_id', access: { rule: 'your profile photo, as base64-encoded JPEG images (256 and 64 pixels square)' } });
