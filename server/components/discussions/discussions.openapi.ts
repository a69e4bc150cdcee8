// /api/v1/discussions and /api/v1/comments in the OpenAPI document.
import { z } from 'zod';
import { json, jsonBody, registerPath } from '../../web/openapi.js';
import { commentInput } from './discussions.schema.js';

const personRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });
const comment = z
  .object({
    id: z.string(),
    target: z.object({ type: z.enum(['node', 'section']), id: z.string() }),
    author: personRef.nullable().describe('null once the author’s account is gone'),
    body: z.string().describe('Plain text; `@email` mentions a colleague'),
    mentions: z.array(personRef),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
  })
  .meta({ id: 'Comment' });
const targetParams = z.object({ type: z.enum(['node', 'section']), id: z.string() });
const commentParams = z.object({ commentId: z.string() });
const tags = ['discussions'];

registerPath({ method: 'get', path: '/api/v1/discussions/{type}/{id}', tags, summary: 'The comment thread of a node or a section (readers of the target only)', request: { params: targetParams }, responses: { 200: json(z.object({ target: z.object({ type: z.string(), id: z.string(), title: z.string().describe("The node's name or the section's title; an untitled section is named by its kind in the request's language") }), comments: z.array(comment) })) } });
registerPath({ method: 'post', path: '/api/v1/discussions/{type}/{id}', tags, summary: 'Comment; mentioned people and earlier participants who may read the target are notified', request: { params: targetParams, body: jsonBody(commentInput.strict()) }, responses: { 201: json(comment) } });
registerPath({ method: 'patch', path: '/api/v1/comments/{commentId}', tags, summary: 'Edit one’s own comment', request: { params: commentParams, body: jsonBody(commentInput.strict()) }, responses: { 200: json(comment) } });
registerPath({ method: 'delete', path: '/api/v1/comments/{commentId}', tags, summary: 'Delete one’s own comment', request: { params: commentParams }, responses: { 204: { description: 'Deleted' } } });
