// /api/v1/admin/mail/outbox in the OpenAPI document: the admin's view of the email outbox.
import { z } from 'zod';
import { json, registerPath } from '../../web/openapi.js';
import { outboxStatuses } from './outbox.repository.js';

const email = z
  .object({
    id: z.string(),
    to: z.string(),
    category: z.string(),
    template: z.string(),
    language: z.string(),
    subject: z.string().nullable(),
    status: z.enum(outboxStatuses as [string, ...string[]]),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    messageId: z.string().nullable(),
    createdAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxEmail' });

registerPath({
  method: 'get',
  path: '/api/v1/admin/mail/outbox',
  tags: ['mail'],
  summary: "The workspace's outbox, newest first, by recipient, category and status (admins only)",
  request: { query: z.object({ recipient: z.string().optional(), category: z.string().optional(), status: z.enum(outboxStatuses as [string, ...string[]]).optional(), limit: z.string().optional() }) },
  responses: { 200: json(z.object({ emails: z.array(email) })) },
});
