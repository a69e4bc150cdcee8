// /api/v1/notifications in the OpenAPI document.
import { z } from 'zod';
import { json, registerPath } from '../../web/openapi.js';

const notification = z
  .object({
    id: z.string(),
    kind: z.enum(['mention', 'reply', 'feedback', 'dsar_due', 'dsar_update', 'oneonone_item', 'oneonone_action']),
    actor: z.object({ id: z.string(), firstName: z.string(), lastName: z.string() }).nullable(),
    commentId: z.string().nullable(),
    feedbackId: z.string().nullable(),
    target: z.object({ type: z.enum(['node', 'section']), id: z.string(), title: z.string().describe("The node's name or the section's title; an untitled section is named by its kind in the request's language") }).nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });
const tags = ['notifications'];

registerPath({ method: 'get', path: '/api/v1/notifications', tags, summary: "The caller's notifications (only about what they may still read) and the unread count", responses: { 200: json(z.object({ unread: z.number().int(), notifications: z.array(notification) })) } });
registerPath({ method: 'post', path: '/api/v1/notifications/read', tags, summary: 'Mark every notification read', responses: { 200: json(z.object({ marked: z.number().int() })) } });
registerPath({ method: 'post', path: '/api/v1/notifications/{id}/read', tags, summary: 'Mark one notification read', request: { params: z.object({ id: z.string() }) }, responses: { 200: json(notification) } });
