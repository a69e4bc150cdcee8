// Full-text search behind the dialect layer.
//
// SQLite: one FTS5 table per indexed source (`search_fts_<name>`), keyed through
// `search_fts_keys` (an integer rowid per source row, because our ids are uuids), kept in sync by
// triggers on the source table. PostgreSQL: a GIN index on the source table's own tsvector
// expression, so no column is added anywhere. Either way a search joins back to the source row and
// applies the caller's visibility filters in the same query: the index itself is never shown.
//
// Matches are marked with \u0001 ... \u0002 in snippets; the search component's `markedToHtml`
// escapes everything and turns only those markers into <mark>, so indexed text can never inject markup.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';
import { concat, pgDocument, type FullTextSource } from './fulltext-index.js';

export type { FullTextSource } from './fulltext-index.js';

/** The marks around a match in `markedTitle` and `markedSnippet` (turned into <mark> by the search component). */
export const START = '\u0001';
export const STOP = '\u0002';

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
