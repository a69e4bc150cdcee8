import { z } from 'zod';
import { idParam, json, jsonBody, registerPath } from '../../web/openapi.js';
import { createTokenInput } from './tokens.schema.js';

const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(['read', 'write']),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'Token' });

registerPath({ method: 'get', path: '/api/v1/tokens', tags: ['tokens'], summary: 'One\'s own personal access tokens (browser session only)', auth: 'session', responses: { 200: json(z.object({ tokens: z.array(tokenSchema) })) } });
registerPath({
  method: 'post',
  path: '/api/v1/tokens',
  tags: ['tokens'],
  summary: 'Create a personal access token; the response is the only time the token is shown',
  auth: 'session',
  request: { body: jsonBody(createTokenInput) },
  responses: { 201: json(z.object({ token: z.string(), record: tokenSchema }), 'Created') },
});
registerPath({ method: 'delete', path: '/api/v1/tokens/{id}', tags: ['tokens'], summary: 'Revoke one of one\'s own tokens', auth: 'session', request: { params: idParam }, responses: { 200: json(tokenSchema) } });
