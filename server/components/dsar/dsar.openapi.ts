// /api/v1/privacy/requests in the OpenAPI document (privacy contacts and admins).
import { z } from 'zod';
import { idParam, json, jsonBody, registerPath } from '../../web/openapi.js';
import { channels, requestStatuses, requestTypes } from './dsar.repository.js';

const request = z
  .object({
    id: z.string(),
    type: z.enum(requestTypes),
    status: z.enum(requestStatuses),
    statusReason: z.string().nullable(),
    subject: z.object({ userId: z.string().nullable(), email: z.string().nullable(), name: z.string().nullable(), erasureLedgerId: z.string().nullable() }),
    channel: z.enum(channels),
    filedBy: z.string(),
    receivedAt: z.string(),
    receivedOn: z.string(),
    dueOn: z.string(),
    originalDueOn: z.string(),
    businessDaysLeft: z.number().int(),
    overdue: z.boolean(),
    assignee: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'DataSubjectRequest' });
const tags = ['privacy'];

registerPath({ method: 'get', path: '/api/v1/privacy/requests', tags, summary: 'The queue of data subject requests, open ones first by due date (privacy role or admin)', responses: { 200: json(z.object({ requests: z.array(request) })) } });
registerPath({ method: 'post', path: '/api/v1/privacy/requests', tags, summary: 'Open a request; the due date is the received day plus the configured business days', request: { body: jsonBody(z.object({ type: z.enum(requestTypes), user: z.string().optional(), email: z.string().optional(), channel: z.enum(channels).optional(), details: z.string().optional(), received: z.string().optional() })) }, responses: { 201: json(request) } });
registerPath({ method: 'get', path: '/api/v1/privacy/requests/{id}', tags, summary: 'One request with its notes and attached results', request: { params: idParam }, responses: { 200: json(request) } });
registerPath({ method: 'post', path: '/api/v1/privacy/requests/{id}/close', tags, summary: 'Complete or reject (with a reason) an open request', request: { params: idParam, body: jsonBody(z.object({ outcome: z.enum(['completed', 'rejected']), reason: z.string().optional() })) }, responses: { 200: json(request) } });
registerPath({ method: 'post', path: '/api/v1/privacy/requests/{id}/erase', tags, summary: 'Erase the subject of an erasure request, verify and attach the report (409 with the holds when a legal hold protects the data; override: admins only)', request: { params: idParam, body: jsonBody(z.object({ override: z.boolean().optional() })) }, responses: { 200: json(z.object({ request, report: z.object({ residue: z.number().int() }).loose() }).loose()) } });

const mention = z
  .object({ id: z.string(), requestId: z.string(), table: z.string(), column: z.string(), row: z.string(), kinds: z.array(z.string()), status: z.enum(['open', 'redacted', 'kept']), reason: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable().describe('ISO 8601'), excerpt: z.string().nullable(), excerptMatch: z.tuple([z.number(), z.number()]).nullable().describe('[offset, length] of the first match in the excerpt'), place: z.string().nullable().describe('what the column holds, as the data map declares it') })
  .meta({ id: 'ErasureMention' });
const mentionParams = z.object({ id: z.string(), mentionId: z.string() });
registerPath({ method: 'get', path: '/api/v1/privacy/requests/{id}/mentions', tags, summary: 'Mentions of an erased person in content others wrote, to review (with an excerpt read from the live row)', request: { params: idParam }, responses: { 200: json(z.object({ mentions: z.array(mention) })) } });
registerPath({ method: 'post', path: '/api/v1/privacy/requests/{id}/mentions/{mentionId}', tags, summary: 'Redact or keep (with a reason) one mention, audited; the request completes when none is open and the check found no residue (admins only)', request: { params: mentionParams, body: jsonBody(z.object({ decision: z.enum(['redact', 'keep']), reason: z.string().optional() })) }, responses: { 200: json(z.object({ mention, request }).loose()) } });
