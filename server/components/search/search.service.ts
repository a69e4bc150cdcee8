// One search over nodes, sections, people and discussions. The typed text is reduced to words
// (letters and digits) before it reaches either engine, so no query syntax can be injected.
import { queryTerms } from '../../db/fulltext.js';
import type { Actor } from '../policy/policy.js';
import type { SearchQuery } from './search.schema.js';
import type { SearchHit, SearchKind, SearchRepository } from './search.repository.js';

export type SearchResults = Record<SearchKind, SearchHit[]>;

const empty = (): SearchResults => ({ nodes: [], sections: [], people: [], discussions: [] });

export class SearchService {
  constructor(private readonly repo: SearchRepository) {}

  async search(actor: Actor, input: SearchQuery): Promise<{ terms: string[]; results: SearchResults }> {
    const terms = queryTerms(input.q);
    const results = empty();
    if (!terms.length) return { terms, results };
    const limit = input.limit ?? (input.kind ? 50 : 10);
    const kinds: SearchKind[] = input.kind ? [input.kind] : ['people', 'nodes', 'sections', 'discussions'];
    for (const kind of kinds) results[kind] = await this.repo[kind](actor, terms, limit);
    return { terms, results };
  }
}
