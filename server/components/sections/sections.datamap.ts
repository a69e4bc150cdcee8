import { declareTable, personal } from '../../db/declare.js';

const content = (purpose: string) => personal('content', 'deleted_accounts', purpose);

export const sectionsTable = declareTable('sections', 'sections', { column: 'person_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  node_id: ['string', 'null', 'none'],
  person_id: ['string', 'null', content('the person whose page holds the section')],
  kind: ['string', 'not null', 'none'],
  title: ['string', 'null', content('written by colleagues')],
  body: ['text', 'not null', content('written by colleagues')],
  visibility: ['string', 'not null', 'none'],
  position: ['integer', 'not null', 'none'],
  revision: ['integer', 'not null', 'none'],
  created_by: ['string', 'null', content('who wrote the section')],
  updated_by: ['string', 'null', content('who last edited the section')],
  created_at: ['bigint', 'not null', 'none'],
  updated_at: ['bigint', 'not null', 'none'],
  // Set by a delete: the section stays (with its revisions, grants, discussion and search entry) so
  // the delete can be undone; readers never see it, and the deleted_sections policy removes it.
  deleted_at: ['bigint', 'null', 'none'],
}, { retention: { category: 'deleted_sections', ageColumn: 'deleted_at', action: 'delete' }, authored: false, erasure: 'delete', access: { links: ['created_by', 'updated_by'], visibleWith: 'readableSections', rule: 'sections of your person page, and sections you wrote or edited that you can still read' } });

export const sectionRevisionsTable = declareTable('section_revisions', 'sections', { column: 'author_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  section_id: ['string', 'not null', 'none'],
  number: ['integer', 'not null', 'none'],
  title: ['string', 'null', content('revision history of a section')],
  body: ['text', 'not null', content('revision history of a section')],
  visibility: ['string', 'not null', 'none'],
  author_id: ['string', 'null', content('who wrote the revision')],
  created_at: ['bigint', 'not null', 'none'],
});

export const sectionGrantsTable = declareTable('section_grants', 'sections', { column: 'user_id' }, {
  id: ['string', 'not null', 'none'],
  workspace_id: ['string', 'not null', 'none'],
  section_id: ['string', 'not null', 'none'],
  user_id: ['string', 'null', personal('profile', 'deleted_accounts', 'who may read a restricted section')],
  node_id: ['string', 'null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
});

export const sectionHiddenTable = declareTable('section_hidden', 'sections', { column: 'user_id' }, {
  section_id: ['string', 'not null', 'none'],
  user_id: ['string', 'not null', personal('usage', 'deleted_accounts', 'sections a reader hid from their own view')],
  workspace_id: ['string', 'not null', 'none'],
  created_at: ['bigint', 'not null', 'none'],
});
