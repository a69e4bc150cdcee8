// The capture endpoints in the OpenAPI document (server/web/openapi.ts).
import { z } from 'zod';
import { json, jsonBody, registerPath, errorBody } from '../../web/openapi.js';
import { clientCrashInput, deviceSettingsInput } from './capture.schema.js';

const error = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });

registerPath({
  method: 'post',
  path: '/api/v1/telemetry/crash',
  tags: ['telemetry'],
  summary: 'Report a browser JavaScript error',
  description:
    'Used by the first-party script /static/telemetry.js. Signed in or not; browser sessions send X-CSRF-Token (GET /api/v1/csrf-token). Size-limited (`capture.crashes.maxBytes`, default 16 KiB) and rate-limited per client IP (`capture.crashes.rateLimit`). Malformed or oversized reports are refused and nothing is stored.',
  auth: 'none',
  request: { body: jsonBody(clientCrashInput) },
  responses: {
    202: json(z.object({ accepted: z.literal(true) }), 'Recorded (written shortly after, off the request path)'),
    400: error('Malformed JSON or a field that does not fit the schema (`fields` names it).'),
    403: error('Missing CSRF token (browser session).'),
    404: error('Browser crash reports are switched off in this deployment (`capture.crashes.client`).'),
    413: error('The report is larger than `capture.crashes.maxBytes`.'),
    429: error('Too many reports from this address; see Retry-After.'),
  },
});

registerPath({
  method: 'post',
  path: '/api/v1/telemetry/device',
  tags: ['telemetry'],
  summary: 'Report device settings (screen size, time zone, language)',
  description: 'Only where `capture.devices.settings` is on, after consent to analytics, and never with Global Privacy Control.',
  auth: 'none',
  request: { body: jsonBody(deviceSettingsInput) },
  responses: {
    204: { description: 'Recorded' },
    400: error('A field that does not fit the schema.'),
    403: error('No consent (or Global Privacy Control), or no device cookie.'),
    404: error('Device settings are switched off in this deployment.'),
    413: error('Too large.'),
  },
});

const logRow = z
  .object({
    id: z.string(),
    occurredAt: z.string().describe('ISO 8601'),
    method: z.string(),
    route: z.string().describe('Route template, never the raw URL'),
    status: z.number(),
    durationMs: z.number(),
    ip: z.string().nullable(),
    referrer: z.string().nullable(),
    userAgent: z.string().nullable(),
    acceptLanguage: z.string().nullable(),
    dnt: z.boolean().nullable(),
    gpc: z.boolean().nullable(),
    userId: z.string().nullable(),
    userEmail: z.string().nullable(),
    sessionHash: z.string().nullable(),
    deviceId: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'RequestLog' });

const filters = {
  user: z.string().optional().describe('Email of the account'),
  since: z.string().optional().describe('YYYY-MM-DD, ISO 8601, or an age such as 24h or 7d'),
  until: z.string().optional(),
  page: z.string().optional(),
  limit: z.string().optional().describe('1 to 10000 (default 100)'),
};

registerPath({
  method: 'get',
  path: '/api/v1/admin/logs',
  tags: ['capture'],
  summary: 'Request log data (admins)',
  request: { query: z.object({ ...filters, route: z.string().optional(), status: z.string().optional() }) },
  responses: { 200: json(z.object({ logs: z.array(logRow) })) },
});
registerPath({
  method: 'get',
  path: '/api/v1/admin/devices',
  tags: ['capture'],
  summary: 'Devices (admins)',
  request: { query: z.object({ user: filters.user, since: filters.since, page: filters.page, limit: filters.limit }) },
  responses: { 200: json(z.object({ devices: z.array(z.record(z.string(), z.unknown())) })) },
});
registerPath({
  method: 'get',
  path: '/api/v1/admin/crashes',
  tags: ['capture'],
  summary: 'Crash reports (admins)',
  request: { query: z.object({ source: z.enum(['client', 'server']).optional(), since: filters.since, until: filters.until, page: filters.page, limit: filters.limit }) },
  responses: { 200: json(z.object({ crashes: z.array(z.record(z.string(), z.unknown())) })) },
});
