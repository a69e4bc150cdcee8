import { z } from 'zod';
import { idParam, json, jsonBody, registerPath } from '../../web/openapi.js';
import { moveInput, reorderInput } from '../org/org.schema.js';
import { createSectionInput, grantInput, restoreInput, updateSectionInput } from './sections.schema.js';

const section = z
  .object({
    id: z.string(),
    nodeId: z.string().nullable(),
    personId: z.string().nullable(),
    kind: z.string(),
    title: z.string().nullable(),
    displayTitle: z.string(),
    body: z.string().describe('Markdown'),
    html: z.string().optional().describe('The body rendered and sanitised'),
    hidden: z.boolean().optional().describe('Hidden by the caller from their own view'),
    visibility: z.enum(['public', 'restricted']),
    position: z.number(),
    revision: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Section' });
const diffPart = z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() });
const grant = z.object({ id: z.string(), userId: z.string().nullable(), nodeId: z.string().nullable(), label: z.string(), createdAt: z.string().describe('ISO 8601') }).meta({ id: 'Grant' });
const revisionNumbers = z.object({ from: z.string().describe('Revision number'), to: z.string().describe('Revision number') });

registerPath({ method: 'get', path: '/api/v1/nodes/{id}/sections', tags: ['sections'], summary: 'The node\'s sections the caller may read, in order', request: { params: idParam }, responses: { 200: json(z.object({ sections: z.array(section) })) } });
registerPath({ method: 'post', path: '/api/v1/nodes/{id}/sections', tags: ['sections'], summary: 'Add a section (node leads, named editors, admins)', request: { params: idParam, body: jsonBody(createSectionInput) }, responses: { 201: json(section, 'Created') } });
registerPath({ method: 'put', path: '/api/v1/nodes/{id}/sections/order', tags: ['sections'], summary: 'Reorder all of the node\'s sections', request: { params: idParam, body: jsonBody(reorderInput) }, responses: { 200: json(z.object({ sections: z.array(section) })) } });
registerPath({ method: 'get', path: '/api/v1/sections/{id}', tags: ['sections'], summary: 'A section (404 when restricted from the caller)', request: { params: idParam }, responses: { 200: json(section) } });
registerPath({ method: 'patch', path: '/api/v1/sections/{id}', tags: ['sections'], summary: 'Edit a section (writes a revision); changing visibility needs a lead or admin; a stale baseRevision gets 409', request: { params: idParam, body: jsonBody(updateSectionInput) }, responses: { 200: json(section), 409: json(z.object({}), 'Edited by someone else meanwhile') } });
registerPath({ method: 'delete', path: '/api/v1/sections/{id}', tags: ['sections'], summary: 'Delete a section', request: { params: idParam }, responses: { 204: { description: 'Deleted' } } });
registerPath({ method: 'post', path: '/api/v1/sections/{id}/move', tags: ['sections'], summary: 'Move a section up or down', request: { params: idParam, body: jsonBody(moveInput) }, responses: { 200: json(section) } });
registerPath({ method: 'get', path: '/api/v1/sections/{id}/revisions', tags: ['sections'], summary: 'Revision history (who and when)', request: { params: idParam }, responses: { 200: json(z.object({ revisions: z.array(z.object({ number: z.number(), title: z.string().nullable(), body: z.string(), visibility: z.string(), author: z.object({ id: z.string(), name: z.string().nullable() }).nullable(), createdAt: z.string() })) })) } });
registerPath({ method: 'get', path: '/api/v1/sections/{id}/diff', tags: ['sections'], summary: 'Diff between two revisions', request: { params: idParam, query: revisionNumbers }, responses: { 200: json(z.object({ from: z.number(), to: z.number(), title: z.array(diffPart), body: z.array(diffPart) })) } });
registerPath({ method: 'post', path: '/api/v1/sections/{id}/restore', tags: ['sections'], summary: 'Restore an old revision as a new one', request: { params: idParam, body: jsonBody(restoreInput) }, responses: { 200: json(section) } });
registerPath({ method: 'get', path: '/api/v1/sections/{id}/grants', tags: ['sections'], summary: 'Who else may read a restricted section (leads, admins)', request: { params: idParam }, responses: { 200: json(z.object({ grants: z.array(grant) })) } });
registerPath({ method: 'post', path: '/api/v1/sections/{id}/grants', tags: ['sections'], summary: 'Grant a person or a node\'s members read access', request: { params: idParam, body: jsonBody(grantInput) }, responses: { 201: json(z.object({ grants: z.array(grant) }), 'Granted') } });
registerPath({ method: 'delete', path: '/api/v1/sections/{id}/grants/{grantId}', tags: ['sections'], summary: 'Remove a grant', request: { params: z.object({ id: z.string(), grantId: z.string() }) }, responses: { 204: { description: 'Removed' } } });
registerPath({ method: 'put', path: '/api/v1/sections/{id}/hidden', tags: ['sections'], summary: 'Hide the section from one\'s own view', request: { params: idParam }, responses: { 204: { description: 'Hidden' } } });
registerPath({ method: 'delete', path: '/api/v1/sections/{id}/hidden', tags: ['sections'], summary: 'Show the section again', request: { params: idParam }, responses: { 204: { description: 'Shown' } } });
