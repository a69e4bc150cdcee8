// /api/v1/admin/users in the OpenAPI document: the admin's paged member list and one POST per action.
import { z } from 'zod';
import { idParam, json, registerPath } from '../../web/openapi.js';
import { userSchema } from '../../web/openapi.foundation.js';
import { USERS_PAGE_SIZE, userActions } from './users.schema.js';

const tags = ['admin'];

registerPath({
  method: 'get',
  path: '/api/v1/admin/users',
  tags,
  summary: `The workspace's people, ${USERS_PAGE_SIZE} a page, with search and filters (admins only)`,
  request: { query: z.object({ q: z.string().max(200).optional(), role: z.enum(['member', 'admin', 'privacy']).optional(), status: z.enum(['active', 'disabled', 'deleted']).optional(), page: z.string().optional() }) },
  responses: { 200: json(z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), users: z.array(userSchema) })) },
});
for (const action of userActions) {
  registerPath({
    method: 'post',
    path: `/api/v1/admin/users/{id}/${action}`,
    tags,
    summary: `${action} a person of the workspace, audited as the CLI's \`opsenic users\` (admins only; 409 for oneself or the last admin)`,
    request: { params: idParam },
    responses: { 200: json(userSchema) },
  });
}
