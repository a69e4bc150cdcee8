// Full-text indexes as migrations create and drop them: one FTS5 table per source kept by triggers
// on SQLite, a GIN expression index on PostgreSQL (see server/db/fulltext.ts for the search side).
//
// A STABLE HELPER FOR MIGRATIONS: released migrations call these functions, so the SQL they emit for
// a given source must never change (test/integration/migrations-search.test.ts pins it byte for byte
// on both dialects). A different index is a new function, or a new migration with its own SQL.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';

export interface FullTextSource {
  /** Short name: search_fts_<name> on SQLite, <table>_fts_<name> index on PostgreSQL. */
  name: string;
  table: string;
  /** Columns of the source row: those making the title, and those making the body. */
  title: string[];
  body: string[];
}

/** `coalesce(a, '') || ' ' || coalesce(b, '')` over the given columns (qualified by `prefix`). */
export function concat(columns: string[], prefix = ''): string {
  if (!columns.length) return "''";
  return columns.map((c) => `coalesce(${prefix}${c}, '')`).join(" || ' ' || ");
}

/** The PostgreSQL document: the index expression and the query expression must be the same. */
export function pgDocument(source: FullTextSource, prefix = ''): string {
  return `to_tsvector('simple'::regconfig, ${concat([...source.title, ...source.body], prefix)})`;
}

/** Creates the index (and on SQLite the triggers that maintain it), and indexes the existing rows. */
export async function createFullTextIndex(knex: Knex, source: FullTextSource): Promise<void> {
  if (dialectOfKnex(knex) === 'postgres') {
    await knex.raw(`CREATE INDEX ${source.table}_fts_${source.name} ON ${source.table} USING gin (${pgDocument(source)})`);
    return;
  }
  await knex.raw(`CREATE TABLE IF NOT EXISTS search_fts_keys (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref_id TEXT NOT NULL, UNIQUE (kind, ref_id))`);
  const fts = `search_fts_${source.name}`;
  const kind = `'${source.name}'`;
  const keyOf = (row: string) => `(SELECT rowid FROM search_fts_keys WHERE kind = ${kind} AND ref_id = ${row}.id)`;
  const insertNew = `INSERT OR IGNORE INTO search_fts_keys (kind, ref_id) VALUES (${kind}, new.id);
      INSERT INTO ${fts} (rowid, title, body) VALUES (${keyOf('new')}, ${concat(source.title, 'new.')}, ${concat(source.body, 'new.')});`;
  await knex.raw(`CREATE VIRTUAL TABLE ${fts} USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`);
  await knex.raw(`CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${source.table} BEGIN ${insertNew} END`);
  await knex.raw(`CREATE TRIGGER ${fts}_au AFTER UPDATE OF ${[...source.title, ...source.body].join(', ')} ON ${source.table} BEGIN DELETE FROM ${fts} WHERE rowid = ${keyOf('old')}; ${insertNew} END`);
  await knex.raw(`CREATE TRIGGER ${fts}_ad AFTER DELETE ON ${source.table} BEGIN DELETE FROM ${fts} WHERE rowid = ${keyOf('old')}; DELETE FROM search_fts_keys WHERE kind = ${kind} AND ref_id = old.id; END`);
  await knex.raw(`INSERT OR IGNORE INTO search_fts_keys (kind, ref_id) SELECT ${kind}, id FROM ${source.table}`);
  await knex.raw(
    `INSERT INTO ${fts} (rowid, title, body) SELECT k.rowid, ${concat(source.title, 's.')}, ${concat(source.body, 's.')} FROM ${source.table} s JOIN search_fts_keys k ON k.kind = ${kind} AND k.ref_id = s.id`,
  );
}

export async function dropFullTextIndex(knex: Knex, source: FullTextSource): Promise<void> {
  if (dialectOfKnex(knex) === 'postgres') {
    await knex.raw(`DROP INDEX IF EXISTS ${source.table}_fts_${source.name}`);
    return;
  }
  const fts = `search_fts_${source.name}`;
  for (const suffix of ['ai', 'au', 'ad']) await knex.raw(`DROP TRIGGER IF EXISTS ${fts}_${suffix}`);
  await knex.raw(`DROP TABLE IF EXISTS ${fts}`);
  if (await knex.schema.hasTable('search_fts_keys')) await knex.raw(`DELETE FROM search_fts_keys WHERE kind = ?`, [source.name]);
}

