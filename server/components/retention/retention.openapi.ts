// The retention and legal hold API for scripts (admins only) in the OpenAPI document.
import { z } from 'zod';
import { json, registerPath } from '../../web/openapi.js';

const tags = ['retention'];

registerPath({
  method: 'get',
  path: '/api/v1/admin/retention/plan',
  tags,
  summary: 'What a retention run would delete or anonymise now, per category, without changing anything (admins only)',
  request: { query: z.object({ category: z.string().optional().describe('One retention category, e.g. log') }) },
  responses: { 200: json(z.object({}).loose()) },
});
registerPath({ method: 'get', path: '/api/v1/admin/retention/policies', tags, summary: 'The retention policies in force and the rule for content written by deleted accounts (admins only)', responses: { 200: json(z.object({ policies: z.array(z.object({}).loose()), authoredContent: z.unknown() })) } });
registerPath({ method: 'get', path: '/api/v1/admin/retention/runs', tags, summary: 'The last 100 retention runs with their reports (admins only)', responses: { 200: json(z.unknown()) } });
registerPath({ method: 'get', path: '/api/v1/admin/holds', tags: ['holds'], summary: 'Legal holds, active and released (admins only)', responses: { 200: json(z.unknown()) } });
