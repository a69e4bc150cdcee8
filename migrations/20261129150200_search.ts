// Full-text search over nodes, sections, people and comments: FTS5 tables kept by triggers on
// SQLite, GIN expression indexes on PostgreSQL (server/db/fulltext-index.ts). No column is added.
//
// The sources are written out here, as they were when this migration was released, not imported
// from the search component: a migration that already ran must keep its meaning when the component
// later indexes something else (that is a new migration). Feedback and 1:1 notes are never indexed.
import type { Knex } from 'knex';
import { createFullTextIndex, dropFullTextIndex, type FullTextSource } from '../server/db/fulltext-index.js';

const sources: FullTextSource[] = [
  { name: 'nodes', table: 'org_nodes', title: ['name'], body: ['description'] },
  { name: 'sections', table: 'sections', title: ['title'], body: ['body'] },
  { name: 'people', table: 'users', title: ['first_name', 'last_name'], body: ['title', 'bio'] },
  { name: 'comments', table: 'comments', title: [], body: ['body'] },
];

export async function up(knex: Knex): Promise<void> {
  for (const source of sources) await createFullTextIndex(knex, source);
}

export async function down(knex: Knex): Promise<void> {
  for (const source of [...sources].reverse()) await dropFullTextIndex(knex, source);
}
