// Serves the OpenAPI 3.1 document, generated once from every registration.
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { openapi, registerPath, json } from './openapi.js';
import './openapi.foundation.js';
import { z } from 'zod';

let cached: unknown;

export function openapiDocument(): unknown {
  cached ??= new OpenApiGeneratorV31(openapi.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Opsenic Server API',
      version: '1',
      description: 'The JSON API of Opsenic Server. Scripts authenticate with a personal access token: `Authorization: Bearer <token>` (no CSRF token needed); browser sessions send X-CSRF-Token on writes.',
    },
    servers: [{ url: '/' }],
  });
  return cached;
}

registerPath({
  method: 'get',
  path: '/api/v1/openapi.json',
  tags: ['meta'],
  summary: 'This OpenAPI 3.1 document',
  auth: 'none',
  responses: { 200: json(z.object({ openapi: z.string() }).passthrough(), 'The OpenAPI document') },
});

export function openapiRouter(): Router {
  const router = Router();
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapiDocument());
  });
  return router;
}
