// /api/v1/feedback and /api/v1/people/{id}/feedback in the OpenAPI document.
import { z } from 'zod';
import { json, jsonBody, registerPath } from '../../web/openapi.js';
import { feedbackInput, feedbackListQuery } from './feedback.schema.js';

const personRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), photo: z.string().nullable().describe('Version of the person’s profile photo (GET /people/{id}/photo?v=…), null when they have none') });
const feedback = z
  .object({
    id: z.string(),
    giver: personRef.nullable(),
    recipient: personRef,
    body: z.string(),
    visibility: z.enum(['recipient', 'leads', 'public']).describe('recipient: the recipient only; leads: also the leads of the nodes the recipient is a member of; public: everyone in the workspace'),
    values: z.array(z.string()).describe("Values of the workspace (the items of its public Values sections)"),
    createdAt: z.string(),
  })
  .meta({ id: 'Feedback' });
const tags = ['feedback'];
const id = z.object({ id: z.string() });

registerPath({ method: 'get', path: '/api/v1/feedback', tags, summary: 'Feedback the caller received (all of it) or gave', request: { query: feedbackListQuery }, responses: { 200: json(z.object({ feedback: z.array(feedback) })) } });
registerPath({ method: 'get', path: '/api/v1/feedback/values', tags, summary: "The workspace's Values, to tag feedback with", responses: { 200: json(z.object({ values: z.array(z.string()) })) } });
registerPath({ method: 'get', path: '/api/v1/people/{id}/feedback', tags, summary: 'Feedback about a person that the caller may read', request: { params: id }, responses: { 200: json(z.object({ feedback: z.array(feedback) })) } });
registerPath({ method: 'post', path: '/api/v1/people/{id}/feedback', tags, summary: 'Give feedback to a person; they are notified', request: { params: id, body: jsonBody(feedbackInput.strict()) }, responses: { 201: json(feedback) } });
