// GET /search (the page) and GET /api/v1/search.
import { Router } from 'express';
import type { SearchService } from './search.service.js';
import { parseInput } from '../../platform/validation.js';
import { requireUser } from '../../web/guards.js';
import { actorOf } from '../policy/actor.js';
import { searchQuery } from './search.schema.js';
import type { SearchHit } from './search.repository.js';
import { hitContext, hitTitle, hitTitleHtml, hitUrl, searchPage, snippetHtml } from './search.views.js';
import type { Translate } from '../../platform/i18n.js';
import './search.openapi.js';

const hitJson = (t: Translate, hit: SearchHit) => ({
  kind: hit.kind,
  id: hit.id,
  title: hitTitle(t, hit),
  titleHtml: hitTitleHtml(t, hit),
  snippetHtml: snippetHtml(hit.markedSnippet),
  url: hitUrl(hit),
  context: hit.context,
  contextText: hitContext(t, hit),
});

/** What search uses of the container. */
export interface SearchRouteDeps {
  services: { search: SearchService };
}

export function searchRouter(c: SearchRouteDeps): Router {
  const router = Router();
  const service = c.services.search;

  router.get('/search', requireUser, async (req, res) => {
    const input = parseInput(searchQuery, req.query);
    const { terms, results } = await service.search(actorOf(req), input);
    res.type('html').send(searchPage(req, input.q, terms, results));
  });

  router.get('/api/v1/search', requireUser, async (req, res) => {
    const input = parseInput(searchQuery, req.query);
    const { terms, results } = await service.search(actorOf(req), input);
    res.json({
      query: input.q,
      terms,
      results: Object.fromEntries(Object.entries(results).map(([kind, hits]) => [kind, hits.map((hit) => hitJson(req.t, hit))])),
    });
  });

  return router;
}
