// /api/v1/search in the OpenAPI document.
import { z } from 'zod';
import { json, registerPath } from '../../web/openapi.js';
import { searchQuery } from './search.schema.js';

const hit = z
  .object({
    kind: z.enum(['nodes', 'sections', 'people', 'discussions']),
    id: z.string(),
    title: z.string().describe("What people read: a section without a title of its own is named by its kind in the request's language (\"Purpose\", \"Raison d'être\")"),
    titleHtml: z.string().describe('The title, HTML-escaped, with matches in <mark>'),
    snippetHtml: z.string().describe('A passage around the matches, HTML-escaped, with matches in <mark>'),
    url: z.string(),
    context: z.record(z.string(), z.string().nullable().optional()),
    contextText: z.string().nullable().describe("What the hit belongs to, in the request's language: a person's title, a node's dimension (\"Teams\"), where a section sits (\"in Checkout Atlas\"), who wrote a comment"),
  })
  .meta({ id: 'SearchHit' });

registerPath({
  method: 'get',
  path: '/api/v1/search',
  tags: ['search'],
  summary: 'Search nodes, sections, people and discussions the caller may read (prefix match of every word)',
  request: { query: searchQuery },
  responses: { 200: json(z.object({ query: z.string(), terms: z.array(z.string()), results: z.object({ nodes: z.array(hit), sections: z.array(hit), people: z.array(hit), discussions: z.array(hit) }) })) },
});
