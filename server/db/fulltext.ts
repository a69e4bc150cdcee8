// Full-text search behind the dialect layer.
//
// SQLite: one FTS5 table per indexed source (`search_fts_<name>`), keyed through
// `search_fts_keys` (an integer rowid per source row, because our ids are uuids), kept in sync by
// triggers on the source table. PostgreSQL: a GIN index on the source table's own tsvector
// expression, so no column is added anywhere. Either way a search joins back to the source row and
// applies the caller's visibility filters in the same query: the index itself is never shown.
//
// Matches are marked with \u0001 ... \u0002 in snippets; `markedToHtml` escapes everything and turns
// only those markers into <mark>, so indexed text can never inject markup.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';
import { escapeHtml } from '../web/html.js';

export interface FullTextSource {
  /** Short name: search_fts_<name> on SQLite, <table>_fts_<name> index on PostgreSQL. */
  name: string;
  table: string;
  /** Columns of the source row: those making the title, and those making the body. */
  title: string[];
  body: string[];
}

const START = '\u0001';
const STOP = '\u0002';

/** `coalesce(a, '') || ' ' || coalesce(b, '')` over the given columns (qualified by `prefix`). */
function concat(columns: string[], prefix = ''): string {
  if (!columns.length) return "''";
  return columns.map((c) => `coalesce(${prefix}${c}, '')`).join(" || ' ' || ");
}

/** The PostgreSQL document: the index expression and the query expression must be the same. */
function pgDocument(source: FullTextSource, prefix = ''): string {
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
  await enableFtsSecureDelete(knex, fts);
  await knex.raw(`CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${source.table} BEGIN ${insertNew} END`);
  await knex.raw(`CREATE TRIGGER ${fts}_au AFTER UPDATE OF ${[...source.title, ...source.body].join(', ')} ON ${source.table} BEGIN DELETE FROM ${fts} WHERE rowid = ${keyOf('old')}; ${insertNew} END`);
  await knex.raw(`CREATE TRIGGER ${fts}_ad AFTER DELETE ON ${source.table} BEGIN DELETE FROM ${fts} WHERE rowid = ${keyOf('old')}; DELETE FROM search_fts_keys WHERE kind = ${kind} AND ref_id = old.id; END`);
  await knex.raw(`INSERT OR IGNORE INTO search_fts_keys (kind, ref_id) SELECT ${kind}, id FROM ${source.table}`);
  await knex.raw(
    `INSERT INTO ${fts} (rowid, title, body) SELECT k.rowid, ${concat(source.title, 's.')}, ${concat(source.body, 's.')} FROM ${source.table} s JOIN search_fts_keys k ON k.kind = ${kind} AND k.ref_id = s.id`,
  );
}

/**
 * FTS5's `secure-delete` option (kept in the table's config): a deleted or updated row's terms are
 * removed from the index segments at once instead of being left there, marked deleted, until a later
 * merge. Without it an erased person's name stays in `<table>_data` indefinitely.
 */
export async function enableFtsSecureDelete(knex: Knex, fts: string): Promise<void> {
  await knex.raw(`INSERT INTO "${fts}" ("${fts}", rank) VALUES ('secure-delete', 1)`);
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

/**
 * The words of a typed query: letters and digits only (so nothing reaches the engine's query
 * syntax), at most 8 words of at most 40 characters, lower-cased.
 */
export function queryTerms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 0).slice(0, 8).map((w) => w.slice(0, 40));
}

export type MatchOrder = 'rank' | 'recent';

export interface FullTextMatch {
  /** Adds the join and match condition to a query over `source.table as alias`. */
  apply(qb: Knex.QueryBuilder): void;
  /**
   * Orders the matches: `rank` by relevance (cost grows with the number of matches), `recent`
   * newest first where the engine can stop at the limit (SQLite: FTS rowid order; PostgreSQL: the
   * scan's own order), for queries that match too much to rank quickly.
   */
  orderBy(qb: Knex.QueryBuilder, order: MatchOrder): void;
  /** Title and body with \u0001…\u0002 around the matches. */
  markedTitle: Knex.Raw;
  markedSnippet: Knex.Raw;
}

const pgQuery = (terms: string[]) => terms.map((t) => `${t}:*`).join(' & ');
const ftsQuery = (terms: string[]) => terms.map((t) => `"${t}"*`).join(' AND ');

/**
 * A prefix match of every term ("mar eng" finds "Marketing engineers"). The caller selects from
 * `source.table as alias`, adds its own filters, orders with `orderBy` and limits.
 */
export function fullTextMatch(knex: Knex, source: FullTextSource, alias: string, terms: string[]): FullTextMatch {
  if (dialectOfKnex(knex) === 'postgres') {
    const tsquery = pgQuery(terms);
    const doc = pgDocument(source, `${alias}.`);
    const query = `to_tsquery('simple'::regconfig, ?)`;
    const snippetOptions = `StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, ShortWord=1, MaxFragments=2, FragmentDelimiter=" … "`;
    return {
      apply(qb) {
        qb.whereRaw(`${doc} @@ ${query}`, [tsquery]);
      },
      orderBy(qb, order) {
        if (order === 'rank') qb.orderByRaw(`ts_rank(${doc}, ${query}) DESC, ${alias}.id`, [tsquery]);
      },
      markedTitle: knex.raw(`ts_headline('simple'::regconfig, ${concat(source.title, `${alias}.`)}, ${query}, ?)`, [tsquery, `HighlightAll=true, StartSel=${START}, StopSel=${STOP}`]),
      markedSnippet: knex.raw(`ts_headline('simple'::regconfig, ${concat(source.body, `${alias}.`)}, ${query}, ?)`, [tsquery, snippetOptions]),
    };
  }
  const fts = `search_fts_${source.name}`;
  const match = ftsQuery(terms);
  return {
    apply(qb) {
      qb.join('search_fts_keys as fk', function () {
        this.on('fk.ref_id', '=', `${alias}.id`).andOnVal('fk.kind', '=', source.name);
      })
        .join(fts, `${fts}.rowid`, 'fk.rowid')
        .whereRaw(`${fts} MATCH ?`, [match]);
    },
    orderBy(qb, order) {
      qb.orderByRaw(order === 'rank' ? `bm25(${fts}, 4.0, 1.0), ${fts}.rowid DESC` : `${fts}.rowid DESC`);
    },
    markedTitle: knex.raw(`highlight(${fts}, 0, ?, ?)`, [START, STOP]),
    markedSnippet: knex.raw(`snippet(${fts}, 1, ?, ?, ' … ', 16)`, [START, STOP]),
  };
}

export interface FullTextSearchOptions {
  /** The caller's conditions (workspace, visibility...) over `alias`: applied before any ranking. */
  filter(qb: Knex.QueryBuilder): void;
  /**
   * At most this many visible matches are ranked by relevance. SQLite (FTS5, bm25 from the index)
   * counts the matches, stopping at the cap, and past it orders newest first. PostgreSQL ranks from
   * the document text, about 50 µs a row, and its estimate for prefix matches is often 10x off: it
   * ranks the first `cap` visible matches the scan finds, so a common word costs the same as a rare one.
   */
  rankCap: number;
}

/**
 * A search over `source.table as alias`: the match and the caller's filter, ordered by relevance
 * within the bounds above, with `marked_title` and `marked_snippet` selected. The caller adds its
 * joins, columns and limit; `alias` names the source row in the outer query on both dialects.
 */
export async function fullTextSearch(knex: Knex, source: FullTextSource, alias: string, terms: string[], options: FullTextSearchOptions): Promise<{ query: Knex.QueryBuilder }> {
  const match = fullTextMatch(knex, source, alias, terms);
  const select = { marked_title: match.markedTitle, marked_snippet: match.markedSnippet };
  if (dialectOfKnex(knex) === 'postgres') {
    const candidates = knex(`${source.table} as ${alias}`).select(`${alias}.*`).modify(match.apply).modify(options.filter).limit(options.rankCap);
    return { query: knex.from(candidates.as(alias)).select(select).modify((q) => match.orderBy(q, 'rank')) };
  }
  const counted = (await knex.raw(`SELECT count(*) AS n FROM (SELECT rowid FROM search_fts_${source.name} WHERE search_fts_${source.name} MATCH ? LIMIT ${Number(options.rankCap)})`, [ftsQuery(terms)])) as Array<{ n: number }>;
  const order: MatchOrder = Number(counted[0]!.n) >= options.rankCap ? 'recent' : 'rank';
  // Wrapped: an async function returning the builder itself would run it (builders are thenables).
  return { query: knex(`${source.table} as ${alias}`).modify(match.apply).modify(options.filter).select(select).modify((q) => match.orderBy(q, order)) };
}

/** Escapes marked text and turns only the match markers into <mark>…</mark>. */
export function markedToHtml(marked: string | null | undefined): string {
  if (!marked) return '';
  let out = '';
  let open = false;
  for (const part of marked.split(/([\u0001\u0002])/)) {
    if (part === START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === STOP) {
      if (open) out += '</mark>';
      open = false;
    } else {
      out += escapeHtml(part);
    }
  }
  return open ? `${out}</mark>` : out;
}
