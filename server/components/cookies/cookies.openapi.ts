// /api/v1/privacy/cookies in the OpenAPI document: the cookie policy as data, public (no account).
import { z } from 'zod';
import { json, registerPath } from '../../web/openapi.js';

const cookie = z
  .object({
    name: z.string(),
    purpose: z.string().describe('Catalogue key of the purpose (cookies.purpose.*)'),
    category: z.enum(['strictly-necessary', 'preferences', 'analytics']),
    duration: z.enum(['session', 'persistent']),
    lifetimeMs: z.number().int().optional(),
    owner: z.string(),
    active: z.boolean().describe('Whether the current configuration can set it at all'),
  })
  .meta({ id: 'Cookie' });

registerPath({
  method: 'get',
  path: '/api/v1/privacy/cookies',
  tags: ['privacy'],
  auth: 'none',
  summary: 'Every cookie the product can set (name, purpose, category, lifetime) and this browser\'s consent state (public)',
  responses: {
    200: json(
      z.object({
        cookies: z.array(cookie),
        consent: z.object({ required: z.boolean(), choice: z.enum(['accept', 'reject']).nullable(), gpc: z.boolean(), allowed: z.boolean() }),
      }),
    ),
  },
});
