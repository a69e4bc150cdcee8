import { declareTable, personal } from '../../db/declare.js';

const usage = (purpose: string) => personal('usage', 'notifications', purpose);

export const notificationsTable = declareTable('notifications', 'notifications', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', usage('who is notified')],
  kind: ['string', 'not null', 'none'],
  actor_id: ['string', 'null', usage('whose action caused the notification')],
  comment_id: ['string', 'null', 'none'],
  feedback_id: ['string', 'null', 'none'],
  created_at: ['bigint', 'not null', usage('when it happened')],
  read_at: ['bigint', 'null', usage('whether the person has seen it')],
  email_state: ['string', 'not null', 'none'],
  email_attempts: ['integer', 'not null', 'none'],
  delivered_at: ['bigint', 'null', usage('when the email was delivered')],
  dsar_request_id: ['string', 'null', 'none'],
  one_on_one_item_id: ['string', 'null', 'none'],
  section_id: ['string', 'null', 'none'],
  meeting_id: ['string', 'null', 'none'],
}, { retention: { category: 'notifications', ageColumn: 'created_at' }, access: { rule: 'notifications addressed to you' } });
