// /api/v1/admin/audit in the OpenAPI document: the audit log, filtered and paged (admins only).
import { z } from 'zod';
import { json, registerPath } from '../../web/openapi.js';

registerPath({
  method: 'get',
  path: '/api/v1/admin/audit',
  tags: ['audit'],
  summary: "Audit entries of the admin's workspace and of no workspace, newest first, by action, actor and UTC dates (admins only)",
  request: {
    query: z.object({
      action: z.string().max(100).optional().describe('An action name, e.g. users.create'),
      actor: z.string().max(320).optional().describe('An actor id or email'),
      from: z.string().optional().describe('A UTC date or date-time'),
      to: z.string().optional().describe('A UTC date (the whole day) or date-time'),
      page: z.string().optional(),
    }),
  },
  responses: { 200: json(z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), entries: z.array(z.object({}).loose()) })) },
});
