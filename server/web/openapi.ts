// The OpenAPI 3.1 document of /api/v1, served at GET /api/v1/openapi.json. Every component registers
// its own paths in a <name>.openapi.ts module (imported by its routes file, so a router that exists
// is documented), with the same zod schemas its routes parse input with.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

export const openapi = new OpenAPIRegistry();

openapi.registerComponent('securitySchemes', 'bearerToken', {
  type: 'http',
  scheme: 'bearer',
  description: 'A personal access token (Profile → API tokens, or `opsenic tokens create`). Read-scoped tokens may only read. No CSRF token is needed.',
});
openapi.registerComponent('securitySchemes', 'sessionCookie', {
  type: 'apiKey',
  in: 'cookie',
  name: 'opsenic.sid',
  description: 'The browser session; requests that change something also need the X-CSRF-Token header (GET /api/v1/csrf-token).',
});

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().describe('Each invalid field and why.'),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });

/** The error answers every authenticated endpoint can give. */
export const standardErrors = {
  400: errorResponse('Invalid input: `fields` names each field and the reason.'),
  401: errorResponse('Not signed in, or the token is unknown, expired or revoked.'),
  403: errorResponse('Not allowed (or a read-scoped token tried to write, or the CSRF token is missing).'),
  404: errorResponse('Unknown id, or an id of another workspace.'),
};

export const idParam = z.object({ id: z.string().max(36).describe('A uuid') });

export const json = (schema: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });

/**
 * Registers one endpoint, with the authenticated default (session or bearer token) and the
 * standard error responses; `auth: 'none'` for public ones, `'session'` for those a token cannot call.
 */
export function registerPath(route: Omit<RouteConfig, 'responses'> & { responses: RouteConfig['responses']; auth?: 'any' | 'session' | 'none' }): void {
  const { auth = 'any', ...rest } = route;
  const security: Array<Record<string, string[]>> = auth === 'none' ? [] : auth === 'session' ? [{ sessionCookie: [] }] : [{ bearerToken: [] }, { sessionCookie: [] }];
  const errors = auth === 'none' ? {} : standardErrors;
  openapi.registerPath({ security, ...rest, responses: { ...errors, ...rest.responses } });
}
