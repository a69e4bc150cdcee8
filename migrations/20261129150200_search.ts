// Full-text search over nodes, sections, people and comments: FTS5 tables kept by triggers on
// SQLite, GIN expression indexes on PostgreSQL (server/db/fulltext.ts). No column is added.
import type { Knex } from 'knex';
import { createFullTextIndex, dropFullTextIndex } from '../server/db/fulltext.js';
import { searchSources } from '../server/components/search/search.sources.js';

export async function up(knex: Knex): Promise<void> {
  for (const source of searchSources) await createFullTextIndex(knex, source);
}

export async function down(knex: Knex): Promise<void> {
  for (const source of [...searchSources].reverse()) await dropFullTextIndex(knex, source);
}
