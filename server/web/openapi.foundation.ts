// The foundation's endpoints (profile, users, sessions, CSRF) in the OpenAPI document.
import { z } from 'zod';
import { profileInput } from '../components/accounts/accounts.schema.js';
import { idParam, json, jsonBody, registerPath } from './openapi.js';

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: z.enum(['member', 'admin']),
    status: z.enum(['active', 'disabled']),
    company: z.string().nullable(),
    title: z.string().nullable(),
    phone: z.string().nullable(),
    bio: z.string().nullable(),
    timeZone: z.string().nullable(),
    language: z.string().nullable(),
    createdAt: z.string().describe('ISO 8601'),
    lastSignInAt: z.string().nullable().optional().describe('ISO 8601; present only for the person themself and for admins'),
  })
  .meta({ id: 'User' });

const sessionSchema = z
  .object({
    id: z.string(),
    current: z.boolean(),
    persistent: z.boolean(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
  })
  .meta({ id: 'Session' });

registerPath({ method: 'get', path: '/api/v1/me', tags: ['profile'], summary: 'The signed-in user', responses: { 200: json(userSchema) } });
registerPath({
  method: 'patch',
  path: '/api/v1/me',
  tags: ['profile'],
  summary: 'Update one\'s own profile',
  request: { body: jsonBody(profileInput.strict()) },
  responses: { 200: json(userSchema) },
});
registerPath({
  method: 'get',
  path: '/api/v1/users/{id}',
  tags: ['profile'],
  summary: 'A colleague\'s profile (same workspace only)',
  request: { params: idParam },
  responses: { 200: json(userSchema) },
});
registerPath({
  method: 'get',
  path: '/api/v1/sessions',
  tags: ['sessions'],
  summary: 'The signed-in user\'s active sessions',
  responses: { 200: json(z.object({ sessions: z.array(sessionSchema) })) },
});
registerPath({
  method: 'delete',
  path: '/api/v1/sessions/{id}',
  tags: ['sessions'],
  summary: 'End one of one\'s own sessions',
  request: { params: idParam },
  responses: { 204: { description: 'Ended' } },
});
registerPath({
  method: 'get',
  path: '/api/v1/csrf-token',
  tags: ['sessions'],
  summary: 'The CSRF token of the browser session (send it as X-CSRF-Token on writes)',
  auth: 'session',
  responses: { 200: json(z.object({ csrfToken: z.string() })) },
});
