import { declareTable, personal } from '../../db/declare.js';

const content = (purpose: string) => personal('content', 'deleted_accounts', purpose);

export const commentsTable = declareTable('comments', 'discussions', { column: 'author_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  node_id: ['string', 'null', 'none'],
  section_id: ['string', 'null', 'none'],
  author_id: ['string', 'null', content('who wrote the comment')],
  body: ['text', 'not null', content('the comment')],
  created_at: ['bigint', 'not null', content('when the comment was written')],
  updated_at: ['bigint', 'not null', 'none'],
  edited_at: ['bigint', 'null', 'none'],
}, { access: { through: [{ table: 'comment_mentions', column: 'id', parentColumn: 'comment_id' }], visibleWith: 'readableComments', rule: 'comments you wrote, and comments mentioning you where you can read them' } });

export const commentMentionsTable = declareTable('comment_mentions', 'discussions', { column: 'user_id' }, {
  comment_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', content('who the comment mentions')],
  workspace_id: ['string', 'not null', 'none'],
});
