import { declareTable, personal } from '../../db/declare.js';

const outbox = (purpose: string) => personal('account', 'email_outbox', purpose);
const choice = (purpose: string) => personal('account', 'deleted_accounts', purpose);

// Every email, queued in the transaction of the event that causes it. Sent, failed and skipped rows
// age out under the `email_outbox` policy from finished_at; queued rows (finished_at NULL) never age.
export const emailOutboxTable = declareTable('email_outbox', 'mail', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  user_id: ['string', 'null', outbox('whom the email is for')],
  to_address: ['string', 'not null', outbox('where the email is delivered')],
  to_lower: ['string', 'not null', outbox('finding the emails sent to an address')],
  category: ['string', 'not null', 'none'],
  template: ['string', 'not null', 'none'],
  language: ['string', 'not null', outbox('language the email is written in')],
  time_zone: ['string', 'null', outbox('time zone dates in the email are shown in')],
  data: ['text', 'null', outbox('what the email says, until it is sent')],
  subject: ['string', 'null', outbox('what the email was about')],
  status: ['string', 'not null', 'none'],
  attempts: ['integer', 'not null', 'none'],
  next_attempt_at: ['bigint', 'not null', 'none'],
  claimed_until: ['bigint', 'null', 'none'],
  last_error: ['text', 'null', outbox('why delivery failed (the mail server reply)')],
  message_id: ['string', 'null', 'none'],
  created_at: ['bigint', 'not null', outbox('when the email was queued')],
  finished_at: ['bigint', 'null', outbox('when the email was delivered or given up')],
}, { retention: { category: 'email_outbox', ageColumn: 'finished_at' }, access: { emailColumn: 'to_lower', withhold: ['data'], rule: 'emails sent to you or to your address (the content of queued emails, which may hold a live link, is withheld)' } });

export const emailPreferencesTable = declareTable('email_preferences', 'mail', { column: 'user_id' }, {
  user_id: ['string', 'not null', choice('whose choice it is')],
  workspace_id: ['string', 'not null', 'none'],
  category: ['string', 'not null', choice('which kind of email')],
  mode: ['string', 'not null', choice('immediately, in a digest, or not at all')],
  updated_at: ['bigint', 'not null', choice('when the choice was made (proof of consent or opt-out)')],
}, { key: 'user_id' });

export const emailCategorySettingsTable = declareTable('email_category_settings', 'mail', 'none', {
  workspace_id: ['string', 'not null', 'none'],
  category: ['string', 'not null', 'none'],
  consent: ['string', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
}, { key: 'workspace_id' });

export const emailDigestsTable = declareTable('email_digests', 'mail', { column: 'user_id' }, {
  user_id: ['string', 'not null', choice('whose digest')],
  frequency: ['string', 'not null', 'none'],
  period: ['string', 'not null', choice('the last day or week a digest was queued for')],
  until_at: ['bigint', 'not null', choice('the end of the last digest window')],
}, { key: 'user_id' });

export const emailAnnouncementsTable = declareTable('email_announcements', 'mail', { column: 'author_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  author_id: ['string', 'null', personal('content', 'deleted_accounts', 'who wrote the announcement')],
  category: ['string', 'not null', 'none'],
  node_id: ['string', 'null', 'none'],
  subject: ['string', 'not null', personal('content', 'deleted_accounts', 'the announcement')],
  body: ['text', 'not null', personal('content', 'deleted_accounts', 'the announcement')],
  recipients: ['integer', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
}, { authored: true });
