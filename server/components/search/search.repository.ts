// Search queries, one per kind. Each joins the full-text match to its source rows and applies the
// policy's visibility filters in the same query, so nothing the searcher may not read is returned,
// ranked or counted.
import type { Knex } from 'knex';
import { photoVersionColumn } from '../accounts/photo.repository.js';
import { dialectOfKnex } from '../../db/knex.js';
import { fullTextSearch, type FullTextSource } from '../../db/fulltext.js';
import { filters, type Actor } from '../policy/policy.js';
import { commentSource, nodeSource, personSource, sectionSource } from './search.sources.js';

export type SearchKind = 'nodes' | 'sections' | 'people' | 'discussions';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  /** Plain title (for links and labels); null for an untitled section, named by sectionKind (hitTitle). */
  title: string | null;
  /** The kind of the section a hit is (sections) or is on (discussions on a section). */
  sectionKind?: string | null;
  /** A person hit's names and photo version, for the avatar on the page (not in the API's hit). */
  person?: { id: string; firstName: string; lastName: string; photo: string | null };
  /** Title and snippet with \u0001…\u0002 around matches (escaped into <mark> by the view). */
  markedTitle: string;
  markedSnippet: string;
  /** Context: the entity of a node, the owner of a section, the target of a comment. */
  context: { nodeId?: string | null; personId?: string | null; sectionId?: string | null; label?: string | null; kind?: string | null };
}

type Row = Record<string, any>;

/**
 * How many matches are ranked by relevance (see fullTextSearch): enough for the few results a page
 * shows to be the best of a wide field, few enough that a word like "the" answers in milliseconds.
 */
const RANK_CAP: Record<'sqlite' | 'postgres', number> = { sqlite: 300, postgres: 300 };

export class SearchRepository {
  constructor(private readonly knex: Knex) {}

  private base(source: FullTextSource, alias: string, terms: string[], filter: (qb: Knex.QueryBuilder) => void) {
    return fullTextSearch(this.knex, source, alias, terms, { filter, rankCap: RANK_CAP[dialectOfKnex(this.knex)] });
  }

  async nodes(actor: Actor, terms: string[], limit: number): Promise<SearchHit[]> {
    const rows: Row[] = await (await this.base(nodeSource, 'n', terms, (q) => q.where('n.workspace_id', actor.workspaceId).whereNull('n.archived_at'))).query
      .join('org_entities as e', 'e.id', 'n.entity_id')
      .select('n.id', 'n.name', 'e.id as entity_id', 'e.name as entity_name', 'e.system_key')
      .limit(limit);
    return rows.map((r) => ({ kind: 'nodes', id: r.id, title: r.name, markedTitle: r.marked_title, markedSnippet: r.marked_snippet, context: { label: r.entity_name, kind: r.system_key, entityId: r.entity_id } }));
  }

  async sections(actor: Actor, terms: string[], limit: number): Promise<SearchHit[]> {
    const rows: Row[] = await (await this.base(sectionSource, 's', terms, filters.readableSections(actor, 's'))).query
      .leftJoin('org_nodes as n', 'n.id', 's.node_id')
      .leftJoin('users as p', 'p.id', 's.person_id')
      .select('s.id', 's.title', 's.kind', 's.node_id', 's.person_id', 'n.name as node_name', 'p.first_name', 'p.last_name')
      .limit(limit);
    return rows.map((r) => ({
      kind: 'sections',
      id: r.id,
      title: r.title ?? null,
      sectionKind: r.kind,
      markedTitle: r.marked_title,
      markedSnippet: r.marked_snippet,
      context: { nodeId: r.node_id ?? null, personId: r.person_id ?? null, label: r.node_id ? r.node_name : `${r.first_name} ${r.last_name}`, kind: r.kind },
    }));
  }

  async people(actor: Actor, terms: string[], limit: number): Promise<SearchHit[]> {
    const rows: Row[] = await (await this.base(personSource, 'u', terms, (q) => q.where({ 'u.workspace_id': actor.workspaceId, 'u.status': 'active' }))).query
      .select('u.id', 'u.first_name', 'u.last_name', 'u.title', photoVersionColumn(this.knex, 'u.id'))
      .limit(limit);
    return rows.map((r) => ({
      kind: 'people',
      id: r.id,
      title: `${r.first_name} ${r.last_name}`,
      markedTitle: r.marked_title,
      markedSnippet: r.marked_snippet,
      context: { label: r.title ?? null },
      person: { id: r.id, firstName: r.first_name, lastName: r.last_name, photo: r.photo_etag ?? null },
    }));
  }

  async discussions(actor: Actor, terms: string[], limit: number): Promise<SearchHit[]> {
    const rows: Row[] = await (await this.base(commentSource, 'c', terms, filters.readableComments(actor, 'c'))).query
      .leftJoin('users as a', 'a.id', 'c.author_id')
      .leftJoin('sections as s', 's.id', 'c.section_id')
      .leftJoin('org_nodes as n', 'n.id', 'c.node_id')
      .select('c.id', 'c.node_id', 'c.section_id', 'a.first_name', 'a.last_name', 's.title as section_title', 's.kind as section_kind', 'n.name as node_name')
      .limit(limit);
    return rows.map((r) => ({
      kind: 'discussions',
      id: r.id,
      title: r.node_id ? r.node_name : (r.section_title ?? null),
      sectionKind: r.node_id ? null : r.section_kind,
      markedTitle: '',
      markedSnippet: r.marked_snippet,
      context: { nodeId: r.node_id ?? null, sectionId: r.section_id ?? null, label: r.first_name ? `${r.first_name} ${r.last_name}` : null },
    }));
  }
}
