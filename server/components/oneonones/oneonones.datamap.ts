import { declareTable, personal } from '../../db/declare.js';

const content = (purpose: string) => personal('content', 'deleted_accounts', purpose);

export const oneOnOnesTable = declareTable('one_on_ones', 'oneonones', { column: 'person_a_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  person_a_id: ['string', 'not null', content('a participant of the 1:1')],
  person_b_id: ['string', 'not null', content('a participant of the 1:1')],
  created_by: ['string', 'null', content('who started the 1:1')],
  created_at: ['bigint', 'not null', 'none'],
}, { access: { links: ['person_b_id'], rule: 'your 1:1s (both participants)' } });

export const oneOnOneMeetingsTable = declareTable('one_on_one_meetings', 'oneonones', { column: 'created_by' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  one_on_one_id: ['string', 'not null', 'none'],
  held_on: ['bigint', 'not null', content('when the two people met')],
  shared_notes: ['text', 'not null', content('notes both participants share')],
  created_by: ['string', 'null', content('who added the meeting')],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
}, { access: { through: [{ table: 'one_on_ones', column: 'one_on_one_id' }], rule: 'meetings of your 1:1s and their shared notes (both participants see them)' } });

export const oneOnOneItemsTable = declareTable('one_on_one_items', 'oneonones', { column: 'author_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  meeting_id: ['string', 'not null', 'none'],
  kind: ['string', 'not null', 'none'],
  body: ['text', 'not null', content('shared agenda of the 1:1')],
  owner_id: ['string', 'null', content('who owns the action item')],
  done: ['boolean', 'not null', 'none'],
  carried_from_id: ['string', 'null', 'none'],
  author_id: ['string', 'null', content('who wrote the item')],
  position: ['integer', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
  done_at: ['bigint', 'null', 'none'],
}, { access: { links: ['owner_id'], through: [{ table: 'one_on_one_meetings', column: 'meeting_id' }], rule: 'the shared agenda and action items of your 1:1s' } });

export const oneOnOnePrivateNotesTable = declareTable('one_on_one_private_notes', 'oneonones', { column: 'author_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  meeting_id: ['string', 'not null', 'none'],
  author_id: ['string', 'not null', content('the only person who may read the note')],
  body: ['text', 'not null', content('private notes of one participant')],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
}, { access: { rule: 'your own private notes only (never the other participant\'s)' } });
