import { declareTable, personal } from '../../db/declare.js';

const content = (purpose: string) => personal('content', 'deleted_accounts', purpose);

export const feedbackTable = declareTable('feedback', 'feedback', { column: 'recipient_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  giver_id: ['string', 'null', content('who gave the feedback')],
  recipient_id: ['string', 'not null', content('who the feedback is about')],
  body: ['text', 'not null', content('the feedback itself')],
  visibility: ['string', 'not null', 'none'],
  created_at: ['bigint', 'not null', content('when the feedback was given')],
}, { access: { links: ['giver_id'], visibleWith: 'readableFeedback', rule: 'feedback you received and feedback you gave' } });

export const feedbackValuesTable = declareTable('feedback_values', 'feedback', 'none', {
  feedback_id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  value: ['string', 'not null', 'none'],
}, { access: { through: [{ table: 'feedback', column: 'feedback_id' }], rule: 'the Values tags of that feedback' } });
